// JSON representations of the state, field for field as api.github.com returns them.
// Every field the OpenAPI schemas require is present; responses are validated against them.
import type { CommentRecord, GitHubState, IssueRecord, LabelRecord, RepoRecord, RolePermission, UserRecord } from './state.ts';

/** Where the server's resources live: `api` is the test server's base URL, `web` the HTML host. */
export interface Urls {
  readonly api: string;
  readonly web: string;
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function segment(text: string): string {
  return encodeURIComponent(text);
}

export function simpleUser(user: UserRecord, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/users/${segment(user.login)}`;
  const slug = user.login.replace(/\[bot\]$/, '');
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/${user.type === 'Bot' ? 'in' : 'u'}/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: user.type === 'Bot' ? `${urls.web}/apps/${segment(slug)}` : `${urls.web}/${segment(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: user.siteAdmin,
  };
}

/** `GET /user`: the authenticated account's private view. */
export function privateUser(user: UserRecord, urls: Urls): Record<string, unknown> {
  return {
    ...simpleUser(user, urls),
    user_view_type: 'private',
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: user.email,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: iso(user.createdAt),
    updated_at: iso(user.createdAt),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

export function label(repo: RepoRecord, record: LabelRecord, urls: Urls): Record<string, unknown> {
  return {
    id: record.id,
    node_id: record.nodeId,
    url: `${urls.api}/repos/${repo.fullName}/labels/${segment(record.name)}`,
    name: record.name,
    color: record.color,
    default: record.isDefault,
    description: record.description,
  };
}

function reactions(url: string): Record<string, unknown> {
  return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

function userOrNull(state: GitHubState, login: string | null, urls: Urls): Record<string, unknown> | null {
  if (login === null) return null;
  const user = state.user(login);
  return user ? simpleUser(user, urls) : null;
}

export function issue(state: GitHubState, repo: RepoRecord, record: IssueRecord, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}/issues/${record.number}`;
  const assignees = record.assignees.map((login) => state.user(login)).filter((user) => user !== undefined).map((user) => simpleUser(user, urls));
  return {
    url: api,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.web}/${repo.fullName}/issues/${record.number}`,
    id: record.id,
    node_id: record.nodeId,
    number: record.number,
    title: record.title,
    user: userOrNull(state, record.author, urls),
    labels: state.issueLabels(repo, record).map((item) => label(repo, item, urls)),
    state: record.state,
    locked: record.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: record.commentCount,
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
    closed_at: record.closedAt === null ? null : iso(record.closedAt),
    author_association: state.authorAssociation(repo, record.author),
    active_lock_reason: record.activeLockReason,
    body: record.body,
    closed_by: userOrNull(state, record.closedBy, urls),
    reactions: reactions(`${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: record.stateReason,
  };
}

export function comment(state: GitHubState, repo: RepoRecord, record: CommentRecord, urls: Urls): Record<string, unknown> {
  const url = `${urls.api}/repos/${repo.fullName}/issues/comments/${record.id}`;
  return {
    url,
    html_url: `${urls.web}/${repo.fullName}/issues/${record.issueNumber}#issuecomment-${record.id}`,
    issue_url: `${urls.api}/repos/${repo.fullName}/issues/${record.issueNumber}`,
    id: record.id,
    node_id: record.nodeId,
    user: userOrNull(state, record.author, urls),
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
    author_association: state.authorAssociation(repo, record.author),
    body: record.body,
    reactions: reactions(`${url}/reactions`),
    performed_via_github_app: null,
  };
}

const LEGACY_PERMISSION: Record<RolePermission | 'none', string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read', none: 'none' };

/** The `permissions` object GitHub adds for the viewer or a collaborator. */
export function permissions(role: RolePermission | 'none'): Record<string, boolean> {
  const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}

/** `GET /repos/{owner}/{repo}/collaborators/{username}/permission`. */
export function collaboratorPermission(repo: RepoRecord, user: UserRecord, role: RolePermission | 'none', urls: Urls): Record<string, unknown> {
  return {
    permission: LEGACY_PERMISSION[role],
    role_name: role,
    user: { ...simpleUser(user, urls), permissions: permissions(role), role_name: role },
  };
}

/** `GET /repos/{owner}/{repo}` as seen by `viewer`. */
export function fullRepository(state: GitHubState, repo: RepoRecord, viewer: UserRecord, urls: Urls): Record<string, unknown> {
  const owner = state.requireUser(repo.owner);
  const api = `${urls.api}/repos/${repo.fullName}`;
  const html = `${urls.web}/${repo.fullName}`;
  const openIssues = state.issues(repo).filter((issue) => issue.state === 'open').length;
  const lastActivity = Math.max(repo.createdAt, ...state.issues(repo).map((issue) => issue.updatedAt));
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: simpleUser(owner, urls),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: iso(repo.createdAt),
    updated_at: iso(lastActivity),
    pushed_at: iso(repo.createdAt),
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: !repo.private,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: !repo.private,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    permissions: permissions(state.permissionOf(repo, viewer.login)),
    network_count: 0,
    subscribers_count: 1,
  };
}

/** `GET /rate_limit`. */
export function rateLimitOverview(core: { limit: number; remaining: number; used: number; reset: number }): Record<string, unknown> {
  const untouched = (limit: number): Record<string, number> => ({ limit, remaining: limit, used: 0, reset: core.reset });
  return {
    resources: { core, search: untouched(30), graphql: untouched(5000), integration_manifest: untouched(5000), code_search: untouched(10) },
    rate: core,
  };
}
