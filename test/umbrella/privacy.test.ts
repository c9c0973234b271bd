// Nothing personal leaves a member: personal data planted in a member's repository, in files beside the ledger and in
// fields a ledger entry should not hold, is never asked for, never kept in the umbrella's data directory and never
// reported, in any format.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ledgerPath } from '../../scripts/core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { ledgerFiles, memberEntries } from './support/member-ledgers.ts';
import { countRequests, umbrellaWorld, type UmbrellaWorld } from './support/umbrella-world.ts';

/** Every planted value holds this word, so one search finds any of them wherever it ends up. */
const SENTINEL = 'Quixotesentinel';
const NAME = `Zebedee ${SENTINEL}`;
const EMAIL = `zebedee.${SENTINEL.toLowerCase()}@example.org`;
const PHONE = '07700 900461';
const WORDS = `My landlord ${SENTINEL} shouted at me on the stairs`;

let world: UmbrellaWorld | undefined;

afterEach(async () => {
  if (!world) return;
  try {
    world.server.assertNoViolations();
  } finally {
    await world.close();
    world = undefined;
  }
});

/** The sha git (and GitHub) gives a file with this text. */
function blobSha(text: string): string {
  const body = Buffer.from(text);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** A ledger entry carrying personal data in every place a careless version of the ledger might put it. */
function withPersonalData(entry: LedgerEntry): Record<string, unknown> {
  return {
    ...entry,
    complainant: { name: NAME, email: EMAIL, phone: PHONE },
    summary: WORDS,
    outcome: 'upheld',
    channel: `email from ${EMAIL}`,
    flags: [`vulnerable: ${NAME}`],
    events: entry.events.map((event) => ({ ...event, by: `${SENTINEL.toLowerCase()}-staff`, comment: WORDS, note: PHONE })),
    stages: entry.stages.map((run) => ({ ...run, handler: NAME, letter: WORDS })),
    clocks: entry.clocks,
    findings: [...entry.findings, { code: 'anonymous', subject: NAME }],
    refused: (entry.refused ?? []).map((refused) => ({ ...refused, reason: WORDS })),
    refusedCommands: (entry.refusedCommands ?? []).map((refused) => ({ ...refused, reason: WORDS })),
    corrections: [...entry.corrections, { field: 'channel', was: `"${EMAIL}"`, now: '"web"', noticed: entry.received }],
  };
}

/** Files a member might keep beside its ledger, each holding personal data; none is a ledger entry. */
const BESIDE_THE_LEDGER: Record<string, string> = {
  'complaints/RDR-M001-0000.json': JSON.stringify({ complainant: NAME, email: EMAIL, words: WORDS }),
  'intake/2026/submission.eml': `From: ${NAME} <${EMAIL}>\n\n${WORDS}\n`,
  '.redress/people.yaml': `people:\n  - name: ${NAME}\n    phone: ${PHONE}\n`,
  'cases/2026/notes/RDR-M001-0001.json': JSON.stringify({ about: NAME }),
  'cases/people.json': JSON.stringify({ name: NAME }),
  'cases/2026/complainant.json': JSON.stringify({ name: NAME, phone: PHONE }),
};

async function everyFileUnder(dir: string): Promise<string> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) texts.push(`${entry.name}\n${await readFile(path.join(entry.parentPath, entry.name), 'utf8')}`);
  }
  return texts.join('\n');
}

function expectNoPersonalData(text: string): void {
  expect(text).not.toContain(SENTINEL);
  expect(text.toLowerCase()).not.toContain(SENTINEL.toLowerCase());
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain('Zebedee');
}

