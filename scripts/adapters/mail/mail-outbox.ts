/**
 * The durable mail outbox: every message is written here, fsynced, before anything tries to send it, and stays as
 * the record of what was sent (or written to a file, or refused) and when. Its key makes it once-only: the same key
 * enqueued twice is one message. Its Message-ID comes from the key, so every attempt carries the same one.
 *
 * The entries hold personal data (addresses, the words of letters): they live in the data directory, never in a
 * git repository, readable by this account only (0600).
 *
 * Like the intake outbox, each entry belongs to the process that wrote it (or took it over): only that process
 * sends it, so no two processes ever send the same message at once, and the common path needs no lock. An entry
 * whose process has died is taken over, under a lock file, by the next process that looks. Changes made from
 * outside the owner's delivery (staff commands, the record on the case) go through `update`, under the same lock.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MailAddress } from '../../core/config/mail-config.ts';
import { MAIL_STATUSES, MailRequestSchema, SETTLED_STATUSES, type MailFact, type MailRequest, type MailStatus } from '../../core/mail/mail-request.ts';
import { createFileDurably, removeLeftoverTemporaryFiles, writeFileDurably } from '../local-store/durable-file.ts';
import { withFileLock } from '../local-store/file-lock.ts';
import { KeyedQueue } from '../local-store/keyed-queue.ts';
import { ProcessHeartbeat } from '../local-store/process-heartbeat.ts';

const IsoSchema = z.iso.datetime();

export const MailEntrySchema = MailRequestSchema.extend({
  format: z.literal('redress-mail/1'),
  /** The first 16 hex digits of the SHA-256 of the key: the entry's file name and the id staff type. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  from: z.strictObject({ name: z.string().optional(), address: z.string() }),
  /** `<…@domain>`, derived from the key: the same on every attempt, so a recipient can tell a copy from a new letter. */
  messageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/),
  queuedAt: IsoSchema,
  /** The process sending it (host/pid/token): the one that wrote it, the one that took it over, or a staff command. */
  owner: z.string(),
  status: z.enum(MAIL_STATUSES),
  /** When it reached its status. */
  statusAt: IsoSchema,
  /** The server's last reply, or what went wrong. */
  detail: z.string().optional(),
  /** Attempts to hand it to an SMTP server. */
  attempts: z.number().int().min(0),
  /** The first temporary failure since it was last queued: it is given up as failed after a while. */
  firstFailureAt: IsoSchema.optional(),
  /** The .eml file it was written to (in this folder), when no SMTP server is configured. */
  file: z.string().regex(/^[0-9a-f]{16}\.eml$/).optional(),
  /** The status last recorded on its case. */
  recorded: z.enum(MAIL_STATUSES).optional(),
  /** How many times staff sent it again. */
  resends: z.number().int().min(0),
  /** Who last resent or set it aside (the CLI's user). */
  by: z.string().optional(),
});
export type MailEntry = z.infer<typeof MailEntrySchema>;

/**
 * The id of the message with this key.
 *
 * @example
 * mailId('receipt:RDR-7KX4-M9QP-2TK') //=> 16 hex digits, always the same for this key
 */
export function mailId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The Message-ID of the message with this key, in the sender's domain. */
export function messageIdFor(key: string, from: MailAddress): string {
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1) || 'localhost';
  return `<${createHash('sha256').update(`message-id:${key}`).digest('hex').slice(0, 32)}.redress@${domain}>`;
}

export class MailOutbox {
  readonly dir: string;
  readonly #from: MailAddress;
  readonly #heartbeat: ProcessHeartbeat;
  readonly #queue = new KeyedQueue();
  /** Entries known to need nothing more, by the modification time of their file when that was seen. */
  readonly #settled = new Map<string, number>();

  constructor(dataDir: string, { from }: { from: MailAddress }) {
    this.dir = path.join(dataDir, 'mail');
    this.#from = from;
    this.#heartbeat = new ProcessHeartbeat(path.join(this.dir, 'owners'));
  }

