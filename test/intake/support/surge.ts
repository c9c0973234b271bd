/**
 * The surge scenario, shared by test/intake/surge.test.ts and `npm run bench:intake`: thousands of complaints in one
 * hour through the real intake runtime (outbox, content pacer, retry worker, GitHub store) into the GitHub test
 * server, which enforces GitHub's content-creation limits. Time is simulated and shared by the server, the pacer
 * and the worker, so the hours of delivery take seconds; the answers are timed in real milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openIntakeRuntime, type IntakeRuntime } from '../../../scripts/adapters/intake/intake-runtime.ts';
import { createLogger } from '../../../scripts/adapters/log/logger.ts';
import type { ComplaintInput } from '../../../scripts/core/complaint/complaint-schema.ts';
import { parseConfig } from '../../../scripts/core/config/config-schema.ts';
import { calendarFor } from '../../../scripts/core/deadlines/procedure-calendar.ts';
import { startGitHubServer, type GitHubTestServer } from '../../github-server/index.ts';
import { seedProcedure } from '../../support/procedures.ts';
import { complaint } from '../complaint-fixture.ts';
import { SimulatedClock } from './simulated-clock.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const REPO = 'acme/complaints';
const TOKEN = 'ghs_surgetoken';
const BOT = 'redress-bot';
export const SURGE_START = Date.parse('2026-12-23T09:00:00Z');

export interface SurgeOptions {
  complaints: number;
  /** How long they take to arrive, in simulated ms (an hour). */
  overMs: number;
  /** Stop the intake after this many submissions and open a new one on the same data directory, as a restart. */
  restartAfter?: number;
  /** Every so many complaints, one long enough to continue in comments. */
  longEvery?: number;
  /** Give up (a failure) when the outbox is not empty by this much simulated time after the start. */
  giveUpAfterMs?: number;
}

export interface SurgeReport {
  /** Each submission's answer, with how long it took in real time. */
  answers: { reference: string; queued: boolean; ms: number }[];
  /** Simulated ms from the first submission until the last was delivered. */
  deliveredAfterMs: number;
  /** References answered but with no issue, and references with more than one. */
  lost: string[];
  duplicated: string[];
  /** Long complaints whose issue lacks a continuation part, or has one twice. */
  badContinuations: string[];
  /** Complaints whose issue was created after that of one received later: delivery out of order. */
  outOfOrder: number;
  /** Answers of 403 or 429 the server sent. */
  refusals: number;
  /** The most content-creating requests the server counted in any 60 seconds and in any hour. */
  busiest: { minute: number; hour: number };
  contentRequests: number;
  /** Warnings and errors the intake logged. */
  problems: string[];
  /** The server's record of departures from GitHub's API description. */
  violations: number;
}

/**
 * When each complaint arrives: half spread evenly over the period, half in two bursts (at a tenth and at six
 * tenths of it) of five at a time, a second apart: far more in a minute than GitHub takes.
 */
export function surgeArrivals(complaints: number, overMs: number): number[] {
  const even = Math.ceil(complaints / 2);
  const times = Array.from({ length: even }, (_, i) => Math.floor((i * overMs) / even));
  for (let i = 0; i < complaints - even; i += 1) {
    const burst = i % 2 === 0 ? 0.1 : 0.6;
    times.push(Math.floor(overMs * burst) + Math.floor(i / 10) * 1_000);
  }
  return times.map((t) => SURGE_START + Math.min(t, overMs - 1)).sort((a, b) => a - b);
}

