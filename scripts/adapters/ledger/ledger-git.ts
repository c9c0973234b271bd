/**
 * The ledger's git operations: committing an entry, and reading every version of every entry back for
 * `redress audit --verify`. Each runs `git` with execFile (no shell), in the repository that holds the folder.
 */
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Who commits when the repository has no identity configured (a fresh clone, a CI runner): the software. */
const FALLBACK_IDENTITY = { name: 'Redress', email: 'redress@localhost' };

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return stdout;
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
 * Every version of every file ever committed under `dir` (which need not exist any more), oldest first, by path
 * relative to `dir`. Two git processes whatever the size of the history: one log of blob ids, one batch read.
 */
export async function fileHistory(dir: string): Promise<Map<string, FileVersion[]>> {
  const { root, prefix } = await repositoryOf(dir);
  // A repository with no commit yet has no history, rather than an error.
  if (!(await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).then(() => true, () => false))) return new Map();
  const log = await git(root, ['log', '--reverse', '--no-renames', '--raw', '--no-abbrev', '--format=commit %H', '--', prefix || '.']);
  const versions = new Map<string, FileVersion[]>();
  const blobs = new Set<string>();
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7).trim();
    const raw = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*\t(.+)$/.exec(line);
    if (!raw) continue;
    const [, blob = '', status, repoPath = ''] = raw;
    const file = prefix ? repoPath.slice(prefix.length + 1) : repoPath;
    const deleted = status === 'D';
    if (!deleted) blobs.add(blob);
    const list = versions.get(file) ?? [];
    list.push({ commit, text: deleted ? undefined : blob });
    versions.set(file, list);
  }
  const texts = await readObjects(root, [...blobs]);
  for (const list of versions.values()) {
    for (const version of list) if (version.text !== undefined) version.text = texts.get(version.text);
  }
  return versions;
}

/**
 * The work tree root of the repository holding `dir`, and `dir` relative to it ("" for the root itself). `dir`
 * may be missing (a deleted ledger folder): its nearest existing parent is asked.
 */
export async function repositoryOf(dir: string): Promise<{ root: string; prefix: string }> {
  let probe = path.resolve(dir);
  while (!(await stat(probe).then((s) => s.isDirectory(), () => false))) probe = path.dirname(probe);
  const root = (await git(probe, ['rev-parse', '--show-toplevel'])).trim();
  return { root, prefix: path.relative(root, path.resolve(dir)).split(path.sep).join('/') };
}

/** Reads objects by name ("<blob id>" or "<commit>:<path>") with one `git cat-file --batch`; missing ones are absent. */
export async function readObjects(cwd: string, names: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  if (names.length === 0) return texts;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git cat-file failed: ${stderr.trim()}`))));
    child.stdin.end(`${names.join('\n')}\n`);
  });
  // Answers come in the order asked: "<id> <type> <size>\n<content>\n", or "<name> missing\n".
  let offset = 0;
  for (const name of names) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd === -1) break;
    const header = output.subarray(offset, headerEnd).toString().split(' ');
    if (header.at(-1) === 'missing' || header.length < 3) {
      offset = headerEnd + 1;
      continue;
    }
    const length = Number(header[2]);
    texts.set(name, output.subarray(headerEnd + 1, headerEnd + 1 + length).toString('utf8'));
    offset = headerEnd + 1 + length + 1;
  }
  return texts;
}