  /** This process, as entries name their owner. */
  get owner(): string {
    return this.#heartbeat.owner;
  }

  async open(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeLeftoverTemporaryFiles(this.dir);
    await this.#heartbeat.start();
    return this;
  }

  /** Stops the heartbeat: entries this process still owns can be taken over at once. */
  async close(): Promise<void> {
    await this.#heartbeat.stop();
  }

  ownerAlive(owner: string): Promise<boolean> {
    return this.#heartbeat.isAlive(owner);
  }

  /**
   * Records a message durably, owned by this process, unless one with its key is there already: that one is kept
   * and returned (`added: false`), whatever became of it.
   */
  async enqueue(request: MailRequest, now: number): Promise<{ entry: MailEntry; added: boolean }> {
    const checked = MailRequestSchema.parse(request);
    const at = new Date(now).toISOString();
    const entry = MailEntrySchema.parse({
      ...checked,
      format: 'redress-mail/1',
      id: mailId(checked.key),
      from: this.#from,
      messageId: messageIdFor(checked.key, this.#from),
      queuedAt: at,
      owner: this.owner,
      status: 'queued',
      statusAt: at,
      attempts: 0,
      resends: 0,
    });
    if (await createFileDurably(this.#file(entry.id), JSON.stringify(entry), { mode: 0o600 })) return { entry, added: true };
    const existing = await this.get(entry.id);
    if (!existing) throw new Error(`Mail entry ${entry.id} exists but cannot be read.`);
    if (existing.key !== entry.key) throw new Error(`Mail keys "${existing.key}" and "${entry.key}" share the id ${entry.id}.`);
    return { entry: existing, added: false };
  }

  async get(id: string): Promise<MailEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return MailEntrySchema.parse(JSON.parse(text));
  }

  /** Every entry, oldest first, and the files that could not be read as one (named, never skipped silently). */
  async list(): Promise<{ entries: MailEntry[]; damaged: { file: string; problem: string }[] }> {
    const entries: MailEntry[] = [];
    const damaged: { file: string; problem: string }[] = [];
    for (const id of await this.#ids()) {
      try {
        const entry = await this.get(id);
        if (entry) entries.push(entry);
      } catch (error) {
        damaged.push({ file: path.join(this.dir, `${id}.json`), problem: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
      }
    }
    entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
    return { entries, damaged };
  }

  /**
   * The entries with something left to do: to send, or (with `recording`) an outcome not yet recorded on the case.
   * Entries seen settled are not read again until their file changes.
   */
  async needingWork({ recording }: { recording: boolean }): Promise<MailEntry[]> {
    const waiting: MailEntry[] = [];
    for (const id of await this.#ids()) {
      const info = await stat(this.#file(id)).catch(() => undefined);
      if (!info || this.#settled.get(id) === info.mtimeMs) continue;
      let entry: MailEntry | undefined;
      try {
        entry = await this.get(id);
      } catch {
        // A damaged file is reported by `mail list`; it must not stop every other message.
        continue;
      }
      if (!entry) continue;
      if (needsWork(entry, recording)) waiting.push(entry);
      else this.#settled.set(id, info.mtimeMs);
    }
    return waiting.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** How many messages are in each status: for `mail list` and a health check (uncertain ones want a person). */
  async counts(): Promise<Record<MailStatus, number>> {
    const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
    for (const entry of (await this.list()).entries) counts[entry.status] += 1;
    return counts;
  }

  /**
   * Finds an entry by its id, a unique beginning of it (at least 4 digits), or its key. `ambiguous` when a
   * beginning fits several.
   */
  async resolve(text: string): Promise<MailEntry | 'ambiguous' | undefined> {
    const wanted = text.trim();
    if (/^[0-9a-f]{4,16}$/.test(wanted)) {
      const ids = (await this.#ids()).filter((id) => id.startsWith(wanted));
      if (ids.length > 1) return 'ambiguous';
      if (ids[0]) return this.get(ids[0]);
    }
    return MailKeyLike.test(wanted) ? this.get(mailId(wanted)) : undefined;
  }

  /** The .eml file of an entry written to a file. */
  emlPath(entry: MailEntry): string | undefined {
    return entry.file ? path.join(this.dir, entry.file) : undefined;
  }

  /** Writes the .eml file of an entry durably (0600), and returns its name. */
  async writeEml(entry: MailEntry, message: Buffer): Promise<string> {
    const name = `${entry.id}.eml`;
    // MIME-encoded text is ASCII (UTF-8 at most, in an internationalised address): it reads back byte for byte.
    await writeFileDurably(path.join(this.dir, name), message.toString('utf8'), { mode: 0o600 });
    return name;
  }

  /**
   * Runs `fn` with the entry, as its only sender: in this process one delivery of a message at a time; an entry of
   * another live process is left to it (`busy`); one of a dead process is taken over first.
   */
  async claim<T>(id: string, fn: (entry: MailEntry) => Promise<T>): Promise<{ status: 'done'; result: T } | { status: 'gone' | 'busy' }> {
    return this.#queue.run(id, async () => {
      let entry = await this.get(id);
      if (!entry) return { status: 'gone' as const };
      if (entry.owner !== this.owner) {
        if (await this.ownerAlive(entry.owner)) return { status: 'busy' as const };
        entry = await this.update(id, async (current) => (current.owner === this.owner || (await this.ownerAlive(current.owner)) ? undefined : { ...current, owner: this.owner }));
        if (!entry) return { status: 'gone' as const };
        if (entry.owner !== this.owner) return { status: 'busy' as const };
      }
      return { status: 'done' as const, result: await fn(entry) };
    });
  }

  /** Replaces an entry this process owns and is delivering (inside `claim`), durably. */
  async write(entry: MailEntry): Promise<MailEntry> {
    const checked = MailEntrySchema.parse(entry);
    await writeFileDurably(this.#file(checked.id), JSON.stringify(checked), { mode: 0o600 });
    return checked;
  }

  /**
   * Changes an entry under its lock, from what the file holds now: `fn` returns the new entry, or undefined to leave
   * it. Returns the entry as it then stands.
   */
  async update(id: string, fn: (entry: MailEntry) => MailEntry | undefined | Promise<MailEntry | undefined>): Promise<MailEntry | undefined> {
    return withFileLock(path.join(this.dir, `${this.#name(id)}.lock`), async () => {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = await fn(current);
      return next ? this.write(next) : current;
    });
  }

  async #ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter((name) => /^[0-9a-f]{16}\.json$/.test(name)).map((name) => name.slice(0, 16));
  }

  #file(id: string): string {
    return path.join(this.dir, `${this.#name(id)}.json`);
  }

  #name(id: string): string {
    if (!/^[0-9a-f]{16}$/.test(id)) throw new Error('A mail id is 16 hex digits.');
    return id;
  }
}

const MailKeyLike = /^[a-z][a-z0-9-]*:\S+$/;

/** Whether an entry still has something to do: to be sent, or (when recording) its outcome recorded on its case. */
export function needsWork(entry: MailEntry, recording: boolean): boolean {
  if (entry.status === 'queued' || entry.status === 'sending') return true;
  return recording && entry.caseReference !== undefined && SETTLED_STATUSES.includes(entry.status) && entry.recorded !== entry.status;
}

/**
 * What the ledger may keep of a message: its kind, its case, the channel, what became of it and when; never the
 * address, the subject or the words.
 */
export function mailFactOf(entry: MailEntry): MailFact {
  return { key: entry.key, ...(entry.caseReference ? { caseReference: entry.caseReference } : {}), kind: entry.kind, channel: 'email', status: entry.status, at: entry.statusAt };
}
