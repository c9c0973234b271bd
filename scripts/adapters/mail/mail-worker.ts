/**
 * Sends what the mail outbox holds: at start-up (messages a killed process left), as soon as a message is
 * enqueued, and again with exponential backoff and jitter after temporary failures. When the server itself is
 * unreachable (refused, dropped or timed-out connections, a refused session) every message waits, so an outage
 * costs one attempt per backoff step rather than one per message; a message the server deferred waits on its own.
 */
import type { Logger } from '../log/logger.ts';
import { deliverMail, MailDeferred, type MailDeliveryDeps } from './deliver-mail.ts';
import { needsWork, type MailEntry } from './mail-outbox.ts';
import { PacedError } from '../github/content-pacer.ts';

export interface MailWorkerOptions extends MailDeliveryDeps {
  log: Logger;
  /** Messages handled at once (at most the SMTP sender's sessions are used). */
  concurrency?: number;
  /** Backoff after the first failure, doubling each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the outbox is looked at for messages other processes left. */
  pollMs?: number;
  random?: () => number;
}

export interface MailFlushReport {
  /** Sent, written to a file, or settled (failed, uncertain): nothing left to do now. */
  done: MailEntry[];
  /** Owned by another running process, which sends them itself. */
  busy: string[];
  /** Still waiting after a temporary failure, with why. */
  deferred: { id: string; error: string }[];
}

