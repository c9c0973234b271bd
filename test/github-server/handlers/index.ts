// The endpoints the test server implements, keyed by GitHub's operation id. Routing itself
// comes from GitHub's OpenAPI description: a path matches an operation there first.
import { addAssignees, checkAssignable, removeAssignees } from './assignees.ts';
import { createComment, deleteComment, getComment, listIssueComments, listRepoComments, updateComment } from './comments.ts';
import type { Handler } from './context.ts';
import { getBlob, getTree } from './git.ts';
import { createIssue, getIssue, listIssues, updateIssue } from './issues.ts';
import {
  addIssueLabels, createLabel, deleteLabel, getLabel, listIssueLabels, listLabels, removeAllIssueLabels, removeIssueLabel, setIssueLabels, updateLabel,
} from './labels.ts';
import { getAuthenticatedUser, getCollaboratorPermission, getRateLimit, getRepo } from './repos.ts';

export const handlers: Readonly<Record<string, Handler>> = {
  'repos/get': getRepo,
  'users/get-authenticated': getAuthenticatedUser,
  'rate-limit/get': getRateLimit,
  'repos/get-collaborator-permission-level': getCollaboratorPermission,

  'issues/create': createIssue,
  'issues/get': getIssue,
  'issues/update': updateIssue,
  'issues/list-for-repo': listIssues,

  'issues/list-comments': listIssueComments,
  'issues/list-comments-for-repo': listRepoComments,
  'issues/create-comment': createComment,
  'issues/get-comment': getComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,

  'issues/list-labels-for-repo': listLabels,
  'issues/create-label': createLabel,
  'issues/get-label': getLabel,
  'issues/update-label': updateLabel,
  'issues/delete-label': deleteLabel,
  'issues/list-labels-on-issue': listIssueLabels,
  'issues/add-labels': addIssueLabels,
  'issues/set-labels': setIssueLabels,
  'issues/remove-label': removeIssueLabel,
  'issues/remove-all-labels': removeAllIssueLabels,

  'issues/add-assignees': addAssignees,
  'issues/remove-assignees': removeAssignees,
  'issues/check-user-can-be-assigned': checkAssignable,

  'git/get-tree': getTree,
  'git/get-blob': getBlob,
};

/** Operations whose requests never count against the rate limit. */
export const FREE_OPERATIONS: ReadonlySet<string> = new Set(['rate-limit/get']);
