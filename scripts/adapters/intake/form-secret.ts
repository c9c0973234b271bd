/**
 * The key form tokens are signed with (see ../http/form-token.ts): from the configuration (REDRESS_FORM_SECRET)
 * when it gives one, otherwise made on first start and kept in the data directory, so forms shown before a
 * restart are still accepted after it.
 *
 * The file is created atomically (written and flushed under a temporary name, then linked into place only if no
 * file has the name yet), readable by this account only. Processes sharing the data directory that start at once
 * race to create it; one wins and every one of them reads the winner's key.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createFileDurably, removeLeftoverTemporaryFiles } from '../local-store/durable-file.ts';

/** The name of the key's file in the data directory. */
export const FORM_SECRET_FILE = 'form-secret';

const KEY_TEXT = /^([0-9a-f]{64})\n?$/;

export interface FormSecret {
  secret: Buffer;
  source: 'configuration' | 'data directory';
  /** The file was readable by others, and has been made readable by this account only. */
  tightened?: boolean;
}

export async function loadFormSecret({ dataDir, configured }: { dataDir: string; configured?: string }): Promise<FormSecret> {
  if (configured !== undefined) return { secret: Buffer.from(configured, 'utf8'), source: 'configuration' };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, FORM_SECRET_FILE);
  let text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) {
    await removeLeftoverTemporaryFiles(dataDir);
    await createFileDurably(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    // Ours, or the one a process starting at the same moment linked first.
    text = await readFile(file, 'utf8');
  }
  const key = KEY_TEXT.exec(text)?.[1];
  if (!key) {
    throw new Error(`${file} does not hold a form secret (64 hex digits). Delete it to have a new one made (forms shown before then must be sent again), or set REDRESS_FORM_SECRET.`);
  }
  let tightened = false;
  if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    tightened = true;
  }
  return { secret: Buffer.from(key, 'hex'), source: 'data directory', ...(tightened ? { tightened } : {}) };
}