export class MailWorker {
  readonly #options: MailWorkerOptions;
  /** Per message: failures in a row, and when it may be tried again. */
  readonly #backoff = new Map<string, { failures: number; nextAt: number }>();
  /** The server as a whole, after it could not be reached: failures in a row, when to try again, when it last failed. */
  #server = { failures: 0, nextAt: 0, failedAt: Number.NEGATIVE_INFINITY };
  readonly #inFlight = new Set<string>();
  /**
   * Messages known to have something left to do: those this process enqueued, and those the last look at the whole
   * outbox found. The outbox is read in full only at start-up and every `pollMs` (for messages other processes
   * left), not on every enqueue: reading a thousand entries per message would make a burst quadratic.
   */
  readonly #known = new Map<string, MailEntry>();
  #lastScan = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: MailWorkerOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.poke();
  }

  /** Sends this message soon: it was just enqueued (or put back in the queue) by this process. */
  notify(entry: MailEntry): void {
    this.#known.set(entry.id, entry);
    this.poke();
  }

  /** Looks at the outbox soon. */
  poke(delayMs = 0): void {
    if (this.#stopped) return;
    if (this.#running) {
      // Looked at again as soon as the pass under way ends: what it listed may not include the new message.
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Tries every message with something left to do once, now, whatever its backoff (one-off commands, tests). */
  async flush(): Promise<MailFlushReport> {
    const report: MailFlushReport = { done: [], busy: [], deferred: [] };
    const waiting = await this.#options.outbox.needingWork({ recording: this.#options.onOutcome !== undefined });
    await this.#each(waiting, async (entry) => {
      try {
        const result = await deliverMail(this.#options, entry.id);
        if (result === 'busy') report.busy.push(entry.id);
        else if (result !== 'gone') report.done.push(result);
      } catch (error) {
        report.deferred.push({ id: entry.id, error: (error as Error).message });
      }
    });
    return report;
  }

  async #tick(): Promise<void> {
    this.#again = false;
    this.#running = this.#deliverDue().finally(() => {
      this.#running = undefined;
    });
    await this.#running;
    if (this.#again) this.poke();
    else this.poke(this.#nextDelay());
  }

  async #deliverDue(): Promise<void> {
    const { outbox, log } = this.#options;
    const recording = this.#options.onOutcome !== undefined;
    if (this.#now() - this.#lastScan >= (this.#options.pollMs ?? 30_000)) {
      try {
        // Messages notified while the outbox is being read are kept: the read may have missed them.
        const before = new Set(this.#known.keys());
        const found = await outbox.needingWork({ recording });
        this.#lastScan = this.#now();
        const ids = new Set(found.map((entry) => entry.id));
        for (const id of before) if (!ids.has(id)) this.#known.delete(id);
        for (const entry of found) this.#known.set(entry.id, entry);
      } catch (error) {
        log.error('Could not read the mail outbox', { error });
      }
    }
    for (const id of [...this.#backoff.keys()]) if (!this.#known.has(id)) this.#backoff.delete(id);
    const waiting = [...this.#known.values()].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    await this.#each(waiting, async (entry) => {
      if (this.#stopped || this.#inFlight.has(entry.id)) return;
      const now = this.#now();
      if ((this.#backoff.get(entry.id)?.nextAt ?? 0) > now) return;
      // Only messages still to send wait for the server; recording an outcome does not need it.
      if (entry.status === 'queued' && this.#options.smtp && this.#server.nextAt > now) return;
      this.#inFlight.add(entry.id);
      const startedAt = now;
      try {
        const result = await deliverMail(this.#options, entry.id);
        this.#backoff.delete(entry.id);
        // Another live process's, or gone: the next full look finds it again if it still needs anything.
        if (typeof result !== 'object' || !needsWork(result, recording)) this.#known.delete(entry.id);
        else this.#known.set(entry.id, result);
        if (typeof result === 'object') this.#settled(result, entry);
      } catch (error) {
        this.#failed(entry, error, startedAt);
      } finally {
        this.#inFlight.delete(entry.id);
      }
    });
  }

  #settled(result: MailEntry, before: MailEntry): void {
    const { log } = this.#options;
    if (before.status === 'queued' && result.status === 'sent') this.#server = { failures: 0, nextAt: 0, failedAt: Number.NEGATIVE_INFINITY };
    if (result.status === before.status) return;
    // References and ids only: never an address or a subject.
    const fields = { mail: result.id, kind: result.kind, ...(result.caseReference ? { reference: result.caseReference } : {}), attempts: result.attempts };
    if (result.status === 'failed') log.warn('A message was refused by the mail server; it is not sent again', { ...fields, reply: result.detail });
    else if (result.status === 'uncertain') log.warn('A message may not have been delivered; it waits for staff (redress mail resend|forget)', fields);
    else log.info(result.status === 'written' ? 'A message was written to a file (no mail server configured)' : 'A message was sent', fields);
  }

  #failed(entry: MailEntry, error: unknown, startedAt: number): void {
    const { log } = this.#options;
    const state = this.#backoff.get(entry.id);
    const failures = (state?.failures ?? 0) + 1;
    if (error instanceof MailDeferred && error.failure.scope === 'server') {
      // Attempts that were already under way when the server last failed meet the same outage: one step, not several.
      if (startedAt < this.#server.failedAt) return;
      const step = this.#server.failures + 1;
      this.#server = { failures: step, nextAt: this.#now() + this.#delay(step), failedAt: this.#now() };
      const message = error.failure.configuration ? 'The mail server refused the session: check REDRESS_SMTP_URL; messages wait' : 'The mail server is unavailable; messages wait';
      const fields = { retryInMs: this.#server.nextAt - this.#now(), error: error.failure.message };
      if (error.failure.configuration) log.error(message, fields);
      else log.warn(message, fields);
      return;
    }
    if (error instanceof PacedError) {
      // Recording on a GitHub case waits its turn within GitHub's limits like every other write: not a failure.
      this.#backoff.set(entry.id, { failures: state?.failures ?? 0, nextAt: Math.max(error.retryAt, this.#now() + 1_000) });
      return;
    }
    const delay = this.#delay(failures);
    this.#backoff.set(entry.id, { failures, nextAt: this.#now() + delay });
    if (error instanceof MailDeferred) log.warn('The mail server deferred a message; trying again later', { mail: entry.id, failures, retryInMs: delay, reply: error.failure.reply });
    else log.error('Could not deliver a message, or record it on its case; trying again later', { mail: entry.id, failures, retryInMs: delay, error });
  }

  async #each(entries: MailEntry[], fn: (entry: MailEntry) => Promise<void>): Promise<void> {
    const queue = [...entries];
    const lanes = Math.max(1, Math.min(this.#options.concurrency ?? 4, queue.length));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) await fn(entry);
      }),
    );
  }

  #delay(failures: number): number {
    const base = this.#options.baseDelayMs ?? 2_000;
    const max = this.#options.maxDelayMs ?? 10 * 60_000;
    const delay = Math.min(max, base * 2 ** (failures - 1));
    // Jitter spreads the retries of many messages (and of several servers sharing one relay) after an outage.
    return Math.round(delay * (0.75 + (this.#options.random ?? Math.random)() * 0.5));
  }

  #nextDelay(): number {
    const poll = this.#options.pollMs ?? 30_000;
    const now = this.#now();
    const next = Math.min(...[this.#server.nextAt, this.#lastScan + poll, ...[...this.#backoff.values()].map((b) => b.nextAt)].filter((at) => at > now));
    return Math.max(10, Math.min(poll, Number.isFinite(next) ? next - now : poll));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
