// Issues: create, read, edit and list, with GitHub's rules for who may set labels and
// assignees and how the list filters, sorts and pages.
import { issue as issueJson } from '../serialize.ts';
import type { HandlerContext, HandlerResult } from './context.ts';
import {
  type FieldError, type Handler, MAX_BODY_LENGTH, UnsupportedError, forbidden, names, pageOf, readableIssue, readableRepo, validationFailed,
} from './context.ts';
import type { IssueRecord, IssueStateReason, RepoRecord } from '../state.ts';

interface IssueFields {
  title?: string | number | null;
  body?: string | null;
  assignee?: string | null;
  assignees?: unknown[];
  labels?: unknown[];
  milestone?: string | number | null;
  state?: 'open' | 'closed';
  state_reason?: IssueStateReason | null;
  type?: string | null;
  issue_field_values?: unknown[];
}

function bodyTooLong(body: string | null | undefined): FieldError[] {
  return typeof body === 'string' && body.length > MAX_BODY_LENGTH
    ? [{ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)` }]
    : [];
}

function rejectUnmodelled(fields: IssueFields, allowNullMilestone: boolean): void {
  if (fields.milestone !== undefined && !(allowNullMilestone && fields.milestone === null)) throw new UnsupportedError('milestones are not modelled');
  if (fields.type !== undefined && fields.type !== null) throw new UnsupportedError('issue types are not modelled');
  if (fields.issue_field_values !== undefined) throw new UnsupportedError('issue field values are not modelled');
}

/** Requested assignees, each checked: GitHub refuses the whole request for one it cannot assign. */
function checkedAssignees(context: HandlerContext, repo: RepoRecord, fields: IssueFields): string[] | undefined {
  if (fields.assignees === undefined && fields.assignee === undefined) return undefined;
  const requested = [...names(fields.assignees, 'login'), ...(fields.assignee ? [fields.assignee] : [])];
  const invalid = requested.filter((login) => !context.state.isAssignable(repo, login));
  if (invalid.length > 0) throw validationFailed(context, invalid.map((login) => ({ resource: 'Issue', field: 'assignees', code: 'invalid', value: login })));
  return requested;
}

function created(context: HandlerContext, repo: RepoRecord, issue: IssueRecord, status: number): HandlerResult {
  const body = issueJson(context.state, repo, issue, context.urls);
  return { status, body, headers: status === 201 ? { location: String(body.url) } : {} };
}

/**
 * `POST /repos/{owner}/{repo}/issues`. Labels, assignees and milestone are silently dropped for
 * users without push access, as documented; unknown labels are created.
 */
export const createIssue: Handler = (context) => {
  const repo = readableRepo(context);
  const fields = context.body as IssueFields;
  rejectUnmodelled(fields, true);
  const title = String(fields.title ?? '');
  const errors = [...(title.trim() === '' ? [{ resource: 'Issue', code: 'missing_field', field: 'title' }] : []), ...bodyTooLong(fields.body)];
  if (errors.length > 0) throw validationFailed(context, errors);
  const pusher = context.state.canPush(repo, context.viewer.login);
  const assignees = pusher ? checkedAssignees(context, repo, fields) : undefined;
  const issue = context.state.createIssue({
    repo: repo.fullName,
    as: context.viewer.login,
    title,
    body: fields.body ?? null,
    labels: pusher ? names(fields.labels, 'name') : [],
    assignees: assignees ?? [],
  });
  return created(context, repo, issue, 201);
};

/** `GET /repos/{owner}/{repo}/issues/{issue_number}` */
export const getIssue: Handler = (context) => {
  const repo = readableRepo(context);
  return created(context, repo, readableIssue(context, repo), 200);
};

/**
 * `PATCH /repos/{owner}/{repo}/issues/{issue_number}`. The author may edit and close their own
 * issue; others need push access. Label and assignee changes without push access are dropped.
 */
export const updateIssue: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  const fields = context.body as IssueFields;
  rejectUnmodelled(fields, true);
  const pusher = context.state.canPush(repo, context.viewer.login);
  const author = issue.author.toLowerCase() === context.viewer.login.toLowerCase();
  if (!pusher && !author) throw forbidden(context, 'You do not have permission to update this issue.');

  const errors: FieldError[] = [...bodyTooLong(fields.body)];
  if (fields.title !== undefined && fields.title !== null && String(fields.title).trim() === '') errors.push({ resource: 'Issue', code: 'missing_field', field: 'title' });
  const changesState = fields.state !== undefined && fields.state !== issue.state;
  if (changesState && fields.state_reason) {
    const reopening = fields.state === 'open';
    if (reopening !== (fields.state_reason === 'reopened')) errors.push({ resource: 'Issue', code: 'invalid', field: 'state_reason', value: fields.state_reason });
  }
  if (errors.length > 0) throw validationFailed(context, errors);

  const assignees = pusher ? checkedAssignees(context, repo, { ...fields, assignee: fields.assignee ?? undefined }) : undefined;
  const clearsAssignee = pusher && fields.assignee === null && fields.assignees === undefined;
  context.state.updateIssue(repo, issue, {
    by: context.viewer.login,
    title: fields.title === undefined || fields.title === null ? undefined : String(fields.title),
    body: fields.body,
    state: fields.state,
    stateReason: changesState ? fields.state_reason : undefined,
    labels: pusher && fields.labels !== undefined ? names(fields.labels, 'name') : undefined,
    assignees: clearsAssignee ? [] : assignees,
  });
  return created(context, repo, issue, 200);
};

type Sort = 'created' | 'updated' | 'comments';

const SORT_KEY: Record<Sort, (issue: IssueRecord) => number> = {
  created: (issue) => issue.createdAt,
  updated: (issue) => issue.updatedAt,
  comments: (issue) => issue.commentCount,
};

/**
 * `GET /repos/{owner}/{repo}/issues`: state (default open), labels (all must match), since
 * (updated at or after), assignee, creator, sort (default created) and direction (default desc).
 */
export const listIssues: Handler = (context) => {
  const repo = readableRepo(context);
  const { query, state } = context;
  for (const name of ['mentioned', 'type', 'issue_field_values']) if (query[name] !== undefined) throw new UnsupportedError(`the ${name} filter is not modelled`);
  if (query.milestone !== undefined && query.milestone !== 'none' && query.milestone !== '*') throw new UnsupportedError('milestones are not modelled');

  const wantedState = (query.state as string | undefined) ?? 'open';
  const wantedLabels = typeof query.labels === 'string' ? query.labels.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean) : [];
  const since = typeof query.since === 'string' ? Date.parse(query.since) : undefined;
  const assignee = query.assignee as string | undefined;
  const creator = (query.creator as string | undefined)?.toLowerCase();

  const matching = state.issues(repo).filter((issue) => {
    if (wantedState !== 'all' && issue.state !== wantedState) return false;
    if (query.milestone === '*') return false;
    if (since !== undefined && issue.updatedAt < since) return false;
    if (creator !== undefined && issue.author.toLowerCase() !== creator) return false;
    if (assignee === 'none' && issue.assignees.length > 0) return false;
    if (assignee === '*' && issue.assignees.length === 0) return false;
    if (assignee !== undefined && assignee !== 'none' && assignee !== '*' && !issue.assignees.some((login) => login.toLowerCase() === assignee.toLowerCase())) return false;
    const labelNames = state.issueLabels(repo, issue).map((label) => label.name.toLowerCase());
    return wantedLabels.every((name) => labelNames.includes(name));
  });

  const key = SORT_KEY[(query.sort as Sort | undefined) ?? 'created'];
  const sign = query.direction === 'asc' ? 1 : -1;
  matching.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  return pageOf(context, matching, (issue) => issueJson(state, repo, issue, context.urls));
};
