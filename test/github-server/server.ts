// A stateful stand-in for api.github.com on 127.0.0.1. Each request goes through what GitHub
// does — injected faults, authentication, the primary rate limit, routing, validation, the
// handler, conditional GETs — and both the request and the response are checked against
// GitHub's OpenAPI description. Departures are collected as violations and answered loudly.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENT_CREATING_OPERATIONS, CONTENT_CREATION_LIMIT_MESSAGE, ContentCreationLimiter, type ContentLimits, GITHUB_CONTENT_LIMITS } from './content-limit.ts';
import { type Fault, FaultInjector, SECONDARY_RATE_LIMIT_MESSAGE } from './faults.ts';
import { FREE_OPERATIONS, handlers } from './handlers/index.ts';
import { GitHubError, type HandlerResult, UnsupportedError, errorBody } from './handlers/context.ts';
import { etagOf, ifNoneMatchHits, nextRequestId, readBody, tokenFrom } from './http.ts';
import { type OperationMatch, findOperation, formatProblem, isDocumentedPath, validateRequest, validateResponse } from './openapi.ts';
import { RateLimiter, type RateLimitStatus } from './rate-limit.ts';
import { GitHubState } from './state.ts';

export interface GitHubServerOptions {
  /** The clock for timestamps and rate-limit windows, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Requests per hour per token (GitHub's primary limit). Default 5000. */
  rateLimit?: number;
  /** Host of `html_url` fields. Default `https://github.com`. */
  webUrl?: string;
  /**
   * GitHub's secondary rate limit on content creation, per account, in the `now` clock's time:
   * a content-creating request past it is refused with 403 and `retry-after`, not applied.
   * Default GitHub's 80 a minute and 500 an hour; `false` turns it off (for benchmarks that
   * make days of writes in seconds).
   */
  contentCreationLimit?: ContentLimits | false;
}

export type ViolationKind =
  /** The client sent what GitHub's description does not allow. */
  | 'request'
  /** The client called a path or method that GitHub does not have. */
  | 'unknown-route'
  /** A real GitHub feature this server does not model; the test cannot vouch for it. */
  | 'unsupported'
  /** The server's own response departs from GitHub's description: a bug in the server. */
  | 'response'
  /** A handler threw unexpectedly: a bug in the server. */
  | 'server-error';

export interface Violation {
  readonly kind: ViolationKind;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | null;
  readonly problems: readonly string[];
}

export interface RequestRecord {
  readonly requestId: string;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** The query string with its `?`, or `''`. */
  readonly query: string;
  readonly operationId: string | null;
  /** The status sent, or null when the connection was destroyed without an answer. */
  status: number | null;
  /** Whether the request spent the token's rate-limit budget (304s and `/rate_limit` do not). */
  countedAgainstRateLimit: boolean;
  /**
   * For a content-creating request that reached the limit check: `counted` against the account's
   * content-creation limit (and applied), or `refused` by it (403, not applied). Otherwise null.
   */
  contentCreation: 'counted' | 'refused' | null;
  login: string | null;
  readonly fault: Fault['type'] | null;
  /** Server clock when the request arrived. */
  readonly at: number;
}

export interface GitHubTestServer {
  /** Base URL to pass to Octokit as `baseUrl`, e.g. `http://127.0.0.1:50123`. */
  readonly url: string;
  readonly state: GitHubState;
  readonly faults: FaultInjector;
  readonly rateLimit: RateLimiter;
  /** The content-creation limit, when on: `used(login)` says how much of it an account has spent. */
  readonly contentLimit: ContentCreationLimiter | undefined;
  /** Every request, in arrival order. */
  readonly requests: readonly RequestRecord[];
  readonly violations: readonly Violation[];
  /** Throws, listing them, if any violation was recorded. */
  assertNoViolations(): void;
  /** Returns the violations recorded so far and forgets them. */
  takeViolations(): Violation[];
  close(): Promise<void>;
}

const API_VERSION = '2022-11-28';
const GENERIC_DOCS = 'https://docs.github.com/rest';
const SERVER_ERROR_MESSAGES: Record<number, string> = { 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly counted: boolean;
}

