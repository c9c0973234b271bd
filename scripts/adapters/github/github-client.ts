/**
 * Builds the Octokit client every GitHub adapter is given (the stores never build their own): the REST API with
 * GitHub's recommended pacing (plugin-throttling: writes one at a time, content-creating requests a few seconds
 * apart, waits on rate limits) and retries of transient failures (plugin-retry: 5xx and lost connections). Intake
 * adds a content pacer, which keeps content-creating requests within GitHub's limits per minute and per hour.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import type { GitHubConfig } from '../../core/config/config-schema.ts';
import { redact, silentLogger, type Logger } from '../log/logger.ts';
import type { ContentPacer } from './content-pacer.ts';
import { contentPacing } from './content-pacing.ts';

export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  log?: Logger;
  /** A request that takes longer is abandoned (and retried or reported); intake cannot keep a person waiting. */
  timeoutMs?: number;
  /** Wait at most this long (seconds) for a rate limit to reset before giving up; intake queues instead of waiting. */
  maxRateLimitWaitSeconds?: number;
  /** Retries of a 5xx or lost connection, for requests safe to repeat. */
  retries?: number;
  /**
   * `github` paces writes as GitHub asks (one at a time, content-creating requests 3 s apart). `none` is for the
   * loopback test server and benchmarks only: rate limits and retries still apply, the pauses between writes do not.
   */
  pacing?: 'github' | 'none';
  /** Milliseconds per second of a Retry-After or backoff; tests shrink it. */
  retryAfterBaseValue?: number;
  /**
   * Sends no content-creating request (issue, comment, label) that GitHub's content-creation limits have no room
   * for: it fails with `PacedError` instead. Rate-limit answers pause it.
   */
  contentPacer?: ContentPacer;
}

export function createGitHubClient(config: GitHubConfig, options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? silentLogger;
  const secrets = [config.token];
  const maxWait = options.maxRateLimitWaitSeconds ?? 10;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseValue = options.retryAfterBaseValue ?? 1000;
  const unpaced = options.pacing === 'none' ? unpacedGroups() : {};
  const willWait = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const wait = retryAfter <= maxWait && retryCount < 2;
    log.warn(`GitHub ${kind} rate limit`, { method: request.method, url: request.url, retryAfter, retryCount, wait });
    return wait;
  };
  // The pacing plugin first: its hook is then the innermost, and sees every attempt the other two make.
  const RedressOctokit = options.contentPacer ? Octokit.plugin(contentPacing(options.contentPacer), throttling, retry) : Octokit.plugin(throttling, retry);
  return new RedressOctokit({
    auth: config.token,
    baseUrl: config.apiUrl,
    userAgent: 'redress-intake',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn(redact(String(message), secrets)),
      error: (message: string) => log.error(redact(String(message), secrets)),
    },
    request: { fetch: fetchWithTimeout(timeoutMs) },
    throttle: {
      onRateLimit: willWait('primary'),
      onSecondaryRateLimit: willWait('secondary'),
      retryAfterBaseValue: baseValue,
      ...unpaced,
    },
    retry: { retries: options.retries ?? 2, retryAfterBaseValue: baseValue },
  });
}

/**
 * A client for callers that only read, one request at a time, and keep their own account of GitHub's limits (the
 * umbrella view, across many repositories with one token): the REST API without the throttling and retry plugins,
 * whose queues cost milliseconds a request. Such a caller honours `retry-after` and retries failures itself.
 */
export function createGitHubReadClient(config: Pick<GitHubConfig, 'token' | 'apiUrl'>, options: Pick<GitHubClientOptions, 'log' | 'timeoutMs'> = {}): GitHubClient {
  const log = options.log ?? silentLogger;
  const secrets = [config.token];
  return new Octokit({
    auth: config.token,
    baseUrl: config.apiUrl,
    userAgent: 'redress-umbrella',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn(redact(String(message), secrets)),
      // Octokit logs every answer that is not a success ("GET /repos/… - 304 with id … in 3ms"); the caller reports
      // what those mean.
      error: () => undefined,
    },
    request: { fetch: fetchWithTimeout(options.timeoutMs ?? 10_000) },
  });
}

/** fetch that gives up after `ms`, so a hung connection becomes an error the caller can queue. */
function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const signals = [AbortSignal.timeout(ms), ...(init?.signal ? [init.signal] : [])];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}

// Bottleneck groups without the pauses GitHub asks for between writes: for the test server only.
function unpacedGroups(): Record<string, Bottleneck.Group> {
  const group = (id: string) => new Bottleneck.Group({ id, maxConcurrent: 16, minTime: 0 });
  return { write: group('redress-write'), notifications: group('redress-notifications'), search: group('redress-search') };
}
