/**
 * The durable outbox: every submission is written here, fsynced, before anything else happens to it, and removed
 * once its case exists. A store outage or a killed process therefore never loses a complaint that was answered
 * with a reference; the retry worker delivers what is left.
 *
 * The entries hold personal data: they live in the data directory (never in a git repository), readable by this
 * account only (0600), and are deleted as soon as they are delivered.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createFileDurably, removeFileDurably, removeLeftoverTemporaryFiles } from '../local-store/durable-file.ts';
import { withFileLock } from '../local-store/file-lock.ts';
import { KeyedQueue } from '../local-store/keyed-queue.ts';

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
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

export class Outbox {
  readonly dir: string;
  readonly #queue = new KeyedQueue();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'outbox');
  }

  async open(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeLeftoverTemporaryFiles(this.dir);
    return this;
  }

  /**
   * Records a submission durably. When one with this submission id is already waiting, that one is kept and
   * returned (`added: false`): the first answer given stays the answer.
   */
  async add(entry: OutboxEntry): Promise<{ entry: OutboxEntry; added: boolean }> {
    const checked = OutboxEntrySchema.parse(entry);
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

  /** The submission ids waiting, oldest file name first. */
  async pending(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => name.slice(0, -'.json'.length)).sort();
  }

  async remove(submissionId: string): Promise<void> {
    await removeFileDurably(this.#file(submissionId));
  }

  /**
   * Runs `fn` as the only deliverer of this submission, in this process and across processes, so the request
   * that received it, the retry worker and `redress outbox flush` never deliver it at the same time.
   */
  claim<T>(submissionId: string, fn: () => Promise<T>): Promise<T> {
    return this.#queue.run(submissionId, () => withFileLock(path.join(this.dir, `${submissionId}.lock`), fn, { waitMs: 120_000 }));
  }

  #file(submissionId: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(submissionId)) throw new Error('A submission id is letters, digits and hyphens.');
    return path.join(this.dir, `${submissionId}.json`);
  }
}
