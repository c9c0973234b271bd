/**
 * The umbrella view's account of its GitHub requests: every request counted by what it was for and by whether it
 * spent the token's rate limit (a conditional request answered 304 does not); GitHub's primary limit read from the
 * `x-ratelimit-*` headers of each answer, so the run stops cleanly before it rather than be refused; and reads
 * spread out to keep to GitHub's secondary limit of 900 points a minute (a GET is one point).
 */

/** What a request was for. */
export type RequestPurpose = 'listing' | 'file' | 'repository';

export interface RequestTally {
  /** Requests that spent the token's rate limit. */
  counted: number;
  /** Conditional requests answered 304 Not Modified: free. */
  notModified: number;
  /** Counted requests by what they were for: ledger listings, ledger files, repository details (its default branch). */
  byPurpose: Record<RequestPurpose, number>;
}

/** GitHub's secondary rate limit for the REST API: "no more than 900 points per minute", a GET costing 1 point. */
export const GITHUB_POINTS_PER_MINUTE = 900;

export interface RequestBudgetOptions {
  /** Requests to leave unspent in the token's hour, for other work on the same token. */
  reserve: number;
  /** Points allowed a minute; undefined for no pacing (the loopback test server and benchmarks only). */
  pointsPerMinute?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RequestBudget {
  readonly tally: RequestTally = { counted: 0, notModified: 0, byPurpose: { listing: 0, file: 0, repository: 0 } };
  readonly #options: RequestBudgetOptions;
  /** From the last answer: requests left in the token's hour, and when the hour ends (epoch ms). */
  #remaining: number | undefined;
  #reset: number | undefined;
  readonly #recent: number[] = [];

  constructor(options: RequestBudgetOptions) {
    this.#options = options;
  }

  /** What GitHub last said: requests left and when its window resets (epoch ms); undefined before any answer. */
  get limit(): { remaining: number; reset: number } | undefined {
    return this.#remaining === undefined || this.#reset === undefined ? undefined : { remaining: this.#remaining, reset: this.#reset };
  }

  /** Takes the budget from an answer's `x-ratelimit-remaining` and `x-ratelimit-reset` headers. */
  observe(headers: Readonly<Record<string, string | number | undefined>> | undefined): void {
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    const reset = Number(headers?.['x-ratelimit-reset']);
    if (headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) this.#remaining = remaining;
    if (headers?.['x-ratelimit-reset'] !== undefined && Number.isFinite(reset)) this.#reset = reset * 1000;
  }

  /** Takes the budget from `GET /rate_limit`'s `resources.core`, which costs nothing. */
  observeCore(core: { remaining: number; reset: number }): void {
    this.#remaining = core.remaining;
    this.#reset = core.reset * 1000;
  }

  /**
   * Whether another counted request fits before the reserve: undefined if it does, else when the window resets.
   * The reset is in the past when the window has already ended; the next answer tells the new budget.
   */
  spentUntil(): number | undefined {
    if (this.#remaining === undefined || this.#remaining > this.#options.reserve) return undefined;
    const reset = this.#reset ?? this.#options.now();
    if (reset <= this.#options.now()) {
      this.#remaining = undefined;
      return undefined;
    }
    return reset;
  }

  /** Waits, if need be, until a request fits in the points allowed a minute. */
  async pace(): Promise<void> {
    const perMinute = this.#options.pointsPerMinute;
    if (perMinute === undefined) return;
    const now = this.#options.now();
    while (this.#recent.length > 0 && (this.#recent[0] as number) <= now - 60_000) this.#recent.shift();
    if (this.#recent.length >= perMinute) await this.#options.sleep((this.#recent[0] as number) + 60_000 - now);
    this.#recent.push(Math.max(now, this.#options.now()));
  }

  /** Counts an answer: a 304 is free; anything else spent a request. */
  count(purpose: RequestPurpose, status: number): void {
    if (status === 304) {
      this.tally.notModified += 1;
      return;
    }
    this.tally.counted += 1;
    this.tally.byPurpose[purpose] += 1;
  }
}
