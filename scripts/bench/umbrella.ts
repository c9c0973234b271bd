// Benchmark: `redress umbrella` over 300 member centres' private repositories on the GitHub test server (loopback,
// every request and response checked against GitHub's OpenAPI description), read with one token.
// Run with `npm run bench:umbrella` (BENCH_MEMBERS and BENCH_CASES change the size).
// Prints the requests counted against the rate limit against the minimum (one listing per member, one read per
// ledger file), the wall time (request pacing off against the test server), the cost of a run after a few members'
// ledgers changed and of one after nothing changed, and the hours the first run would take on GitHub's limits for
// one token. A run that reaches the rate limit stops; the simulated clock then moves to the hour's end and the same
// command goes on, as a person would run it again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadWorkflows } from '../adapters/fs/procedure-files.ts';
import { GITHUB_POINTS_PER_MINUTE } from '../adapters/umbrella/request-budget.ts';
import { main } from '../cli/main.ts';
import { ledgerPath } from '../core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../core/ledger/ledger-entry-schema.ts';
import { generatedEntry } from './generated-cases.ts';
import { seededRandom } from './seeded-random.ts';
import { startGitHubServer, type RequestRecord } from '../../test/github-server/index.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 300);
const CASES = Number(process.env.BENCH_CASES ?? 12);
/** Members whose ledgers change between the first and the second run. */
const CHANGED = Math.min(10, MEMBERS);
/** GitHub's primary rate limit for a personal or fine-grained token. */
const HOURLY = 5_000;
const TOKEN = 'github_pat_bench_reader';
const OWNER = 'members';
const PROCEDURES = ['ceccc', 'op-performance', 'cms-vocational', 'cecops'];

const clock = { now: Date.parse('2027-01-31T12:00:00Z') };
const server = await startGitHubServer({ now: () => clock.now, rateLimit: HOURLY });
server.state.addUser({ login: 'reader' });
server.state.addUser({ login: OWNER });
server.state.addToken(TOKEN, 'reader');

const { procedures, problems } = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
if (problems.length > 0) throw new Error('workflows/ has problems; run npx redress procedures check');

process.stdout.write(`Seeding ${MEMBERS.toLocaleString('en-GB')} member repositories of ${CASES} ledger entries each… `);
const ledgers: { repository: string; entries: LedgerEntry[] }[] = [];
for (let i = 1; i <= MEMBERS; i += 1) {
  const name = `centre-${String(i).padStart(3, '0')}`;
  const repository = `${OWNER}/${name}`;
  server.state.addRepo({ owner: OWNER, name, defaultLabels: false });
  server.state.addCollaborator({ repo: repository, login: 'reader', permission: 'read' });
  const procedure = procedures.get(PROCEDURES[i % PROCEDURES.length] as string);
  if (!procedure) throw new Error('a seed procedure is missing from workflows/');
  const next = seededRandom(1_000 + i);
  const entries = Array.from({ length: CASES }, (_, n) => generatedEntry({ procedure, next, index: n, reference: `RDR-M${String(i).padStart(3, '0')}-${String(n).padStart(4, '0')}` }));
  const files = Object.fromEntries(entries.map((entry) => [`cases/${ledgerPath(entry)}`, formatLedgerEntry(entry)]));
  server.state.commitFiles({ repo: repository, files: { 'README.md': `# ${name}\n`, ...files }, message: 'Ledger' });
  ledgers.push({ repository, entries });
}
console.log('done.');

const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-bench-umbrella-'));
const membersFile = path.join(dir, 'members.yaml');
await writeFile(membersFile, `name: Bench umbrella\nmembers:\n${ledgers.map((member, i) => `  - name: Centre ${i + 1}\n    repository: ${member.repository}\n    branch: main\n`).join('')}`);
const env = { REDRESS_UMBRELLA_TOKEN: TOKEN, GITHUB_API_URL: server.url, REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_GITHUB_PACING: 'none' };

