import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CaseIntake, type CaseIntakeDeps } from '../../scripts/adapters/intake/case-intake.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { RetryWorker } from '../../scripts/adapters/intake/retry-worker.ts';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import type { CaseStore } from '../../scripts/core/case/case-store.ts';
import { isReference } from '../../scripts/core/complaint/reference.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';

const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter') };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-intake-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function intakeFor(store: CaseStore, dir: string, overrides: Partial<CaseIntakeDeps> = {}) {
  const outbox = await new Outbox(dir).open();
  const deps: CaseIntakeDeps = {
    store,
    outbox,
    procedure: async (id) => seedProcedure(id),
    calendarFor: (procedure) => calendarFor(procedure),
    templates: async () => templates,
    assignees: { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } },
    minFillMs: 3_000,
    deliveryWaitMs: 5_000,
    log: silentLogger,
    ...overrides,
  };
  return { intake: new CaseIntake(deps), outbox, deps };
}

async function localStore(dir: string): Promise<LocalCaseStore> {
  const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 10 });
  cleanups.push(() => store.close());
  return store;
}

async function githubStore(clock: { now: number }): Promise<{ server: GitHubTestServer; store: GitHubCaseStore }> {
  const server = await casesServer(clock);
  cleanups.push(async () => {
    server.assertNoViolations();
    await server.close();
  });
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: 'ghs_contracttesttoken', apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 1, timeoutMs: 2_000, retries: 1 });
  return { server, store: new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', settleMs: 1 }) };
}

describe.each(['local', 'github'] as const)('intake into the %s store', (kind) => {
  async function setup() {
    const dir = await dataDir();
    const clock = { now: RECEIVED };
    const github = kind === 'github' ? await githubStore(clock) : undefined;
    const store = github?.store ?? (await localStore(dir));
    const count = async () => (github ? github.server.state.issues(github.server.state.requireRepo('acme/complaints')).length : (await store.listOpenCases()).length);
    return { dir, clock, store, server: github?.server, count, ...(await intakeFor(store, dir)) };
  }

  test('a submission becomes one case, with the reference derived from its submission id', async () => {
    const { intake, store, outbox, count } = await setup();
    const result = await intake.submit(complaint(), { receivedAt: RECEIVED });
    expect(result).toEqual({ reference: referenceForSubmission(complaint().submissionId), queued: false, receivedAt: RECEIVED });
    expect(isReference(result.reference)).toBe(true);
    const stored = await store.findByReference(result.reference);
    expect(stored).toMatchObject({ title: `${result.reference} · ceccc`, assignees: ['octocat'] });
    expect(stored?.labels).toEqual(expect.arrayContaining(['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received']));
    expect(await outbox.pending()).toEqual([]);
    expect(await count()).toBe(1);
  });

  test('a double-clicked or retried submission gets the same reference and makes no second case', async () => {
    const { intake, count } = await setup();
    const same = complaint();
    const [a, b] = await Promise.all([intake.submit(same, { receivedAt: RECEIVED }), intake.submit(same, { receivedAt: RECEIVED + 40 })]);
    expect(a.reference).toBe(b.reference);
    // Whichever arrived first fixed the time of receipt, and both are answered with it.
    expect(b.receivedAt).toBe(a.receivedAt);
    expect([RECEIVED, RECEIVED + 40]).toContain(a.receivedAt);
    const later = await intake.submit(same, { receivedAt: RECEIVED + 3_600_000 });
    expect(later).toMatchObject({ reference: a.reference, queued: false, receivedAt: a.receivedAt });
    expect(await count()).toBe(1);
  });

  test('a filled-in hidden field or a form sent within seconds is answered normally but makes no case', async () => {
    const { intake, count } = await setup();
    const bot = await intake.submit(complaint({ website: 'http://spam.example' }), { receivedAt: RECEIVED });
    expect(bot).toMatchObject({ queued: false, setAside: 'honeypot' });
    expect(isReference(bot.reference)).toBe(true);
    const fast = await intake.submit(complaint({ renderedAt: new Date(RECEIVED - 1_000).toISOString() }), { receivedAt: RECEIVED });
    expect(fast).toMatchObject({ setAside: 'too-fast' });
    expect(await count()).toBe(0);
  });

  test('a case opened by staff skips the bot checks and records its channel', async () => {
    const { intake, store } = await setup();
    const result = await intake.submit(complaint({ renderedAt: new Date(RECEIVED).toISOString() }), { receivedAt: RECEIVED, channel: 'email' });
    const stored = await store.findByReference(result.reference);
    expect(parseCaseBlock(stored?.body ?? '')).toMatchObject({ channel: 'email', events: [{ channel: 'email' }] });
  });

  test('a complaint too long for one issue is continued in comments, posted once however often delivery runs', async () => {
    const { dir, store } = await setup();
    let crash = true;
    // The first delivery dies after posting, before removing the outbox entry, as a killed process would.
    const { intake, outbox } = await intakeFor(store, dir, {
      checkpoint: async (point) => {
        if (point === 'before-outbox-remove' && crash) throw new Error('killed');
      },
    });
    const long = complaint({ complaint: '\u200B@'.repeat(9_000) });
    const result = await intake.submit(long, { receivedAt: RECEIVED });
    expect(result.queued).toBe(true);
    const stored = await store.findByReference(result.reference);
    const comments = await store.listComments(stored?.id ?? '');
    expect(comments.length).toBeGreaterThan(1);
    crash = false;
    expect(await new RetryWorker({ store, outbox, log: silentLogger }).flush()).toEqual({ delivered: [long.submissionId], busy: [], failed: [] });
    expect((await store.listComments(stored?.id ?? '')).map((c) => c.body)).toEqual(comments.map((c) => c.body));
  });
});

