/**
 * Cases as issues of one private GitHub repository. The Octokit client is passed in (see github-client.ts); this
 * class only maps the CaseStore interface onto the REST API, with a budget on the reads it makes to find a case.
 */
import {
  CaseNotFoundError,
  type AuthorAssociation,
  type CaseStore,
  type LabelSpec,
  type NewCase,
  type Permission,
  type StoredCase,
  type StoredComment,
} from '../../core/case/case-store.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import type { GitHubClient } from './github-client.ts';

type Issue = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];
type IssueComment = Awaited<ReturnType<GitHubClient['rest']['issues']['createComment']>>['data'];

/** GitHub refuses an issue or comment body longer than this many characters. */
export const MAX_BODY_CHARACTERS = 65_536;

export interface GitHubCaseStoreOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The login of the token's account, whose comments are the software's own; asked of GitHub when not given. */
  botLogin?: string;
  /**
   * Other accounts Redress writes as (the server's, when the workflows write with a token of their own): their
   * comments that start with a Redress marker are the software's own too.
   */
  writers?: readonly string[];
  /** Pages of 100 issues read at most to find an earlier creation of a case. */
  readBudgetPages?: number;
  /** Wait before looking again after a creation whose answer was lost (GitHub may still be writing it). */
  settleMs?: number;
  now?: () => number;
  log?: Logger;
}

// How far our clock and GitHub's may disagree; the duplicate look-up starts this much before the receipt.
const CLOCK_SKEW_MS = 2 * 60_000;
const LOCK_PREFIX = 'redress-lock:';

export class GitHubCaseStore implements CaseStore {
  readonly kind = 'github' as const;
  readonly #octokit: GitHubClient;
  readonly #repo: { owner: string; repo: string };
  readonly #budget: number;
  readonly #settleMs: number;
  readonly #now: () => number;
  readonly #log: Logger;
  #botLogin: Promise<string | undefined> | undefined;
  readonly #writers: readonly string[];
  #knownLabels: Promise<Set<string>> | undefined;
  #ensuring: Promise<void> = Promise.resolve();
  /** Creations under way in this process, by reference: a second caller waits for the first instead of racing it. */
  readonly #creating = new Map<string, Promise<{ case: StoredCase; created: boolean }>>();

  constructor(options: GitHubCaseStoreOptions) {
    this.#octokit = options.octokit;
    this.#repo = { owner: options.owner, repo: options.repo };
    this.#budget = options.readBudgetPages ?? 10;
    this.#settleMs = options.settleMs ?? 1_500;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? silentLogger;
    if (options.botLogin) this.#botLogin = Promise.resolve(options.botLogin);
    this.#writers = (options.writers ?? []).map((login) => login.toLowerCase());
  }

  createCase(input: NewCase): Promise<{ case: StoredCase; created: boolean }> {
    const running = this.#creating.get(input.reference);
    if (running) return running.then((result) => ({ ...result, created: false }));
    const attempt = this.#create(input).finally(() => this.#creating.delete(input.reference));
    this.#creating.set(input.reference, attempt);
    return attempt;
  }

