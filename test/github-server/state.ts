// The GitHub that the test server serves: users, tokens, repositories, collaborators, labels,
// issues, comments and files (git-store.ts), held in memory. Tests seed it directly (as any user, with no permission
// checks) and read it back; the HTTP handlers apply GitHub's permission rules and then call the
// same mutations, so both paths keep ids, counters and timestamps consistent.
import { GitStore } from './git-store.ts';

/** A repository role, from most to least powerful. */
export type RolePermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
export type UserType = 'User' | 'Bot';
export type IssueStateReason = 'completed' | 'reopened' | 'not_planned' | 'duplicate';

export interface UserRecord {
  readonly id: number;
  readonly nodeId: string;
  /** Case as registered; lookups are case-insensitive like GitHub's. */
  readonly login: string;
  readonly type: UserType;
  readonly name: string | null;
  readonly email: string | null;
  readonly siteAdmin: boolean;
  readonly createdAt: number;
}

export interface LabelRecord {
  readonly id: number;
  readonly nodeId: string;
  name: string;
  /** Six hex digits, lower case, without `#`. */
  color: string;
  description: string | null;
  /** One of the labels GitHub adds to every new repository. */
  readonly isDefault: boolean;
}

export interface IssueRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: IssueStateReason | null;
  /** Ids of the repository labels on the issue: renaming a label renames it everywhere. */
  labelIds: number[];
  /** Logins, in the order they were assigned. */
  assignees: string[];
  readonly author: string;
  readonly createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  locked: boolean;
  activeLockReason: string | null;
  /** How many comments the issue has: its `comments` field. */
  commentCount: number;
  /** A deleted issue answers 410 Gone. */
  deleted: boolean;
}

export interface CommentRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly issueNumber: number;
  body: string;
  readonly author: string;
  readonly createdAt: number;
  updatedAt: number;
}

export interface RepoRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly private: boolean;
  readonly description: string | null;
  readonly createdAt: number;
  /** Lower-case login → role. The owner is not listed: it is always `admin`. */
  readonly collaborators: Map<string, RolePermission>;
  readonly labels: LabelRecord[];
  readonly issues: Map<number, IssueRecord>;
  readonly comments: Map<number, CommentRecord>;
  /** The repository's files: blobs, trees, commits and branches. Seed with `state.commitFiles`. */
  readonly git: GitStore;
  /** The branch `repos/get` names as `default_branch`. */
  defaultBranch: string;
}

