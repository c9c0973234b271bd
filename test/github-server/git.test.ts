// The git database endpoints of the GitHub test server (trees and blobs), driven by the real Octokit, and their
// object ids checked against git itself.
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type GitHubTestServer, startGitHubServer } from './index.ts';

const REPO = 'acme/complaints';
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const clock = Date.parse('2026-11-02T09:00:00Z');
let server: GitHubTestServer;

function octokit(token = 'reader-token'): Octokit {
  return new Octokit({ baseUrl: server.url, auth: token, log: silent });
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; response?: { data: { message?: string } } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; response?: { data: { message?: string } } };
  }
  throw new Error('Expected the request to fail');
}

const FILES = {
  'README.md': '# Complaints\n',
  'cases/2026/RDR-AAAA-0001.json': '{"ledger": 1}\n',
  'cases/2026/RDR-AAAA-0002.json': '{"ledger": 1, "reference": "RDR-AAAA-0002"}\n',
  'cases/2025/RDR-AAAA-0000.json': '{"ledger": 1}\n',
  'cases-old.txt': 'sorts between "cases" and "cases/" in git order\n',
};

beforeEach(async () => {
  server = await startGitHubServer({ now: () => clock });
  for (const login of ['reader', 'stranger']) {
    server.state.addUser({ login });
    server.state.addToken(`${login}-token`, login);
  }
  server.state.addRepo({ owner: 'acme', name: 'complaints' });
  server.state.addCollaborator({ repo: REPO, login: 'reader', permission: 'read' });
  server.state.commitFiles({ repo: REPO, files: FILES });
});

afterEach(async () => {
  try {
    server.assertNoViolations();
  } finally {
    await server.close();
  }
});

describe('git trees', () => {
  test('lists a branch recursively, with the blob and tree ids git itself computes', async () => {
    const { data } = await octokit().rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    expect(data.truncated).toBe(false);
    expect(data.tree.map((entry) => `${entry.type} ${entry.path}`)).toEqual([
      'blob README.md',
      'blob cases-old.txt',
      'tree cases',
      'tree cases/2025',
      'blob cases/2025/RDR-AAAA-0000.json',
      'tree cases/2026',
      'blob cases/2026/RDR-AAAA-0001.json',
      'blob cases/2026/RDR-AAAA-0002.json',
    ]);

    // The same files in a real git repository: every id agrees, so the shas mean what git's do.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-git-ids-'));
    for (const [file, content] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git('init', '-q');
    git('add', '.');
    const root = git('write-tree');
    expect(data.sha).toBe(root);
    const listed = git('ls-tree', '-r', '-t', root).split('\n').map((line) => {
      const [meta = '', file] = line.split('\t');
      return { path: file, sha: meta.split(' ')[2] };
    });
    expect(data.tree.map((entry) => ({ path: entry.path, sha: entry.sha }))).toEqual(listed);
    expect(data.tree.find((entry) => entry.path === 'README.md')).toMatchObject({ mode: '100644', size: 13 });
    expect(data.tree.find((entry) => entry.path === 'cases')).toMatchObject({ mode: '040000' });
  });

  test('without recursive lists one level; a tree is also found by its sha or its commit\'s, and recursive=0 still recurses', async () => {
    const client = octokit();
    const top = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main' });
    expect(top.data.tree.map((entry) => entry.path)).toEqual(['README.md', 'cases-old.txt', 'cases']);
    const casesSha = top.data.tree.find((entry) => entry.path === 'cases')?.sha ?? '';
    const cases = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: casesSha });
    expect(cases.data.tree.map((entry) => entry.path)).toEqual(['2025', '2026']);
    const head = server.state.repo(REPO)?.git.head('main') ?? '';
    const byCommit = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: head });
    expect(byCommit.data.sha).toBe(top.data.sha);
    // GitHub: "setting recursive to any of the following will enable returning objects or subtrees: 0, 1, "true", and "false"".
    const zero = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '0' });
    expect(zero.data.tree).toHaveLength(8);
  });

  test('a listing longer than GitHub sends is cut and says truncated', async () => {
    server.state.treeEntryLimit = 4;
    const { data } = await octokit().rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(4);
  });

  test('a commit changes the branch\'s tree and the changed file\'s blob only', async () => {
    const client = octokit();
    const before = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    server.state.commitFiles({ repo: REPO, files: { 'cases/2026/RDR-AAAA-0001.json': '{"ledger": 1, "status": "closed"}\n', 'cases/2025/RDR-AAAA-0000.json': null } });
    const after = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    const shas = (data: typeof before.data) => new Map(data.tree.map((entry) => [entry.path, entry.sha]));
    const [was, now] = [shas(before.data), shas(after.data)];
    expect(now.get('cases/2026/RDR-AAAA-0001.json')).not.toBe(was.get('cases/2026/RDR-AAAA-0001.json'));
    expect(now.get('cases/2026/RDR-AAAA-0002.json')).toBe(was.get('cases/2026/RDR-AAAA-0002.json'));
    expect(now.has('cases/2025')).toBe(false);
    expect(server.state.repoFiles(REPO).get('cases/2026/RDR-AAAA-0001.json')).toContain('closed');
  });

  test('an unknown branch or sha is 404, a repository the token cannot see is 404, an empty one 409', async () => {
    expect((await failure(octokit().rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'no-such-branch' }))).status).toBe(404);
    expect((await failure(octokit().rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'f'.repeat(40) }))).status).toBe(404);
    expect((await failure(octokit('stranger-token').rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main' }))).status).toBe(404);
    server.state.addRepo({ owner: 'acme', name: 'empty' });
    server.state.addCollaborator({ repo: 'acme/empty', login: 'reader', permission: 'read' });
    const empty = await failure(octokit().rest.git.getTree({ owner: 'acme', repo: 'empty', tree_sha: 'main' }));
    expect(empty.status).toBe(409);
    expect(empty.response?.data.message).toBe('Git Repository is empty.');
  });

  test('the repository names its default branch, which follows a rename', async () => {
    server.state.addRepo({ owner: 'acme', name: 'old', defaultBranch: 'master' });
    server.state.addCollaborator({ repo: 'acme/old', login: 'reader', permission: 'read' });
    server.state.commitFiles({ repo: 'acme/old', files: { 'cases/2026/RDR-B.json': '{}' } });
    expect((await octokit().rest.repos.get({ owner: 'acme', repo: 'old' })).data.default_branch).toBe('master');
    expect(server.state.repo('acme/old')?.git.head('master')).toMatch(/^[0-9a-f]{40}$/);
    server.state.renameBranch({ repo: 'acme/old', from: 'master', to: 'main' });
    expect((await octokit().rest.repos.get({ owner: 'acme', repo: 'old' })).data.default_branch).toBe('main');
    expect((await octokit().rest.git.getTree({ owner: 'acme', repo: 'old', tree_sha: 'main' })).data.tree.map((entry) => entry.path)).toEqual(['cases']);
    expect((await failure(octokit().rest.git.getTree({ owner: 'acme', repo: 'old', tree_sha: 'master' }))).status).toBe(404);
  });
});

