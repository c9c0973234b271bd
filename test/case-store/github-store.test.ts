import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { CASES_TOKEN, casesServer } from './cases-server.ts';
import { CONTRACT_START, defineCaseStoreContract, newCase } from './contract.ts';

const REPO = 'acme/complaints';
const TOKEN = CASES_TOKEN;

function storeFor(server: GitHubTestServer, clock: { now: number }, options: { settleMs?: number } = {}): GitHubCaseStore {
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: TOKEN, apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 5, timeoutMs: 2_000 });
  return new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: options.settleMs ?? 5 });
}

defineCaseStoreContract('GitHub store', async () => {
  const clock = { now: CONTRACT_START };
  const server = await casesServer(clock);
  const repo = server.state.requireRepo(REPO);
  return {
    store: storeFor(server, clock),
    advance: (ms) => {
      clock.now += ms;
    },
    addStaffComment: async (id, body) => {
      server.state.createComment({ repo: REPO, issueNumber: Number(id), as: 'staff-member', body });
    },
    countCases: async (reference) => server.state.issues(repo).filter((issue) => issue.title.includes(reference)).length,
    cleanup: async () => {
      server.assertNoViolations();
      await server.close();
    },
  };
});

describe('GitHub store', () => {
  let server: GitHubTestServer | undefined;
  afterEach(async () => {
    server?.assertNoViolations();
    await server?.close();
    server = undefined;
  });

  test('a person’s access is their role on the repository, from the collaborator permission endpoint', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    const roles = ['admin', 'maintain', 'write', 'triage', 'read'] as const;
    for (const role of roles) {
      server.state.addUser({ login: `as-${role}` });
      server.state.addCollaborator({ repo: REPO, login: `as-${role}`, permission: role });
    }
    server.state.addUser({ login: 'outsider' });
    for (const role of roles) expect(await store.permissionOf(`as-${role}`)).toBe(role);
    expect(await store.permissionOf('acme')).toBe('admin');
    expect(await store.permissionOf('outsider')).toBe('none');
    // A login GitHub does not know at all has no access either (GitHub answers 404).
    expect(await store.permissionOf('no-such-person')).toBe('none');
  });

  test('a creation whose answer is lost is found, not repeated', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    server.faults.inject({ operationId: 'issues/create', fault: { type: 'disconnect', when: 'after' } });
    const input = newCase();
    const result = await store.createCase(input);
    expect(result.case.reference).toBe(input.reference);
    expect(server.state.issues(server.state.requireRepo(REPO))).toHaveLength(1);
    expect(server.requests.filter((r) => r.operationId === 'issues/create')).toHaveLength(1);
  });

  test('a first attempt skips the look-up, yet its lost answer is still found rather than repeated', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    server.faults.inject({ operationId: 'issues/create', fault: { type: 'disconnect', when: 'after' } });
    const result = await store.createCase({ ...newCase(), firstAttempt: true });
    expect(result.created).toBe(true);
    expect(server.requests.map((r) => r.operationId)).toEqual(['issues/create', 'issues/list-for-repo']);
    expect(server.state.issues(server.state.requireRepo(REPO))).toHaveLength(1);
  });

  test('a creation refused with a server error is tried again after looking', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    server.faults.inject({ operationId: 'issues/create', fault: { type: 'status', status: 502 } });
    const result = await store.createCase(newCase());
    expect(result.created).toBe(true);
    expect(server.state.issues(server.state.requireRepo(REPO))).toHaveLength(1);
    expect(server.requests.filter((r) => r.operationId === 'issues/create').map((r) => r.status)).toEqual([502, 201]);
  });

  test('an assignee GitHub cannot assign does not stop the case being created', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    const result = await store.createCase(newCase({ assignees: ['not-a-collaborator'] }));
    expect(result).toMatchObject({ created: true, case: { assignees: [] } });
  });

  test('the duplicate look-up reads one page when the cases since receipt fit in it', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    for (let i = 0; i < 3; i += 1) server.state.createIssue({ repo: REPO, as: 'octocat', title: `RDR-OLD${i}-AAAA-AA · ceccc` });
    clock.now += 86_400_000;
    const before = server.requests.length;
    await store.createCase(newCase({ notCreatedBefore: new Date(clock.now).toISOString() }));
    const reads = server.requests.slice(before).filter((r) => r.operationId === 'issues/list-for-repo');
    expect(reads).toHaveLength(1);
    expect(reads[0]?.query).toContain('since=');
  });

  test('a body longer than GitHub takes is refused before any request', async () => {
    const clock = { now: CONTRACT_START };
    server = await casesServer(clock);
    const store = storeFor(server, clock);
    await expect(store.createCase(newCase({ body: 'x'.repeat(65_537) }))).rejects.toThrow(/at most 65536 characters/);
  });
});
