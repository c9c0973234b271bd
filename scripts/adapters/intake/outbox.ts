/**
 * The durable outbox: every submission is written here, fsynced, before anything else happens to it, and removed
 * once its case exists. A store outage or a killed process therefore never loses a complaint that was answered
 * with a reference; the retry worker delivers what is left.
 *
 * The entries hold personal data: they live in the data directory (never in a git repository), readable by this
 * account only (0600), and are deleted as soon as they are delivered.
 *
 * Each entry belongs to the process that wrote it: only that process delivers it, so no two processes ever create
 * the same case at once, and the common path needs no lock. A process shows it is alive by a heartbeat file it
 * touches while its outbox is open; an entry whose process has died (no heartbeat for a minute, or its pid gone
 * on this machine) is taken over, under a lock file, by the next process that looks (the restarted server's
 * worker, or `redress outbox flush`). Heartbeats rather than pids alone, because pids are reused, and processes
 * in containers sharing the data directory cannot see each other's.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readdir, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MailRequestSchema } from '../../core/mail/mail-request.ts';
import { createFileDurably, removeFileDurably, removeLeftoverTemporaryFiles, syncDirectory, writeFileDurably } from '../local-store/durable-file.ts';
import { withFileLock } from '../local-store/file-lock.ts';
import { KeyedQueue } from '../local-store/keyed-queue.ts';
import { isProcessAlive } from '../local-store/process-alive.ts';

const LabelSpecSchema = z.strictObject({ name: z.string(), color: z.string(), description: z.string() });

export const OutboxEntrySchema = z.strictObject({
  format: z.literal('redress-outbox/1'),
  /** The form's submission id: the key of the entry, so a resubmission finds it. */
  submissionId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  reference: z.string(),
  procedure: z.string(),
  /** When the complaint was received (ISO): a resubmission is answered with this, not its own time. */
  receivedAt: z.string(),
  /** The case to create, as planned at receipt (rendered then, so delivery later creates what was answered). */
  newCase: z.strictObject({
    reference: z.string(),
    title: z.string(),
    body: z.string(),
    labels: z.array(z.string()),
    assignees: z.array(z.string()),
    notCreatedBefore: z.string().optional(),
  }),
  labelDefinitions: z.array(LabelSpecSchema),
  /** Comments continuing a complaint too long for the body, each starting with its marker. */
  continuation: z.array(z.string()),
  /** Messages to send once the case exists (the complainant's receipt email), handed to the mail outbox then. */
  mail: z.array(MailRequestSchema).optional(),
  /** The digest of the answers (submission-digest.ts); absent in entries written before digests were kept. */
  contentSha: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** The same answers as an addendum (plan-addendum.ts): posted instead when the case exists with other answers. */
  addendum: z.array(z.string()).optional(),
  /** The submission id of the entry this one waits for: the same form, sent first with other answers. */
  follows: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  /** The process delivering it (host/pid/token): the one that wrote it, or the one that took it over. */
  owner: z.string(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** A process whose heartbeat is older than this is taken for dead. */
const HEARTBEAT_TIMEOUT_MS = 60_000;
const HEARTBEAT_EVERY_MS = 15_000;

export class Outbox {
  readonly dir: string;
  /** This process, as entries name their owner. */
  readonly owner: string;
  readonly #token = randomBytes(8).toString('hex');
  readonly #queue = new KeyedQueue();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'outbox');
    this.owner = `${os.hostname()}/${process.pid}/${this.#token}`;
  }

  async open(): Promise<this> {
    await mkdir(path.join(this.dir, 'owners'), { recursive: true, mode: 0o700 });
    await mkdir(path.join(this.dir, 'attempted'), { recursive: true, mode: 0o700 });
    await removeLeftoverTemporaryFiles(this.dir);
    const beat = path.join(this.dir, 'owners', this.#token);
    await writeFile(beat, this.owner);
    this.#heartbeat = setInterval(() => {
      const now = new Date();
      void utimes(beat, now, now).catch(() => writeFile(beat, this.owner).catch(() => undefined));
    }, HEARTBEAT_EVERY_MS);
    this.#heartbeat.unref?.();
    return this;
  }

  /** Stops the heartbeat: entries this process still owns can be taken over at once. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    await unlink(path.join(this.dir, 'owners', this.#token)).catch(() => undefined);
  }

  /** Whether the process that owns an entry is still running (and so still delivering it). */
  async ownerAlive(owner: string): Promise<boolean> {
    if (owner === this.owner) return true;
    const [host, pid, token] = owner.split('/');
    if (!token) return false;
    if (host === os.hostname() && !isProcessAlive(Number(pid))) return false;
    const beat = await stat(path.join(this.dir, 'owners', token)).catch(() => undefined);
    return beat !== undefined && Date.now() - beat.mtimeMs < HEARTBEAT_TIMEOUT_MS;
  }

  /**
   * Records a submission durably, owned by this process. When one with this submission id is already waiting, that
   * one is kept and returned (`added: false`): the first answer given stays the answer.
   */
  async add(entry: Omit<OutboxEntry, 'owner'>): Promise<{ entry: OutboxEntry; added: boolean }> {
    const checked = OutboxEntrySchema.parse({ ...entry, owner: this.owner });
    if (await createFileDurably(this.#file(checked.submissionId), JSON.stringify(checked), { mode: 0o600 })) return { entry: checked, added: true };
    const existing = await this.get(checked.submissionId);
    // Delivered and removed between our attempt and this read: record ours after all.
    return existing ? { entry: existing, added: false } : this.add(entry);
  }

  async get(submissionId: string): Promise<OutboxEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(submissionId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return OutboxEntrySchema.parse(JSON.parse(text));
  }

  async has(submissionId: string): Promise<boolean> {
    return access(this.#file(submissionId)).then(() => true, () => false);
  }

  /**
   * Records, durably, that delivery of this submission is about to be attempted, and says whether one was before:
   * until the first attempt, no case for it can exist, so the store need not look for one. The records are empty
   * files named by submission id (no personal data), kept for the store's look-up window.
   */
  async markAttempt(submissionId: string): Promise<{ first: boolean }> {
    const marker = path.join(this.dir, 'attempted', this.#name(submissionId));
    try {
      await (await open(marker, 'wx', 0o600)).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { first: false };
      throw error;
    }
    // An empty file is durable once its name is: one shared directory flush.
    await syncDirectory(path.dirname(marker));
    return { first: true };
  }

  /** Forgets attempt records older than `maxAgeMs` (past the store's look-up window they decide nothing). */
  async pruneAttempts(maxAgeMs: number, now: number = Date.now()): Promise<void> {
    const dir = path.join(this.dir, 'attempted');
    for (const name of await readdir(dir)) {
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > maxAgeMs) await unlink(path.join(dir, name)).catch(() => undefined);
    }
  }

  /** The submission ids waiting, oldest file name first. */
  async pending(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => name.slice(0, -'.json'.length)).sort();
  }

  async remove(submissionId: string): Promise<void> {
    // Not flushed: an entry that reappears after a power cut is delivered again, and found already delivered.
    await removeFileDurably(this.#file(submissionId), { durably: false });
  }

  /**
   * Runs `fn` with the entry, as its only deliverer: in this process one delivery of a submission at a time; an
   * entry of another live process is left to it (`busy`); one of a dead process is taken over first. `gone` when
   * it was delivered meanwhile. `known` saves reading back an entry this process has just written.
   */
  async claim<T>(submissionId: string, fn: (entry: OutboxEntry) => Promise<T>, known?: OutboxEntry): Promise<{ status: 'done'; result: T } | { status: 'gone' | 'busy' }> {
    return this.#queue.run(submissionId, async () => {
      let entry = known && known.owner === this.owner ? ((await this.has(submissionId)) ? known : undefined) : await this.get(submissionId);
      if (!entry) return { status: 'gone' as const };
      if (entry.owner !== this.owner) {
        if (await this.ownerAlive(entry.owner)) return { status: 'busy' as const };
        entry = await this.#takeOver(submissionId);
        if (!entry) return { status: 'gone' as const };
        if (entry.owner !== this.owner) return { status: 'busy' as const };
      }
      return { status: 'done' as const, result: await fn(entry) };
    });
  }

  /** Makes an entry whose owner died this process's, unless another process got there first. */
  #takeOver(submissionId: string): Promise<OutboxEntry | undefined> {
    return withFileLock(path.join(this.dir, `${submissionId}.lock`), async () => {
      const entry = await this.get(submissionId);
      if (!entry || (entry.owner !== this.owner && (await this.ownerAlive(entry.owner)))) return entry;
      const mine = { ...entry, owner: this.owner };
      await writeFileDurably(this.#file(submissionId), JSON.stringify(mine), { mode: 0o600 });
      return mine;
    });
  }

  #file(submissionId: string): string {
    return path.join(this.dir, `${this.#name(submissionId)}.json`);
  }

  #name(submissionId: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(submissionId)) throw new Error('A submission id is letters, digits and hyphens.');
    return submissionId;
  }
}
