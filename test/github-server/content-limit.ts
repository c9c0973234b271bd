// GitHub's secondary rate limit on content creation: "no more than 80 content-generating
// requests per minute and no more than 500 content-generating requests per hour", per account.
// GitHub does not say how its windows move; sliding windows are the strictest reading (no
// burst of 160 across a minute boundary), so a client that keeps to them keeps to GitHub's.

/**
 * The operations counted as content-creating. GitHub does not list them; these are the ones
 * this server implements that create something new that people see: an issue, a comment
 * (both notify people, which is why plugin-throttling spaces them), and a repository label.
 * Edits, deletions, and labels or assignees set on an existing issue create nothing new.
 */
export const CONTENT_CREATING_OPERATIONS: ReadonlySet<string> = new Set(['issues/create', 'issues/create-comment', 'issues/create-label']);

export interface ContentLimits {
  /** Content-creating requests allowed in any 60 seconds. GitHub: 80. */
  readonly perMinute: number;
  /** Content-creating requests allowed in any hour. GitHub: 500. */
  readonly perHour: number;
}

export const GITHUB_CONTENT_LIMITS: ContentLimits = { perMinute: 80, perHour: 500 };

/** What GitHub answers when the content-creation limit is reached; the request id follows. */
export const CONTENT_CREATION_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. ' +
  'Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export class ContentCreationLimiter {
  readonly limits: ContentLimits;
  readonly #now: () => number;
  /** Times of the accepted content-creating requests of each account, oldest first. */
  readonly #log = new Map<string, number[]>();

  constructor(options: { limits: ContentLimits; now: () => number }) {
    this.limits = options.limits;
    this.#now = options.now;
  }

  /**
   * Seconds the account must wait before another content-creating request would be accepted
   * (GitHub's `retry-after`), or 0 when it may make one now.
   */
  retryAfterSeconds(login: string): number {
    const now = this.#now();
    const times = this.#recent(login, now);
    let until = now;
    const inMinute = times.filter((at) => at > now - MINUTE_MS);
    // The request fits once enough of the window's requests have aged out of it.
    if (inMinute.length >= this.limits.perMinute) until = Math.max(until, (inMinute[inMinute.length - this.limits.perMinute] as number) + MINUTE_MS);
    if (times.length >= this.limits.perHour) until = Math.max(until, (times[times.length - this.limits.perHour] as number) + HOUR_MS);
    return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0;
  }

  /** Counts one accepted content-creating request of the account. */
  record(login: string): void {
    const now = this.#now();
    this.#log.set(login, [...this.#recent(login, now), now]);
  }

  /** How many content-creating requests the account made in the last minute and hour. */
  used(login: string): { minute: number; hour: number } {
    const now = this.#now();
    const times = this.#recent(login, now);
    return { minute: times.filter((at) => at > now - MINUTE_MS).length, hour: times.length };
  }

  #recent(login: string, now: number): number[] {
    const times = (this.#log.get(login) ?? []).filter((at) => at > now - HOUR_MS);
    this.#log.set(login, times);
    return times;
  }
}
