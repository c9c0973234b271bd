// Assigning issues. GitHub silently ignores assignees it cannot assign here (unlike issue
// creation, which refuses them), and ignores the request entirely without push access.
import { issue as issueJson } from '../serialize.ts';
import { type Handler, names, notFound, readableIssue, readableRepo } from './context.ts';

/** GitHub's limit on assignees per issue. */
const MAX_ASSIGNEES = 10;

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/assignees` */
export const addAssignees: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  if (context.state.canPush(repo, context.viewer.login)) {
    const wanted = names((context.body as { assignees?: unknown[] } | undefined)?.assignees, 'login')
      .filter((login) => context.state.isAssignable(repo, login));
    const room = MAX_ASSIGNEES - issue.assignees.length;
    const fresh = wanted.filter((login) => !issue.assignees.some((current) => current.toLowerCase() === login.toLowerCase()));
    if (fresh.length > 0) context.state.addAssignees(issue, fresh.slice(0, Math.max(0, room)));
  }
  return { status: 201, body: issueJson(context.state, repo, issue, context.urls) };
};

/** `DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees` */
export const removeAssignees: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  if (context.state.canPush(repo, context.viewer.login)) {
    const logins = (context.body as { assignees: string[] }).assignees;
    if (logins.some((login) => issue.assignees.some((current) => current.toLowerCase() === login.toLowerCase()))) context.state.removeAssignees(issue, logins);
  }
  return { status: 200, body: issueJson(context.state, repo, issue, context.urls) };
};

/** `GET /repos/{owner}/{repo}/assignees/{assignee}`: 204 when assignable, 404 otherwise. */
export const checkAssignable: Handler = (context) => {
  const repo = readableRepo(context);
  if (!context.state.isAssignable(repo, String(context.params.assignee))) throw notFound(context);
  return { status: 204 };
};