/** Runs the command until it finishes, moving the clock to the limit's reset whenever it stops there. */
async function untilFinished(): Promise<{ seconds: number; runs: number; requests: RequestRecord[]; stderr: string }> {
  const from = server.requests.length;
  let seconds = 0;
  for (let runs = 1; ; runs += 1) {
    let stderr = '';
    const began = performance.now();
    const code = await main(['umbrella', '--members', membersFile, '--format', 'json', '--output', 'report.json'], {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      cwd: dir,
      env,
      now: () => clock.now,
    });
    seconds += (performance.now() - began) / 1000;
    if (code === 0) return { seconds, runs, requests: server.requests.slice(from), stderr };
    if (code !== 3) throw new Error(`redress umbrella exited ${code}:\n${stderr}`);
    clock.now = server.rateLimit.status(TOKEN).reset * 1000 + 1_000;
  }
}

const counted = (requests: readonly RequestRecord[], operation?: string) =>
  requests.filter((request) => request.countedAgainstRateLimit && (operation === undefined || request.operationId === operation)).length;
const fmt = (n: number) => n.toLocaleString('en-GB');

try {
  const first = await untilFinished();

  // A few members' sweeps move a case on each; the rest of the members are as they were.
  clock.now += 24 * 3_600_000;
  for (const member of ledgers.slice(0, CHANGED)) {
    const [entry] = member.entries;
    if (entry) server.state.commitFiles({ repo: member.repository, files: { [`cases/${ledgerPath(entry)}`]: formatLedgerEntry({ ...entry, status: 'closed' }) }, message: 'Ledger: a case closed' });
  }
  const changed = await untilFinished();
  const unchanged = await untilFinished();
  server.assertNoViolations();

  const minimum = MEMBERS + MEMBERS * CASES;
  const total = counted(first.requests);
  console.log(`\nUmbrella view of ${fmt(MEMBERS)} member repositories (${fmt(MEMBERS * CASES)} ledger files) on the GitHub test server, one token, request pacing off`);
  console.log(`  first run:     ${first.seconds.toFixed(1)} s; ${fmt(total)} requests counted (minimum ${fmt(minimum)}: ${fmt(MEMBERS)} listings + ${fmt(MEMBERS * CASES)} ledger files): ${fmt(counted(first.requests, 'git/get-tree'))} listings, ${fmt(counted(first.requests, 'git/get-blob'))} files, ${fmt(counted(first.requests, 'repos/get'))} repository details; ${first.runs} run${first.runs === 1 ? '' : 's'} (${first.runs - 1} stopped at the rate limit and went on)`);
  console.log(`  after ${CHANGED} members' ledgers changed: ${changed.seconds.toFixed(1)} s; ${fmt(counted(changed.requests))} requests counted (minimum ${fmt(2 * CHANGED)}), ${fmt(changed.requests.filter((request) => request.status === 304).length)} unchanged listings answered 304, free`);
  console.log(`  nothing changed: ${unchanged.seconds.toFixed(1)} s; ${fmt(counted(unchanged.requests))} requests counted (must be 0)`);

  // GitHub's documented limits for one token: 5,000 requests an hour, and (secondary) 900 points a minute, a GET
  // costing one point.
  const hours = total / HOURLY;
  const minutes = total / GITHUB_POINTS_PER_MINUTE;
  console.log(`\nOn GitHub, with one token (5,000 requests an hour; ${GITHUB_POINTS_PER_MINUTE} points a minute, a read costing 1):`);
  console.log(`  first run:  ${hours.toFixed(2)} hours of the token's requests: ${hours <= 1 ? 'finished within one hour' : `finished in the ${ordinal(Math.ceil(hours))} hour, stopping at each hour's limit and going on`}; at least ${minutes.toFixed(1)} minutes at the per-minute limit`);
  console.log(`  later runs: ${fmt(counted(changed.requests))} requests when ${CHANGED} members changed (${((counted(changed.requests) / HOURLY) * 100).toFixed(2)}% of an hour's), none when nothing changed`);
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
