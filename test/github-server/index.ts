// The GitHub test server: start it, seed its state, point Octokit at `server.url`.
export { startGitHubServer } from './server.ts';
export type { GitHubServerOptions, GitHubTestServer, RequestRecord, Violation, ViolationKind } from './server.ts';
export { GITHUB_TREE_ENTRY_LIMIT, GitHubState } from './state.ts';
export { GitStore } from './git-store.ts';
export type { GitTreeEntry } from './git-store.ts';
export type { CommentRecord, IssueRecord, IssueStateReason, LabelRecord, RepoRecord, RolePermission, UserRecord, UserType } from './state.ts';
export { FaultInjector } from './faults.ts';
export type { Fault, FaultMatch, FaultRule } from './faults.ts';
export { RateLimiter } from './rate-limit.ts';
export { CONTENT_CREATING_OPERATIONS, ContentCreationLimiter, GITHUB_CONTENT_LIMITS } from './content-limit.ts';
export type { ContentLimits } from './content-limit.ts';
export type { RateLimitStatus } from './rate-limit.ts';
export { findOperation, formatProblem, normalizeSchema, validateRequest, validateResponse } from './openapi.ts';
export type { Operation, OperationMatch, RequestCheck, SchemaProblem } from './openapi.ts';
