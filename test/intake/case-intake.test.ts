import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CaseIntake, type CaseIntakeDeps } from '../../scripts/adapters/intake/case-intake.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { RetryWorker } from '../../scripts/adapters/intake/retry-worker.ts';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { submissionDigest } from '../../scripts/adapters/intake/submission-digest.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import type { CaseStore } from '../../scripts/core/case/case-store.ts';
import { isReference } from '../../scripts/core/complaint/reference.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { escapeUserText } from '../../scripts/core/text/escape-user-text.ts';
import { mentionsAndReferences } from '../support/markdown-safety.ts';
import { casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';

const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
/** When the forms were shown, as their signed tokens say: ten minutes before. */
const SHOWN = RECEIVED - 600_000;
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter'), addendum: await readTemplate('addendum') };

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
    const result = await intake.submit(complaint(), { receivedAt: RECEIVED, shownAt: SHOWN });
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
    const [a, b] = await Promise.all([intake.submit(same, { receivedAt: RECEIVED, shownAt: SHOWN }), intake.submit(same, { receivedAt: RECEIVED + 40, shownAt: SHOWN })]);
    expect(a.reference).toBe(b.reference);
    // Whichever arrived first fixed the time of receipt, and both are answered with it.
    expect(b.receivedAt).toBe(a.receivedAt);
    expect([RECEIVED, RECEIVED + 40]).toContain(a.receivedAt);
    const later = await intake.submit(same, { receivedAt: RECEIVED + 3_600_000, shownAt: SHOWN });
    expect(later).toMatchObject({ reference: a.reference, queued: false, receivedAt: a.receivedAt });
    expect(await count()).toBe(1);
  });

  test('a filled-in hidden field or a form sent within seconds is answered normally but makes no case', async () => {
    const { intake, count } = await setup();
    const bot = await intake.submit(complaint({ website: 'http://spam.example' }), { receivedAt: RECEIVED, shownAt: SHOWN });
    expect(bot).toMatchObject({ queued: false, setAside: 'honeypot' });
    expect(isReference(bot.reference)).toBe(true);
    const fast = await intake.submit(complaint({ submissionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }), { receivedAt: RECEIVED, shownAt: RECEIVED - 1_000 });
    expect(fast).toMatchObject({ queued: false, setAside: 'too-fast' });
    expect(await count()).toBe(0);
  });

  test('only the signed time counts: a web submission claiming it was shown in 2020, with no signed time, makes no case', async () => {
    const { intake, count } = await setup();
    const claimed = await intake.submit(complaint({ renderedAt: '2020-01-01T00:00:00.000Z' }), { receivedAt: RECEIVED });
    expect(claimed).toMatchObject({ queued: false, setAside: 'too-fast' });
    expect(isReference(claimed.reference)).toBe(true);
    expect(await count()).toBe(0);
    // Signed: exactly the minimum fill time after it was shown is a person's pace.
    const signed = await intake.submit(complaint({ renderedAt: '2020-01-01T00:00:00.000Z' }), { receivedAt: RECEIVED, shownAt: RECEIVED - 3_000 });
    expect(signed).toEqual({ reference: claimed.reference, queued: false, receivedAt: RECEIVED });
    expect(await count()).toBe(1);
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
    const result = await intake.submit(long, { receivedAt: RECEIVED, shownAt: SHOWN });
    expect(result.queued).toBe(true);
    const stored = await store.findByReference(result.reference);
    const comments = await store.listComments(stored?.id ?? '');
    expect(comments.length).toBeGreaterThan(1);
    crash = false;
    expect(await new RetryWorker({ store, outbox, log: silentLogger }).flush()).toEqual({ delivered: [long.submissionId], busy: [], failed: [] });
    expect((await store.listComments(stored?.id ?? '')).map((c) => c.body)).toEqual(comments.map((c) => c.body));
  });
});

