/**
 * Writes that survive a crash or a power cut at any instant: the data goes to a temporary file, is flushed to the
 * disk (fsync), then takes the real name in one step (rename, or link for "only if absent"), and the directory is
 * flushed so the new name itself is on the disk. A reader sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';

export interface WriteOptions {
  /** File permissions; 0o600 keeps personal data readable by this account only. */
  mode?: number;
}

function tmpName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeSynced(file: string, data: string, mode: number): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    // fdatasync: the data and the size, without timestamps nobody reads back.
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Per directory: the flush running, and the one queued to start after it. */
const directorySyncs = new Map<string, { current?: Promise<void>; next?: Promise<void> }>();

/**
 * Flushes a directory's entries (a rename, link or unlink in it) to the disk. Flushes are shared: one that starts
 * after a caller's change covers every change made before it, so concurrent writers in one folder wait for one
 * flush between them instead of one each (group commit).
 */
export function syncDirectory(dir: string): Promise<void> {
  let state = directorySyncs.get(dir);
  if (!state) directorySyncs.set(dir, (state = {}));
  const syncs = state;
  // Queued to start after the running flush, so after this caller's change: it covers the change.
  if (syncs.next) return syncs.next;
  const start = (): Promise<void> => {
    const flush: Promise<void> = fsyncDirectory(dir).finally(() => {
      if (syncs.current === flush) syncs.current = undefined;
    });
    syncs.current = flush;
    return flush;
  };
  // The running flush may have started before this caller's change: wait for it, then flush again.
  if (!syncs.current) return start();
  const next = syncs.current
    .catch(() => undefined)
    .then(() => {
      syncs.next = undefined;
      return start();
    });
  syncs.next = next;
  return next;
}

/** Replaces `file` with `data` atomically and durably. */
export async function writeFileDurably(file: string, data: string, { mode = 0o600 }: WriteOptions = {}): Promise<void> {
  const tmp = tmpName(file);
  try {
    await writeSynced(tmp, data, mode);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

/**
 * Creates `file` with `data` only if no file has that name, atomically and durably: `true` when this call created
 * it, `false` when it existed already (its content is left alone). Two processes racing get one `true`.
 */
export async function createFileDurably(file: string, data: string, { mode = 0o600 }: WriteOptions = {}): Promise<boolean> {
  const tmp = tmpName(file);
  let created = true;
  try {
    await writeSynced(tmp, data, mode);
    // link(2) fails with EEXIST instead of replacing, unlike rename(2).
    await link(tmp, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      created = false;
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await syncDirectory(path.dirname(file));
  return created;
}

/**
 * Removes `file`; a file already gone is fine. With `durably: false` the removal is not flushed: for a file whose
 * reappearance after a power cut is harmless (an outbox entry delivered again is found delivered).
 */
export async function removeFileDurably(file: string, { durably = true }: { durably?: boolean } = {}): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (durably) await syncDirectory(path.dirname(file));
}

/**
 * Deletes temporary files left by processes killed mid-write (they never held the only copy of anything); those of
 * running processes are theirs to finish.
 */
export async function removeLeftoverTemporaryFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && !isProcessAlive(Number(pid))) await unlink(path.join(dir, name)).catch(() => undefined);
  }
}