/** Starts a server on 127.0.0.1 on a free port. */
export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubTestServer> {
  const state = new GitHubState({ now: options.now });
  const rateLimit = new RateLimiter({ limit: options.rateLimit ?? 5000, now: state.now });
  const anonymous = new RateLimiter({ limit: 60, now: state.now });
  const limits = options.contentCreationLimit ?? GITHUB_CONTENT_LIMITS;
  const contentLimit = limits === false ? undefined : new ContentCreationLimiter({ limits, now: state.now });
  const faults = new FaultInjector();
  const requests: RequestRecord[] = [];
  const violations: Violation[] = [];
  const webUrl = options.webUrl ?? 'https://github.com';
  let baseUrl = '';

  const violation = (record: RequestRecord, kind: ViolationKind, problems: string[]): void => {
    violations.push({ kind, method: record.method, path: record.path, operationId: record.operationId, problems });
  };

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = await readBody(request);
    const match = findOperation(method, url.pathname);
    const fault = faults.take({ method, path: url.pathname, operationId: match?.operation.operationId ?? null });
    const record: RequestRecord = {
      requestId: nextRequestId(state.now()),
      method,
      path: url.pathname,
      query: url.search,
      operationId: match?.operation.operationId ?? null,
      status: null,
      countedAgainstRateLimit: false,
      contentCreation: null,
      login: null,
      fault: fault?.type ?? null,
      at: state.now(),
    };
    requests.push(record);

    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'disconnect' && fault.when !== 'after') {
      request.socket.destroy();
      return;
    }
    const token = tokenFrom(request.headers.authorization);
    const outcome = fault?.type === 'status' || fault?.type === 'secondary-rate-limit'
      ? faultOutcome(fault, record)
      : handle({ request, url, method, raw, match, record, token, fault });
    const budget = account(record, outcome, token);
    if (fault?.type === 'disconnect') {
      request.socket.destroy();
      return;
    }
    send(response, record, outcome, budget);
  }

  function faultOutcome(fault: Extract<Fault, { type: 'status' | 'secondary-rate-limit' }>, record: RequestRecord): Outcome {
    if (fault.type === 'status') {
      return { status: fault.status, body: { message: fault.message ?? SERVER_ERROR_MESSAGES[fault.status] }, counted: false };
    }
    return secondaryLimitOutcome({ message: SECONDARY_RATE_LIMIT_MESSAGE, record, retryAfterSeconds: fault.retryAfterSeconds, status: fault.status ?? 403 });
  }

  function secondaryLimitOutcome(input: { message: string; record: RequestRecord; retryAfterSeconds: number; status: 403 | 429 }): Outcome {
    const docs = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
    return {
      status: input.status,
      body: { message: `${input.message} ${input.record.requestId}.`, documentation_url: docs, status: String(input.status) },
      headers: { 'retry-after': String(input.retryAfterSeconds) },
      counted: false,
    };
  }

  function handle(input: {
    request: IncomingMessage; url: URL; method: string; raw: Buffer | undefined; match: OperationMatch | undefined;
    record: RequestRecord; token: string | undefined; fault: Fault | undefined;
  }): Outcome {
    const { request, url, method, raw, match, record, token } = input;
    const viewer = token === undefined ? undefined : state.userForToken(token);
    if (!viewer) {
      return { status: 401, body: { message: token === undefined ? 'Requires authentication' : 'Bad credentials', documentation_url: GENERIC_DOCS, status: '401' }, counted: true };
    }
    record.login = viewer.login;
    const free = match !== undefined && FREE_OPERATIONS.has(match.operation.operationId);
    if (!free && rateLimit.isExhausted(token as string)) {
      const docs = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit';
      return { status: 403, body: { message: `API rate limit exceeded for user ID ${viewer.id}.`, documentation_url: docs, status: '403' }, counted: false };
    }
    const version = request.headers['x-github-api-version'];
    if (version !== undefined && version !== API_VERSION) {
      const known = version === '2026-03-10';
      violation(record, known ? 'unsupported' : 'request', [`x-github-api-version ${String(version)}: ${known ? `the server checks against the ${API_VERSION} description only` : 'not a GitHub API version'}`]);
      return { status: 400, body: { message: `API version '${String(version)}' is not supported.`, documentation_url: GENERIC_DOCS, status: '400' }, counted: !free };
    }
    if (!match) {
      const hint = isDocumentedPath(url.pathname) ? ' (the path exists, for other methods)' : '';
      violation(record, 'unknown-route', [`${method} ${url.pathname}: no such operation in GitHub's REST API${hint}`]);
      return { status: 404, body: { message: 'Not Found', documentation_url: GENERIC_DOCS, status: '404' }, counted: true };
    }
    const { operation } = match;
    const handler = handlers[operation.operationId];
    if (!handler) {
      violation(record, 'unsupported', [`${operation.operationId} (${method} ${operation.pathTemplate}) is a real endpoint that the test server does not implement`]);
      return { status: 404, body: errorBody({ operation }, 404, 'Not Found'), counted: !free };
    }
    const counted = !free;
    const mediaType = /application\/vnd\.github\.(?:v3\.)?(raw|text|html|full)\+json/.exec(request.headers.accept ?? '')?.[1];
    if (mediaType !== undefined) {
      violation(record, 'unsupported', [`accept: the ${mediaType} media type (body_${mediaType === 'raw' ? 'text' : mediaType} fields) is not modelled`]);
      return { status: 422, body: errorBody({ operation }, 422, `The GitHub test server does not support the ${mediaType} media type`), counted };
    }
    if (raw === undefined) {
      violation(record, 'request', ['body: larger than the server accepts']);
      return { status: 413, body: errorBody({ operation }, 413, 'Payload too large'), counted };
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        violation(record, 'request', [`${operation.operationId} body: not valid JSON`]);
        return { status: 400, body: errorBody({ operation }, 400, 'Problems parsing JSON'), counted };
      }
    }
    const check = validateRequest({ operation, pathParams: match.pathParams, query: url.searchParams, body });
    if (check.problems.length > 0) {
      const lines = check.problems.map(formatProblem);
      violation(record, 'request', lines);
      const status = check.problems.some((problem) => problem.location === 'path') ? 404 : 422;
      return { status, body: errorBody({ operation }, status, status === 404 ? 'Not Found' : `Invalid request.\n\n${lines.join('\n')}`), counted };
    }

    if (contentLimit && CONTENT_CREATING_OPERATIONS.has(operation.operationId)) {
      const retryAfterSeconds = contentLimit.retryAfterSeconds(viewer.login);
      if (retryAfterSeconds > 0) {
        record.contentCreation = 'refused';
        return secondaryLimitOutcome({ message: CONTENT_CREATION_LIMIT_MESSAGE, record, retryAfterSeconds, status: 403 });
      }
      contentLimit.record(viewer.login);
      record.contentCreation = 'counted';
    }

    let result: HandlerResult;
    try {
      result = handler({
        state, viewer, operation, params: check.pathParams, query: check.query, body,
        urls: { api: baseUrl, web: webUrl }, requestUrl: url, rateLimit: rateLimit.status(token as string),
      });
    } catch (error) {
      if (error instanceof GitHubError) {
        result = { status: error.status, body: error.body };
      } else if (error instanceof UnsupportedError) {
        violation(record, 'unsupported', [`${operation.operationId}: ${error.message}`]);
        return { status: 422, body: errorBody({ operation }, 422, `The GitHub test server does not support this: ${error.message}`), counted };
      } else {
        violation(record, 'server-error', [`${operation.operationId}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`]);
        return { status: 500, body: errorBody({ operation }, 500, 'GitHub test server error'), counted };
      }
    }
    if (input.fault?.type === 'corrupt-response') result = { ...result, body: input.fault.mutate(structuredClone(result.body)) };

    const problems = validateResponse({ operation, status: result.status, body: result.body });
    if (problems.length > 0) {
      const lines = problems.map(formatProblem);
      violation(record, 'response', lines);
      return { status: 500, body: errorBody({ operation }, 500, `GitHub test server sent a response that GitHub's description forbids:\n${lines.join('\n')}`), counted };
    }
    if (method === 'GET' && result.status === 200) {
      const etag = etagOf(JSON.stringify(result.body));
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return { status: 304, headers: { etag }, counted: false };
      return { ...result, headers: { ...result.headers, etag }, counted };
    }
    return { ...result, counted };
  }

  /** Spends the budget the request costs and returns the headers' view of it. */
  function account(record: RequestRecord, outcome: Outcome, token: string | undefined): RateLimitStatus {
    const known = token !== undefined && state.userForToken(token) !== undefined;
    const limiter = known ? rateLimit : anonymous;
    const key = known ? (token as string) : 'anonymous';
    if (outcome.counted && !limiter.isExhausted(key)) limiter.consume(key);
    record.countedAgainstRateLimit = outcome.counted;
    return limiter.status(key);
  }

  function send(response: ServerResponse, record: RequestRecord, outcome: Outcome, budget: RateLimitStatus): void {
    record.status = outcome.status;
    const json = outcome.body === undefined ? undefined : JSON.stringify(outcome.body);
    const headers: Record<string, string> = {
      'x-github-request-id': record.requestId,
      'x-github-api-version-selected': API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(budget.limit),
      'x-ratelimit-remaining': String(budget.remaining),
      'x-ratelimit-used': String(budget.used),
      'x-ratelimit-reset': String(budget.reset),
      'x-ratelimit-resource': 'core',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      ...(record.method === 'GET' ? { 'cache-control': 'private, max-age=60, s-maxage=60' } : {}),
      ...(json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...outcome.headers,
    };
    response.writeHead(outcome.status, headers);
    response.end(json);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      violations.push({ kind: 'server-error', method: request.method ?? '', path: request.url ?? '', operationId: null, problems: [String(error)] });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ message: 'GitHub test server error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    state,
    faults,
    rateLimit,
    contentLimit,
    requests,
    violations,
    assertNoViolations() {
      if (violations.length === 0) return;
      const lines = violations.map((v) => `- [${v.kind}] ${v.method} ${v.path}${v.operationId ? ` (${v.operationId})` : ''}\n    ${v.problems.join('\n    ')}`);
      throw new Error(`The GitHub test server recorded ${violations.length} violation(s) of GitHub's API description:\n${lines.join('\n')}`);
    },
    takeViolations() {
      return violations.splice(0);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
