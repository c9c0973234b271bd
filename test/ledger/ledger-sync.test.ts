/**
 * The server's copy of the ledger that GitHub Actions commits, kept current with `git pull --ff-only`. A bare
 * repository in a temporary folder stands in for the cases repository on GitHub; the server's clone is made with
 * the commands docs/configuration.md gives (a sparse clone of cases/ only). A failed pull leaves the last good ledger.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gitAuthEnv, GitLedgerSync } from '../../scripts/adapters/ledger/ledger-sync.ts';
import { createLogger } from '../../scripts/adapters/log/logger.ts';

const run = promisify(execFile);
const IDENTITY = { GIT_AUTHOR_NAME: 'Actions', GIT_AUTHOR_EMAIL: 'actions@example.org', GIT_COMMITTER_NAME: 'Actions', GIT_COMMITTER_EMAIL: 'actions@example.org' };
const git = async (cwd: string, ...args: string[]) => (await run('git', ['-C', cwd, ...args], { env: { ...process.env, ...IDENTITY } })).stdout.trim();

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'redress-ledger-sync-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The cases repository (bare), the checkout the Actions workflow commits from, and the server's sparse clone. */
async function setUp(name: string) {
  const root = path.join(work, name);
  const remote = path.join(root, 'cases.git');
  const actions = path.join(root, 'actions');
  const server = path.join(root, 'ledger');
  await mkdir(root, { recursive: true });
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(root, 'clone', '--quiet', remote, actions);
  await mkdir(path.join(actions, 'workflows'), { recursive: true });
  await writeFile(path.join(actions, 'workflows', 'riverside.yaml'), 'id: riverside\n');
  const commit = async (files: Record<string, string>, message: string) => {
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(actions, file)), { recursive: true });
      await writeFile(path.join(actions, file), text);
    }
    await git(actions, 'add', '--all');
    await git(actions, 'commit', '--quiet', '-m', message);
    await git(actions, 'push', '--quiet', 'origin', 'HEAD:main');
  };
  await commit({ 'cases/2027/RDR-AAAA-AAAA-AAA.json': '{"first": true}\n' }, 'Ledger: first case');
  // As docs/configuration.md has the deployer do it: only cases/ is checked out, and the code the server runs is elsewhere.
  await git(root, 'clone', '--quiet', '--no-checkout', remote, server);
  await git(server, 'sparse-checkout', 'set', 'cases');
  await git(server, 'checkout', '--quiet', 'main');
  const lines: string[] = [];
  const sync = new GitLedgerSync({ dir: path.join(server, 'cases'), log: createLogger({ write: (line) => lines.push(line) }) });
  const entries = async () => (await readdir(path.join(server, 'cases', '2027'))).sort();
  return { root, remote, actions, server, commit, sync, lines, entries };
}

