/**
 * The embedded case store, used when no GitHub repository is configured: one JSON file per case in
 * `<data dir>/complaints/`, each change written atomically and fsynced, then committed to a git repository in that
 * folder so the history can be audited like a GitHub issue's. The folder holds the complaints themselves, personal
 * data and all; it is named for that, apart from `cases/`, which everywhere else means the personal-data-free ledger.
 *
 * Concurrency: writes to one case are serialised within the process (a queue per case) and between processes (a
 * lock file per case); creation needs neither, since linking the new file into place fails if the case exists.
 */
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
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
import { createFileDurably, removeFileDurably, removeLeftoverTemporaryFiles, syncDirectory, writeFileDurably } from './durable-file.ts';
import { withFileLock } from './file-lock.ts';
import { GitHistory } from './git-history.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { isProcessAlive } from './process-alive.ts';
import { LocalCaseFileSchema, type LocalCaseFile, type LocalComment } from './local-case-file.ts';

/** The folder of the data directory that holds the case files. */
export const COMPLAINTS_FOLDER = 'complaints';
/** Where earlier versions kept them, under the name the ledger has everywhere else. */
const OLD_FOLDER = 'cases';

/**
 * Moves case files kept by an earlier version in `<data dir>/cases/` to `<data dir>/complaints/`, history and all:
 * one rename, so a crash leaves either the old folder or the new one, never half of each.
 */
async function moveFromOldFolder(dataDir: string): Promise<void> {
  const old = path.join(dataDir, OLD_FOLDER);
  const current = path.join(dataDir, COMPLAINTS_FOLDER);
  const [hasOld, hasCurrent] = await Promise.all([isLocalCaseFolder(old), stat(current).then(() => true, () => false)]);
  if (!hasOld) return;
  if (hasCurrent) {
    throw new Error(`${dataDir} holds case files in both ${OLD_FOLDER}/ (an earlier version's) and ${COMPLAINTS_FOLDER}/: move the cases of ${old} into ${current} by hand, then remove ${old}.`);
  }
  await rename(old, current);
  await syncDirectory(dataDir);
}

/** Whether a folder holds local case files (rather than, say, a ledger someone put there). */
async function isLocalCaseFolder(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => undefined);
  if (names === undefined) return false;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    if (text.includes('"format": "redress-local-case/1"')) return true;
  }
  // An empty store (a .git and nothing else yet) is one too.
  return names.includes('.git') && names.every((name) => name === '.git' || name.startsWith('.'));
}

/** The author of the software's own comments. */
export const LOCAL_BOT = 'redress';

export interface LocalCaseStoreOptions {
  /** The data directory (REDRESS_DATA_DIR). */
  dataDir: string;
  /** Group commits made within this many ms (0: commit each change before returning). */
  commitIntervalMs?: number;
  now?: () => number;
  onError?: (error: Error) => void;
}

// A reference or an id typed by staff becomes a file name: only these characters, so it cannot leave the folder.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** A named lock's file: who holds it, until when, and the process holding it, so a dead holder's lock is not waited out. */
const NamedLockSchema = z.strictObject({ holder: z.string(), expiresAt: z.number(), pid: z.number().int().optional(), host: z.string().optional() });

export class LocalCaseStore implements CaseStore {
  readonly kind = 'local' as const;
  /** Where the case files are: the complaints, with everything the complainants wrote. */
  readonly complaintsDir: string;
  readonly #locksDir: string;
  readonly #history: GitHistory;
  readonly #queue = new KeyedQueue();
  readonly #now: () => number;