export async function runSurge(options: SurgeOptions): Promise<SurgeReport> {
  const clock = new SimulatedClock(SURGE_START);
  const server = await startGitHubServer({ now: clock.now, rateLimit: 1_000_000 });
  server.state.addUser({ login: BOT });
  server.state.addUser({ login: 'octocat' });
  server.state.addRepo({ owner: 'acme', name: 'complaints' });
  for (const login of [BOT, 'octocat']) server.state.addCollaborator({ repo: REPO, login, permission: 'write' });
  server.state.addToken(TOKEN, BOT);
  await warmUp(server);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-surge-'));
  const problems: string[] = [];
  const parsed = parseConfig({
    REDRESS_GITHUB_REPO: REPO,
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: server.url,
    REDRESS_DATA_DIR: dataDir,
    REDRESS_ASSIGNEES: JSON.stringify({ ceccc: { coordinator: ['octocat'] } }),
    REDRESS_MIN_FILL_SECONDS: '0',
    // plugin-throttling's pauses between writes run on real time; the pacer on the simulated clock keeps the limits.
    REDRESS_GITHUB_PACING: 'none',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const open = () =>
    openIntakeRuntime({
      config: parsed.config,
      log: createLogger({ level: 'warn', write: (line) => void problems.push(line.trim()), now: clock.now }),
      cwd: ROOT,
      procedure: async (id) => seedProcedure(id),
      calendarFor: (procedure) => calendarFor(procedure),
      startWorker: true,
      clock,
    });

  let runtime: IntakeRuntime | undefined;
  try {
    runtime = await open();
    const answers: (SurgeReport['answers'][number] & { submissionId: string; at: number })[] = [];
    const long = new Set<string>();
    const arrivals = surgeArrivals(options.complaints, options.overMs);
    let restarted = false;
    for (let i = 0; i < arrivals.length; ) {
      const at = arrivals[i] as number;
      await clock.advanceTo(at);
      if (!restarted && options.restartAfter !== undefined && i >= options.restartAfter) {
        restarted = true;
        await runtime.close();
        runtime = await open();
      }
      // Those arriving at the same instant are sent together.
      const together: Partial<ComplaintInput>[] = [];
      for (; i < arrivals.length && arrivals[i] === at; i += 1) {
        const isLong = options.longEvery !== undefined && i % options.longEvery === options.longEvery - 1;
        together.push({ submissionId: randomUUID(), renderedAt: new Date(at - 5 * 60_000).toISOString(), ...(isLong ? { complaint: '\u200B@'.repeat(9_000) } : {}) });
        if (isLong) long.add(together.at(-1)?.submissionId as string);
      }
      const intake = runtime.intake;
      answers.push(
        ...(await Promise.all(
          together.map(async (input) => {
            const started = performance.now();
            const result = await intake.submit(complaint(input), { receivedAt: at });
            return { reference: result.reference, queued: result.queued, ms: performance.now() - started, submissionId: input.submissionId as string, at };
          }),
        )),
      );
    }

    const giveUpAt = SURGE_START + (options.giveUpAfterMs ?? 48 * 3_600_000);
    while ((await runtime.outbox.pending()).length > 0 && clock.now() < giveUpAt) {
      if (!(await clock.runNext())) break;
    }
    const deliveredAfterMs = (await runtime.outbox.pending()).length === 0 ? lastCreation(server) - SURGE_START : Number.NaN;
    return {
      answers: answers.map(({ reference, queued, ms }) => ({ reference, queued, ms })),
      deliveredAfterMs,
      ...tally(server, answers, long),
      problems,
      violations: server.violations.length,
    };
  } finally {
    await runtime?.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The test server checks requests and responses against GitHub's description, compiling each operation's schema on
 * its first use: another account (whose content limit is its own) uses the intake's operations first, so that cost
 * is not timed as an answer.
 */
async function warmUp(server: GitHubTestServer): Promise<void> {
  server.state.addUser({ login: 'warm-up' });
  server.state.addToken('ghs_warmup', 'warm-up');
  server.state.addCollaborator({ repo: REPO, login: 'warm-up', permission: 'write' });
  const octokit = new Octokit({ baseUrl: server.url, auth: 'ghs_warmup' });
  const owner = 'acme';
  const repo = 'complaints';
  await octokit.rest.users.getAuthenticated();
  await octokit.rest.issues.listLabelsForRepo({ owner, repo, per_page: 100 });
  await octokit.rest.issues.createLabel({ owner, repo, name: 'warm-up', color: 'ededed' });
  const { data } = await octokit.rest.issues.create({ owner, repo, title: 'warm-up', body: 'x', labels: ['warm-up'], assignees: ['octocat'] });
  await octokit.rest.issues.createComment({ owner, repo, issue_number: data.number, body: 'x' });
  await octokit.rest.issues.listComments({ owner, repo, issue_number: data.number, per_page: 100 });
  await octokit.rest.issues.listForRepo({ owner, repo, state: 'all', sort: 'created', direction: 'desc', per_page: 100, since: new Date(0).toISOString() });
  await octokit.rest.issues.update({ owner, repo, issue_number: data.number, state: 'closed' });
  server.state.deleteIssue(server.state.requireRepo(REPO), data.number);
}

function lastCreation(server: GitHubTestServer): number {
  return Math.max(...server.requests.filter((request) => request.contentCreation === 'counted').map((request) => request.at));
}

function tally(server: GitHubTestServer, answers: { reference: string; submissionId: string; at: number }[], long: Set<string>) {
  const repo = server.state.requireRepo(REPO);
  const issues = server.state.issues(repo);
  const byReference = new Map<string, number[]>();
  for (const issue of issues) {
    const reference = issue.title.split(' ')[0] as string;
    byReference.set(reference, [...(byReference.get(reference) ?? []), issue.number]);
  }
  const badContinuations: string[] = [];
  for (const { reference, submissionId } of answers) {
    if (!long.has(submissionId)) continue;
    const number = byReference.get(reference)?.[0];
    // Only the continuation: the case also carries other comments of the software's (the record of its receipt email).
    const parts = number === undefined ? [] : server.state.comments(repo, number).filter((comment) => comment.body.startsWith('<!-- redress:continuation ')).map((comment) => /\(part (\d+) of (\d+)\)/.exec(comment.body)?.slice(1).join(' of '));
    const total = Number(parts[0]?.split(' of ')[1]);
    const expected = Array.from({ length: total }, (_, k) => `${k + 1} of ${total}`);
    if (parts.length === 0 || JSON.stringify(parts) !== JSON.stringify(expected)) badContinuations.push(reference);
  }
  const counted = server.requests.filter((request) => request.contentCreation === 'counted' && request.login === BOT).map((request) => request.at);
  // Those received together may be created in any order; each must come after all received before them.
  let outOfOrder = 0;
  let before = 0;
  let current = { at: Number.NaN, highest: 0 };
  for (const { reference, at } of [...answers].sort((a, b) => a.at - b.at)) {
    if (at !== current.at) {
      before = Math.max(before, current.highest);
      current = { at, highest: 0 };
    }
    const number = byReference.get(reference)?.[0] ?? Number.POSITIVE_INFINITY;
    if (number < before) outOfOrder += 1;
    current.highest = Math.max(current.highest, number);
  }
  return {
    outOfOrder,
    lost: answers.filter(({ reference }) => !byReference.has(reference)).map(({ reference }) => reference),
    duplicated: [...byReference].filter(([, numbers]) => numbers.length > 1).map(([reference]) => reference),
    badContinuations,
    refusals: server.requests.filter((request) => request.status === 403 || request.status === 429).length,
    busiest: { minute: busiest(counted, 60_000), hour: busiest(counted, 3_600_000) },
    contentRequests: counted.length,
  };
}

/** The most times falling in any window `(t - length, t]`. */
export function busiest(times: readonly number[], length: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[first] as number) <= (sorted[last] as number) - length) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
