/**
 * Simulated time for hours of intake in seconds: one clock read by the GitHub test server, the content pacer and
 * the retry worker, whose timers run only when the test moves time on. A timer's run is awaited before time moves
 * again, so what happens in a simulated instant is finished before the next.
 */
import type { Schedule } from '../../../scripts/adapters/intake/retry-worker.ts';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly run: () => Promise<void>;
}

export class SimulatedClock {
  #time: number;
  #order = 0;
  readonly #timers = new Set<Timer>();

  constructor(start: number) {
    this.#time = start;
  }

  readonly now = (): number => this.#time;

  readonly schedule: Schedule = (run, delayMs) => {
    const timer = { at: this.#time + Math.max(0, delayMs), order: (this.#order += 1), run };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  };

  /** Moves time to `until`, running each timer that falls due on the way, at its time, in order. */
  async advanceTo(until: number): Promise<void> {
    for (let next = this.#next(); next && next.at <= until; next = this.#next()) await this.#fire(next);
    this.#time = Math.max(this.#time, until);
  }

  /** Moves time to the next timer and runs it; false when no timer is set. */
  async runNext(): Promise<boolean> {
    const next = this.#next();
    if (!next) return false;
    await this.#fire(next);
    return true;
  }

  async #fire(timer: Timer): Promise<void> {
    this.#timers.delete(timer);
    this.#time = Math.max(this.#time, timer.at);
    await timer.run();
  }

  #next(): Timer | undefined {
    let first: Timer | undefined;
    for (const timer of this.#timers) if (!first || timer.at < first.at || (timer.at === first.at && timer.order < first.order)) first = timer;
    return first;
  }
}
