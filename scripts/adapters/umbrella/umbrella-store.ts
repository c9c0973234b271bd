/**
 * The umbrella view's data directory (`<REDRESS_DATA_DIR>/umbrella` unless told otherwise):
 *
 * - `entries-v1.jsonl`: every ledger file read, by blob sha, as the umbrella reads it. A blob's sha changes exactly
 *   when its content does, so an entry read once is never read again. One line is appended per file read, at once:
 *   a run killed at any moment keeps everything it read (a line cut short by the kill is skipped on loading).
 * - `members/<owner%2Fname>.json`: each member repository's last listing and how far the current run got with it.
 * - `progress.json`: the run under way, so that a restart goes on with it.
 *
 * Every file is checked against its schema when loaded (umbrella-data-schema.ts); what does not fit is read again
 * from GitHub rather than trusted.
 *
 * Files are replaced in one step but not flushed to the disk one by one: this is a cache of what GitHub holds, so a
 * power cut that loses the last records costs reading them again, never a wrong report, while flushing each of a
 * run's hundreds of records would take longer than the reading.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { removeLeftoverTemporaryFiles } from '../local-store/durable-file.ts';
import { CachedReadSchema, MemberStateSchema, RunProgressSchema, type CachedRead, type MemberState, type RunProgress } from './umbrella-data-schema.ts';

const ENTRIES_FILE = 'entries-v1.jsonl';
const MEMBERS_DIR = 'members';
const PROGRESS_FILE = 'progress.json';

export class UmbrellaStore {
  readonly dir: string;
  readonly #reads: Map<string, CachedRead>;

  private constructor(dir: string, reads: Map<string, CachedRead>) {
    this.dir = dir;
    this.#reads = reads;
  }

  /** Opens (creating) the data directory and loads the entries read so far. */
  static async open(dir: string): Promise<UmbrellaStore> {
    await mkdir(path.join(dir, MEMBERS_DIR), { recursive: true, mode: 0o700 });
    await removeLeftoverTemporaryFiles(dir);
    await removeLeftoverTemporaryFiles(path.join(dir, MEMBERS_DIR));
    const reads = new Map<string, CachedRead>();
    for (const line of (await readText(path.join(dir, ENTRIES_FILE)) ?? '').split('\n')) {
      const read = parseJson(line, CachedReadSchema);
      if (read) reads.set(read.sha, read);
    }
    return new UmbrellaStore(dir, reads);
  }

  /** The ledger file with this blob sha, as read before; undefined when it has not been read. */
  read(sha: string): CachedRead | undefined {
    return this.#reads.get(sha);
  }

  /** How many ledger files are held. */
  get size(): number {
    return this.#reads.size;
  }

  /** Keeps a file as read, on disk at once. */
  async remember(read: CachedRead): Promise<void> {
    this.#reads.set(read.sha, read);
    // One write of one line: a kill leaves whole lines, and at worst one cut short.
    await appendFile(path.join(this.dir, ENTRIES_FILE), `${JSON.stringify(read)}\n`, { mode: 0o600 });
  }

  async memberState(repository: string): Promise<MemberState | undefined> {
    return parseJson(await readText(this.#memberFile(repository)), MemberStateSchema);
  }

  async saveMemberState(state: MemberState): Promise<void> {
    await replaceFile(this.#memberFile(state.repository), `${JSON.stringify(state)}\n`);
  }

  async progress(): Promise<RunProgress | undefined> {
    return parseJson(await readText(path.join(this.dir, PROGRESS_FILE)), RunProgressSchema);
  }

  async saveProgress(progress: RunProgress): Promise<void> {
    await replaceFile(path.join(this.dir, PROGRESS_FILE), `${JSON.stringify(progress)}\n`);
  }

  /** Keeps only the files still listed by a member, rewriting the cache in one step. */
  async compact(keep: ReadonlySet<string>): Promise<void> {
    for (const sha of [...this.#reads.keys()]) if (!keep.has(sha)) this.#reads.delete(sha);
    const lines = [...this.#reads.values()].map((read) => `${JSON.stringify(read)}\n`).join('');
    await replaceFile(path.join(this.dir, ENTRIES_FILE), lines);
  }

  #memberFile(repository: string): string {
    return path.join(this.dir, MEMBERS_DIR, `${encodeURIComponent(repository.toLowerCase())}.json`);
  }
}

/** Replaces a file in one step: a reader sees the old text or the new, never half. */
async function replaceFile(file: string, text: string): Promise<void> {
  // Named as removeLeftoverTemporaryFiles knows them, so those of a killed run are cleared.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseJson<T extends z.ZodType>(text: string | undefined, schema: T): z.infer<T> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