describe('personal data planted in a member repository', () => {
  test('files beside the ledger are never fetched; fields beyond the umbrella\'s are dropped on reading, never kept or reported', async () => {
    world = await umbrellaWorld({ members: 2, casesPerMember: 5 });
    const [clean, careless] = world.repositories;
    if (!clean || !careless) throw new Error('no members');
    // Centre 1 keeps personal files beside a sound ledger; centre 2's ledger entries hold personal data in extra fields.
    world.server.state.commitFiles({ repo: clean.repository, files: BESIDE_THE_LEDGER, message: 'Files beside the ledger' });
    const carelessFiles = Object.fromEntries(careless.entries.map((entry) => [`cases/${ledgerPath(entry)}`, `${JSON.stringify(withPersonalData(entry), null, 2)}\n`]));
    world.server.state.commitFiles({ repo: careless.repository, files: carelessFiles, message: 'Entries with more than the ledger holds' });

    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${clean.repository}\n    branch: main\n  - name: Centre 2\n    repository: ${careless.repository}\n    branch: main\n`);
    const runs = [];
    for (const format of ['json', 'md', 'html']) runs.push(await world.run(['--members', file, '--format', format]));
    // Centre 1's misnamed file in a year of cases/ is counted as damaged (exit 1), by number only; files deeper in
    // the ledger folder, or outside it, are no part of the ledger.
    expect(runs.map((run) => run.code)).toEqual([1, 1, 1]);
    expect(runs[0]?.stderr).toContain('Read 2 of 2 members');
    expect(runs[0]?.stderr).toContain('1 ledger file could not be read');
    const report = JSON.parse(runs[0]?.stdout ?? '') as { overall: { received: { value: number } } };
    // Centre 2's entries are read all the same: extra fields do not make an entry unreadable.
    expect(report.overall.received.value).toBe(10);

    // Exactly the ledger entries were fetched, and nothing beside them: the blobs asked for are the ledger files'.
    const fetched = world.server.requests.filter((request) => request.operationId === 'git/get-blob').map((request) => request.path.split('/').pop());
    const ledgerShas = [...Object.values(ledgerFiles(clean.entries)), ...Object.values(carelessFiles)].map(blobSha);
    expect(fetched.sort()).toEqual([...ledgerShas].sort());
    for (const text of Object.values(BESIDE_THE_LEDGER)) expect(fetched).not.toContain(blobSha(text));
    // The only answers that held personal data are centre 2's entries themselves: GitHub sends a file whole.
    const fetchedTexts = [...Object.values(ledgerFiles(clean.entries)), ...Object.values(carelessFiles)];
    expect(fetchedTexts.filter((text) => text.includes(SENTINEL))).toHaveLength(careless.entries.length);
    expect(countRequests(world.server.requests).byOperation).toEqual({ 'rate-limit/get': 3, 'git/get-tree': 6, 'git/get-blob': 10 });

    // Nothing personal in what the command printed, in any format, nor in what it keeps between runs.
    for (const run of runs) expectNoPersonalData(run.stdout + run.stderr);
    expectNoPersonalData(await everyFileUnder(world.env.REDRESS_DATA_DIR as string));
    // The check can fail: the sentinel is in the member's repository to be found.
    expect(carelessFiles[`cases/${ledgerPath(careless.entries[0] as LedgerEntry)}`]).toContain(SENTINEL);
  }, 30_000);

  test('a ledger folder with personal data beside and inside its entries gives none of it away', async () => {
    world = await umbrellaWorld({ members: 0, casesPerMember: 0 });
    const entries = memberEntries(7, 6);
    const folder = path.join(world.dir, 'ledger');
    for (const entry of entries) {
      const at = path.join(folder, ledgerPath(entry));
      await mkdir(path.dirname(at), { recursive: true });
      await writeFile(at, `${JSON.stringify(withPersonalData(entry))}\n`);
    }
    await mkdir(path.join(folder, '2026'), { recursive: true });
    await writeFile(path.join(folder, '2026', 'complainant.json'), JSON.stringify({ name: NAME }));
    await writeFile(path.join(folder, 'people.txt'), `${NAME} ${PHONE}\n`);
    const file = await world.membersFile('name: NACCC\nmembers:\n  - name: Folder Centre\n    ledger: ledger\n');
    for (const format of ['json', 'md', 'html']) {
      const run = await world.run(['--members', file, '--format', format, '--period', '2020-01-01..2027-12-31']);
      expect(run.stderr).toContain('Read 1 of 1 members');
      if (format === 'json') expect((JSON.parse(run.stdout) as { overall: { received: { value: number } } }).overall.received.value).toBe(6);
      expectNoPersonalData(run.stdout + run.stderr);
    }
    expect(formatLedgerEntry(entries[0] as LedgerEntry)).not.toContain(SENTINEL);
  }, 30_000);

  test('the token reads as a reader: no request the umbrella makes writes anything', async () => {
    world = await umbrellaWorld({ members: 3, casesPerMember: 3 });
    const file = await world.membersFile(`name: NACCC\nmembers:\n${world.repositories.map((member, i) => `  - name: Centre ${i + 1}\n    repository: ${member.repository}\n`).join('')}`);
    expect((await world.run(['--members', file])).code).toBe(0);
    expect(new Set(world.server.requests.map((request) => request.method))).toEqual(new Set(['GET']));
  }, 30_000);
});