export interface GitHubStateOptions {
  /** The clock every timestamp comes from, in epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
}

/** How many entries GitHub sends of a recursive tree listing before it cuts it and says `truncated`. */
export const GITHUB_TREE_ENTRY_LIMIT = 100_000;

/** The labels GitHub creates in every new repository. */
const GITHUB_DEFAULT_LABELS: ReadonlyArray<readonly [string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

/** The colour GitHub gives a label created implicitly by naming it on an issue. */
export const IMPLICIT_LABEL_COLOR = 'ededed';

const PUSH_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`0:${id}`).toString('base64url')}`;
}

export class GitHubState {
  /** The injected clock, in epoch milliseconds. */
  readonly now: () => number;
  /** Entries of a tree listing sent before it is cut (`truncated: true`); tests lower it to reach the cut. */
  treeEntryLimit = GITHUB_TREE_ENTRY_LIMIT;
  readonly #users = new Map<string, UserRecord>();
  readonly #tokens = new Map<string, string>();
  readonly #repos = new Map<string, RepoRecord>();
  // Realistic magnitudes: issue, comment and label ids are int64 on github.com.
  #nextUserId = 10_000_001;
  #nextRepoId = 700_000_001;
  #nextIssueId = 2_500_000_001;
  #nextCommentId = 1_900_000_001;
  #nextLabelId = 6_000_000_001;

  constructor(options: GitHubStateOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The current time at GitHub's one-second precision. */
  timestamp(): number {
    return Math.floor(this.now() / 1000) * 1000;
  }

  // ---- users and tokens -------------------------------------------------------------

  /** Registers an account. Bots are named like GitHub Apps' bots, e.g. `redress-bot[bot]`. */
  addUser(input: { login: string; type?: UserType; name?: string | null; email?: string | null; siteAdmin?: boolean }): UserRecord {
    const key = input.login.toLowerCase();
    if (this.#users.has(key)) throw new Error(`User ${input.login} already exists`);
    const id = this.#nextUserId++;
    const type = input.type ?? (input.login.endsWith('[bot]') ? 'Bot' : 'User');
    const user: UserRecord = {
      id,
      nodeId: `${type === 'Bot' ? 'BOT' : 'U'}_kgDO${Buffer.from(String(id)).toString('base64url')}`,
      login: input.login,
      type,
      name: input.name ?? null,
      email: input.email ?? null,
      siteAdmin: input.siteAdmin ?? false,
      createdAt: this.timestamp(),
    };
    this.#users.set(key, user);
    return user;
  }

  user(login: string): UserRecord | undefined {
    return this.#users.get(login.toLowerCase());
  }

  /** Makes `token` authenticate as `login` (`authorization: token X` or `Bearer X`). */
  addToken(token: string, login: string): void {
    const user = this.requireUser(login);
    this.#tokens.set(token, user.login);
  }

  userForToken(token: string): UserRecord | undefined {
    const login = this.#tokens.get(token);
    return login === undefined ? undefined : this.user(login);
  }

  requireUser(login: string): UserRecord {
    const user = this.user(login);
    if (!user) throw new Error(`No user ${login}: add it with state.addUser first`);
    return user;
  }

  // ---- repositories and access --------------------------------------------------------

  /**
   * Creates a repository owned by `owner` (created as a user if unknown). Private by default,
   * like the repositories the tracker stores complaints in; with GitHub's nine default labels
   * unless `defaultLabels: false`.
   */
  addRepo(input: { owner: string; name: string; private?: boolean; description?: string | null; defaultLabels?: boolean; defaultBranch?: string }): RepoRecord {
    const owner = this.user(input.owner) ?? this.addUser({ login: input.owner });
    const fullName = `${owner.login}/${input.name}`;
    if (this.#repos.has(fullName.toLowerCase())) throw new Error(`Repository ${fullName} already exists`);
    const id = this.#nextRepoId++;
    const repo: RepoRecord = {
      id,
      nodeId: `R_kgDO${Buffer.from(String(id)).toString('base64url')}`,
      owner: owner.login,
      name: input.name,
      fullName,
      private: input.private ?? true,
      description: input.description ?? null,
      createdAt: this.timestamp(),
      collaborators: new Map(),
      labels: [],
      issues: new Map(),
      comments: new Map(),
      git: new GitStore(),
      defaultBranch: input.defaultBranch ?? 'main',
    };
    this.#repos.set(fullName.toLowerCase(), repo);
    if (input.defaultLabels ?? true) {
      for (const [name, color, description] of GITHUB_DEFAULT_LABELS) this.#insertLabel(repo, { name, color, description, isDefault: true });
    }
    return repo;
  }

  repo(fullName: string): RepoRecord | undefined {
    return this.#repos.get(fullName.toLowerCase());
  }

  requireRepo(fullName: string): RepoRecord {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`No repository ${fullName}: add it with state.addRepo first`);
    return repo;
  }

  /** Gives `login` a role on the repository (the user must exist). */
  addCollaborator(input: { repo: string; login: string; permission?: RolePermission }): void {
    const repo = this.requireRepo(input.repo);
    const user = this.requireUser(input.login);
    repo.collaborators.set(user.login.toLowerCase(), input.permission ?? 'write');
  }

  /** Takes `login`'s access to the repository away, as when a member of staff leaves. */
  removeCollaborator(input: { repo: string; login: string }): void {
    this.requireRepo(input.repo).collaborators.delete(input.login.toLowerCase());
  }

  /** The user's role on the repository: the owner is `admin`; strangers are `none`. */
  permissionOf(repo: RepoRecord, login: string): RolePermission | 'none' {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return 'admin';
    return repo.collaborators.get(login.toLowerCase()) ?? 'none';
  }

  canRead(repo: RepoRecord, login: string): boolean {
    return !repo.private || this.permissionOf(repo, login) !== 'none';
  }

  /** Push access: what GitHub requires to set labels, assignees and other people's content. */
  canPush(repo: RepoRecord, login: string): boolean {
    return PUSH_ROLES.has(this.permissionOf(repo, login));
  }

  /** Who may be assigned: the owner and the repository's collaborators. */
  isAssignable(repo: RepoRecord, login: string): boolean {
    return this.user(login) !== undefined && this.permissionOf(repo, login) !== 'none';
  }

  // ---- files ----------------------------------------------------------------------------

  /**
   * Commits files to a branch of the repository as `as` (default: the owner), as a push would: path → content, or
   * null to delete. The branch defaults to the repository's default branch and is created if new. Returns the
   * commit's sha.
   */
  commitFiles(input: { repo: string; files: Readonly<Record<string, string | null>>; branch?: string; message?: string; as?: string }): string {
    const repo = this.requireRepo(input.repo);
    return repo.git.commit({
      branch: input.branch ?? repo.defaultBranch,
      files: input.files,
      message: input.message ?? 'Update files',
      at: this.timestamp(),
      author: input.as ?? repo.owner,
    });
  }

  /** Renames a branch as GitHub does, the default branch's name following it. */
  renameBranch(input: { repo: string; from: string; to: string }): void {
    const repo = this.requireRepo(input.repo);
    repo.git.renameBranch(input.from, input.to);
    if (repo.defaultBranch === input.from) repo.defaultBranch = input.to;
  }

  /** Every file on a branch of the repository (default: its default branch), path → content. */
  repoFiles(fullName: string, branch?: string): Map<string, string> {
    const repo = this.requireRepo(fullName);
    return repo.git.files(branch ?? repo.defaultBranch);
  }

  // ---- labels ---------------------------------------------------------------------------

  label(repo: RepoRecord, name: string): LabelRecord | undefined {
    const key = name.toLowerCase();
    return repo.labels.find((label) => label.name.toLowerCase() === key);
  }

  /** The repository's labels, ordered by name like GitHub lists them. */
  labels(repo: RepoRecord): LabelRecord[] {
    return [...repo.labels].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  addLabel(input: { repo: string; name: string; color?: string; description?: string | null }): LabelRecord {
    const repo = this.requireRepo(input.repo);
    if (this.label(repo, input.name)) throw new Error(`Label ${input.name} already exists in ${repo.fullName}`);
    return this.#insertLabel(repo, { name: input.name, color: input.color ?? IMPLICIT_LABEL_COLOR, description: input.description ?? null, isDefault: false });
  }

  /** The label with that name, created with GitHub's implicit colour if the repository lacks it. */
  ensureLabel(repo: RepoRecord, name: string): LabelRecord {
    return this.label(repo, name) ?? this.#insertLabel(repo, { name, color: IMPLICIT_LABEL_COLOR, description: null, isDefault: false });
  }

  updateLabel(repo: RepoRecord, label: LabelRecord, patch: { name?: string; color?: string; description?: string | null }): void {
    if (patch.name !== undefined) label.name = patch.name;
    if (patch.color !== undefined) label.color = patch.color.toLowerCase();
    if (patch.description !== undefined) label.description = patch.description;
  }

  /** Deletes the label from the repository and from every issue that carried it. */
  deleteLabel(repo: RepoRecord, label: LabelRecord): void {
    repo.labels.splice(repo.labels.indexOf(label), 1);
    for (const issue of repo.issues.values()) issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  }

  #insertLabel(repo: RepoRecord, input: { name: string; color: string; description: string | null; isDefault: boolean }): LabelRecord {
    const id = this.#nextLabelId++;
    const label: LabelRecord = { id, nodeId: nodeId('LA', id), name: input.name, color: input.color.toLowerCase(), description: input.description, isDefault: input.isDefault };
    repo.labels.push(label);
    return label;
  }

  // ---- issues ---------------------------------------------------------------------------

  issue(repo: RepoRecord, number: number): IssueRecord | undefined {
    return repo.issues.get(number);
  }

  /** Every issue of the repository that was not deleted, in creation order. */
  issues(repo: RepoRecord): IssueRecord[] {
    return [...repo.issues.values()].filter((issue) => !issue.deleted);
  }

  /** The labels on an issue, ordered by name as GitHub shows them. */
  issueLabels(repo: RepoRecord, issue: IssueRecord): LabelRecord[] {
    return this.labels(repo).filter((label) => issue.labelIds.includes(label.id));
  }

  /**
   * Opens an issue as `as`. Direct seeding applies no permission checks: unknown labels are
   * created, assignees are taken as given. `state: 'closed'` closes it at creation time.
   */
  createIssue(input: {
    repo: string;
    as: string;
    title: string;
    body?: string | null;
    labels?: readonly string[];
    assignees?: readonly string[];
    state?: 'open' | 'closed';
    stateReason?: IssueStateReason;
    locked?: boolean;
  }): IssueRecord {
    const repo = this.requireRepo(input.repo);
    const author = this.requireUser(input.as);
    const now = this.timestamp();
    const id = this.#nextIssueId++;
    const number = this.#nextNumber(repo);
    const closed = input.state === 'closed';
    const issue: IssueRecord = {
      id,
      nodeId: nodeId('I', id),
      number,
      title: input.title,
      body: input.body ?? null,
      state: closed ? 'closed' : 'open',
      stateReason: closed ? (input.stateReason ?? 'completed') : null,
      labelIds: [],
      assignees: [],
      author: author.login,
      createdAt: now,
      updatedAt: now,
      closedAt: closed ? now : null,
      closedBy: closed ? author.login : null,
      locked: input.locked ?? false,
      activeLockReason: null,
      commentCount: 0,
      deleted: false,
    };
    issue.labelIds = this.#labelIdsFor(repo, input.labels ?? []);
    issue.assignees = this.#logins(input.assignees ?? []);
    repo.issues.set(number, issue);
    return issue;
  }

  /** Edits an issue as `by`, moving `updated_at`; closing records who closed it and why. */
  updateIssue(repo: RepoRecord, issue: IssueRecord, patch: {
    by: string;
    title?: string;
    body?: string | null;
    state?: 'open' | 'closed';
    stateReason?: IssueStateReason | null;
    labels?: readonly string[];
    assignees?: readonly string[];
  }): void {
    const now = this.timestamp();
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.state !== undefined && patch.state !== issue.state) {
      issue.state = patch.state;
      if (patch.state === 'closed') {
        issue.closedAt = now;
        issue.closedBy = this.requireUser(patch.by).login;
        issue.stateReason = patch.stateReason && patch.stateReason !== 'reopened' ? patch.stateReason : 'completed';
      } else {
        issue.closedAt = null;
        issue.stateReason = 'reopened';
      }
    }
    if (patch.labels !== undefined) issue.labelIds = this.#labelIdsFor(repo, patch.labels);
    if (patch.assignees !== undefined) issue.assignees = this.#logins(patch.assignees);
    issue.updatedAt = now;
  }

  /** Adds labels (creating unknown ones); already-present labels stay once. */
  addIssueLabels(repo: RepoRecord, issue: IssueRecord, names: readonly string[]): void {
    const ids = this.#labelIdsFor(repo, names);
    issue.labelIds = [...new Set([...issue.labelIds, ...ids])];
    issue.updatedAt = this.timestamp();
  }

  /** Removes one label; false when the issue did not carry it. */
  removeIssueLabel(repo: RepoRecord, issue: IssueRecord, name: string): boolean {
    const label = this.label(repo, name);
    if (!label || !issue.labelIds.includes(label.id)) return false;
    issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
    issue.updatedAt = this.timestamp();
    return true;
  }

  addAssignees(issue: IssueRecord, logins: readonly string[]): void {
    issue.assignees = this.#logins([...issue.assignees, ...logins]);
    issue.updatedAt = this.timestamp();
  }

  removeAssignees(issue: IssueRecord, logins: readonly string[]): void {
    const removed = new Set(logins.map((login) => login.toLowerCase()));
    issue.assignees = issue.assignees.filter((login) => !removed.has(login.toLowerCase()));
    issue.updatedAt = this.timestamp();
  }

  /** Marks an issue deleted: GitHub then answers 410 Gone for it. */
  deleteIssue(repo: RepoRecord, number: number): void {
    const issue = repo.issues.get(number);
    if (!issue) throw new Error(`No issue #${number} in ${repo.fullName}`);
    issue.deleted = true;
  }

  #nextNumber(repo: RepoRecord): number {
    return repo.issues.size + 1;
  }

  #labelIdsFor(repo: RepoRecord, names: readonly string[]): number[] {
    return [...new Set(names.map((name) => this.ensureLabel(repo, name).id))];
  }

  /** Canonical logins, each once. */
  #logins(logins: readonly string[]): string[] {
    const seen = new Map<string, string>();
    for (const login of logins) {
      const canonical = this.user(login)?.login ?? login;
      if (!seen.has(canonical.toLowerCase())) seen.set(canonical.toLowerCase(), canonical);
    }
    return [...seen.values()];
  }

  // ---- comments -------------------------------------------------------------------------

  comment(repo: RepoRecord, id: number): CommentRecord | undefined {
    const comment = repo.comments.get(id);
    return comment && !repo.issues.get(comment.issueNumber)?.deleted ? comment : undefined;
  }

  /** Comments of one issue, or of the whole repository, oldest first. */
  comments(repo: RepoRecord, issueNumber?: number): CommentRecord[] {
    return [...repo.comments.values()].filter((comment) =>
      issueNumber === undefined ? !repo.issues.get(comment.issueNumber)?.deleted : comment.issueNumber === issueNumber);
  }

  /** Comments on an issue as `as`, moving the issue's `updated_at` like GitHub does. */
  createComment(input: { repo: string; issueNumber: number; as: string; body: string }): CommentRecord {
    const repo = this.requireRepo(input.repo);
    const issue = repo.issues.get(input.issueNumber);
    if (!issue) throw new Error(`No issue #${input.issueNumber} in ${repo.fullName}`);
    const author = this.requireUser(input.as);
    const now = this.timestamp();
    const id = this.#nextCommentId++;
    const comment: CommentRecord = { id, nodeId: nodeId('IC', id), issueNumber: issue.number, body: input.body, author: author.login, createdAt: now, updatedAt: now };
    repo.comments.set(id, comment);
    issue.commentCount += 1;
    issue.updatedAt = now;
    return comment;
  }

  updateComment(repo: RepoRecord, comment: CommentRecord, body: string): void {
    const now = this.timestamp();
    comment.body = body;
    comment.updatedAt = now;
    const issue = repo.issues.get(comment.issueNumber);
    if (issue) issue.updatedAt = now;
  }

  deleteComment(repo: RepoRecord, comment: CommentRecord): void {
    repo.comments.delete(comment.id);
    const issue = repo.issues.get(comment.issueNumber);
    if (issue) {
      issue.commentCount -= 1;
      issue.updatedAt = this.timestamp();
    }
  }

  /** How GitHub describes the author's relation to the repository. */
  authorAssociation(repo: RepoRecord, login: string): 'OWNER' | 'COLLABORATOR' | 'NONE' {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return 'OWNER';
    return repo.collaborators.has(login.toLowerCase()) ? 'COLLABORATOR' : 'NONE';
  }
}
