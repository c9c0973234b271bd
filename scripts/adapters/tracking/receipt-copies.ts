/**
 * The complainant's copy of what they sent, kept for the receipt page to show and offer as a download for as long
 * as the receipt token lasts (receipt-token.ts), then deleted. One file per complaint in `<data dir>/receipt-copies/`,
 * readable by this account only, named by a random id that only the sender's receipt address carries. Files and not
 * memory, so a restart, or another process on the same data directory, still finds a copy made a minute ago.
 *
 * A copy that is gone (expired, or made by a server with another data directory) is no loss: the case holds the
 * complaint, and a complainant with an email address has the same copy in their receipt email.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CopySection } from '../../core/intake/complaint-copy.ts';
import { writeFileDurably } from '../local-store/durable-file.ts';
import { RECEIPT_TOKEN_MAX_AGE_MS } from './receipt-token.ts';

/** The folder in the data directory. */
export const RECEIPT_COPIES_DIR = 'receipt-copies';

const ID = /^[0-9a-f]{32}$/;

/** A kept copy, as stored. */
const StoredCopySchema = z.strictObject({
  /** The procedure and reference of the complaint it copies. */
  procedure: z.string(),
  reference: z.string(),
  /** When the complaint was received (ISO). */
  receivedAt: z.string(),
  /** When the copy is deleted (ms since 1970). */
  expiresAt: z.number(),
  /** The copy as the text file offered for download. */
  text: z.string(),
  /** The same, in parts, for the page. */
  sections: z.array(z.strictObject({ heading: z.string(), items: z.array(z.strictObject({ label: z.string(), text: z.string(), long: z.boolean() })) })),
});
export type StoredCopy = z.infer<typeof StoredCopySchema> & { sections: CopySection[] };

export class ReceiptCopies {
  readonly dir: string;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  #prunedAt = -Infinity;

  constructor({ dataDir, now = Date.now, maxAgeMs = RECEIPT_TOKEN_MAX_AGE_MS }: { dataDir: string; now?: () => number; maxAgeMs?: number }) {
    this.dir = path.join(dataDir, RECEIPT_COPIES_DIR);
    this.#now = now;
    this.#maxAgeMs = maxAgeMs;
  }

  /** Keeps a copy until the receipt token made with it expires; returns its id. */
  async keep(copy: Omit<StoredCopy, 'expiresAt'>): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.#prune();
    const id = randomBytes(16).toString('hex');
    const stored: StoredCopy = { ...copy, expiresAt: this.#now() + this.#maxAgeMs };
    await writeFileDurably(path.join(this.dir, `${id}.json`), JSON.stringify(stored), { mode: 0o600 });
    return id;
  }

  /** The copy with this id, if it is still kept. */
  async read(id: string): Promise<StoredCopy | undefined> {
    if (!ID.test(id)) return undefined;
    const file = path.join(this.dir, `${id}.json`);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const parsed = StoredCopySchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file} is not a receipt copy:\n${z.prettifyError(parsed.error)}`);
    if (parsed.data.expiresAt <= this.#now()) {
      await rm(file, { force: true });
      return undefined;
    }
    return parsed.data;
  }

  /** Deletes copies past their time (at most once a minute: the folder holds about an hour's complaints). */
  async #prune(): Promise<void> {
    const now = this.#now();
    if (now - this.#prunedAt < 60_000) return;
    this.#prunedAt = now;
    for (const name of await readdir(this.dir)) {
      const file = path.join(this.dir, name);
      if (await this.#expired(file, now)) await rm(file, { force: true });
    }
  }

  async #expired(file: string, now: number): Promise<boolean> {
    try {
      const expiresAt = (JSON.parse(await readFile(file, 'utf8')) as { expiresAt?: unknown }).expiresAt;
      if (typeof expiresAt === 'number') return expiresAt <= now;
    } catch {
      // Not a copy (a temporary file left by a crash mid-write): it goes once it is as old as a copy would be.
    }
    const info = await stat(file).catch(() => undefined);
    return info !== undefined && info.mtimeMs + this.#maxAgeMs <= Date.now();
  }
}
