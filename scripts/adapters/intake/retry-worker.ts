/**
 * Delivers what the outbox holds: at start-up (submissions a killed process left), then with exponential backoff
 * per submission while the store keeps failing. Delivery is idempotent, so a submission delivered by a request at
 * the same time is simply found done.
 */
import type { Logger } from '../log/logger.ts';
import { deliverSubmission, type DeliveryDeps } from './deliver-submission.ts';

export interface RetryWorkerOptions extends DeliveryDeps {
  log: Logger;
  /** Backoff after the first failure, doubling each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the outbox is looked at for new entries. */
  pollMs?: number;
  now?: () => number;
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
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: RetryWorkerOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    // Attempt records matter only within the store's look-up window (a week): older ones are forgotten.
    void this.#options.outbox.pruneAttempts(8 * 86_400_000).catch((error: unknown) => this.#options.log.warn('Could not prune attempt records', { error }));
    this.poke();
  }

  /** Looks at the outbox soon (a request just left something there). */
  poke(delayMs = 0): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Tries every waiting submission once, now, whatever its backoff (`redress outbox flush`). */
  async flush(): Promise<FlushReport> {
    const report: FlushReport = { delivered: [], busy: [], failed: [] };
    for (const id of await this.#options.outbox.pending()) {
      try {
        const outcome = await deliverSubmission(this.#options, id);
        this.#attempts.delete(id);
        if (outcome === 'busy') report.busy.push(id);
        else if (outcome === 'waiting') report.failed.push({ submissionId: id, error: 'Waits for the first sending of the same form, which another process is delivering.' });
        else report.delivered.push(id);
      } catch (error) {
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
      pending = await outbox.pending();
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
        const failures = (state?.failures ?? 0) + 1;
        const delay = this.#backoff(failures);
        this.#attempts.set(id, { failures, nextAt: this.#now() + delay });
        log.warn('Delivery of a queued submission failed; trying again later', { submission: id, failures, retryInMs: delay, error });
      }
    }
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
    const next = Math.min(...[...this.#attempts.values()].map((a) => a.nextAt));
    return Math.max(10, Math.min(poll, Number.isFinite(next) ? next - this.#now() : poll));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