  async #create(input: NewCase): Promise<{ case: StoredCase; created: boolean }> {
    checkLength(input.body);
    const since = input.notCreatedBefore;
    // Looking costs a page of reads or more; a first attempt cannot have been made before.
    const existing = input.firstAttempt ? undefined : await this.#find(input.reference, since);
    if (existing) return { case: existing, created: false };
    const { firstAttempt: _first, ...issue } = input;
    let assignees = issue.assignees;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { data } = await this.#octokit.rest.issues.create({
          ...this.#repo,
          title: issue.title,
          body: issue.body,
          labels: issue.labels,
          assignees,
          // Never repeat this POST blindly: a lost answer may hide a created issue. We look for it, then retry.
          request: { retries: 0 },
        });
        return { case: toStoredCase(data, input.reference), created: true };
      } catch (error) {
        if (isUnassignable(error) && assignees.length > 0) {
          // GitHub refuses the whole issue for one login it cannot assign: create it, then assign who can be.
          this.#log.warn('Assignees could not be set on a new case; creating it unassigned', { reference: input.reference, assignees });
          assignees = [];
          continue;
        }
        // A rate-limited request was refused, not applied: nothing to look for, and asking again now would be refused.
        if (!isTransient(error) || isRateLimited(error) || attempt >= 3) throw error;
        await sleep(this.#settleMs);
        const created = await this.#find(input.reference, since);
        if (created) return { case: created, created: true };
      }
    }
  }

  findByReference(reference: string): Promise<StoredCase | undefined> {
    return this.#find(reference, undefined);
  }

  /**
   * The case titled with `reference`, newest first, among issues created since `since` (all issues otherwise), read
   * a page of 100 at a time. Running out of budget before the window is covered is an error, not "not found":
   * answering "not found" wrongly would create a second case.
   */
  async #find(reference: string, since: string | undefined): Promise<StoredCase | undefined> {
    const from = since === undefined ? undefined : Date.parse(since) - CLOCK_SKEW_MS;
    for (let page = 1; page <= this.#budget; page += 1) {
      const { data } = await this.#octokit.rest.issues.listForRepo({
        ...this.#repo,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
        page,
        ...(from === undefined ? {} : { since: new Date(from).toISOString() }),
      });
      const match = data.find((issue) => !issue.pull_request && referenceOf(issue.title) === reference);
      if (match) return toStoredCase(match, reference);
      const oldest = data.at(-1);
      if (data.length < 100 || (from !== undefined && oldest && Date.parse(oldest.created_at) < from)) return undefined;
    }
    throw new Error(`Looked through ${this.#budget * 100} cases without covering the period; could not tell whether ${reference} exists.`);
  }

  async getCase(id: string): Promise<StoredCase> {
    try {
      const { data } = await this.#octokit.rest.issues.get({ ...this.#repo, issue_number: issueNumber(id) });
      return toStoredCase(data);
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 410) throw new CaseNotFoundError(id);
      throw error;
    }
  }

  async listOpenCases(options: { since?: string } = {}): Promise<StoredCase[]> {
    const issues = await this.#octokit.paginate(this.#octokit.rest.issues.listForRepo, {
      ...this.#repo,
      state: 'open',
      labels: 'complaint',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
      ...(options.since ? { since: options.since } : {}),
    });
    return issues.filter((issue) => !issue.pull_request).map((issue) => toStoredCase(issue));
  }

  async listCases({ state }: { state: 'open' | 'closed' | 'all' }): Promise<StoredCase[]> {
    const issues = await this.#octokit.paginate(this.#octokit.rest.issues.listForRepo, { ...this.#repo, state, labels: 'complaint', sort: 'created', direction: 'asc', per_page: 100 });
    return issues.filter((issue) => !issue.pull_request).map((issue) => toStoredCase(issue));
  }

  async listComments(id: string, options: { since?: string } = {}): Promise<StoredComment[]> {
    const comments = await this.#octokit.paginate(this.#octokit.rest.issues.listComments, {
      ...this.#repo,
      issue_number: issueNumber(id),
      per_page: 100,
      ...(options.since ? { since: options.since } : {}),
    });
    const bot = await this.#bot();
    return comments.map((comment) => toStoredComment(comment, bot, this.#writers));
  }

  async addComment(id: string, body: string): Promise<StoredComment> {
    checkLength(body);
    const { data } = await this.#octokit.rest.issues.createComment({ ...this.#repo, issue_number: issueNumber(id), body, request: { retries: 0 } });
    return toStoredComment(data, await this.#bot(), this.#writers);
  }

  async updateComment(id: string, commentId: string, body: string): Promise<StoredComment> {
    checkLength(body);
    const { data } = await this.#octokit.rest.issues.updateComment({ ...this.#repo, comment_id: Number(commentId), body });
    void id;
    return toStoredComment(data, await this.#bot(), this.#writers);
  }

  async updateBody(id: string, body: string): Promise<void> {
    checkLength(body);
    await this.#octokit.rest.issues.update({ ...this.#repo, issue_number: issueNumber(id), body });
  }

  async addLabels(id: string, labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    await this.#octokit.rest.issues.addLabels({ ...this.#repo, issue_number: issueNumber(id), labels: [...labels] });
  }

  async removeLabel(id: string, label: string): Promise<void> {
    try {
      await this.#octokit.rest.issues.removeLabel({ ...this.#repo, issue_number: issueNumber(id), name: label });
    } catch (error) {
      // 404 for a label the issue does not carry: removing it again is done. A missing issue still fails.
      if (statusOf(error) !== 404) throw error;
      await this.getCase(id);
    }
  }

  async setAssignees(id: string, assignees: readonly string[]): Promise<void> {
    await this.#octokit.rest.issues.update({ ...this.#repo, issue_number: issueNumber(id), assignees: [...assignees] });
  }

  async setState(id: string, state: 'open' | 'closed'): Promise<void> {
    await this.#octokit.rest.issues.update({ ...this.#repo, issue_number: issueNumber(id), state, state_reason: state === 'open' ? 'reopened' : 'completed' });
  }

  /** Creates the labels the repository lacks (one list per process, then one request per missing label). */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    // One at a time: two submissions arriving together would otherwise both create every missing label.
    const run = this.#ensuring.then(() => this.#ensureLabels(labels));
    this.#ensuring = run.catch(() => undefined);
    return run;
  }

  async #ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    this.#knownLabels ??= this.#octokit
      .paginate(this.#octokit.rest.issues.listLabelsForRepo, { ...this.#repo, per_page: 100 })
      .then((existing) => new Set(existing.map((label) => label.name.toLowerCase())));
    let known: Set<string>;
    try {
      known = await this.#knownLabels;
    } catch (error) {
      this.#knownLabels = undefined;
      throw error;
    }
    for (const label of labels) {
      if (known.has(label.name.toLowerCase())) continue;
      try {
        await this.#octokit.rest.issues.createLabel({ ...this.#repo, name: label.name, color: label.color, description: label.description.slice(0, 100) });
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
      known.add(label.name.toLowerCase());
    }
  }

  /**
   * A repository label `redress-lock:<name>` is the lock: creating a label is atomic (422 when it exists), and its
   * description records the holder and when the lock lapses.
   */
  async acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const label = `${LOCK_PREFIX}${name}`.slice(0, 50);
    const description = `holder=${holder} until=${new Date(this.#now() + ttlMs).toISOString()}`.slice(0, 100);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.#octokit.rest.issues.createLabel({ ...this.#repo, name: label, color: '000000', description, request: { retries: 0 } });
        return true;
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
      const current = await this.#readLock(label);
      if (!current) continue;
      if (current.holder === holder) {
        await this.#octokit.rest.issues.updateLabel({ ...this.#repo, name: label, description });
        return true;
      }
      if (current.until > this.#now()) return false;
      this.#log.warn('Taking over a stale lock', { lock: name });
      await this.#deleteLabel(label);
    }
    return false;
  }

  async releaseLock(name: string, holder: string): Promise<void> {
    const label = `${LOCK_PREFIX}${name}`.slice(0, 50);
    const current = await this.#readLock(label);
    if (current?.holder === holder) await this.#deleteLabel(label);
  }

  async #readLock(label: string): Promise<{ holder: string; until: number } | undefined> {
    try {
      const { data } = await this.#octokit.rest.issues.getLabel({ ...this.#repo, name: label });
      const match = /^holder=(\S+) until=(\S+)$/.exec(data.description ?? '');
      // A lock label someone edited by hand counts as lapsed rather than held for ever.
      return match ? { holder: match[1] as string, until: Date.parse(match[2] as string) || 0 } : { holder: '', until: 0 };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async #deleteLabel(label: string): Promise<void> {
    try {
      await this.#octokit.rest.issues.deleteLabel({ ...this.#repo, name: label });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  /**
   * The person's role on the repository now, from the collaborator permission endpoint. `role_name` says
   * maintain and triage where the legacy `permission` says write and read; a custom role is read by the legacy
   * field it grants. A login GitHub does not know (404) has no access.
   */
  async permissionOf(person: string): Promise<Permission> {
    try {
      const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.#repo, username: person });
      const role = data.role_name as Permission;
      if ((['admin', 'maintain', 'write', 'triage', 'read'] as const).includes(role as 'read')) return role;
      return (['admin', 'write', 'read'] as const).find((p) => p === data.permission) ?? 'none';
    } catch (error) {
      if (statusOf(error) === 404) return 'none';
      throw error;
    }
  }

  /** The token's own login; undefined where GitHub will not say (an Actions token), and then markers decide. */
  #bot(): Promise<string | undefined> {
    this.#botLogin ??= this.#octokit.rest.users.getAuthenticated().then(
      ({ data }) => data.login,
      (error: unknown) => {
        this.#log.warn('Could not read the token’s own login; recognising the software’s comments by their markers', { error });
        return undefined;
      },
    );
    return this.#botLogin;
  }
}

/** The reference a case title starts with ("RDR-7KX4-M9QP-2TK · ceccc"). */
function referenceOf(title: string): string {
  return title.split(/\s/, 1)[0] ?? '';
}

function issueNumber(id: string): number {
  const number = Number(id);
  if (!Number.isInteger(number) || number < 1) throw new CaseNotFoundError(id);
  return number;
}

function checkLength(body: string): void {
  if (body.length > MAX_BODY_CHARACTERS) {
    throw new Error(`GitHub takes at most ${MAX_BODY_CHARACTERS} characters in an issue or comment body; this one has ${body.length}.`);
  }
}

type LabelLike = string | { name?: string };

function toStoredCase(issue: Pick<Issue, 'number' | 'title' | 'body' | 'state' | 'labels' | 'assignees' | 'created_at' | 'updated_at'> & { comments?: number; user?: { login: string } | null }, reference?: string): StoredCase {
  return {
    id: String(issue.number),
    reference: reference ?? referenceOf(issue.title),
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: (issue.labels as LabelLike[]).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((user) => user.login),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    ...(typeof issue.comments === 'number' ? { commentCount: issue.comments } : {}),
    ...(issue.user?.login ? { author: issue.user.login } : {}),
  };
}

function toStoredComment(comment: IssueComment, botLogin: string | undefined, writers: readonly string[]): StoredComment {
  const login = comment.user?.login ?? 'ghost';
  const body = comment.body ?? '';
  const marked = body.startsWith('<!-- redress:');
  const own = botLogin !== undefined ? login.toLowerCase() === botLogin.toLowerCase() : comment.user?.type === 'Bot' && marked;
  const byBot = own || (marked && writers.includes(login.toLowerCase()));
  return {
    id: String(comment.id),
    author: login,
    association: comment.author_association as AuthorAssociation,
    byBot,
    body,
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
  };
}

/** An Octokit RequestError as far as this code needs it (Octokit turns a lost connection into status 500 too). */
interface RequestErrorLike extends Error {
  status: number;
  response?: { data?: unknown };
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

export function statusOf(error: unknown): number | undefined {
  return isRequestError(error) ? error.status : undefined;
}

/** Failures worth trying again: no answer, a server error, or a rate limit. */
export function isTransient(error: unknown): boolean {
  if (!isRequestError(error)) return error instanceof Error && /fetch failed|abort|timeout|ECONN|socket/i.test(`${error.message} ${String(error.cause ?? '')}`);
  return error.status >= 500 || isRateLimited(error);
}

/** GitHub's refusal for a rate limit, primary or secondary. */
function isRateLimited(error: unknown): boolean {
  return isRequestError(error) && (error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message)));
}

function fieldErrors(error: RequestErrorLike): { field?: string; code?: string }[] {
  return (error.response?.data as { errors?: { field?: string; code?: string }[] } | undefined)?.errors ?? [];
}

function isUnassignable(error: unknown): boolean {
  return isRequestError(error) && error.status === 422 && fieldErrors(error).some((e) => e.field === 'assignees' || e.field === 'assignee');
}

function isAlreadyExists(error: unknown): boolean {
  return isRequestError(error) && error.status === 422 && fieldErrors(error).some((e) => e.code === 'already_exists');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
