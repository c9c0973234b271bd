// Members read from folders, members that cannot be read, and what the command says about bad input.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { UmbrellaReport } from '../../scripts/core/umbrella/umbrella-report.ts';
import { ledgerFiles, memberEntries, writeLedgerFolder } from './support/member-ledgers.ts';
import { OWNER, READER, countRequests, membersYaml, umbrellaWorld, type UmbrellaWorld } from './support/umbrella-world.ts';

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

async function setUp(members = 3): Promise<UmbrellaWorld> {
  world = await umbrellaWorld({ members, casesPerMember: 5 });
  return world;
}

function report(stdout: string): UmbrellaReport {
  return JSON.parse(stdout) as UmbrellaReport;
}

describe('members that cannot be read', () => {
  test('a repository the token cannot read is reported as such, and the others are read', async () => {
    const world = await setUp();
    world.server.state.addRepo({ owner: 'secret-centre', name: 'complaints' });
    world.server.state.commitFiles({ repo: 'secret-centre/complaints', files: ledgerFiles(memberEntries(9, 5)) });
    const file = await world.membersFile(`name: NACCC
members:
  - name: Centre 1
    repository: ${OWNER}/centre-001
  - name: Secret Centre
    repository: secret-centre/complaints
    branch: main
  - name: Nowhere Centre
    repository: nowhere/complaints
  - name: Centre 2
    repository: ${OWNER}/centre-002
    branch: trunk
  - name: Centre 3
    repository: ${OWNER}/centre-003
`);
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(1);
    const rows = report(result.stdout).rows;
    expect(rows.map((row) => [row.name, row.read, row.failure ?? row.verdict.slice(0, 24)])).toEqual([
      ['Centre 1', true, expect.stringMatching(/^(Departures|Procedure)/)],
      ['Secret Centre', false, 'the repository was not found, or the token cannot read it'],
      ['Nowhere Centre', false, 'the repository was not found, or the token cannot read it'],
      ['Centre 2', false, 'the repository has no branch "trunk"'],
      ['Centre 3', true, expect.stringMatching(/^(Departures|Procedure)/)],
    ]);
    expect(result.stderr).toContain('Read 2 of 5 members (5 on GitHub, 0 from folders)');
    expect(result.stderr).toContain('Not read: Secret Centre: the repository was not found, or the token cannot read it.');
    expect(result.stderr).toContain('Not read: Centre 2: the repository has no branch "trunk".');
    expect(report(result.stdout).overall.received).toMatchObject({ value: 10 });
  }, 30_000);

  test('without a branch in the members file, the default branch is learnt once, and learnt again when it is renamed', async () => {
    const world = await setUp(1);
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${OWNER}/centre-001\n`);
    expect((await world.run(['--members', file])).code).toBe(0);
    expect(countRequests(world.server.requests).byOperation).toEqual({ 'rate-limit/get': 1, 'repos/get': 1, 'git/get-tree': 1, 'git/get-blob': 5 });
    const second = world.server.requests.length;
    expect((await world.run(['--members', file])).code).toBe(0);
    expect(countRequests(world.requestsSince(second)).byOperation).toEqual({ 'rate-limit/get': 1, 'git/get-tree': 1 });

    world.server.state.renameBranch({ repo: `${OWNER}/centre-001`, from: 'main', to: 'trunk' });
    const third = world.server.requests.length;
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(report(result.stdout).rows[0]?.read).toBe(true);
    // The old branch is gone; the repository is asked for its default branch (twice: to tell a missing branch from a
    // repository out of reach, then to learn the new one), and the unchanged files are not read again.
    expect(world.requestsSince(third).map((request) => `${request.operationId} ${request.status}`)).toEqual([
      'rate-limit/get 200', 'git/get-tree 404', 'repos/get 200', 'repos/get 200', 'git/get-tree 200',
    ]);
  }, 30_000);

  test('an empty repository, or one without cases/, has no ledger yet', async () => {
    const world = await setUp(0);
    world.server.state.addRepo({ owner: OWNER, name: 'new-centre' });
    world.server.state.addRepo({ owner: OWNER, name: 'site-only' });
    world.server.state.commitFiles({ repo: `${OWNER}/site-only`, files: { 'README.md': 'hello\n' } });
    for (const name of ['new-centre', 'site-only']) world.server.state.addCollaborator({ repo: `${OWNER}/${name}`, login: READER, permission: 'read' });
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: New\n    repository: ${OWNER}/new-centre\n    branch: main\n  - name: Site\n    repository: ${OWNER}/site-only\n    branch: main\n`);
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(report(result.stdout).rows.map((row) => row.verdict)).toEqual(['No ledger yet: the member has recorded no complaint.', 'No ledger yet: the member has recorded no complaint.']);
  }, 30_000);

  test('files in the ledger\'s place that are not entries are counted as damaged, never quoted, and the rest is read', async () => {
    const world = await setUp(1);
    world.server.state.commitFiles({
      repo: `${OWNER}/centre-001`,
      files: { 'cases/2026/notes.json': '{"about": "Jo Bloggs"}', 'cases/2026/RDR-BROKEN-0001.json': '{"status": "Jo Bloggs', 'cases/README.md': 'the ledger\n' },
    });
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${OWNER}/centre-001\n    branch: main\n`);
    const result = await world.run(['--members', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 ledger files could not be read (the member\'s `redress audit --verify` names them).');
    expect(result.stderr).toContain('2 ledger files could not be read');
    expect(result.stdout + result.stderr).not.toMatch(/Bloggs|notes\.json|BROKEN/);
    // The misnamed file is not even fetched.
    expect(countRequests(world.server.requests).byOperation['git/get-blob']).toBe(6);
  }, 30_000);

  test('a repository too large for one listing is listed by its ledger folder, year by year if need be', async () => {
    const world = await setUp(1);
    const expected = 5;
    world.server.state.treeEntryLimit = 6;
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${OWNER}/centre-001\n    branch: main\n`);
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(report(result.stdout).overall.received).toMatchObject({ value: expected });
    const listings = world.server.requests.filter((request) => request.operationId === 'git/get-tree').map((request) => `${request.path.split('/').pop()}${request.query}`);
    expect(listings[0]).toBe('main?recursive=1');
    expect(listings[1]).toBe('main');
    expect(listings.length).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

describe('GitHub failing', () => {
  test('a failure GitHub recovers from is retried; one it does not is reported, and three members in a row stop the run', async () => {
    const world = await setUp(5);
    const file = await world.membersFile(`name: NACCC\nmembers:\n${world.repositories.map((member, i) => `  - name: Centre ${i + 1}\n    repository: ${member.repository}\n    branch: main\n`).join('')}`);
    world.server.faults.inject({ operationId: 'git/get-blob', fault: { type: 'status', status: 502 } });
    world.server.faults.inject({ operationId: 'git/get-tree', fault: { type: 'secondary-rate-limit', retryAfterSeconds: 1 } });
    const recovered = await world.run(['--members', file]);
    expect(recovered.code).toBe(0);
    expect(countRequests(world.server.requests).byOperation).toMatchObject({ 'git/get-tree': 6, 'git/get-blob': 26 });

    world.server.state.commitFiles({ repo: world.repositories[0]?.repository ?? '', files: { 'cases/2026/RDR-NEW-0001.json': '{}' } });
    world.server.faults.inject({ operationId: 'git/get-blob', fault: { type: 'status', status: 503 }, times: 3 });
    const failed = await world.run(['--members', file]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Not read: Centre 1: GitHub answered 503, after 2 retries.');

    world.server.faults.inject({ operationId: 'git/get-tree', fault: { type: 'status', status: 500 }, times: 9 });
    world.server.state.commitFiles({ repo: world.repositories[4]?.repository ?? '', files: { 'cases/2026/RDR-NEW-0002.json': '{}' } });
    const down = await world.run(['--members', file]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Stopped: GitHub failed for 3 members in a row (last: GitHub answered 500, after 2 retries). 2 of 5 member repositories read.');
  }, 60_000);

  test('a token GitHub does not accept stops the run at once', async () => {
    const world = await setUp(2);
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${OWNER}/centre-001\n    branch: main\n`);
    const result = await world.run(['--members', file], { env: { REDRESS_UMBRELLA_TOKEN: 'not-a-token' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GitHub does not accept the token (401): check REDRESS_UMBRELLA_TOKEN');
    expect(result.stderr).not.toContain('not-a-token');
  }, 30_000);
});

describe('progress', () => {
  test('on a terminal, a line shows the members done, the requests spent and those left, and is cleared at the end', async () => {
    const world = await setUp(3);
    const file = await world.membersFile(membersYaml(world.repositories.map((member) => member.repository)));
    const result = await world.run(['--members', file], { terminal: true });
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\r\x1b[K').slice(1, -1);
    expect(lines).toEqual([
      'Umbrella: 1/3 members · 6 requests, 4,994 left this hour · Centre 1',
      'Umbrella: 2/3 members · 12 requests, 4,988 left this hour · Centre 2',
      'Umbrella: 3/3 members · 18 requests, 4,982 left this hour · Centre 3',
    ]);
    expect(result.stderr.split('\r\x1b[K').at(-1)).toMatch(/^Read 3 of 3 members/);
    // Not on a terminal (a log, a pipe), no progress line.
    const piped = await world.run(['--members', file]);
    expect(piped.stderr).not.toContain('\r');
  }, 30_000);
});

describe('members read from folders', () => {
  test('a ledger folder is read like a repository, next to repositories; a folder that is not there is reported', async () => {
    const world = await setUp(1);
    await writeLedgerFolder(path.join(world.dir, 'ledgers', 'norwich'), memberEntries(77, 7));
    await mkdir(path.join(world.dir, 'ledgers', 'empty'), { recursive: true });
    const file = await world.membersFile(`name: NACCC
members:
  - name: Norwich Contact Centre
    ledger: ledgers/norwich
  - name: Centre 1
    repository: ${OWNER}/centre-001
    branch: main
  - name: Empty Centre
    ledger: ledgers/empty
  - name: Lost Centre
    ledger: ledgers/lost
`);
    const result = await world.run(['--members', file, '--format', 'json']);
    expect(result.code).toBe(1);
    const rows = report(result.stdout).rows;
    expect(rows.map((row) => [row.name, row.source, row.read])).toEqual([
      ['Norwich Contact Centre', { kind: 'folder', folder: 'ledgers/norwich' }, true],
      ['Centre 1', { kind: 'repository', repository: `${OWNER}/centre-001` }, true],
      ['Empty Centre', { kind: 'folder', folder: 'ledgers/empty' }, true],
      ['Lost Centre', { kind: 'folder', folder: 'ledgers/lost' }, false],
    ]);
    expect(rows[0]?.figures?.received).toEqual({ shown: true, value: 7, text: '7' });
    expect(rows[2]?.verdict).toBe('No complaint received in the period.');
    expect(rows[3]?.failure).toBe('there is no folder ledgers/lost');
  }, 30_000);

  test('folders alone need no token and no GitHub', async () => {
    const world = await setUp(0);
    await writeLedgerFolder(path.join(world.dir, 'one'), memberEntries(5, 6));
    const file = await world.membersFile('name: NACCC\nmembers:\n  - name: One\n    ledger: one\n');
    const result = await world.run(['--members', file, '--period', '2024-01-01..2026-12-31'], { env: { REDRESS_UMBRELLA_TOKEN: '', GITHUB_TOKEN: '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Complaints received from 2024-01-01 to 2026-12-31.');
    expect(result.stderr).toContain('Read 1 of 1 members (0 on GitHub, 1 from folders)');
    expect(world.server.requests).toEqual([]);
  }, 30_000);
});

describe('bad input', () => {
  test('a bad members file is named, each problem located', async () => {
    const world = await setUp(0);
    const file = await world.membersFile('name: NACCC\nmembers:\n  - name: Acme\n    repository: not a repository\n', 'bad.yaml');
    const result = await world.run(['--members', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} has a problem:\n${file}:4:17 members[0].repository: Write the repository as owner/name`);
    const missing = await world.run(['--members', path.join(world.dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no members file');
  }, 30_000);

  test.each([
    [[], '--members: name the members file.'],
    [['--members', 'm.yaml', '--format', 'pdf'], '--format: "pdf" is not one of md, html, json.'],
    [['--members', 'm.yaml', '--period', '2026-04-01'], '--period: "2026-04-01" is not a period; write it as <from>..<to>'],
    [['--members', 'm.yaml', '--period', '2027-04-01..2026-03-31'], '--period: the period starts (2027-04-01) after it ends (2026-03-31).'],
    [['--members', 'm.yaml', '--reserve', 'some'], '--reserve: "some" is not a whole number of requests.'],
  ])('%j is refused: %s', async (argv, message) => {
    const world = await setUp(0);
    await writeFile(path.join(world.dir, 'm.yaml'), 'name: N\nmembers:\n  - name: A\n    ledger: a\n');
    const result = await world.run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('repository members without a token are refused before anything is read', async () => {
    const world = await setUp(1);
    const file = await world.membersFile(`name: NACCC\nmembers:\n  - name: Centre 1\n    repository: ${OWNER}/centre-001\n`);
    const result = await world.run(['--members', file], { env: { REDRESS_UMBRELLA_TOKEN: '', GITHUB_TOKEN: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('1 member is read from GitHub: set REDRESS_UMBRELLA_TOKEN (or GITHUB_TOKEN) to a read-only token for their repositories.');
    expect(world.server.requests).toEqual([]);
  });
});
