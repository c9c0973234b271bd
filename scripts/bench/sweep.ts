// Benchmark: the sweep over 10,000 open cases on the GitHub test server (loopback, every request and response
// checked against GitHub's OpenAPI description). Run with `npm run bench:sweep`.
// Prints the requests made against the minimum, the wall time (write pacing off against the test server), the
// writes of a second run (must be 0), and what the first sweep would take on GitHub with its documented limits.
import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import { createGitHubClient } from '../adapters/github/github-client.ts';
import { GitHubCaseStore } from '../adapters/github/github-case-store.ts';
import { loadWorkflows } from '../adapters/fs/procedure-files.ts';
import { readSweepTemplates } from '../adapters/fs/templates.ts';
import { renderCaseBlock } from '../core/case/case-block.ts';
import { CaseEventSchema } from '../core/case/case-event-schema.ts';
import { calendarFor } from '../core/deadlines/procedure-calendar.ts';
import { runSweep, type SweepDeps } from '../core/sweep/run-sweep.ts';
import { startGitHubServer } from '../../test/github-server/index.ts';
import path from 'node:path';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const REPO = 'acme/complaints';
const TOKEN = 'ghs_benchtoken';
const PROCEDURES = ['ceccc', 'op-performance', 'cms-vocational', 'cecops'];
const START = Date.parse('2026-11-02T10:00:00Z');
const HOUR = 3_600_000;

const clock = { now: START };
// GitHub's content-creation limit off: the first sweep writes a status comment on each of the cases at one
// simulated instant, the work of 20 hours of GitHub's 500 an hour, whose cost is estimated separately below.
const server = await startGitHubServer({ now: () => clock.now, rateLimit: 10_000_000, contentCreationLimit: false });
server.state.addUser({ login: 'redress-bot' });
server.state.addUser({ login: 'octocat' });
server.state.addRepo({ owner: 'acme', name: 'complaints' });
for (const login of ['redress-bot', 'octocat']) server.state.addCollaborator({ repo: REPO, login, permission: 'write' });
server.state.addToken(TOKEN, 'redress-bot');

// Cases as intake leaves them: labelled, assigned, with their hidden block, received over the last four weeks.
process.stdout.write(`Seeding ${CASES.toLocaleString('en-GB')} open cases… `);
for (let i = 0; i < CASES; i += 1) {
  const procedure = PROCEDURES[i % PROCEDURES.length] as string;
  const received = new Date(START - (i % 20) * 24 * HOUR).toISOString();
  const reference = `RDR-B${String(i).padStart(6, '0')}`;
  const event = CaseEventSchema.parse({ type: 'received', at: received, channel: 'web' });
  const body = `Complaint.\n\n${renderCaseBlock({ reference, procedure: { id: procedure, version: { hash: '0123abcd' } }, submissionId: `s${i}`, received, channel: 'web', events: [event] })}\n`;
  const entry = procedure === 'op-performance' ? 'formal' : procedure === 'ceccc' ? 'stage-1' : 'complaint';
  server.state.createIssue({ repo: REPO, as: 'redress-bot', title: `${reference} (${procedure})`, body, labels: ['complaint', `procedure:${procedure}`, `stage:${entry}`, 'status:received'], assignees: ['octocat'] });
}
console.log('done.');

const requests = { reads: 0, writes: 0 };
// With write pacing off, the throttling plugin has nothing to do but queue: its limiter adds a few milliseconds to
// every request, which would measure Bottleneck rather than the sweep. The retry plugin stays.
const octokit = process.env.BENCH_CLIENT === 'redress'
  ? createGitHubClient({ owner: 'acme', repo: 'complaints', token: TOKEN, apiUrl: server.url }, { pacing: 'none' })
  : new (Octokit.plugin(retry))({ auth: TOKEN, baseUrl: server.url });
