// Intake's writes to GitHub under the content pacer, against the GitHub test server (which enforces GitHub's
// content-creation limits): what the client sends, and how the runtime answers and delivers without room.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ContentPacer, contentLogFile, PacedError } from '../../scripts/adapters/github/content-pacer.ts';
import { isContentCreating, rateLimitedUntil } from '../../scripts/adapters/github/content-pacing.ts';
import { createGitHubClient, type GitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { openIntakeRuntime, type IntakeRuntime } from '../../scripts/adapters/intake/intake-runtime.ts';
import { createLogger } from '../../scripts/adapters/log/logger.ts';
import { parseConfig } from '../../scripts/core/config/config-schema.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { casesServer, CASES_TOKEN } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';
import { SimulatedClock } from './support/simulated-clock.ts';

const START = Date.parse('2026-12-23T10:00:00Z');
const ROOT = path.resolve(import.meta.dirname, '../..');
const owner = 'acme';
const repo = 'complaints';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-pacing-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function server(clock: { now: number }): Promise<GitHubTestServer> {
  const started = await casesServer(clock);
  cleanups.push(async () => {
    started.assertNoViolations();
    await started.close();
  });
  return started;
}

const creations = (github: GitHubTestServer) => github.requests.filter((request) => request.operationId === 'issues/create');

describe('the client', () => {
  async function setup() {
    const clock = { now: START };
    const github = await server(clock);
    const file = contentLogFile(await dataDir());
    const pacer = await ContentPacer.open({ file, now: () => clock.now });
    const octokit: GitHubClient = createGitHubClient(
      { owner, repo, token: CASES_TOKEN, apiUrl: github.url },
      { pacing: 'none', retryAfterBaseValue: 1, contentPacer: pacer },
    );
    return { clock, github, pacer, octokit, file };
  }

  test('knows the content-creating requests: new issues, comments and labels, as routes or paths', () => {
    expect(isContentCreating('POST', '/repos/{owner}/{repo}/issues')).toBe(true);
    expect(isContentCreating('post', '/repos/acme/complaints/issues/12/comments')).toBe(true);
    expect(isContentCreating('POST', '/repos/{owner}/{repo}/labels')).toBe(true);
    expect(isContentCreating('GET', '/repos/{owner}/{repo}/issues')).toBe(false);
    expect(isContentCreating('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}')).toBe(false);
    expect(isContentCreating('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels')).toBe(false);
    expect(isContentCreating('POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees')).toBe(false);
  });

  test('logs each content-creating attempt before sending it, retries included; reads and edits are not logged', async () => {
    const { github, file, octokit } = await setup();
    github.faults.inject({ operationId: 'issues/create-label', fault: { type: 'status', status: 502 } });
    await octokit.rest.issues.createLabel({ owner, repo, name: 'flag:x', color: 'ededed' });
    const { data } = await octokit.rest.issues.create({ owner, repo, title: 'Case' });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: data.number, body: 'Part 2' });
    await octokit.rest.issues.update({ owner, repo, issue_number: data.number, title: 'Renamed' });
    await octokit.rest.issues.listForRepo({ owner, repo });
    // plugin-retry sent the label twice (after the 502): both reached GitHub, both are logged.
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(4);
    const log = (await readFile(file, 'utf8')).trim().split('\n');
    expect(log).toEqual([`c ${START}`, `c ${START}`, `c ${START}`, `c ${START}`]);
  });

  test('sends nothing the pacer has no room for', async () => {
    const { github, pacer, octokit, clock } = await setup();
    for (let i = 0; i < pacer.limits.perMinute; i += 1) await pacer.take();
    const refused = await octokit.rest.issues.create({ owner, repo, title: 'Case' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PacedError);
    expect((refused as PacedError).retryAt).toBe(START + 60_000);
    expect(creations(github)).toEqual([]);
    // Reads go on.
    expect((await octokit.rest.issues.listForRepo({ owner, repo })).status).toBe(200);
    clock.now += 60_000;
    expect((await octokit.rest.issues.create({ owner, repo, title: 'Case' })).status).toBe(201);
  });

  test('a rate limit GitHub answers with anyway pauses every content-creating request until it ends', async () => {
    const { github, pacer, octokit, clock } = await setup();
    github.faults.inject({ operationId: 'issues/create', fault: { type: 'secondary-rate-limit', retryAfterSeconds: 120, status: 403 } });
    const refused = await octokit.rest.issues.create({ owner, repo, title: 'Case' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect(await pacer.pausedUntil()).toBe(START + 120_000);
    clock.now += 119_000;
    expect(await octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'x' }).catch((error: unknown) => error)).toBeInstanceOf(PacedError);
    expect(creations(github)).toHaveLength(1);
    clock.now += 1_000;
    expect((await octokit.rest.issues.create({ owner, repo, title: 'Case' })).status).toBe(201);
  });

  test('reads when a rate limit ends from retry-after, an exhausted primary limit, or GitHub’s advice of a minute', () => {
    const now = START;
    expect(rateLimitedUntil({ status: 403, response: { headers: { 'retry-after': '30' } } }, now)).toBe(now + 30_000);
    expect(rateLimitedUntil({ status: 429, response: { headers: { 'retry-after': '0' } } }, now)).toBe(now + 1_000);
    expect(rateLimitedUntil({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 600) } } }, now)).toBe(now + 600_000);
    expect(rateLimitedUntil({ status: 403, message: 'You have exceeded a secondary rate limit.', response: { headers: {} } }, now)).toBe(now + 60_000);
    expect(rateLimitedUntil({ status: 403, message: 'Resource not accessible by integration', response: { headers: { 'x-ratelimit-remaining': '4000' } } }, now)).toBeUndefined();
    expect(rateLimitedUntil({ status: 502, response: { headers: { 'retry-after': '5' } } }, now)).toBeUndefined();
    expect(rateLimitedUntil(new Error('fetch failed'), now)).toBeUndefined();
  });
});