describe('pulling the ledger Actions commits', () => {
  test('a new entry committed by Actions arrives at the next pull; only cases/ is checked out', async () => {
    const { commit, sync, entries, server } = await setUp('arrives');
    expect(await sync.pull()).toEqual({ ok: true, changed: false });
    await commit({ 'cases/2027/RDR-BBBB-BBBB-BBB.json': '{"second": true}\n', 'cases/.sweep-state.json': '{"lastStartedAt":"2027-03-01T10:17:00.000Z","pending":[]}\n' }, 'Ledger: second case');
    expect(await entries()).toEqual(['RDR-AAAA-AAAA-AAA.json']);
    expect(await sync.pull()).toEqual({ ok: true, changed: true });
    expect(await entries()).toEqual(['RDR-AAAA-AAAA-AAA.json', 'RDR-BBBB-BBBB-BBB.json']);
    expect((await readdir(server)).sort()).toEqual(['.git', 'cases']);
    const status = sync.status();
    expect(status).toMatchObject({ mode: 'git', failuresInARow: 0, commit: await git(server, 'rev-parse', 'HEAD') });
    expect(Date.parse(status.lastSyncedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  test('a pull that fails is logged and leaves the last good ledger; the next good one catches up', async () => {
    const { remote, commit, sync, entries, lines } = await setUp('fails');
    await sync.pull();
    const good = sync.status();
    await commit({ 'cases/2027/RDR-CCCC-CCCC-CCC.json': '{}\n' }, 'Ledger: third case');
    await rename(remote, `${remote}.away`);
    const failed = await sync.pull();
    expect(failed.ok).toBe(false);
    expect(await entries()).toEqual(['RDR-AAAA-AAAA-AAA.json']);
    expect(sync.status()).toMatchObject({ lastSyncedAt: good.lastSyncedAt, commit: good.commit, failuresInARow: 1 });
    expect(lines.at(-1)).toContain('The case ledger could not be pulled; the ledger already on the server is still served');
    expect(lines.at(-1)).toContain('cases.git');
    await rename(`${remote}.away`, remote);
    expect(await sync.pull()).toEqual({ ok: true, changed: true });
    expect(await entries()).toEqual(['RDR-AAAA-AAAA-AAA.json', 'RDR-CCCC-CCCC-CCC.json']);
    expect(sync.status().failuresInARow).toBe(0);
  });

  test('history rewritten upstream is not taken: --ff-only refuses it and nothing on the server changes', async () => {
    const { actions, sync, entries, server } = await setUp('rewritten');
    await sync.pull();
    const before = await git(server, 'rev-parse', 'HEAD');
    await git(actions, 'rm', '--quiet', 'cases/2027/RDR-AAAA-AAAA-AAA.json');
    await git(actions, 'commit', '--quiet', '--amend', '-m', 'Ledger: history rewritten');
    await git(actions, 'push', '--quiet', '--force', 'origin', 'HEAD:main');
    expect((await sync.pull()).ok).toBe(false);
    expect(await entries()).toEqual(['RDR-AAAA-AAAA-AAA.json']);
    expect(await git(server, 'rev-parse', 'HEAD')).toBe(before);
  });

  test('pulls asked for while one runs join it', async () => {
    const { sync } = await setUp('joined');
    const first = sync.pull();
    expect(sync.pull()).toBe(first);
    await first;
    expect(sync.pull()).not.toBe(first);
  });

  test('with a token, git sends it to GitHub’s host only, in the environment, and it is never logged', async () => {
    const { server } = await setUp('token');
    const seen: (string | undefined)[] = [];
    const fake = http.createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const { port } = fake.address() as AddressInfo;
    try {
      await git(server, 'remote', 'set-url', 'origin', `http://127.0.0.1:${port}/org/cases.git`);
      const lines: string[] = [];
      const token = 'ghs_SyncCanary0123456789abcdef';
      // A GitHub Enterprise Server's git host is its API's host.
      const sync = new GitLedgerSync({ dir: path.join(server, 'cases'), log: createLogger({ write: (line) => lines.push(line) }), github: { token, apiUrl: `http://127.0.0.1:${port}/api/v3` } });
      expect((await sync.pull()).ok).toBe(false);
      expect(seen[0]).toBe(`basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
      expect(lines.join('')).not.toContain(token);
      // Another host gets no token.
      seen.length = 0;
      const elsewhere = new GitLedgerSync({ dir: path.join(server, 'cases'), log: createLogger({ write: () => undefined }), github: { token, apiUrl: 'https://api.github.com' } });
      await elsewhere.pull();
      expect(seen).toEqual([undefined]);
    } finally {
      fake.close();
    }
  });

  test('the token goes to github.com for api.github.com, and to the server itself for GitHub Enterprise', () => {
    expect(gitAuthEnv({ token: 't', apiUrl: 'https://api.github.com' })).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46dA==',
    });
    expect(gitAuthEnv({ token: 't', apiUrl: 'https://git.example.org/api/v3' }).GIT_CONFIG_KEY_0).toBe('http.https://git.example.org/.extraheader');
  });
});
