/**
 * The ledger's git operations: committing an entry, and reading every version of every entry back for
 * `redress audit --verify`. Each runs `git` with execFile (no shell), in the repository that holds the folder.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Who commits when the repository has no identity configured (a fresh clone, a CI runner): the software. */
const FALLBACK_IDENTITY = { name: 'Redress', email: 'redress@localhost' };

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return stdout;
}

/** Whether `dir` is inside a git work tree. */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  return git(dir, ['rev-parse', '--is-inside-work-tree']).then((out) => out.trim() === 'true', () => false);
}

const identities = new Map<string, Promise<Record<string, string>>>();

/** The repository's own identity when it has one; otherwise the software's, set for this commit only. */
function identityEnv(cwd: string): Promise<Record<string, string>> {
  let found = identities.get(cwd);
  if (!found) {
    found = git(cwd, ['config', 'user.email']).then(
      () => ({}),
      () => ({
        GIT_AUTHOR_NAME: FALLBACK_IDENTITY.name,
        GIT_AUTHOR_EMAIL: FALLBACK_IDENTITY.email,
        GIT_COMMITTER_NAME: FALLBACK_IDENTITY.name,
        GIT_COMMITTER_EMAIL: FALLBACK_IDENTITY.email,
      }),
    );
    identities.set(cwd, found);
  }
  return found;
}

/**
 * Commits one file with a message, and nothing else: changes other people have staged stay staged and
 * uncommitted (`git commit -- <path>` commits only that path). A file already committed as it is makes no commit.
 */
export async function commitFile(cwd: string, file: string, message: string): Promise<boolean> {
  await git(cwd, ['add', '--', file]);
  const changed = await git(cwd, ['diff', '--cached', '--quiet', '--', file]).then(() => false, () => true);
  if (!changed) return false;
  const env = { ...process.env, ...(await identityEnv(cwd)), GIT_TERMINAL_PROMPT: '0' };
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, 'commit', '--quiet', '--no-verify', '--file', '-', '--', file], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git commit failed: ${stderr.trim()}`))));
    child.stdin.end(message);
  });
  return true;
}

/** One version of one file in history. */
export interface FileVersion {
  commit: string;
  /** The file's text at that commit; undefined where that commit deleted it. */
  text: string | undefined;
}

/**
 * Every version of every file ever committed under `dir`, oldest first, by path relative to `dir`. Two git
 * processes whatever the size of the history: one log of the blob ids, one batch read of the blobs.
 */
export async function fileHistory(dir: string): Promise<Map<string, FileVersion[]>> {
  const log = await git(dir, ['log', '--reverse', '--no-renames', '--raw', '--no-abbrev', '--relative', '--format=commit %H', '--', '.']);
  const versions = new Map<string, FileVersion[]>();
  const blobs = new Set<string>();
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7).trim();
    const raw = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*\t(.+)$/.exec(line);
    if (!raw) continue;
    const [, blob = '', status, file = ''] = raw;
    const deleted = status === 'D';
    if (!deleted) blobs.add(blob);
    const list = versions.get(file) ?? [];
    list.push({ commit, text: deleted ? undefined : blob });
    versions.set(file, list);
  }
  const texts = await readBlobs(dir, [...blobs]);
  for (const list of versions.values()) {
    for (const version of list) if (version.text !== undefined) version.text = texts.get(version.text);
  }
  return versions;
}

/** Reads blobs by id with one `git cat-file --batch`. */
async function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  if (ids.length === 0) return texts;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git cat-file failed: ${stderr.trim()}`))));
    child.stdin.end(`${ids.join('\n')}\n`);
  });
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    const [id = '', type, size] = output.subarray(offset, headerEnd).toString().split(' ');
    if (type === 'missing' || size === undefined) {
      offset = headerEnd + 1;
      continue;
    }
    const length = Number(size);
    texts.set(id, output.subarray(headerEnd + 1, headerEnd + 1 + length).toString('utf8'));
    offset = headerEnd + 1 + length + 1;
  }
  return texts;
}

/**
 * Which of `objects` ("<commit>:<path>") exist in the repository at `cwd`, with one `git cat-file --batch-check`.
 */
export async function existingObjects(cwd: string, objects: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (objects.length === 0) return found;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, 'cat-file', '--batch-check=%(objecttype)'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`git cat-file failed: ${stderr.trim()}`))));
    child.stdin.end(`${objects.join('\n')}\n`);
  });
  output.split('\n').forEach((line, index) => {
    const object = objects[index];
    if (object !== undefined && line.trim() !== '' && !line.includes('missing') && !line.includes('ambiguous')) found.add(object);
  });
  return found;
}

/** Every path ever committed under `pathspec`, relative to the repository root at `cwd`. */
export async function pathsInHistory(cwd: string, pathspec: string): Promise<Set<string>> {
  const out = await git(cwd, ['log', '--format=', '--name-only', '--no-renames', '--', pathspec]).catch(() => '');
  return new Set(out.split('\n').map((line) => line.trim()).filter(Boolean));
}