describe('the intake runtime', () => {
  async function setup(store: 'github' | 'local' = 'github') {
    const clock = new SimulatedClock(START);
    const time = { get now() { return clock.now(); } };
    const github = await server(time);
    const dir = await dataDir();
    const problems: string[] = [];
    const parsed = parseConfig({
      ...(store === 'github' ? { REDRESS_GITHUB_REPO: `${owner}/${repo}`, GITHUB_TOKEN: CASES_TOKEN, GITHUB_API_URL: github.url, REDRESS_GITHUB_PACING: 'none' } : {}),
      REDRESS_DATA_DIR: dir,
      REDRESS_MIN_FILL_SECONDS: '0',
      REDRESS_COMMIT_INTERVAL_MS: '200',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const runtime: IntakeRuntime = await openIntakeRuntime({
      config: parsed.config,
      log: createLogger({ level: 'warn', write: (line) => void problems.push(line) }),
      cwd: ROOT,
      procedure: async (id) => seedProcedure(id),
      calendarFor: (procedure) => calendarFor(procedure),
      startWorker: true,
      clock,
    });
    cleanups.push(() => runtime.close());
    await clock.advanceTo(START);
    const submit = (n: number) => runtime.intake.submit(complaint({ submissionId: randomUUID(), renderedAt: new Date(clock.now() - 600_000).toISOString() }), { receivedAt: clock.now() + n });
    const titles = () => github.state.issues(github.state.requireRepo(`${owner}/${repo}`)).map((issue) => issue.title.split(' ')[0]);
    return { clock, github, runtime, submit, titles, problems };
  }

  test('without room, a submission is answered at once as queued, and the worker delivers them in order as room frees', async () => {
    const { clock, github, runtime, submit, titles } = await setup();
    const pacer = runtime.pacer as ContentPacer;
    for (let i = 0; i < pacer.limits.perMinute; i += 1) await pacer.take();
    const answers = [];
    for (let n = 0; n < 3; n += 1) answers.push(await submit(n));
    expect(answers.map((answer) => answer.queued)).toEqual([true, true, true]);
    await clock.advanceTo(START + 59_999);
    expect(creations(github)).toEqual([]);
    await clock.advanceTo(START + 60_000);
    expect(titles()).toEqual(answers.map((answer) => answer.reference));
    expect(await runtime.outbox.pending()).toEqual([]);
  });

  test('a 403 with retry-after from GitHub pauses every delivery until then, rather than each trying again', async () => {
    const { clock, github, runtime, submit, titles, problems } = await setup();
    github.faults.inject({ operationId: 'issues/create', fault: { type: 'secondary-rate-limit', retryAfterSeconds: 300, status: 403 } });
    const answers = [];
    for (let n = 0; n < 3; n += 1) answers.push(await submit(n));
    expect(answers.map((answer) => answer.queued)).toEqual([true, true, true]);
    // The worker wakes on the pokes and its own timers through the pause, but sends nothing.
    await clock.advanceTo(START + 299_999);
    expect(creations(github).map((request) => request.status)).toEqual([403]);
    await clock.advanceTo(START + 300_000);
    expect(creations(github).map((request) => request.status)).toEqual([403, 201, 201, 201]);
    expect(titles()).toEqual(answers.map((answer) => answer.reference));
    expect(await runtime.outbox.pending()).toEqual([]);
    // The refusal is worth a warning once; the waiting submissions are no failures.
    expect(problems.filter((line) => line.includes('failed'))).toHaveLength(1);
  });

  test('the local store is not paced: more complaints at one instant than GitHub takes in a minute are all delivered at once', async () => {
    const { runtime, submit } = await setup('local');
    expect(runtime.pacer).toBeUndefined();
    const answers = [];
    for (let n = 0; n < 90; n += 1) answers.push(await submit(n));
    expect(answers.filter((answer) => answer.queued)).toEqual([]);
    expect(new Set((await runtime.store.listOpenCases()).map((stored) => stored.reference))).toEqual(new Set(answers.map((answer) => answer.reference)));
  });
});
