// Repository labels and the labels on an issue. Names are case-insensitive, like GitHub's.
import { label as labelJson } from '../serialize.ts';
import type { LabelRecord, RepoRecord } from '../state.ts';
import type { FieldError, HandlerContext, HandlerResult } from './context.ts';
import { type Handler, names, notFound, pageOf, readableIssue, readableRepo, requirePush, validationFailed } from './context.ts';

const MAX_DESCRIPTION = 100;

function labelErrors(input: { color?: string; description?: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(input.color)) errors.push({ resource: 'Label', code: 'invalid', field: 'color', value: input.color });
  if (input.description !== undefined && input.description.length > MAX_DESCRIPTION) {
    errors.push({ resource: 'Label', code: 'custom', field: 'description', message: `description is too long (maximum is ${MAX_DESCRIPTION} characters)` });
  }
  return errors;
}

function namedLabel(context: HandlerContext, repo: RepoRecord): LabelRecord {
  const label = context.state.label(repo, String(context.params.name));
  if (!label) throw notFound(context);
  return label;
}

function labelsOfIssue(context: HandlerContext, repo: RepoRecord, status: number): HandlerResult {
  const issue = readableIssue(context, repo);
  return { status, body: context.state.issueLabels(repo, issue).map((label) => labelJson(repo, label, context.urls)) };
}

/** `GET /repos/{owner}/{repo}/labels` */
export const listLabels: Handler = (context) => {
  const repo = readableRepo(context);
  return pageOf(context, context.state.labels(repo), (label) => labelJson(repo, label, context.urls));
};

/** `POST /repos/{owner}/{repo}/labels`: 422 `already_exists` when the name is taken in any case. */
export const createLabel: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const input = context.body as { name: string; color?: string; description?: string };
  const errors = labelErrors(input);
  if (input.name.trim() === '') errors.push({ resource: 'Label', code: 'missing_field', field: 'name' });
  else if (context.state.label(repo, input.name)) errors.push({ resource: 'Label', code: 'already_exists', field: 'name' });
  if (errors.length > 0) throw validationFailed(context, errors);
  const label = context.state.addLabel({ repo: repo.fullName, name: input.name, color: input.color, description: input.description ?? null });
  const json = labelJson(repo, label, context.urls);
  return { status: 201, body: json, headers: { location: String(json.url) } };
};

/** `GET /repos/{owner}/{repo}/labels/{name}` */
export const getLabel: Handler = (context) => {
  const repo = readableRepo(context);
  return { status: 200, body: labelJson(repo, namedLabel(context, repo), context.urls) };
};

/** `PATCH /repos/{owner}/{repo}/labels/{name}` */
export const updateLabel: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const label = namedLabel(context, repo);
  const input = context.body as { new_name?: string; color?: string; description?: string };
  const errors = labelErrors(input);
  const clash = input.new_name === undefined ? undefined : context.state.label(repo, input.new_name);
  if (clash && clash !== label) errors.push({ resource: 'Label', code: 'already_exists', field: 'name' });
  if (errors.length > 0) throw validationFailed(context, errors);
  context.state.updateLabel(repo, label, { name: input.new_name, color: input.color, description: input.description });
  return { status: 200, body: labelJson(repo, label, context.urls) };
};

/** `DELETE /repos/{owner}/{repo}/labels/{name}`: also removes it from every issue. */
export const deleteLabel: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  context.state.deleteLabel(repo, namedLabel(context, repo));
  return { status: 204 };
};

/** `GET /repos/{owner}/{repo}/issues/{issue_number}/labels` */
export const listIssueLabels: Handler = (context) => {
  const repo = readableRepo(context);
  const issue = readableIssue(context, repo);
  return pageOf(context, context.state.issueLabels(repo, issue), (label) => labelJson(repo, label, context.urls));
};

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/labels`: adds, creating unknown labels. */
export const addIssueLabels: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const issue = readableIssue(context, repo);
  context.state.addIssueLabels(repo, issue, names((context.body as { labels?: unknown[] }).labels, 'name'));
  return labelsOfIssue(context, repo, 200);
};

/** `PUT /repos/{owner}/{repo}/issues/{issue_number}/labels`: replaces, creating unknown labels. */
export const setIssueLabels: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const issue = readableIssue(context, repo);
  const labels = names((context.body as { labels?: unknown[] } | undefined)?.labels, 'name');
  context.state.updateIssue(repo, issue, { by: context.viewer.login, labels });
  return labelsOfIssue(context, repo, 200);
};

/** `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}`: 404 when not on the issue. */
export const removeIssueLabel: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const issue = readableIssue(context, repo);
  if (!context.state.removeIssueLabel(repo, issue, String(context.params.name))) throw notFound(context, 'Label does not exist');
  return labelsOfIssue(context, repo, 200);
};

/** `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels` */
export const removeAllIssueLabels: Handler = (context) => {
  const repo = readableRepo(context);
  requirePush(context, repo);
  const issue = readableIssue(context, repo);
  context.state.updateIssue(repo, issue, { by: context.viewer.login, labels: [] });
  return { status: 204 };
};