describe.each(['local', 'github'] as const)('the same form sent again, into the %s store', (kind) => {
  async function setup() {
    const dir = await dataDir();
    const github = kind === 'github' ? await githubStore({ now: RECEIVED }) : undefined;
    const store = github?.store ?? (await localStore(dir));
    const { intake, outbox } = await intakeFor(store, dir);
    const cases = path.join(dir, 'complaints');
    return {
      intake,
      outbox,
      store,
      /** The store refuses every new case until `recover`: GitHub answers 503; the local store's folder is gone. */
      fail: async () => {
        if (github) github.server.faults.inject({ method: 'POST', path: /\/issues$/, times: 1_000, fault: { type: 'status', status: 503 } });
        else await rename(cases, `${cases}.away`).then(() => writeFile(cases, 'not a folder'));
      },
      recover: async () => {
        if (github) github.server.faults.clear();
        else await rm(cases).then(() => rename(`${cases}.away`, cases));
      },
      count: async () => (github ? github.server.state.issues(github.server.state.requireRepo('acme/complaints')).length : (await store.listOpenCases()).length),
      comments: async (reference: string) => {
        const stored = await store.findByReference(reference);
        return stored ? (await store.listComments(stored.id)).map((c) => c.body) : [];
      },
    };
  }

  const first = complaint({ complaint: 'The handover was forty minutes late.' });
  const second = complaint({ complaint: 'The handover was forty minutes late. @admin I forgot: it was the second time #2 <b>this month</b>.', phone: '01632 960 002' });

  test('with the same answers: the same reference, one case and nothing added, as often as it comes', async () => {
    const { intake, count, comments } = await setup();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    // Re-sent later from the same form: only the form's own fields differ.
    const again = await intake.submit({ ...first, renderedAt: '2026-12-23T09:58:00.000Z', formToken: 'another' }, { receivedAt: RECEIVED + 60_000, shownAt: SHOWN });
    expect(again).toEqual({ reference: a.reference, queued: false, receivedAt: RECEIVED });
    expect(await count()).toBe(1);
    expect(await comments(a.reference)).toEqual([]);
  });

  test('with other answers after its case was made: added once, as a marked addendum escaped like the body', async () => {
    const { intake, store, outbox, count, comments } = await setup();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    const b = await intake.submit(second, { receivedAt: RECEIVED + 3_600_000, shownAt: SHOWN });
    expect(b).toEqual({ reference: a.reference, queued: false, receivedAt: RECEIVED });
    expect(await count()).toBe(1);
    const [addendum, ...rest] = await comments(a.reference);
    expect(rest).toEqual([]);
    expect(addendum?.split('\n')[0]).toBe(`<!-- redress:addendum v1 case=${a.reference} sha=${submissionDigest(second)} part=1 -->`);
    expect(addendum).toContain('**Complaint ' + a.reference + ': sent again with other answers**');
    expect(addendum).toContain('The complainant sent the same form again on Wednesday 23 December 2026 at 11:00am');
    expect(addendum).toContain(escapeUserText(second.complaint));
    expect(addendum).toContain('**Telephone:** 01632 960 002');
    expect(mentionsAndReferences(addendum ?? '')).toEqual([]);
    // The case itself is as the first answers made it.
    const stored = await store.findByReference(a.reference);
    expect(stored?.body).toContain(escapeUserText(first.complaint));
    expect(stored?.body).not.toContain('second time');
    expect(await outbox.pending()).toEqual([]);
    // Sent again, either version: nothing more.
    await intake.submit(second, { receivedAt: RECEIVED + 7_200_000, shownAt: SHOWN });
    await intake.submit(first, { receivedAt: RECEIVED + 7_300_000, shownAt: SHOWN });
    expect(await comments(a.reference)).toEqual([addendum]);
    expect(await count()).toBe(1);
  });

  test('with other answers while the first is still queued: one case from the first answers, the second added once', async () => {
    const { intake, store, outbox, fail, recover, count, comments } = await setup();
    await fail();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    expect(a.queued).toBe(true);
    const b = await intake.submit(second, { receivedAt: RECEIVED + 60_000, shownAt: SHOWN });
    // Answered like the first: its reference, queued, counting from the first receipt.
    expect(b).toEqual({ reference: a.reference, queued: true, receivedAt: RECEIVED });
    // The same second answers again: nothing more waits.
    await intake.submit(second, { receivedAt: RECEIVED + 120_000, shownAt: SHOWN });
    const pending = await outbox.pending();
    expect(pending).toEqual([first.submissionId, `${first.submissionId}-${submissionDigest(second).slice(0, 16)}`]);
    await recover();
    expect(await new RetryWorker({ store, outbox, log: silentLogger }).flush()).toEqual({ delivered: pending, busy: [], failed: [] });
    expect(await count()).toBe(1);
    const stored = await store.findByReference(a.reference);
    expect(stored?.body).toContain(escapeUserText(first.complaint));
    expect(parseCaseBlock(stored?.body ?? '')?.received).toBe(new Date(RECEIVED).toISOString());
    const added = await comments(a.reference);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`^<!-- redress:addendum v1 case=${a.reference} sha=${submissionDigest(second)} part=1 -->`));
    expect(added[0]).toContain('on Wednesday 23 December 2026 at 10:01am');
    expect(await outbox.pending()).toEqual([]);
    // Delivery running again finds everything done.
    expect(await new RetryWorker({ store, outbox, log: silentLogger }).flush()).toEqual({ delivered: [], busy: [], failed: [] });
    expect(await comments(a.reference)).toEqual(added);
  });

  test('while the first waits, the second is delivered as soon as the first is: by the request that sends it', async () => {
    const { intake, outbox, fail, recover, count, comments } = await setup();
    await fail();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    await recover();
    // Nothing has retried the first yet: the second's delivery delivers it first, then adds itself.
    const b = await intake.submit(second, { receivedAt: RECEIVED + 60_000, shownAt: SHOWN });
    expect(b).toEqual({ reference: a.reference, queued: false, receivedAt: RECEIVED });
    expect(await count()).toBe(1);
    expect(await comments(a.reference)).toHaveLength(1);
    expect(await outbox.pending()).toEqual([]);
  });

  test('the second waits while another process still holds the first, and follows it once that process is gone', async () => {
    const { intake, outbox, store, fail, recover, count, comments } = await setup();
    await fail();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    // Another server on the same data directory takes the second sending.
    const other = await intakeFor(store, path.dirname(outbox.dir));
    cleanups.push(() => other.outbox.close());
    await recover();
    expect(await other.intake.submit(second, { receivedAt: RECEIVED + 60_000, shownAt: SHOWN })).toEqual({ reference: a.reference, queued: true, receivedAt: RECEIVED });
    const worker = new RetryWorker({ store, outbox: other.outbox, log: silentLogger });
    const follower = `${first.submissionId}-${submissionDigest(second).slice(0, 16)}`;
    expect(await worker.flush()).toEqual({ delivered: [], busy: [first.submissionId], failed: [{ submissionId: follower, error: 'Waits for the first sending of the same form, which another process is delivering.' }] });
    expect(await count()).toBe(0);
    // The first process stops: its entry is taken over, delivered, and the second follows.
    await outbox.close();
    expect(await worker.flush()).toEqual({ delivered: [first.submissionId, follower], busy: [], failed: [] });
    expect(await count()).toBe(1);
    expect(await comments(a.reference)).toHaveLength(1);
  });

  test('other answers too long for one comment are added in parts, in order, each once', async () => {
    const { intake, outbox, store, comments } = await setup();
    const a = await intake.submit(first, { receivedAt: RECEIVED, shownAt: SHOWN });
    const long = complaint({ complaint: '@x '.repeat(6_600), outcomeWanted: '#1 '.repeat(1_600), paperwork: '<b> '.repeat(1_200) });
    await intake.submit(long, { receivedAt: RECEIVED + 60_000, shownAt: SHOWN });
    const parts = await comments(a.reference);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      expect(part.startsWith(`<!-- redress:addendum v1 case=${a.reference} sha=${submissionDigest(long)} part=${i + 1} -->\n`)).toBe(true);
      expect(part.length).toBeLessThanOrEqual(65_536);
      expect(mentionsAndReferences(part)).toEqual([]);
    });
    expect(parts.slice(1).every((part, i) => part.includes(`continued (part ${i + 2} of ${parts.length})`))).toBe(true);
    await intake.submit(long, { receivedAt: RECEIVED + 120_000, shownAt: SHOWN });
    expect(await new RetryWorker({ store, outbox, log: silentLogger }).flush()).toEqual({ delivered: [], busy: [], failed: [] });
    expect(await comments(a.reference)).toEqual(parts);
  });
});

