/**
 * A lock shared by processes on one machine (the server, `npx redress …` commands, the sweep): a file created with
 * O_EXCL that holds the owner's process id. A lock left by a killed process is taken over once that process is gone.
 */
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process-alive.ts';

export interface LockOptions {
  /** Give up after waiting this long (ms) for another process. */
  waitMs?: number;
}

/** How long a lock file may stay empty before it counts as abandoned. */
const EMPTY_LOCK_GRACE_MS = 5_000;

async function takeOverIfAbandoned(file: string): Promise<void> {
  let owner: number;
  let age: number;
  try {
    owner = Number((await readFile(file, 'utf8')).trim() || Number.NaN);
    age = Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return;
  }
  // A lock without a pid is one whose owner has not written it yet, or died before it could: wait a while.
  if (Number.isNaN(owner) ? age < EMPTY_LOCK_GRACE_MS : isProcessAlive(owner)) return;
  // Renaming first means only one of several waiters removes the abandoned lock.
  const moved = `${file}.abandoned.${process.pid}`;
  try {
    await rename(file, moved);
    await unlink(moved);
  } catch {
    // Someone else took it over first.
  }
}

/** Runs `fn` holding the lock file `file`. */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, { waitMs = 15_000 }: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await takeOverIfAbandoned(file);
      if (Date.now() > deadline) throw new Error(`Another process has held ${file} for over ${waitMs} ms.`, { cause: error });
      await sleep(Math.min(50, 1 + attempt) + Math.random() * 3);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}
