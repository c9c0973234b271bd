/**
 * The real server, as `npm start` runs it (scripts/server/start.ts in front of the built standalone site), in a
 * child process with its own environment: a data directory, a store, crash points. Tests kill it, restart it on
 * the same data directory and look at what survived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../e2e/support/site-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface IntakeServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves when the process has exited, with its signal. */
  exited: Promise<NodeJS.Signals | number | null>;
  stop(): Promise<void>;
}

export async function startIntakeServer(outDir: string, env: Record<string, string>): Promise<IntakeServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'server', 'start.ts'), outDir], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      ASTRO_NODE_LOGGING: 'disabled',
      REDRESS_MIN_FILL_SECONDS: '0',
      REDRESS_RATE_LIMIT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The intake server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Posts a complaint as JSON, as the form's script does; a killed server makes this reject. */
export function postComplaint(url: string, complaint: object): Promise<Response> {
  return fetch(`${url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: url },
    body: JSON.stringify(complaint),
  });
}
