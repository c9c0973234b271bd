// Issue comments: per issue and repository-wide listings, create, read, edit, delete.
import { comment as commentJson } from '../serialize.ts';
import type { CommentRecord, RepoRecord } from '../state.ts';
import type { HandlerContext } from './context.ts';
import { type Handler, MAX_BODY_LENGTH, forbidden, notFound, pageOf, readableIssue, readableRepo, validationFailed } from './context.ts';

function checkBody(context: HandlerContext): string {
  const { body } = context.body as { body: string };
  if (body.trim() === '') throw validationFailed(context, [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
  if (body.length > MAX_BODY_LENGTH) {
    throw validationFailed(context, [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${MAX_BODY_LENGTH} characters)` }]);
  }
  return body;
}

function readableComment(context: HandlerContext, repo: RepoRecord): CommentRecord {
  const comment = context.state.comment(repo, Number(context.params.comment_id));
  if (!comment) throw notFound(context);
  return comment;
}

/** Authors manage their own comments; other people's need push access. */
function requireOwnOrPush(context: HandlerContext, repo: RepoRecord, comment: CommentRecord): void {
  const own = comment.author.toLowerCase() === context.viewer.login.toLowerCase();
  if (!own && !context.state.canPush(repo, context.viewer.login)) throw forbidden(context, 'Must have push access to modify other people\'s comments.');
}

function sinceFilter(context: HandlerContext): (comment: CommentRecord) => boolean {
  const since = typeof context.query.since === 'string' ? Date.parse(context.query.since) : undefined;
  return (comment) => since === undefined || comment.updatedAt >= since;
}

/** `GET /repos/{owner}/{repo}/issues/{issue_number}/comments`: oldest first. */
export const listIssueComments: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  const comments = context.state.comments(repo, issue.number).filter(sinceFilter(context));
  return pageOf(context, comments, (comment) => commentJson(context.state, repo, comment, context.urls));
};

/**
 * `GET /repos/{owner}/{repo}/issues/comments`: ascending by id unless `sort` is given, in which
 * case `direction` defaults to `desc` (it is ignored without `sort`).
 */
export const listRepoComments: Handler = (context) => {
  const repo = readableRepo(context);
  const comments = context.state.comments(repo).filter(sinceFilter(context));
  const { sort, direction } = context.query;
  if (sort === 'created' || sort === 'updated') {
    const sign = direction === 'asc' ? 1 : -1;
    const key = (comment: CommentRecord): number => (sort === 'created' ? comment.createdAt : comment.updatedAt);
    comments.sort((a, b) => sign * (key(a) - key(b) || a.id - b.id));
  }
  return pageOf(context, comments, (comment) => commentJson(context.state, repo, comment, context.urls));
};

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/comments` */
export const createComment: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  const body = checkBody(context);
  if (issue.locked && !context.state.canPush(repo, context.viewer.login)) throw forbidden(context, 'Unable to create comment because issue is locked.');
  const comment = context.state.createComment({ repo: repo.fullName, issueNumber: issue.number, as: context.viewer.login, body });
  const json = commentJson(context.state, repo, comment, context.urls);
  return { status: 201, body: json, headers: { location: String(json.url) } };
};

/** `GET /repos/{owner}/{repo}/issues/comments/{comment_id}` */
export const getComment: Handler = (context) => {
  const repo = readableRepo(context);
  return { status: 200, body: commentJson(context.state, repo, readableComment(context, repo), context.urls) };
};

/** `PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}` */
export const updateComment: Handler = (context) => {
  const repo = readableRepo(context);
  const comment = readableComment(context, repo);
  requireOwnOrPush(context, repo, comment);
  context.state.updateComment(repo, comment, checkBody(context));
  return { status: 200, body: commentJson(context.state, repo, comment, context.urls) };
};

/** `DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}` */
export const deleteComment: Handler = (context) => {
  const repo = readableRepo(context);
  const comment = readableComment(context, repo);
  requireOwnOrPush(context, repo, comment);
  context.state.deleteComment(repo, comment);
  return { status: 204 };
};