describe('intake when GitHub fails', () => {
  test('the queued case looks for an earlier creation from when the form was shown, as signed, not as claimed', async () => {
    const { server, store } = await githubStore({ now: RECEIVED });
    const { intake, outbox } = await intakeFor(store, await dataDir());
    server.faults.inject({ method: 'POST', path: /\/issues$/, times: 1_000, fault: { type: 'status', status: 503 } });
    await intake.submit(complaint({ renderedAt: '2026-12-23T09:59:59.000Z' }), { receivedAt: RECEIVED, shownAt: SHOWN });
    expect((await outbox.get(complaint().submissionId))?.newCase.notCreatedBefore).toBe(new Date(SHOWN).toISOString());
    server.faults.clear();
  });

  test('an outage answers with a queued reference; after recovery the worker makes exactly one issue', async () => {
    const clock = { now: RECEIVED };
    const { server, store } = await githubStore(clock);
    const dir = await dataDir();
    const { intake, outbox } = await intakeFor(store, dir);
    server.faults.inject({ method: 'POST', path: /\/issues$/, times: 1_000, fault: { type: 'status', status: 503 } });
    const result = await intake.submit(complaint(), { receivedAt: RECEIVED, shownAt: SHOWN });
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
    expect(await intake.submit(complaint(), { receivedAt: RECEIVED, shownAt: SHOWN })).toMatchObject({ queued: true });
    server.faults.inject({ operationId: 'issues/list-for-repo', fault: { type: 'delay', ms: 1_000 } });
    const other = complaint({ submissionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' });
    expect(await intake.submit(other, { receivedAt: RECEIVED, shownAt: SHOWN })).toMatchObject({ queued: true });
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
