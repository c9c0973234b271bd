/**
 * Brings the ledger that GitHub Actions commits to the server: `git pull --ff-only` every few minutes in the clone
 * of the cases repository that holds REDRESS_LEDGER_DIR (a clone kept for the ledger alone, apart from the code the
 * server runs, so a pull never changes the software under it). Pulls never overlap. A failed pull changes nothing
 * on disk: it is logged, the ledger already there keeps being served, and the next pull tries again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from '../log/logger.ts';
import { repositoryOf } from './ledger-git.ts';

const run = promisify(execFile);

/** What /healthz says of the sync: times and counts only, never a message that could carry a URL. */
export interface LedgerSyncStatus {
  mode: 'git';
  /** When a pull last succeeded (ISO 8601). */
  lastSyncedAt: string | null;
  /** When a pull was last tried. */
  lastAttemptAt: string | null;
  /** The commit the ledger is at after the last good pull. */
  commit: string | null;
  /** Pulls that have failed since the last good one. */
  failuresInARow: number;
}

export interface GitLedgerSyncOptions {
  /** The ledger folder, inside a git clone whose branch tracks the cases repository's. */
  dir: string;
  log: Logger;
  /** With a token, requests to GitHub's host carry it, as actions/checkout does; without, git's own credentials. */
  github?: { token: string; apiUrl: string };
  /** A pull that takes longer is stopped, and counts as failed. */
  timeoutMs?: number;
  now?: () => number;
}

export class GitLedgerSync {
  readonly dir: string;
  readonly #log: Logger;
  readonly #env: NodeJS.ProcessEnv;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #status: LedgerSyncStatus = { mode: 'git', lastSyncedAt: null, lastAttemptAt: null, commit: null, failuresInARow: 0 };
  #pulling: Promise<PullResult> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: GitLedgerSyncOptions) {
    this.dir = options.dir;
    this.#log = options.log;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#now = options.now ?? Date.now;
    this.#env = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...(options.github ? gitAuthEnv(options.github) : {}) };
  }

  status(): LedgerSyncStatus {
    return { ...this.#status };
  }

  /** One pull; a pull already running is joined rather than started again. */
  pull(): Promise<PullResult> {
    this.#pulling ??= this.#pull().finally(() => (this.#pulling = undefined));
    return this.#pulling;
  }

  /** Pulls now, then every `intervalMs`, until stopped. */
  start(intervalMs: number): void {
    void this.pull();
    this.#timer = setInterval(() => void this.pull(), intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #pull(): Promise<PullResult> {
    this.#status.lastAttemptAt = new Date(this.#now()).toISOString();
    try {
      const { root } = await repositoryOf(this.dir);
      const before = await this.#git(root, ['rev-parse', 'HEAD']);
      await this.#git(root, ['pull', '--ff-only', '--quiet']);
      const after = await this.#git(root, ['rev-parse', 'HEAD']);
      this.#status = { ...this.#status, lastSyncedAt: new Date(this.#now()).toISOString(), commit: after, failuresInARow: 0 };
      if (before !== after) this.#log.info('Pulled the case ledger', { from: before.slice(0, 12), to: after.slice(0, 12) });
      return { ok: true, changed: before !== after };
    } catch (error) {
      this.#status.failuresInARow += 1;
      const problem = describeGitError(error);
      this.#log.warn('The case ledger could not be pulled; the ledger already on the server is still served', { problem, failuresInARow: this.#status.failuresInARow });
      return { ok: false, problem };
    }
  }

  async #git(cwd: string, args: readonly string[]): Promise<string> {
    const { stdout } = await run('git', ['-C', cwd, ...args], { env: this.#env, timeout: this.#timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  }
}

export type PullResult = { ok: true; changed: boolean } | { ok: false; problem: string };

/**
 * The environment that gives git the token for GitHub's host only (scoped `http.<url>.extraHeader`, as
 * actions/checkout sets it), passed in the environment rather than on the command line, where other users of the
 * machine could read it. GitHub Enterprise Server's git host is its API's host.
 *
 * @example
 * gitAuthEnv({ token: 't', apiUrl: 'https://api.github.com' })
 * //=> { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader', GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46dA==' }
 */
export function gitAuthEnv({ token, apiUrl }: { token: string; apiUrl: string }): Record<string, string> {
  const api = new URL(apiUrl);
  const host = api.hostname === 'api.github.com' ? 'github.com' : api.host;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${api.protocol}//${host}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
  };
}

/** git's own words, first lines only, with any credentials in a URL taken out. */
function describeGitError(error: unknown): string {
  const { stderr, message, killed } = error as { stderr?: string; message?: string; killed?: boolean };
  if (killed) return 'git pull took too long and was stopped';
  const text = (stderr?.trim() || message || String(error)).split('\n').slice(0, 4).join(' ');
  return text.replace(/\/\/[^/\s@]+@/g, '//');
}
