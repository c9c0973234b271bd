/**
 * A key only the server knows (to sign form tokens, tracking links and receipts): from the configuration when it
 * gives one, otherwise made on first start and kept in the data directory, so what was signed before a restart is
 * still good after it.
 *
 * The file is created atomically (written and flushed under a temporary name, then linked into place only if no
 * file has the name yet), readable by this account only. Processes sharing the data directory that start at once
 * race to create it; one wins and every one of them reads the winner's key.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createFileDurably, removeLeftoverTemporaryFiles } from '../local-store/durable-file.ts';

/** What a key is for, in the words its messages use. */
export interface SecretFileSpec {
  /** The file's name in the data directory. */
  file: string;
  /** What it holds, after "does not hold": "a form secret". */
  what: string;
  /** The variable that gives it instead. */
  variable: string;
  /** What a new key undoes, for the person deciding to delete the file: "forms shown before then must be sent again". */
  replacing: string;
}

export interface LoadedSecret {
  secret: Buffer;
  source: 'configuration' | 'data directory';
  /** The file was readable by others, and has been made readable by this account only. */
  tightened?: boolean;
}

const KEY_TEXT = /^([0-9a-f]{64})\n?$/;

export async function loadSecretFile(spec: SecretFileSpec, { dataDir, configured }: { dataDir: string; configured?: string }): Promise<LoadedSecret> {
  if (configured !== undefined) return { secret: Buffer.from(configured, 'utf8'), source: 'configuration' };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, spec.file);
  if ((await readText(file)) === undefined) {
    await removeLeftoverTemporaryFiles(dataDir);
    await createFileDurably(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  // Ours, or the one a process starting at the same moment linked first.
  const loaded = await readSecret(spec, file);
  if (!loaded) throw new Error(`${file} was removed as it was made; start again.`);
  return loaded;
}

/**
 * The key as the server has it, for a command that must agree with the server without ever making a key of its
 * own: from the configuration, or the file a server made in the data directory; undefined when there is neither.
 */
export async function loadExistingSecretFile(spec: SecretFileSpec, { dataDir, configured }: { dataDir: string; configured?: string }): Promise<LoadedSecret | undefined> {
  if (configured !== undefined) return { secret: Buffer.from(configured, 'utf8'), source: 'configuration' };
  return readSecret(spec, path.join(dataDir, spec.file));
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

async function readSecret(spec: SecretFileSpec, file: string): Promise<LoadedSecret | undefined> {
  const text = await readText(file);
  if (text === undefined) return undefined;
  const key = KEY_TEXT.exec(text)?.[1];
  if (!key) {
    throw new Error(`${file} does not hold ${spec.what} (64 hex digits). Delete it to have a new one made (${spec.replacing}), or set ${spec.variable}.`);
  }
  let tightened = false;
  if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    tightened = true;
  }
  return { secret: Buffer.from(key, 'hex'), source: 'data directory', ...(tightened ? { tightened } : {}) };
}
