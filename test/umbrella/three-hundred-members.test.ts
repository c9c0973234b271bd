// 300 member centres' repositories on the GitHub test server, read with one token: the first run within GitHub's
// rate limit in the fewest requests there can be (one listing per member, one read per ledger file), and later
// runs asking only for what changed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAuditReport } from '../../scripts/core/audit/audit-report.ts';
import { ledgerPath } from '../../scripts/core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { UmbrellaReport } from '../../scripts/core/umbrella/umbrella-report.ts';
import { memberEntries } from './support/member-ledgers.ts';
import { TOKEN, countRequests, membersYaml, umbrellaWorld, type UmbrellaWorld } from './support/umbrella-world.ts';

const MEMBERS = 300;
const CASES = 6;

let world: UmbrellaWorld;
let file: string;

beforeAll(async () => {
  world = await umbrellaWorld({ members: MEMBERS, casesPerMember: CASES });
  file = await world.membersFile(membersYaml(world.repositories.map((member) => member.repository)));
}, 60_000);

afterAll(async () => {
  try {
    world.server.assertNoViolations();
  } finally {
    await world.close();
  }
});

describe('300 member repositories, one token', () => {
  test('the first run reads every ledger within the rate limit, in one listing per member and one read per ledger file', async () => {
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.stderr).toContain('Read 300 of 300 members (300 on GitHub, 0 from folders)');
    expect(result.code).toBe(0);

    const requests = countRequests(world.server.requests);
    const minimum = MEMBERS + MEMBERS * CASES;
    expect(requests.counted).toBe(minimum);
    expect(requests.byOperation).toEqual({ 'rate-limit/get': 1, 'git/get-tree': MEMBERS, 'git/get-blob': MEMBERS * CASES });
    expect(world.server.requests.every((request) => request.status === 200)).toBe(true);
    expect(world.server.rateLimit.status(TOKEN).remaining).toBe(5000 - minimum);
    expect(result.stderr).toContain(`GitHub: 2,100 requests counted against the rate limit (300 listings, 1,800 ledger files, 0 repository details); 0 unchanged listings answered 304, free. 2,900 left until`);

    // The figures are the audit's, over every member's ledger.
    const report = JSON.parse(result.stdout) as UmbrellaReport;
    const audit = buildAuditReport(world.repositories.flatMap((member) => member.entries), { asOf: world.clock.now });
    expect(report.overall.received).toEqual({ shown: true, value: 1800, text: '1800' });
    expect(report.overall.withDepartures).toMatchObject({ shown: true, value: audit.totals.withDepartures });
    expect(report.members).toMatchObject({ listed: 300, read: 300, notRead: 0 });
    expect(report.rows.map((row) => row.name)).toEqual(world.repositories.map((_, i) => `Centre ${i + 1}`));
  }, 120_000);

  test('after one member\'s ledger changed, a second run reads only that member\'s changed files', async () => {
    const changed = world.repositories[41];
    if (!changed) throw new Error('no member 42');
    // Two entries rewritten (the sweep moved two cases on), one new case; everything else as it was.
    const [first, second] = changed.entries;
    const [extra] = memberEntries(4242, 1);
    if (!first || !second || !extra) throw new Error('no entries');
    const newcomer = { ...extra, reference: 'RDR-M042-9999' };
    world.server.state.commitFiles({
      repo: changed.repository,
      files: {
        [`cases/${ledgerPath(first)}`]: formatLedgerEntry({ ...first, status: 'closed' }),
        [`cases/${ledgerPath(second)}`]: formatLedgerEntry({ ...second, status: 'withdrawn' }),
        [`cases/${ledgerPath(newcomer)}`]: formatLedgerEntry(newcomer),
      },
      message: 'Ledger: two cases moved on, one new',
    });
    const from = world.server.requests.length;
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(0);

    const requests = world.requestsSince(from);
    const counted = requests.filter((request) => request.countedAgainstRateLimit);
    expect(counted.map((request) => `${request.operationId} ${request.path.split('/').slice(2, 4).join('/')}`)).toEqual([
      `git/get-tree ${changed.repository}`,
      `git/get-blob ${changed.repository}`,
      `git/get-blob ${changed.repository}`,
      `git/get-blob ${changed.repository}`,
    ]);
    expect(requests.filter((request) => request.status === 304)).toHaveLength(MEMBERS - 1);
    expect(result.stderr).toContain('GitHub: 4 requests counted against the rate limit (1 listings, 3 ledger files, 0 repository details); 299 unchanged listings answered 304, free.');
    expect((JSON.parse(result.stdout) as UmbrellaReport).overall.received).toMatchObject({ value: 1801 });
  }, 60_000);

  test('with nothing changed, a run costs nothing against the rate limit', async () => {
    const from = world.server.requests.length;
    const result = await world.run(['--members', file]);
    expect(result.code).toBe(0);
    expect(countRequests(world.requestsSince(from))).toEqual({ counted: 0, free: MEMBERS + 1, byOperation: { 'rate-limit/get': 1, 'git/get-tree': MEMBERS } });
  }, 60_000);
});
