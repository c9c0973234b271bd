// The shell steps that carry the case ledger from the sweep job to the job that pushes it, run for real with
// bash and git on temporary repositories: the very `run:` text of sweep.yml, not a copy of it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const sweep = parse(readFileSync(path.join(ROOT, '.github/workflows/sweep.yml'), 'utf8')) as { jobs: Record<string, { steps: { name: string; run?: string }[] }> };

function script(job: string, step: string): string {
  const run = sweep.jobs[job]?.steps.find((s) => s.name === step)?.run;
  if (!run) throw new Error(`sweep.yml: job ${job} has no step "${step}" with a script`);
  return run;
}
const COLLECT = script('sweep', 'Collect the changed ledger files');
const ACCEPT = script('push-ledger', 'Check the ledger files and put them in place');
const COMMIT = script('push-ledger', 'Commit and push the case ledger');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-ledger-handover-'));
  dirs.push(dir);
  return dir;
}

/** A clean environment: no git configuration of the machine's, a home of its own. */
function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
}

function bash(text: string, cwd: string, env: Record<string, string>) {
  const result = spawnSync('bash', ['-c', text], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Staff', '-c', 'user.email=staff@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd, env: baseEnv(cwd), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Every file under `dir`, relative, with its text (symbolic links shown as such). */
function tree(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (relative.split(path.sep)[0] === '.git') continue;
    if (entry.isSymbolicLink()) files[relative] = '(symbolic link)';
    else if (entry.isFile()) files[relative] = readFileSync(full, 'utf8');
  }
  return files;
}

const ENTRY = 'cases/2026/RDR-7KX4-M9QP-2TW.json';
const ENTRY_2027 = 'cases/2027/RDR-AAAA-BBBB-CCC.json';
const STATE = 'cases/.sweep-state.json';
const entry = (reference: string, version: number) => `${JSON.stringify({ reference, version })}\n`;

describe('the sweep job collects the ledger files the sweep changed', () => {
  function sweptCheckout() {
    const repo = tempDir();
    git(repo, 'init', '--quiet');
    write(path.join(repo, ENTRY), entry('RDR-7KX4-M9QP-2TW', 1));
    write(path.join(repo, 'cases/2025/RDR-OLD0-OLD0-OLD.json'), entry('RDR-OLD0-OLD0-OLD', 1));
    write(path.join(repo, STATE), '{"sweptUpTo":"2026-12-01T09:17:00.000Z"}\n');
    write(path.join(repo, 'README.md'), 'Cases\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'Start');
    const temp = tempDir();
    const outputFile = path.join(temp, 'github-output');
    writeFileSync(outputFile, '');
    const env = { ...baseEnv(temp), RUNNER_TEMP: temp, GITHUB_OUTPUT: outputFile };
    return { repo, temp, env, outputFile, collected: path.join(temp, 'case-ledger') };
  }

  test('hands over the changed and new entries and the sweep state, and nothing else', () => {
    const { repo, env, outputFile, collected } = sweptCheckout();
    write(path.join(repo, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    write(path.join(repo, ENTRY_2027), entry('RDR-AAAA-BBBB-CCC', 1));
    write(path.join(repo, STATE), '{"sweptUpTo":"2026-12-01T10:17:00.000Z"}\n');
    write(path.join(repo, 'README.md'), 'Changed by the sweep job, not the ledger\n');
    const result = bash(COLLECT, repo, env);
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('3 ledger files changed.') });
    expect(readFileSync(outputFile, 'utf8')).toBe('ledger=changed\n');
    expect(tree(collected)).toEqual({
      [ENTRY]: entry('RDR-7KX4-M9QP-2TW', 2),
      [ENTRY_2027]: entry('RDR-AAAA-BBBB-CCC', 1),
      [STATE]: '{"sweptUpTo":"2026-12-01T10:17:00.000Z"}\n',
    });
  });

  test('says the ledger is unchanged and hands over nothing when the sweep changed nothing', () => {
    const { repo, env, outputFile, collected } = sweptCheckout();
    expect(bash(COLLECT, repo, env)).toEqual({ code: 0, output: 'The case ledger is unchanged.\n' });
    expect(readFileSync(outputFile, 'utf8')).toBe('');
    expect(tree(collected)).toEqual({});
  });

  test('refuses a ledger path that is a symbolic link rather than copy what it points to', () => {
    const { repo, temp, env, outputFile } = sweptCheckout();
    write(path.join(temp, 'secret'), 'not for the ledger\n');
    symlinkSync(path.join(temp, 'secret'), path.join(repo, ENTRY_2027.replace('2027', '2026')));
    const result = bash(COLLECT, repo, env);
    expect(result.code).toBe(1);
    expect(result.output).toContain('::error::A changed ledger path is not a regular file; nothing is handed over.');
    expect(readFileSync(outputFile, 'utf8')).toBe('');
  });
});

describe('the push job takes the artifact as untrusted input', () => {
  function handover() {
    const received = tempDir();
    const checkout = tempDir();
    write(path.join(checkout, 'cases/2025/RDR-OLD0-OLD0-OLD.json'), entry('RDR-OLD0-OLD0-OLD', 1));
    write(path.join(checkout, ENTRY), entry('RDR-7KX4-M9QP-2TW', 1));
    const run = () => bash(ACCEPT, checkout, { ...baseEnv(checkout), RECEIVED: received });
    return { received, checkout, run };
  }

  test('puts the sweep\'s entries and state in place, replacing the older text', () => {
    const { received, checkout, run } = handover();
    write(path.join(received, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    write(path.join(received, ENTRY_2027), entry('RDR-AAAA-BBBB-CCC', 1));
    write(path.join(received, STATE), '{"sweptUpTo":"2026-12-01T10:17:00.000Z"}\n');
    chmodSync(path.join(received, ENTRY_2027), 0o755);
    expect(run()).toEqual({ code: 0, output: '3 ledger files accepted.\n' });
    expect(tree(path.join(checkout, 'cases'))).toEqual({
      '2025/RDR-OLD0-OLD0-OLD.json': entry('RDR-OLD0-OLD0-OLD', 1),
      '2026/RDR-7KX4-M9QP-2TW.json': entry('RDR-7KX4-M9QP-2TW', 2),
      '2027/RDR-AAAA-BBBB-CCC.json': entry('RDR-AAAA-BBBB-CCC', 1),
      '.sweep-state.json': '{"sweptUpTo":"2026-12-01T10:17:00.000Z"}\n',
    });
    expect(statSync(path.join(checkout, ENTRY_2027)).mode & 0o777).toBe(0o644);
  });

  /** Each case adds one good entry and one bad thing: the whole artifact must be refused, the good entry too. */
  const refusals: [string, (received: string, outside: string) => void, string][] = [
    ['a folder that is a symbolic link out of the artifact (path traversal)', (received, outside) => {
      write(path.join(outside, 'RDR-AAAA-BBBB-CCC.json'), entry('RDR-AAAA-BBBB-CCC', 9));
      symlinkSync(outside, path.join(received, 'cases/2027'));
    }, 'cases/2027 is a symbolic link'],
    ['an entry that is a symbolic link', (received, outside) => {
      write(path.join(outside, 'secret'), 'a secret\n');
      symlinkSync(path.join(outside, 'secret'), path.join(received, ENTRY_2027.replace('2027', '2026')));
    }, 'cases/2026/RDR-AAAA-BBBB-CCC.json is a symbolic link'],
    ['a dangling symbolic link named like an entry', (received) => {
      symlinkSync('../../../../etc/passwd', path.join(received, 'cases/2026/RDR-AAAA-BBBB-CCC.json'));
    }, 'cases/2026/RDR-AAAA-BBBB-CCC.json is a symbolic link'],
    ['a file outside cases/', (received) => write(path.join(received, '.github/workflows/evil.yml'), 'on: push\n'), '.github is a folder other than cases/ and cases/<year>/'],
    ['a git hook', (received) => write(path.join(received, '.git/hooks/pre-push'), '#!/bin/sh\n'), '.git is a folder other than cases/ and cases/<year>/'],
    ['another folder inside cases/', (received) => write(path.join(received, 'cases/notes/RDR-AAAA-BBBB-CCC.json'), '{}\n'), 'cases/notes is a folder other than cases/ and cases/<year>/'],
    ['a folder named with dots', (received) => write(path.join(received, 'cases/.../RDR-AAAA-BBBB-CCC.json'), '{}\n'), 'cases/... is a folder other than'],
    ['a name with dots in an entry\'s place', (received) => write(path.join(received, 'cases/2026/..json'), '{}\n'), 'cases/2026/..json is not named cases/<year>/<reference>.json'],
    ['an entry under a year folder too deep', (received) => write(path.join(received, 'cases/2026/2026/RDR-AAAA-BBBB-CCC.json'), '{}\n'), 'cases/2026/2026 is a folder other than'],
    ['a file of another kind in a year folder', (received) => write(path.join(received, 'cases/2026/README.md'), 'Read me\n'), 'cases/2026/README.md is not named'],
    ['an entry with an executable name', (received) => write(path.join(received, 'cases/2026/RDR-AAAA-BBBB-CCC.json.sh'), 'echo\n'), 'cases/2026/RDR-AAAA-BBBB-CCC.json.sh is not named'],
    ['a reference in lower case', (received) => write(path.join(received, 'cases/2026/rdr-aaaa-bbbb-ccc.json'), '{}\n'), 'cases/2026/rdr-aaaa-bbbb-ccc.json is not named'],
    ['a file at the top of the artifact', (received) => write(path.join(received, 'cases.json'), '{}\n'), 'cases.json is not named'],
    ['a copy of the sweep state under another name', (received) => write(path.join(received, 'cases/.sweep-state.json.bak'), '{}\n'), 'cases/.sweep-state.json.bak is not named'],
    ['a named pipe', (received) => {
      const made = spawnSync('mkfifo', [path.join(received, 'cases/2026/RDR-AAAA-BBBB-CCC.json')]);
      expect(made.status).toBe(0);
    }, 'cases/2026/RDR-AAAA-BBBB-CCC.json is not a regular file'],
  ];

  test.each(refusals)('refuses %s, with an error naming it, and writes nothing', (_, add, message) => {
    const { received, checkout, run } = handover();
    write(path.join(received, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    const outside = tempDir();
    add(received, outside);
    const before = tree(checkout);
    const outsideBefore = tree(outside);
    const result = run();
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^::error::The case ledger artifact was refused: /m);
    expect(result.output).toContain(message);
    expect(tree(checkout)).toEqual(before);
    expect(tree(outside)).toEqual(outsideBefore);
  });

  test('prints a hostile name with its unsafe characters replaced, so it cannot start a workflow command', () => {
    const { received, run } = handover();
    write(path.join(received, 'cases/2026/x\n::add-mask::y\n::error::z.json'), '{}\n');
    const result = run();
    expect(result.code).toBe(1);
    const lines = result.output.split('\n').filter(Boolean);
    expect(lines).toEqual(['::error::The case ledger artifact was refused: cases/2026/x???add-mask??y???error??z.json is not named cases/<year>/<reference>.json or cases/.sweep-state.json.']);
  });

  test('refuses an artifact with no ledger file in it, or none at all', () => {
    const { received, run } = handover();
    mkdirSync(path.join(received, 'cases/2026'), { recursive: true });
    expect(run()).toEqual({ code: 1, output: '::error::The case ledger artifact holds no ledger file.\n' });
    rmSync(received, { recursive: true });
    expect(run()).toMatchObject({ code: 1, output: expect.stringContaining('::error::The case ledger artifact holds no ledger file.\n') });
  });

  test('never writes through a symbolic link of the checkout', () => {
    const { received, checkout, run } = handover();
    const outside = tempDir();
    symlinkSync(outside, path.join(checkout, 'cases/2027'));
    write(path.join(received, ENTRY_2027), entry('RDR-AAAA-BBBB-CCC', 1));
    const result = run();
    expect(result.code).toBe(1);
    expect(result.output).toContain('::error::cases/2027 is a symbolic link in the repository; the case ledger is not written through it.');
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('the push job commits with git alone, as github-actions[bot], running no hook', () => {
  const HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-push', 'pre-rebase', 'post-rewrite', 'post-checkout', 'post-merge', 'reference-transaction'];

  /** An origin with one commit, and a clone of it with hooks that leave a mark if they ever run. */
  function repositories() {
    const origin = tempDir();
    git(origin, 'init', '--quiet', '--bare');
    const seed = tempDir();
    git(seed, 'clone', '--quiet', origin, '.');
    write(path.join(seed, ENTRY), entry('RDR-7KX4-M9QP-2TW', 1));
    write(path.join(seed, 'README.md'), 'Cases\n');
    git(seed, 'add', '.');
    git(seed, 'commit', '--quiet', '-m', 'Start');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    const checkout = tempDir();
    git(checkout, 'clone', '--quiet', '--branch', 'main', origin, '.');
    const marks = tempDir();
    // Hooks of the clone's own, and hooks in the working tree that a repository's configuration points at.
    mkdirSync(path.join(checkout, '.githooks'));
    for (const hook of HOOKS) {
      for (const dir of ['.git/hooks', '.githooks']) {
        write(path.join(checkout, dir, hook), `#!/bin/sh\necho ran >> "${marks}/${hook}"\n`);
        chmodSync(path.join(checkout, dir, hook), 0o755);
      }
    }
    git(checkout, 'add', '.githooks');
    git(checkout, '-c', 'core.hooksPath=/dev/null', 'commit', '--quiet', '-m', 'Hooks');
    git(checkout, '-c', 'core.hooksPath=/dev/null', 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    git(checkout, 'config', 'core.hooksPath', '.githooks');
    const env = { ...baseEnv(tempDir()), GITHUB_TOKEN: 'ghs_pushtoken', BRANCH: 'main', GITHUB_SERVER_URL: 'https://github.com' };
    return { origin, seed, checkout, marks, run: () => bash(COMMIT, checkout, env) };
  }

  function commits(origin: string): string[] {
    return git(origin, 'log', '--format=%an <%ae>|%s', 'main').trim().split('\n');
  }

  test('commits only cases/ and pushes it', () => {
    const { origin, checkout, marks, run } = repositories();
    write(path.join(checkout, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    write(path.join(checkout, STATE), '{}\n');
    const result = run();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`::add-mask::${Buffer.from('x-access-token:ghs_pushtoken').toString('base64')}`);
    const [latest] = commits(origin);
    expect(latest).toMatch(/^github-actions\[bot\] <41898282\+github-actions\[bot\]@users\.noreply\.github\.com>\|Case ledger: sweep at \d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(git(origin, 'show', '--name-only', '--format=', 'main').trim().split('\n').sort()).toEqual([STATE, ENTRY]);
    expect(readdirSync(marks)).toEqual([]);
  });

  test('rebases on a commit pushed in the meantime and pushes again, still running no hook', () => {
    const { origin, seed, checkout, marks, run } = repositories();
    git(seed, 'pull', '--quiet', 'origin', 'main');
    write(path.join(seed, 'README.md'), 'Cases, edited meanwhile\n');
    git(seed, 'commit', '--quiet', '-am', 'Edit the README');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    write(path.join(checkout, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    const result = run();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('The push was rejected (attempt 1); rebasing on main.');
    expect(commits(origin).map((line) => line.split('|')[1])).toEqual([expect.stringMatching(/^Case ledger: sweep at /), 'Edit the README', 'Hooks', 'Start']);
    expect(git(origin, 'show', 'main:README.md')).toBe('Cases, edited meanwhile\n');
    expect(git(origin, 'show', `main:${ENTRY}`)).toBe(entry('RDR-7KX4-M9QP-2TW', 2));
    expect(readdirSync(marks)).toEqual([]);
  });

  test('commits nothing when the ledger is unchanged', () => {
    const { origin, run } = repositories();
    const before = commits(origin);
    expect(run()).toEqual({ code: 0, output: 'The case ledger is unchanged.\n' });
    expect(commits(origin)).toEqual(before);
  });

  test('commits nothing when a file outside cases/ changed', () => {
    const { origin, checkout, run } = repositories();
    write(path.join(checkout, ENTRY), entry('RDR-7KX4-M9QP-2TW', 2));
    write(path.join(checkout, '.github/workflows/planted.yml'), 'on: push\n');
    const before = commits(origin);
    expect(run()).toEqual({ code: 1, output: '::error::Files outside cases/ changed; the case ledger is not committed.\n' });
    expect(commits(origin)).toEqual(before);
    expect(lstatSync(path.join(checkout, ENTRY)).isFile()).toBe(true);
  });
});