  private constructor(options: LocalCaseStoreOptions) {
    this.complaintsDir = path.join(options.dataDir, COMPLAINTS_FOLDER);
    this.#locksDir = path.join(options.dataDir, 'locks');
    this.#now = options.now ?? Date.now;
    this.#history = new GitHistory({
      dir: this.complaintsDir,
      lockFile: path.join(this.#locksDir, 'git.lock'),
      intervalMs: options.commitIntervalMs ?? 200,
      onError: options.onError,
    });
  }

  /** Opens (creating on first use) the store in `dataDir`, finishing anything a killed process left half done. */
  static async open(options: LocalCaseStoreOptions): Promise<LocalCaseStore> {
    await moveFromOldFolder(options.dataDir);
    const store = new LocalCaseStore(options);
    await mkdir(store.complaintsDir, { recursive: true, mode: 0o700 });
    await mkdir(store.#locksDir, { recursive: true, mode: 0o700 });
    await removeLeftoverTemporaryFiles(store.complaintsDir);
    await store.#history.open();
    return store;
  }

  /** Commits pending changes; call before the process exits. */
  async close(): Promise<void> {
    await this.#history.flush();
  }

  /** The git log of the store, newest first (for audits and tests). */
  history(): Promise<string[]> {
    return this.#history.log();
  }

  async createCase(input: NewCase): Promise<{ case: StoredCase; created: boolean }> {
    const file = this.#file(input.reference);
    const at = this.#iso();
    const record: LocalCaseFile = {
      format: 'redress-local-case/1',
      reference: input.reference,
      title: input.title,
      body: input.body,
      state: 'open',
      labels: unique(input.labels),
      assignees: unique(input.assignees),
      createdAt: at,
      updatedAt: at,
      comments: [],
      nextCommentId: 1,
    };
    const created = await createFileDurably(file, serialise(record));
    if (!created) return { case: toStoredCase(await this.#read(input.reference)), created: false };
    await this.#history.changed(`${input.reference}: case opened`);
    return { case: toStoredCase(record), created: true };
  }

  async findByReference(reference: string): Promise<StoredCase | undefined> {
    if (!SAFE_ID.test(reference)) return undefined;
    try {
      return toStoredCase(await this.#read(reference));
    } catch (error) {
      if (error instanceof CaseNotFoundError) return undefined;
      throw error;
    }
  }

  async getCase(id: string): Promise<StoredCase> {
    return toStoredCase(await this.#read(id));
  }

  async listOpenCases(options: { since?: string } = {}): Promise<StoredCase[]> {
    const since = options.since === undefined ? undefined : Date.parse(options.since);
    const names = (await readdir(this.complaintsDir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
    const cases: StoredCase[] = [];
    for (const name of names) {
      const record = await this.#read(name.slice(0, -'.json'.length));
      if (record.state !== 'open') continue;
      if (since !== undefined && Date.parse(record.updatedAt) < since) continue;
      cases.push(toStoredCase(record));
    }
    return cases;
  }

  async listCases({ state }: { state: 'open' | 'closed' | 'all' }): Promise<StoredCase[]> {
    const names = (await readdir(this.complaintsDir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
    const cases: StoredCase[] = [];
    for (const name of names) {
      const record = await this.#read(name.slice(0, -'.json'.length));
      if (state === 'all' || record.state === state) cases.push(toStoredCase(record));
    }
    return cases;
  }

  async listComments(id: string, options: { since?: string } = {}): Promise<StoredComment[]> {
    const since = options.since === undefined ? undefined : Date.parse(options.since);
    const record = await this.#read(id);
    return record.comments.filter((comment) => since === undefined || Date.parse(comment.updatedAt) >= since).map(toStoredComment);
  }

  addComment(id: string, body: string): Promise<StoredComment> {
    return this.addCommentAs(id, body, { author: LOCAL_BOT, association: 'NONE', byBot: true });
  }

  /** A comment by a person (staff working on the local store, or a test): not part of the CaseStore interface. */
  async addCommentAs(id: string, body: string, by: { author: string; association: AuthorAssociation; byBot?: boolean }): Promise<StoredComment> {
    let comment: LocalComment | undefined;
    await this.#update(id, `comment added`, (record) => {
      const at = this.#iso();
      comment = { id: String(record.nextCommentId), author: by.author, association: by.association, byBot: by.byBot ?? false, body, createdAt: at, updatedAt: at };
      record.comments.push(comment);
      record.nextCommentId += 1;
      return true;
    });
    return toStoredComment(comment as LocalComment);
  }

  async updateComment(id: string, commentId: string, body: string): Promise<StoredComment> {
    let comment: LocalComment | undefined;
    await this.#update(id, `comment ${commentId} edited`, (record) => {
      comment = record.comments.find((c) => c.id === commentId);
      if (!comment) throw new CaseNotFoundError(`${id} comment ${commentId}`);
      if (comment.body === body) return false;
      comment.body = body;
      comment.updatedAt = this.#iso();
      return true;
    });
    return toStoredComment(comment as LocalComment);
  }

  updateBody(id: string, body: string): Promise<void> {
    return this.#update(id, 'body updated', (record) => {
      if (record.body === body) return false;
      record.body = body;
      return true;
    });
  }

  addLabels(id: string, labels: readonly string[]): Promise<void> {
    return this.#update(id, `labels added: ${labels.join(', ')}`, (record) => {
      const next = unique([...record.labels, ...labels]);
      if (next.length === record.labels.length) return false;
      record.labels = next;
      return true;
    });
  }

  removeLabel(id: string, label: string): Promise<void> {
    return this.#update(id, `label removed: ${label}`, (record) => {
      const next = record.labels.filter((name) => name.toLowerCase() !== label.toLowerCase());
      if (next.length === record.labels.length) return false;
      record.labels = next;
      return true;
    });
  }

  setAssignees(id: string, assignees: readonly string[]): Promise<void> {
    return this.#update(id, `assignees set: ${assignees.join(', ') || '(none)'}`, (record) => {
      const next = unique(assignees);
      if (next.join('\n') === record.assignees.join('\n')) return false;
      record.assignees = next;
      return true;
    });
  }

  setState(id: string, state: 'open' | 'closed'): Promise<void> {
    return this.#update(id, state === 'closed' ? 'closed' : 'reopened', (record) => {
      if (record.state === state) return false;
      record.state = state;
      return true;
    });
  }

  /** Labels need no definition locally. */
  async ensureLabels(_labels: readonly LabelSpec[]): Promise<void> {}

  async acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const file = this.#namedLock(name);
    const content = JSON.stringify({ holder, expiresAt: this.#now() + ttlMs, pid: process.pid, host: os.hostname() });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await createFileDurably(file, content)) return true;
      const current = await readNamedLock(file);
      if (current === undefined) continue;
      if (current.holder === holder) {
        await writeFileDurably(file, content);
        return true;
      }
      // A holder on this machine whose process has gone died holding it: no need to wait for it to expire.
      const orphaned = current.host === os.hostname() && current.pid !== undefined && !isProcessAlive(current.pid);
      if (current.expiresAt > this.#now() && !orphaned) return false;
      // Stale: move it aside (only one contender's rename succeeds), then compete for the name again.
      await rename(file, `${file}.stale.${process.pid}`).then(() => unlink(`${file}.stale.${process.pid}`), () => undefined);
    }
    return false;
  }

  /**
   * Locally, comments are written through `redress case command` by whoever can use the data directory: staff,
   * holding the files themselves. The software's own account commands nothing.
   */
  async permissionOf(person: string): Promise<Permission> {
    return person === LOCAL_BOT ? 'none' : 'admin';
  }

  async releaseLock(name: string, holder: string): Promise<void> {
    const file = this.#namedLock(name);
    const current = await readNamedLock(file);
    if (current?.holder === holder) await removeFileDurably(file);
  }

  /** Applies `change` to a case under its locks; a change that returns false changed nothing and writes nothing. */
  #update(id: string, summary: string, change: (record: LocalCaseFile) => boolean): Promise<void> {
    const file = this.#file(id);
    return this.#queue.run(id, () =>
      withFileLock(path.join(this.#locksDir, `case-${id}.lock`), async () => {
        const record = await this.#read(id);
        if (!change(record)) return;
        record.updatedAt = this.#iso();
        await writeFileDurably(file, serialise(record));
        await this.#history.changed(`${record.reference}: ${summary}`);
      }),
    );
  }

  async #read(id: string): Promise<LocalCaseFile> {
    let text: string;
    try {
      text = await readFile(this.#file(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CaseNotFoundError(id);
      throw error;
    }
    const result = LocalCaseFileSchema.safeParse(JSON.parse(text));
    if (!result.success) throw new Error(`${this.#file(id)} is damaged:\n${z.prettifyError(result.error)}`);
    return result.data;
  }

  #file(id: string): string {
    if (!SAFE_ID.test(id)) throw new CaseNotFoundError(id);
    return path.join(this.complaintsDir, `${id}.json`);
  }

  #namedLock(name: string): string {
    if (!SAFE_ID.test(name)) throw new Error(`A lock name is letters, digits and hyphens: "${name}".`);
    return path.join(this.#locksDir, `named-${name}.json`);
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}

async function readNamedLock(file: string): Promise<z.infer<typeof NamedLockSchema> | undefined> {
  try {
    return NamedLockSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
}

function serialise(record: LocalCaseFile): string {
  // Pretty-printed with one key per line, so `git log -p` shows each change as a readable diff.
  return `${JSON.stringify(record, null, 2)}\n`;
}

function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.toLowerCase()) && seen.add(item.toLowerCase()));
}

function toStoredCase(record: LocalCaseFile): StoredCase {
  return {
    id: record.reference,
    reference: record.reference,
    title: record.title,
    body: record.body,
    state: record.state,
    labels: [...record.labels],
    assignees: [...record.assignees],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    commentCount: record.comments.length,
  };
}

function toStoredComment(comment: LocalComment): StoredComment {
  return { ...comment };
}
