import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

export interface VnuMessage {
  url: string;
  type: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/** The Nu HTML Checker's errors for the given files (one Java process for all of them). */
export async function vnuErrors(files: readonly string[]): Promise<VnuMessage[]> {
  const stderr = await new Promise<string>((resolve, reject) => {
    // vnu exits with 1 when it finds errors: the report is still on stderr.
    execFile('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, err) => {
      if (error && !err.includes('"messages"')) reject(error);
      else resolve(err);
    });
  });
  return (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
}
