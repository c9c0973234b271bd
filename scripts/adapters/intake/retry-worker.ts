/**
 * Delivers what the outbox holds, oldest first: at start-up (submissions a killed process left), then with
 * exponential backoff per submission while the store keeps failing. Delivery is idempotent, so a submission
 * delivered by a request at the same time is simply found done.
 *
 * With a pacer (GitHub), a submission the store's limits have no room for stops the round: the rest wait behind
 * it, in order, and the worker looks again when there is room, or when a pause GitHub asked for ends. That wait
 * is no failure of the submission, and nothing is sent meanwhile.
 */
import { PacedError } from '../github/content-pacer.ts';
import type { Logger } from '../log/logger.ts';
import { deliverSubmission, type DeliveryDeps } from './deliver-submission.ts';

/** Runs `run` after `delayMs`, unless the returned function cancels it first. */
export type Schedule = (run: () => Promise<void>, delayMs: number) => () => void;

export interface RetryWorkerOptions extends DeliveryDeps {
  log: Logger;
  /** Backoff after the first failure, doubling each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the outbox is looked at for new entries. */
  pollMs?: number;
  now?: () => number;
  /** The timer the worker wakes by; tests give one that runs on simulated time. */
  schedule?: Schedule;
}

export interface FlushReport {
  delivered: string[];
  /** Being delivered by another running process (the server), which will retry them itself. */
  busy: string[];
  failed: { submissionId: string; error: string }[];
}

