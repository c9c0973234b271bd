// Benchmark: POST /api/complaints on the real server (built site, scripts/server/start.ts), 2,000 submissions
// from 16 concurrent clients, into the local store and into the GitHub test server; then a surge on simulated time.
// Run with `npm run bench:intake`; BENCH_SUBMISSIONS, BENCH_CLIENTS, BENCH_SURGE_COMPLAINTS and BENCH_STORES
// (local,github,surge) change it.
// Prints p50/p95/p99 latency and submissions per second; the aim on the local store is p95 under 50 ms and at
// least 300 a second. On the GitHub test server (without plugin-throttling's pauses: REDRESS_GITHUB_PACING=none)
// the content pacer delivers at most 72 a minute, as GitHub's limits allow, and the rest wait in the outbox.
// The surge sends 2,000 complaints in one hour to the GitHub store on simulated time (test/intake/support/surge.ts)
// and prints the answers' p95 (real ms), the hours to deliver them all (simulated), the 403s received (aim 0),
// and those lost or duplicated.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSite } from '../../test/e2e/support/site-server.ts';
import { startGitHubServer } from '../../test/github-server/index.ts';
import { postComplaint, startIntakeServer } from '../../test/intake/support/intake-server.ts';
import { runSurge } from '../../test/intake/support/surge.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const STORES = (process.env.BENCH_STORES ?? 'local,github,surge').split(',');
const SURGE_COMPLAINTS = Number(process.env.BENCH_SURGE_COMPLAINTS ?? 2_000);
const TOKEN = 'ghs_benchtoken';

function complaint(): object {
  return {
    procedure: 'ceccc',
    submissionId: randomUUID(),
    renderedAt: new Date(Date.now() - 60_000).toISOString(),
    identity: 'named',
    name: 'Ann Example',
    email: 'ann@example.com',
    contactBy: 'email',
    onBehalf: 'myself',
    incident: 'single',
    incidentDate: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
    spokenToSomeone: 'no',
    complaint: 'The handover was forty minutes late and nobody told us why. @someone said #3 would be fixed.\n\nIt was not.',
    privacy: true,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function run(store: string, outDir: string): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `redress-bench-${store}-`));
  const github = store === 'github' ? await startGitHubServer({ rateLimit: 1_000_000 }) : undefined;
  if (github) {
    github.state.addUser({ login: 'redress-bot' });
    github.state.addRepo({ owner: 'acme', name: 'complaints' });
    github.state.addCollaborator({ repo: 'acme/complaints', login: 'redress-bot', permission: 'write' });
    github.state.addToken(TOKEN, 'redress-bot');
  }
  const server = await startIntakeServer(outDir, {
    REDRESS_DATA_DIR: dataDir,
    ...(process.env.REDRESS_COMMIT_INTERVAL_MS ? { REDRESS_COMMIT_INTERVAL_MS: process.env.REDRESS_COMMIT_INTERVAL_MS } : {}),
    ...(github ? { REDRESS_GITHUB_REPO: 'acme/complaints', GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, REDRESS_GITHUB_PACING: 'none' } : {}),
  });
  try {
    // Warm up (compiles routes, opens the store, creates the labels) outside the measurement.
    for (let i = 0; i < 20; i += 1) await (await postComplaint(server.url, complaint())).arrayBuffer();
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < SUBMISSIONS) {
          next += 1;
          const body = complaint();
          const t0 = performance.now();
          const response = await postComplaint(server.url, body);
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const cases = github
      ? github.state.issues(github.state.requireRepo('acme/complaints')).length
      : (await readdir(path.join(dataDir, 'complaints'))).filter((n) => n.endsWith('.json')).length;
    const waiting = (await readdir(path.join(dataDir, 'outbox'))).filter((n) => n.endsWith('.json')).length;
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(
      `${store.padEnd(6)} ${SUBMISSIONS} submissions, ${CLIENTS} clients: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, ` +
        `p99 ${ms(percentile(latencies, 99))}, ${(SUBMISSIONS / seconds).toFixed(0)} submissions/s; ` +
        `answers ${[...statuses].map(([status, count]) => `${status}×${count}`).join(' ')}; ${cases} cases, ${waiting} still in the outbox`,
    );
  } finally {
    await server.stop();
    await github?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function surge(): Promise<void> {
  const hour = 3_600_000;
  const started = performance.now();
  const report = await runSurge({ complaints: SURGE_COMPLAINTS, overMs: hour, longEvery: 50 });
  const seconds = (performance.now() - started) / 1000;
  const answers = report.answers.map(({ ms }) => ms).sort((a, b) => a - b);
  const queued = report.answers.filter((answer) => answer.queued).length;
  console.log(
    `surge  ${SURGE_COMPLAINTS} complaints in one hour to the GitHub store: answer p95 ${percentile(answers, 95).toFixed(1)} ms (real; ${queued} answered as queued), ` +
      `all delivered in ${(report.deliveredAfterMs / hour).toFixed(2)} hours (simulated), ${report.refusals} 403s received, ` +
      `${report.lost.length} lost, ${report.duplicated.length} duplicated; busiest minute ${report.busiest.minute}, busiest hour ${report.busiest.hour} ` +
      `content-creating requests (GitHub allows 80 and 500); ${seconds.toFixed(0)} s of real time`,
  );
  if (report.badContinuations.length > 0 || report.outOfOrder > 0 || report.problems.length > 0 || report.violations > 0) {
    console.log(`       ${report.badContinuations.length} long complaints with parts missing or doubled, ${report.outOfOrder} delivered out of order, ${report.problems.length} warnings, ${report.violations} API violations`);
  }
}

const servers = STORES.filter((store) => store !== 'surge');
if (servers.length > 0) {
  const build = await buildSite();
  try {
    for (const store of servers) await run(store, build.outDir);
  } finally {
    await build.remove();
  }
}
if (STORES.includes('surge')) await surge();
