// Failures the real GitHub produces now and then, injected on demand so tests can prove the
// client survives them: server errors, secondary rate limits, slowness, dropped connections,
// and (to test the server's own response checks) corrupted response bodies.

export type Fault =
  /** Answer with a server error instead of handling the request. */
  | { readonly type: 'status'; readonly status: 500 | 502 | 503 | 504; readonly message?: string }
  /**
   * GitHub's secondary rate limit: 403 (or 429) with `retry-after` and the message that
   * `@octokit/plugin-throttling` recognises.
   */
  | { readonly type: 'secondary-rate-limit'; readonly retryAfterSeconds: number; readonly status?: 403 | 429 }
  /** Wait, then handle the request normally. */
  | { readonly type: 'delay'; readonly ms: number }
  /**
   * Destroy the connection without an answer. `'before'` (default) drops the request unhandled;
   * `'after'` applies it to the state first, like a write whose response was lost on the way.
   */
  | { readonly type: 'disconnect'; readonly when?: 'before' | 'after' }
  /** Test-only: alter the response body before it is checked, to prove the check catches it. */
  | { readonly type: 'corrupt-response'; readonly mutate: (body: unknown) => unknown };

/** Which requests a fault applies to; every given criterion must hold. */
export interface FaultMatch {
  /** HTTP method, any case. */
  readonly method?: string;
  /** The path without query: exactly this string, matching this pattern, or accepted by this function. */
  readonly path?: string | RegExp | ((path: string) => boolean);
  /** GitHub's operation id, e.g. `issues/create`. */
  readonly operationId?: string;
}

export interface FaultRule extends FaultMatch {
  readonly fault: Fault;
  /** How many matching requests it applies to. Default 1. */
  readonly times?: number;
}

export interface FaultTarget {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | null;
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID';

export class FaultInjector {
  readonly #rules: Array<{ rule: FaultRule; left: number }> = [];

  /** Makes the next `times` requests that match fail (or slow down) as described. */
  inject(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`Fault times must be a positive integer, got ${times}`);
    this.#rules.push({ rule, left: times });
  }

  /** Consumes and returns the first fault that applies to this request. */
  take(target: FaultTarget): Fault | undefined {
    const entry = this.#rules.find(({ rule }) => matches(rule, target));
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.#rules.splice(this.#rules.indexOf(entry), 1);
    return entry.rule.fault;
  }

  /** How many injected failures are still waiting for a request. */
  pending(): number {
    return this.#rules.reduce((sum, entry) => sum + entry.left, 0);
  }

  clear(): void {
    this.#rules.length = 0;
  }
}

function matches(rule: FaultMatch, target: FaultTarget): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== target.method) return false;
  if (rule.operationId !== undefined && rule.operationId !== target.operationId) return false;
  const { path } = rule;
  if (path === undefined) return true;
  if (typeof path === 'string') return path === target.path;
  if (path instanceof RegExp) return path.test(target.path);
  return path(target.path);
}
