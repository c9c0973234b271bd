/**
 * The ledger as pages read it on request: read from its folder at most once every `maxAgeMs` (concurrent requests
 * share one read), so a busy statistics page costs one read of the folder per period however many people look,
 * and shows a change in the ledger within that period without a rebuild. A read that finds a damaged entry, or
 * fails, never replaces a good one: the last good ledger is kept and served, marked stale, and the problem logged.
 */
import type { LedgerEntry } from '../../core/ledger/ledger-entry-schema.ts';
import type { Logger } from '../log/logger.ts';
import { readLedgerDir } from './ledger-files.ts';

export interface LedgerSnapshot {
  entries: LedgerEntry[];
  /** When the folder was read (ms since the epoch). */
  readAt: number;
  /** The last read failed: these are the entries of the read before it. */
  stale: boolean;
}

export class LedgerUnreadableError extends Error {
  override name = 'LedgerUnreadableError';
}

export interface LedgerSnapshotsOptions {
  dir: string;
  /** How long a read serves before the folder is read again; 0 reads on every request. */
  maxAgeMs: number;
  log: Logger;
  now?: () => number;
}

export class LedgerSnapshots {
  readonly dir: string;
  readonly maxAgeMs: number;
  readonly #log: Logger;
  readonly #now: () => number;
  #good: LedgerSnapshot | undefined;
  /** When the folder was last read, well or not: a failing folder is not read again on every request. */
  #triedAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<LedgerSnapshot> | undefined;

  constructor(options: LedgerSnapshotsOptions) {
    this.dir = options.dir;
    this.maxAgeMs = options.maxAgeMs;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** The ledger as last read, read again first when that was `maxAgeMs` ago or more. */
  current(): Promise<LedgerSnapshot> {
    const now = this.#now();
    if (now - this.#triedAt < this.maxAgeMs) {
      if (this.#good) return Promise.resolve(this.#good);
    }
    this.#reading ??= this.#read(now).finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  async #read(now: number): Promise<LedgerSnapshot> {
    this.#triedAt = now;
    let problem: string;
    try {
      const read = await readLedgerDir(this.dir);
      if (read.problems.length === 0) {
        this.#good = { entries: read.files.map((file) => file.entry), readAt: now, stale: false };
        return this.#good;
      }
      problem = `${read.problems.length} damaged ${read.problems.length === 1 ? 'entry' : 'entries'} (${read.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}); run npx redress audit --verify`;
    } catch (error) {
      problem = (error as Error).message;
    }
    if (this.#good) {
      this.#log.warn('The case ledger could not be read; the last good reading is still shown', { problem, lastGoodAt: new Date(this.#good.readAt).toISOString() });
      this.#good = { ...this.#good, stale: true };
      return this.#good;
    }
    this.#log.error('The case ledger could not be read', { problem });
    throw new LedgerUnreadableError(`The case ledger could not be read: ${problem}`);
  }
}
