/**
 * A per-client allowance of submissions: a token bucket in memory, one per client address. A person can send a
 * few complaints in a row; a script posting in a loop is answered 429 with how long to wait. In memory because
 * one server process takes the submissions; a restart forgets the counts, which only ever lets more through.
 */
export interface RateLimit {
  /** Submissions allowed in a burst, and refilled over `perMs`. */
  count: number;
  perMs: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #maxClients: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(limit: RateLimit, options: { now?: () => number; maxClients?: number } = {}) {
    this.#limit = limit;
    this.#now = options.now ?? Date.now;
    this.#maxClients = options.maxClients ?? 50_000;
  }

  /** Takes one submission from the client's allowance, or says when the next is allowed. */
  take(client: string): Admission {
    const now = this.#now();
    const rate = this.#limit.count / this.#limit.perMs;
    const bucket = this.#buckets.get(client) ?? { tokens: this.#limit.count, at: now };
    bucket.tokens = Math.min(this.#limit.count, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(client, bucket);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
    }
    bucket.tokens -= 1;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    this.#prune(now, rate);
    return { ok: true };
  }

  /** Forgets full buckets (and, beyond the cap, the longest-idle clients) so memory stays bounded. */
  #prune(now: number, rate: number): void {
    if (this.#buckets.size <= this.#maxClients) return;
    for (const [client, bucket] of this.#buckets) {
      if (this.#buckets.size <= this.#maxClients * 0.9) break;
      if (bucket.tokens + (now - bucket.at) * rate >= this.#limit.count || this.#buckets.size > this.#maxClients) this.#buckets.delete(client);
    }
  }
}

/**
 * The address a submission is counted against. Behind a reverse proxy (`trustProxy`), the last X-Forwarded-For
 * entry is the one the proxy itself saw; earlier entries are whatever the client claimed. IPv6 clients are
 * counted by their /64, which one household or device usually holds whole.
 *
 * @example
 * clientKey({ socketAddress: '2001:db8:1:2:aaaa::1', forwardedFor: null, trustProxy: false }) //=> '2001:db8:1:2::/64'
 */
export function clientKey({ socketAddress, forwardedFor, trustProxy }: { socketAddress: string; forwardedFor: string | null; trustProxy: boolean }): string {
  const claimed = trustProxy ? forwardedFor?.split(',').map((part) => part.trim()).filter(Boolean).at(-1) : undefined;
  const address = (claimed ?? socketAddress).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`;
}
