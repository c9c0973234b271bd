/**
 * An Octokit plugin that sends no content-creating request without room for it in the content pacer, and turns
 * GitHub's rate-limit answers into a pause for every later one. Listed before plugin-throttling and plugin-retry,
 * its hook is the innermost: it sees each attempt that reaches the network, their retries included.
 */
import type { Octokit } from '@octokit/core';
import type { ContentPacer } from './content-pacer.ts';

/**
 * The requests GitHub's content-creation limit is taken to count: creating an issue, a comment or a label. GitHub
 * does not list them; issues and comments notify people (plugin-throttling spaces them for that reason), and a
 * label is a new object too. Counting one GitHub might not count costs a moment; missing one risks a block.
 */
const CONTENT_CREATING = /^\/repos\/[^/]+\/[^/]+\/(?:issues|issues\/[^/]+\/comments|labels)\/?$/;

/** Whether a request creates content; `url` as Octokit gives it to hooks (a route template or a path). */
export function isContentCreating(method: string, url: string): boolean {
  return method.toUpperCase() === 'POST' && CONTENT_CREATING.test(new URL(url, 'https://api.github.invalid').pathname);
}

export function contentPacing(pacer: ContentPacer) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap('request', async (request, options) => {
      if (isContentCreating(options.method, options.url)) await pacer.take();
      try {
        return await request(options);
      } catch (error) {
        const until = rateLimitedUntil(error, pacer.now());
        if (until !== undefined) await pacer.pauseUntil(until);
        throw error;
      }
    });
  };
}

interface ErrorWithResponse {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * When GitHub said a rate limit ends: `retry-after` seconds from now, the primary limit's reset when none remains,
 * or a minute from now for a secondary limit without `retry-after` (GitHub's advice). Undefined for other failures.
 */
export function rateLimitedUntil(error: unknown, now: number): number | undefined {
  const { status, response, message } = (error ?? {}) as ErrorWithResponse;
  if (status !== 403 && status !== 429) return undefined;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return now + Math.max(1, retryAfter) * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    if (Number.isFinite(reset)) return Math.max(now + 1000, reset);
  }
  return /secondary rate limit/i.test(String(message)) ? now + 60_000 : undefined;
}