export class RetryWorker {
  readonly #options: RetryWorkerOptions;
  readonly #attempts = new Map<string, { failures: number; nextAt: number }>();
  /** When each waiting submission was received: the order they are delivered in. */
  readonly #receivedAt = new Map<string, number>();
  /** Set while submissions wait for the pacer: until when, at least. */
  #pacedUntil: number | undefined;
  #cancel: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: RetryWorkerOptions) {
    this.#options = options;
  }

  /**
   * Whether submissions wait for the pacer: a new one then waits behind them rather than overtake them. True from
   * start until the first round has looked at what an earlier process left.
   */
  get hasBacklog(): boolean {
    return this.#pacedUntil !== undefined;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    if (this.#options.pacer) this.#pacedUntil = this.#now();
    // Attempt records matter only within the store's look-up window (a week): older ones are forgotten.
    void this.#options.outbox.pruneAttempts(8 * 86_400_000).catch((error: unknown) => this.#options.log.warn('Could not prune attempt records', { error }));
    this.poke();
  }

  /** Looks at the outbox soon (a request just left something there), or when the pacer has room, if later. */
  poke(delayMs = 0): void {
    if (this.#stopped) return;
    const paced = this.#pacedUntil === undefined ? 0 : this.#pacedUntil - this.#now();
    this.#cancel?.();
    this.#cancel = (this.#options.schedule ?? realTimer)(() => this.#tick(), Math.max(delayMs, paced));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    await this.#running;
  }

  /** Tries every waiting submission once, now, whatever its backoff (`redress outbox flush`). */
  async flush(): Promise<FlushReport> {
    const report: FlushReport = { delivered: [], busy: [], failed: [] };
    const pending = await this.#oldestFirst(await this.#options.outbox.pending());
    for (const [index, id] of pending.entries()) {
      try {
        const outcome = await deliverSubmission(this.#options, id);
        this.#attempts.delete(id);
        if (outcome === 'busy') report.busy.push(id);
        else if (outcome === 'waiting') report.failed.push({ submissionId: id, error: 'Waits for the first sending of the same form, which another process is delivering.' });
        else report.delivered.push(id);
      } catch (error) {
        if (error instanceof PacedError) {
          // The rest wait behind it for the same room.
          report.failed.push(...pending.slice(index).map((submissionId) => ({ submissionId, error: error.message })));
          break;
        }
        report.failed.push({ submissionId: id, error: (error as Error).message });
      }
    }
    return report;
  }

  async #tick(): Promise<void> {
    if (this.#running) return this.poke(50);
    this.#running = this.#deliverDue().finally(() => {
      this.#running = undefined;
    });
    await this.#running;
    this.poke(this.#nextDelay());
  }

  async #deliverDue(): Promise<void> {
    const { outbox, log } = this.#options;
    const now = this.#now();
    let pending: string[];
    try {
      pending = await this.#oldestFirst(await outbox.pending());
    } catch (error) {
      log.error('Could not read the outbox', { error });
      return;
    }
    for (const id of [...this.#attempts.keys()]) if (!pending.includes(id)) this.#attempts.delete(id);
    for (const id of pending) {
      if (this.#stopped) return;
      const state = this.#attempts.get(id);
      if (state && state.nextAt > now) continue;
      try {
        const delivered = await deliverSubmission(this.#options, id);
        this.#attempts.delete(id);
        if (typeof delivered === 'object') log.info('Delivered a queued submission', { reference: delivered.case.reference, attempts: (state?.failures ?? 0) + 1 });
      } catch (error) {
        const pacedUntil = await this.#pacedBy(error);
        if (pacedUntil !== undefined) {
          // The rest wait behind this one, in order; nothing more is sent until there is room.
          if (this.#pacedUntil === undefined) log.info('Deliveries wait for room within GitHub’s content-creation limits', { until: new Date(pacedUntil).toISOString() });
          this.#pacedUntil = pacedUntil;
          return;
        }
        const failures = (state?.failures ?? 0) + 1;
        const delay = this.#backoff(failures);
        this.#attempts.set(id, { failures, nextAt: this.#now() + delay });
        log.warn('Delivery of a queued submission failed; trying again later', { submission: id, failures, retryInMs: delay, error });
      }
    }
    this.#pacedUntil = undefined;
  }

  /**
   * When a failed delivery was the pacer's doing, when it has room again: the pacer refused, or GitHub answered with
   * a rate limit, which paused the pacer (so asking it for room says until when).
   */
  async #pacedBy(error: unknown): Promise<number | undefined> {
    if (error instanceof PacedError) return error.retryAt;
    const { pacer } = this.#options;
    if (!pacer) return undefined;
    try {
      (await pacer.admit(1))();
      return undefined;
    } catch (refusal) {
      // The pacer's own failure (its log unreadable) leaves this an ordinary failure, retried with backoff.
      return refusal instanceof PacedError ? refusal.retryAt : undefined;
    }
  }

  /** The waiting submissions by the time they were received (the file names, submission ids, say nothing of it). */
  async #oldestFirst(pending: string[]): Promise<string[]> {
    const waiting = new Set(pending);
    for (const id of this.#receivedAt.keys()) if (!waiting.has(id)) this.#receivedAt.delete(id);
    for (const id of pending) {
      if (this.#receivedAt.has(id)) continue;
      const entry = await this.#options.outbox.get(id).catch(() => undefined);
      // Unreadable here: delivery reports why. Gone: delivered meanwhile, and skipped.
      this.#receivedAt.set(id, entry ? Date.parse(entry.receivedAt) : 0);
    }
    const at = (id: string) => this.#receivedAt.get(id) ?? 0;
    return [...pending].sort((a, b) => at(a) - at(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  #backoff(failures: number): number {
    const base = this.#options.baseDelayMs ?? 1_000;
    const max = this.#options.maxDelayMs ?? 15 * 60_000;
    const delay = Math.min(max, base * 2 ** (failures - 1));
    // Jitter spreads retries of many queued submissions after an outage.
    return Math.round(delay * (0.75 + Math.random() * 0.5));
  }

  #nextDelay(): number {
    const poll = this.#options.pollMs ?? 30_000;
    const next = Math.min(...[...this.#attempts.values()].map((a) => a.nextAt), this.#pacedUntil ?? Infinity);
    return Math.max(10, Math.min(poll, Number.isFinite(next) ? next - this.#now() : poll));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function realTimer(run: () => Promise<void>, delayMs: number): () => void {
  const timer = setTimeout(() => void run(), delayMs);
  timer.unref?.();
  return () => clearTimeout(timer);
}