describe('intake when GitHub fails', () => {
  test('an outage answers with a queued reference; after recovery the worker makes exactly one issue', async () => {
    const clock = { now: RECEIVED };
    const { server, store } = await githubStore(clock);
    const dir = await dataDir();
    const { intake, outbox } = await intakeFor(store, dir);
    server.faults.inject({ method: 'POST', path: /\/issues$/, times: 1_000, fault: { type: 'status', status: 503 } });
    const result = await intake.submit(complaint(), { receivedAt: RECEIVED });
    expect(result).toMatchObject({ queued: true, reference: referenceForSubmission(complaint().submissionId) });
    expect(await outbox.pending()).toEqual([complaint().submissionId]);
    const entryFile = path.join(outbox.dir, `${complaint().submissionId}.json`);
    expect((await stat(entryFile)).mode & 0o777).toBe(0o600);

    const worker = new RetryWorker({ store, outbox, log: silentLogger, baseDelayMs: 5, pollMs: 20 });
    worker.start();
    await sleep(100);
    expect(server.state.issues(server.state.requireRepo('acme/complaints'))).toHaveLength(0);
    server.faults.clear();
    await waitFor(async () => (await outbox.pending()).length === 0);
    await worker.stop();
    const issues = server.state.issues(server.state.requireRepo('acme/complaints'));
    expect(issues.map((issue) => issue.title)).toEqual([`${result.reference} · ceccc`]);
  });

  test('secondary rate limits and timeouts queue the submission rather than keep the person waiting', async () => {
    const clock = { now: RECEIVED };
    const { server, store } = await githubStore(clock);
    const dir = await dataDir();
    const { intake, outbox } = await intakeFor(store, dir, { deliveryWaitMs: 300 });
    server.faults.inject({ operationId: 'issues/create', times: 5, fault: { type: 'secondary-rate-limit', retryAfterSeconds: 60, status: 403 } });
    expect(await intake.submit(complaint(), { receivedAt: RECEIVED })).toMatchObject({ queued: true });
    server.faults.inject({ operationId: 'issues/list-for-repo', fault: { type: 'delay', ms: 1_000 } });
    const other = complaint({ submissionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' });
    expect(await intake.submit(other, { receivedAt: RECEIVED })).toMatchObject({ queued: true });
    server.faults.clear();
    await waitFor(async () => (await outbox.pending()).length === 0 || (await new RetryWorker({ store, outbox, log: silentLogger }).flush()).failed.length === 0);
    expect(server.state.issues(server.state.requireRepo('acme/complaints'))).toHaveLength(2);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.');
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
