// What every endpoint handler receives and returns, and the errors it can raise, shaped like
// GitHub's error bodies.
import type { Operation } from '../openapi.ts';
import { paginate } from '../pagination.ts';
import type { RateLimitStatus } from '../rate-limit.ts';
import type { Urls } from '../serialize.ts';
import type { GitHubState, IssueRecord, RepoRecord, UserRecord } from '../state.ts';

export interface HandlerContext {
  readonly state: GitHubState;
  /** The authenticated user. */
  readonly viewer: UserRecord;
  readonly operation: Operation;
  /** Path parameters, converted to their documented types and validated. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Query parameters, converted to their documented types and validated. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The JSON body, validated against the operation's schema; `undefined` when none was sent. */
  readonly body: unknown;
  readonly urls: Urls;
  /** The absolute URL of this request, for pagination links. */
  readonly requestUrl: URL;
  /** The viewer's budget before this request counts. */
  readonly rateLimit: RateLimitStatus;
}

export interface HandlerResult {
  readonly status: number;
  /** JSON body; `undefined` for an empty body (204). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (context: HandlerContext) => HandlerResult;

/** An answer GitHub gives instead of the resource: thrown by handlers, sent by the server. */
export class GitHubError extends Error {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.message));
    this.status = status;
    this.body = body;
  }
}

/** The request is valid for GitHub but uses something this test server does not model. */
export class UnsupportedError extends Error {}

/** One entry of a 422 `errors` array, e.g. `{ resource: 'Label', code: 'already_exists', field: 'name' }`. */
export interface FieldError {
  readonly resource: string;
  readonly code: string;
  readonly field?: string;
  readonly value?: string | number | null;
  readonly message?: string;
}

export function errorBody(context: Pick<HandlerContext, 'operation'>, status: number, message: string): Record<string, unknown> {
  return { message, documentation_url: context.operation.documentationUrl, status: String(status) };
}

export function notFound(context: HandlerContext, message = 'Not Found'): GitHubError {
  return new GitHubError(404, errorBody(context, 404, message));
}

export function forbidden(context: HandlerContext, message: string): GitHubError {
  return new GitHubError(403, errorBody(context, 403, message));
}

export function validationFailed(context: HandlerContext, errors: readonly FieldError[]): GitHubError {
  return new GitHubError(422, { ...errorBody(context, 422, 'Validation Failed'), errors });
}

/** The repository in the path, or 404 when it does not exist or the viewer cannot see it. */
export function readableRepo(context: HandlerContext): RepoRecord {
  const repo = context.state.repo(`${String(context.params.owner)}/${String(context.params.repo)}`);
  if (!repo || !context.state.canRead(repo, context.viewer.login)) throw notFound(context);
  return repo;
}

/** The issue in the path: 404 when unknown, 410 when deleted. */
export function readableIssue(context: HandlerContext, repo: RepoRecord): IssueRecord {
  const issue = context.state.issue(repo, Number(context.params.issue_number));
  if (!issue) throw notFound(context);
  if (issue.deleted) throw new GitHubError(410, errorBody(context, 410, 'This issue was deleted'));
  return issue;
}

export function requirePush(context: HandlerContext, repo: RepoRecord): void {
  if (!context.state.canPush(repo, context.viewer.login)) throw forbidden(context, 'Must have push access to repository');
}

/** A 200 page of a list, with GitHub's `Link` header when there is more than one page. */
export function pageOf<T>(context: HandlerContext, items: readonly T[], toJson: (item: T) => unknown): HandlerResult {
  const page = paginate(items, {
    requestUrl: context.requestUrl,
    perPage: context.query.per_page as number | undefined,
    page: context.query.page as number | undefined,
  });
  return { status: 200, body: page.items.map(toJson), headers: page.link ? { link: page.link } : {} };
}

/** Accepts `'name'` or `{ name }` items, as GitHub does for labels and assignees. */
export function names(items: readonly unknown[] | undefined, key: 'name' | 'login'): string[] {
  return (items ?? []).map((item) => (typeof item === 'string' ? item : String((item as Record<string, unknown>)[key])));
}

/** GitHub's limit on issue and comment bodies. */
export const MAX_BODY_LENGTH = 65_536;