describe('git blobs', () => {
  test('a blob is its content in base64, in lines of 60 characters', async () => {
    const client = octokit();
    const { data: tree } = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    const file = tree.tree.find((entry) => entry.path === 'cases/2026/RDR-AAAA-0002.json');
    const { data } = await client.rest.git.getBlob({ owner: 'acme', repo: 'complaints', file_sha: file?.sha ?? '' });
    expect(data.encoding).toBe('base64');
    expect(data.content.split('\n').every((line) => line.length <= 60)).toBe(true);
    expect(data.content).toContain('\n');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(FILES['cases/2026/RDR-AAAA-0002.json']);
    expect(data.size).toBe(Buffer.byteLength(FILES['cases/2026/RDR-AAAA-0002.json']));
    expect((await failure(client.rest.git.getBlob({ owner: 'acme', repo: 'complaints', file_sha: '0'.repeat(40) }))).status).toBe(404);
    expect((await failure(octokit('stranger-token').rest.git.getBlob({ owner: 'acme', repo: 'complaints', file_sha: file?.sha ?? '' }))).status).toBe(404);
  });
});

describe('conditional requests on the git database', () => {
  test('an unchanged tree or blob answers 304 without spending the rate limit; a changed tree answers 200', async () => {
    const client = octokit();
    const first = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1' });
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"/);
    const again = await failure(client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1', headers: { 'if-none-match': etag } }));
    expect(again.status).toBe(304);
    const blobSha = first.data.tree.find((entry) => entry.type === 'blob')?.sha ?? '';
    const blob = await client.rest.git.getBlob({ owner: 'acme', repo: 'complaints', file_sha: blobSha });
    expect((await failure(client.rest.git.getBlob({ owner: 'acme', repo: 'complaints', file_sha: blobSha, headers: { 'if-none-match': blob.headers.etag ?? '' } }))).status).toBe(304);
    expect(server.rateLimit.status('reader-token').used).toBe(2);

    server.state.commitFiles({ repo: REPO, files: { 'cases/2026/RDR-AAAA-0003.json': '{"ledger": 1}\n' } });
    const changed = await client.rest.git.getTree({ owner: 'acme', repo: 'complaints', tree_sha: 'main', recursive: '1', headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.data.tree).toHaveLength(9);
    expect(server.requests.map((request) => [request.operationId, request.status, request.countedAgainstRateLimit])).toEqual([
      ['git/get-tree', 200, true],
      ['git/get-tree', 304, false],
      ['git/get-blob', 200, true],
      ['git/get-blob', 304, false],
      ['git/get-tree', 200, true],
    ]);
  });
});

describe('contract checks', () => {
  test('an undocumented query parameter on the trees endpoint is refused and recorded', async () => {
    const refused = await failure(octokit().request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner: 'acme', repo: 'complaints', tree_sha: 'main', path: 'cases' }));
    expect(refused.status).toBe(422);
    const violations = server.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.problems.join('\n')).toContain('query.path: is not a documented parameter');
  });
});
