// GitHub's primary rate limit for the REST API's `core` resource: a budget of requests per
// hour for each token, in a window that starts with the token's first counted request.

export interface RateLimitStatus {
  readonly limit: number;
  readonly remaining: number;
  readonly used: number;
  /** When the window resets, in epoch seconds (`x-ratelimit-reset`). */
  readonly reset: number;
}

const WINDOW_MS = 60 * 60 * 1000;

export class RateLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; used: number }>();

  constructor(options: { limit: number; now: () => number }) {
    this.#limit = options.limit;
    this.#now = options.now;
  }

  /** The budget of a token (or any other key) right now. */
  status(key: string): RateLimitStatus {
    const window = this.#window(key);
    return {
      limit: this.#limit,
      remaining: Math.max(0, this.#limit - window.used),
      used: window.used,
      reset: Math.ceil((window.start + WINDOW_MS) / 1000),
    };
  }

  isExhausted(key: string): boolean {
    return this.status(key).remaining === 0;
  }

  /** Counts one request against the key's budget. */
  consume(key: string): void {
    this.#window(key).used += 1;
  }

  /** Test helper: leaves `remaining` requests in the key's current window. */
  setRemaining(key: string, remaining: number): void {
    this.#window(key).used = Math.max(0, this.#limit - remaining);
  }

  #window(key: string): { start: number; used: number } {
    const now = this.#now();
    const current = this.#windows.get(key);
    if (current && now < current.start + WINDOW_MS) return current;
    const fresh = { start: now, used: 0 };
    this.#windows.set(key, fresh);
    return fresh;
  }
}
