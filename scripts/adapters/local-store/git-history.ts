/**
 * The local store's audit trail: every change to a case file is committed to a git repository in the data
 * directory, so its history can be read like a GitHub issue's.
 *
 * Commits are grouped. Each change is already on the disk (fsynced) before its write returns; a commit costs tens of
 * milliseconds, so committing every submission would cap intake at a few dozen a second. Instead the changes made
 * within `intervalMs` go into one commit whose message lists them. A process killed before committing leaves
 * its changes on the disk, and the next process to open the store commits them (`recover`).
 */
import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { withFileLock } from './file-lock.ts';

const run = promisify(execFile);

/** The fixed identity of the store's commits: the software, not a person. */
const AUTHOR = { name: 'Redress', email: 'redress@localhost' };

export interface GitHistoryOptions {
  /** The repository's work tree (created if missing). */
  dir: string;
  /** Lock file shared by every process committing to this repository. */
  lockFile: string;
  /** Group changes made within this many ms into one commit; 0 commits each change before its write returns. */
  intervalMs: number;
  /** Told when a grouped commit fails (the changes stay on disk and go into the next commit). */
  onError?: (error: Error) => void;
}

export class GitHistory {
  readonly #options: GitHistoryOptions;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #committing: Promise<void> = Promise.resolve();

  constructor(options: GitHistoryOptions) {
    this.#options = options;
  }

  /** Creates the repository on first use, and commits changes a killed process left uncommitted. */
  async open(): Promise<void> {
    await mkdir(this.#options.dir, { recursive: true });
    const exists = await stat(path.join(this.#options.dir, '.git')).then(() => true, () => false);
    if (!exists) {
      await this.#withLock(async () => {
        if (await stat(path.join(this.#options.dir, '.git')).then(() => true, () => false)) return;
        await this.#git(['init', '--quiet', '--initial-branch=main']);
        // Half-written files of other processes must never be committed.
        await writeFile(path.join(this.#options.dir, '.git', 'info', 'exclude'), '*.tmp\n*.lock\n');
        await this.#git(['commit', '--quiet', '--allow-empty', '--message', 'Open the local case store']);
      });
    }
    await this.#commitNow(['Recover changes written before an interrupted commit']);
  }

  /** Records that a change was written; it is committed within `intervalMs` (or at once when that is 0). */
  async changed(summary: string): Promise<void> {
    if (this.#options.intervalMs === 0) {
      await this.#enqueue([summary]);
      return;
    }
    this.#pending.push(summary);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush().catch((error: Error) => this.#options.onError?.(error));
    }, this.#options.intervalMs);
    // A pending commit must not keep a finished command alive; close() flushes it.
    this.#timer.unref?.();
  }

  /** Commits everything recorded so far, and waits for commits under way. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const summaries = this.#pending;
    this.#pending = [];
    await (summaries.length > 0 ? this.#enqueue(summaries) : this.#committing);
  }

  /** The repository's commits, newest first, as "<hash> <subject>" lines (for tests and the audit). */
  async log(): Promise<string[]> {
    const { stdout } = await this.#git(['log', '--format=%h %s']);
    return stdout.split('\n').filter(Boolean);
  }

  #enqueue(summaries: string[]): Promise<void> {
    const next = this.#committing.then(() => this.#commitNow(summaries));
    this.#committing = next.catch(() => undefined);
    return next;
  }

  async #commitNow(summaries: string[]): Promise<void> {
    await this.#withLock(async () => {
      // Two processes per commit: spawning is the costliest part of a commit for the server's event loop.
      await this.#git(['add', '--all', '.']);
      const unique = [...new Set(summaries)];
      const subject = unique.length === 1 ? unique[0] : `${unique.length} changes: ${unique.slice(0, 3).join('; ')}${unique.length > 3 ? '; …' : ''}`;
      try {
        await this.#git(['commit', '--quiet', '--no-verify', '--file', '-'], `${subject}\n\n${unique.map((s) => `- ${s}`).join('\n')}\n`);
      } catch (error) {
        // Another process committed these changes already: nothing staged, nothing to do.
        if (!/nothing to commit|no changes added/.test(`${(error as { stdout?: string }).stdout ?? ''}`)) throw error;
      }
    });
  }

  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.#options.lockFile, fn, { waitMs: 60_000 });
  }

  async #git(args: string[], input?: string): Promise<{ stdout: string }> {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
      GIT_TERMINAL_PROMPT: '0',
      // The user's own git configuration (signing, hooks, templates) must not change or block the store's commits.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const child = run('git', ['-C', this.#options.dir, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const { stdout } = await child;
    return { stdout };
  }
}