octokit.hook.after('request', (_response, options) => {
  if (options.method === 'GET') requests.reads += 1;
  else requests.writes += 1;
});
const store = new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', botLogin: 'redress-bot', now: () => clock.now });
const { procedures } = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
const templates = await readSweepTemplates();
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const deps = (now: number, extra: Partial<SweepDeps> = {}): SweepDeps => ({
  store,
  procedures,
  calendarFor: (procedure) => calendarFor(procedure),
  now,
  templates,
  people: () => ['octocat'],
  mention: (person) => `@${person}`,
  dryRun: false,
  requestBudget: Number.MAX_SAFE_INTEGER,
  requests: () => ({ ...requests }),
  holder: 'bench',
  concurrency,
  ...extra,
});

// First sweep: Tuesday 3 November 2026, 08:00 (before working hours, so no reminders: the figures are for the state).
const first = Date.parse('2026-11-03T08:00:00Z');
clock.now = first;
let began = performance.now();
const one = await runSweep(deps(first));
const firstSeconds = (performance.now() - began) / 1000;
const firstRequests = { ...requests };

// Second sweep a minute later: nothing has changed, so nothing may be written.
const second = first + 60_000;
clock.now = second;
requests.reads = 0;
requests.writes = 0;
began = performance.now();
const two = await runSweep(deps(second, { since: new Date(first).toISOString() }));
const secondSeconds = (performance.now() - began) / 1000;

// Third sweep an hour on: again nothing changed, and the cases written by the first sweep are settled.
const third = second + HOUR - 120_000;
clock.now = third;
requests.reads = 0;
requests.writes = 0;
const three = await runSweep(deps(third, { since: new Date(second).toISOString() }));
server.assertNoViolations();
await server.close();

const pages = Math.ceil(CASES / 100);
// Writes the first sweep cannot avoid: a status comment and the case block for each new case, the label changes
// of cases already due soon or overdue, and taking and releasing the lock.
const labelChanges = one.cases.reduce((sum, c) => sum + c.actions.filter((a) => a.kind === 'add-labels' || a.kind === 'remove-label').length, 0);
const minimumWrites = 2 * CASES + labelChanges + 2;
const fmt = (n: number) => n.toLocaleString('en-GB');
console.log(`\nSweep of ${fmt(CASES)} open cases on the GitHub test server (write pacing off)`);
console.log(`  first sweep:  ${firstSeconds.toFixed(1)} s; ${fmt(firstRequests.reads)} reads (minimum ${fmt(pages)}: one list page per 100 cases), ${fmt(firstRequests.writes)} writes (minimum ${fmt(minimumWrites)}: a status comment and the case block per new case, ${fmt(labelChanges)} label changes, the lock); ${one.changed} cases changed, ${one.problems.length} problems`);
console.log(`                the reads above the minimum are the fresh look at each case being planned when the lock was taken (${concurrency} at once)`);
console.log(`  second sweep: ${secondSeconds.toFixed(1)} s; ${fmt(two.requests.reads)} reads, ${fmt(two.requests.writes)} writes (must be 0); ${two.changed} cases changed`);
console.log(`  third sweep:  ${fmt(three.requests.reads)} reads (minimum ${fmt(pages)}), ${fmt(three.requests.writes)} writes`);

// GitHub's documented limits: an Actions GITHUB_TOKEN makes 1,000 REST requests an hour per repository; creating
// content is limited to 80 requests a minute and 500 an hour; the sweep's budget per hourly run is 800 requests.
const total = firstRequests.reads + firstRequests.writes;
const byRequests = total / 1000;
const byContent = CASES / 500;
const runs = Math.ceil(total / 800);
console.log(`\nOn GitHub: the first sweep needs ${fmt(total)} requests. At 1,000 requests an hour that is ${byRequests.toFixed(1)} hours,`);
console.log(`  and its ${fmt(CASES)} new status comments at 500 content-creating requests an hour take ${byContent.toFixed(1)} hours;`);
console.log(`  with the default budget of 800 requests a run, the hourly sweep finishes in about ${runs} runs, each taking`);
console.log('  the cases the last one left first (they are named in the sweep state). After that, an unchanged hour costs');
console.log(`  ${fmt(pages)} list requests.`);
