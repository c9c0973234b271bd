/**
 * Reads member ledgers from their GitHub repositories with a read-only token, in as few requests as GitHub allows:
 * one listing of the repository's files per member (the git trees API, recursively, by branch name), answered 304
 * for nothing when the ledger has not changed since the ETag kept from the last listing; then one request per
 * ledger file not read before (the git blobs API, by sha). Every request goes through the budget, which counts it
 * and stops the run before the rate limit; each checks the interruption signal first.
 */
import type { GitHubClient } from '../github/github-client.ts';
import { rateLimitedUntil } from '../github/content-pacing.ts';
import type { RequestBudget, RequestPurpose } from './request-budget.ts';
import type { MemberListing } from './umbrella-data-schema.ts';

/** The ledger's place in a cases repository. */
const LEDGER_FOLDER = 'cases';
const YEAR = /^\d{4}$/;
const ENTRY = /^[A-Z0-9-]{3,40}\.json$/;

/** The run must stop before GitHub's rate limit: it lifts at `until` (epoch ms). */
export class RateLimitReached extends Error {
  readonly until: number;
  constructor(until: number, why: string) {
    super(why);
    this.until = until;
  }
}

/** The person asked the run to stop (Ctrl-C): it stops between requests. */
export class RunInterrupted extends Error {}

/** This member cannot be read now; the others go on. `transient` when GitHub itself failed. */
export class MemberUnreadable extends Error {
  readonly transient: boolean;
  constructor(message: string, transient = false) {
    super(message);
    this.transient = transient;
  }
}

/** The repository can be read but has no such branch (renamed, or misspelt in the members file). */
export class BranchMissing extends MemberUnreadable {}

/** The token is not accepted at all: no member can be read. */
export class TokenRefused extends Error {}

interface RequestError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

type TreeEntry = { path?: string; type?: string; sha?: string };

/** Tries of a request that GitHub failed (5xx, no answer) or asked to wait for briefly, before giving up. */
const RETRIES = 2;
/** The longest `retry-after` waited for within a run; a longer one stops the run until then. */
const LONGEST_WAIT_MS = 60_000;

export class GitHubLedgerReader {
  readonly #octokit: GitHubClient;
  readonly #budget: RequestBudget;
  readonly #signal: AbortSignal | undefined;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #retryBaseMs: number;

  constructor(input: { octokit: GitHubClient; budget: RequestBudget; signal?: AbortSignal; now: () => number; sleep: (ms: number) => Promise<void>; retryBaseMs?: number }) {
    this.#octokit = input.octokit;
    this.#budget = input.budget;
    this.#signal = input.signal;
    this.#now = input.now;
    this.#sleep = input.sleep;
    this.#retryBaseMs = input.retryBaseMs ?? 500;
  }

  /** Learns the token's budget from `GET /rate_limit`, which does not spend it. */
  async checkBudget(): Promise<void> {
    try {
      const { data } = await this.#octokit.rest.rateLimit.get();
      this.#budget.observeCore(data.resources.core);
    } catch (error) {
      if ((error as RequestError).status === 401) throw new TokenRefused('GitHub does not accept the token (401): check REDRESS_UMBRELLA_TOKEN');
      throw error;
    }
  }

  /** The repository's default branch, from its details. */
  async defaultBranch(repository: string): Promise<string> {
    const { owner, repo } = split(repository);
    const answer = await this.#send('repository', () => this.#octokit.rest.repos.get({ owner, repo }));
    return answer.response.data.default_branch;
  }

  /**
   * The ledger files on a branch, or `unchanged` when GitHub answers the kept ETag with 304. A branch that does not
   * exist is a `MemberUnreadable` naming it, told apart (with one more request) from a repository the token cannot
   * read.
   */
  async list(repository: string, branch: string, etag?: string): Promise<{ unchanged: true } | { unchanged: false; listing: MemberListing }> {
    const { owner, repo } = split(repository);
    const headers = etag ? { 'if-none-match': etag } : {};
    const answer = await this.#send('listing', () => this.#octokit.rest.git.getTree({ owner, repo, tree_sha: branch, recursive: '1', headers }), [304, 404, 409]);
    if (!('response' in answer)) {
      if (answer.status === 304) return { unchanged: true };
      if (answer.status === 409) return { unchanged: false, listing: { branch, blobs: [], misnamed: 0, noLedger: true } };
      // The repository's details answer 404 too if the token cannot read it; if they do not, the branch is missing.
      await this.defaultBranch(repository);
      throw new BranchMissing(`the repository has no branch "${branch}"`);
    }
    const { data, headers: answered } = answer.response;
    const common = { branch, ...(answered.etag ? { etag: String(answered.etag) } : {}) };
    if (!data.truncated) return { unchanged: false, listing: { ...common, ...ledgerFiles(data.tree, `${LEDGER_FOLDER}/`) } };
    return { unchanged: false, listing: { ...common, ...(await this.#listLargeLedger(owner, repo, branch)) } };
  }

  /** A ledger file's text, by its blob sha. */
  async file(repository: string, sha: string): Promise<string> {
    const { owner, repo } = split(repository);
    const answer = await this.#send('file', () => this.#octokit.rest.git.getBlob({ owner, repo, file_sha: sha }), [404]);
    // Listed a moment ago and gone now: the branch moved on (a force push). The next run lists it afresh.
    if (!('response' in answer)) throw new MemberUnreadable('a ledger file listed a moment before is no longer there; it is read again in the next run', true);
    const { data } = answer.response;
    if (data.encoding !== 'base64') throw new MemberUnreadable(`GitHub sent a ledger file as ${data.encoding}, not base64`);
    return Buffer.from(data.content, 'base64').toString('utf8');
  }

  /**
   * A repository too large for one recursive listing (GitHub cuts it at 100,000 entries): the ledger folder alone,
   * recursively, and, if that is cut too, year by year.
   */
  async #listLargeLedger(owner: string, repo: string, branch: string): Promise<Omit<MemberListing, 'branch' | 'etag'>> {
    const tree = async (sha: string, recursive: boolean) =>
      (await this.#send('listing', () => this.#octokit.rest.git.getTree({ owner, repo, tree_sha: sha, ...(recursive ? { recursive: '1' } : {}) }))).response;
    const root = await tree(branch, false);
    const folder = root.data.tree.find((entry) => entry.path === LEDGER_FOLDER && entry.type === 'tree');
    if (!folder?.sha) return { blobs: [], misnamed: 0, noLedger: true };
    const whole = await tree(folder.sha, true);
    if (!whole.data.truncated) return ledgerFiles(whole.data.tree, '');
    const found = { blobs: [] as string[], misnamed: 0, noLedger: false };
    const years = await tree(folder.sha, false);
    for (const year of years.data.tree.filter((entry) => entry.type === 'tree' && YEAR.test(entry.path ?? ''))) {
      const files = await tree(year.sha ?? '', false);
      if (files.data.truncated) throw new MemberUnreadable(`${LEDGER_FOLDER}/${year.path} holds more files than GitHub lists in one answer`);
      const part = ledgerFiles(files.data.tree.map((entry) => ({ ...entry, path: `${year.path}/${entry.path}` })), '');
      found.blobs.push(...part.blobs);
      found.misnamed += part.misnamed;
    }
    return found;
  }

  /**
   * One request: the interruption and the budget checked first, paced, counted, retried when GitHub failed or asked
   * for a short pause, and GitHub's refusals turned into what they mean for the run. A status in `answered` is given
   * back to the caller instead.
   */
  async #send<T extends { headers: Record<string, string | number | undefined>; status: number }>(
    purpose: RequestPurpose,
    call: () => Promise<T>,
  ): Promise<{ status: 200; response: T }>;
  async #send<T extends { headers: Record<string, string | number | undefined>; status: number }, S extends number>(
    purpose: RequestPurpose,
    call: () => Promise<T>,
    answered: readonly S[],
  ): Promise<{ status: 200; response: T } | { status: S }>;
  async #send<T extends { headers: Record<string, string | number | undefined>; status: number }>(
    purpose: RequestPurpose,
    call: () => Promise<T>,
    answered: readonly number[] = [],
  ): Promise<{ status: number; response?: T }> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.#signal?.aborted) throw new RunInterrupted('interrupted');
      const until = this.#budget.spentUntil();
      if (until !== undefined) throw new RateLimitReached(until, 'the requests left this hour are kept in reserve');
      await this.#budget.pace();
      try {
        const response = await call();
        this.#budget.observe(response.headers);
        this.#budget.count(purpose, response.status);
        return { status: 200, response };
      } catch (error) {
        const failure = error as RequestError;
        const retry = attempt < RETRIES;
        if (failure.status === undefined) {
          if (retry) {
            await this.#sleep(this.#retryBaseMs * 2 ** attempt);
            continue;
          }
          throw new MemberUnreadable(`GitHub could not be reached (${failure.message ?? 'no answer'})`, true);
        }
        this.#budget.observe(failure.response?.headers);
        this.#budget.count(purpose, failure.status);
        if (answered.includes(failure.status)) return { status: failure.status };
        if (failure.status === 401) throw new TokenRefused('GitHub does not accept the token (401): check REDRESS_UMBRELLA_TOKEN');
        const limited = rateLimitedUntil(error, this.#now());
        if (limited !== undefined) {
          // A secondary limit asks for a short pause; the primary one lasts until the hour's end.
          if (retry && limited - this.#now() <= LONGEST_WAIT_MS) {
            await this.#sleep(limited - this.#now());
            continue;
          }
          throw new RateLimitReached(limited, 'GitHub answered that a rate limit is reached');
        }
        if (failure.status >= 500) {
          if (retry) {
            await this.#sleep(this.#retryBaseMs * 2 ** attempt);
            continue;
          }
          throw new MemberUnreadable(`GitHub answered ${failure.status}, after ${RETRIES} retries`, true);
        }
        if (failure.status === 404) throw new MemberUnreadable('the repository was not found, or the token cannot read it');
        if (failure.status === 403) throw new MemberUnreadable(`GitHub refused the token (403: ${githubMessage(failure)})`);
        throw new MemberUnreadable(`GitHub answered ${failure.status} (${githubMessage(failure)})`);
      }
    }
  }
}

/** The ledger entries in a tree listing whose paths start `prefix` (`<year>/<reference>.json` after it). */
function ledgerFiles(tree: readonly TreeEntry[], prefix: string): Omit<MemberListing, 'branch' | 'etag'> {
  const found = { blobs: [] as string[], misnamed: 0, noLedger: prefix !== '' && !tree.some((entry) => entry.type === 'tree' && entry.path === prefix.slice(0, -1)) };
  for (const entry of tree) {
    if (entry.type !== 'blob' || !entry.path?.startsWith(prefix) || !entry.sha) continue;
    const [year, name, ...deeper] = entry.path.slice(prefix.length).split('/');
    if (!YEAR.test(year ?? '') || name === undefined || deeper.length > 0 || !name.endsWith('.json')) continue;
    if (ENTRY.test(name)) found.blobs.push(entry.sha);
    else found.misnamed += 1;
  }
  return found;
}

function split(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

function githubMessage(failure: RequestError): string {
  const data = failure.response?.data;
  const message = typeof data === 'object' && data !== null && 'message' in data ? String((data as { message: unknown }).message) : failure.message;
  return (message ?? 'no message').slice(0, 200);
}
