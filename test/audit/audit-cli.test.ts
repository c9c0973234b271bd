import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { main } from '../../scripts/cli/main.ts';
import { recordDifferences } from '../../scripts/core/audit/verify-ledger.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import { procedureHash } from '../../scripts/core/intake/procedure-version.ts';
import { formatLedgerEntry, parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import { LEGACY_LIFECYCLE, legacyForm } from '../ledger/legacy-form.ts';
import { LIFECYCLES, runLifecycles } from '../ledger/lifecycles.ts';
import { seedProcedure } from '../support/procedures.ts';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const git = (cwd: string, ...args: string[]) => exec('git', ['-C', cwd, ...args]).then((r) => r.stdout.trim());
const ENTRY = 'cases/2026/RDR-CEC2-0002.json';

/** A project repository: the procedures committed, cases swept into a committed ledger, and a local case store. */
let project = '';
let procedures = '';
let store: Awaited<ReturnType<typeof runLifecycles>>;

/** Runs the CLI in a project; the ledger is cases/ of the project, as in a GitHub deployment. */
async function run(command: string[], cwd = project, env: Record<string, string> = { REDRESS_DATA_DIR: '.redress' }) {
  const argv = command[0] === 'audit' && !command.includes('--help') ? [...command, '--ledger', 'cases'] : command;
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, now: () => Date.parse('2026-12-31T12:00:00Z') });
  return { code, stdout, stderr };
}

/** A copy of the project (its git history and its case store) for a test that damages it. */
async function copy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-verify-copy-'));
  await rm(dir, { recursive: true });
  await cp(project, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'redress-verify-'));
  await git(project, 'init', '--quiet', '--initial-branch=main');
  await cp(path.join(ROOT, 'workflows'), path.join(project, 'workflows'), { recursive: true });
  await git(project, 'add', 'workflows');
  await git(project, '-c', 'user.name=Test', '-c', 'user.email=test@localhost', 'commit', '--quiet', '-m', 'Procedures');
  procedures = await git(project, 'rev-parse', 'HEAD');
  const lifecycles = Object.values(LIFECYCLES).map((l) => ({ ...l, version: { hash: procedureHash(seedProcedure(l.procedure)), commit: procedures } }));
  store = await runLifecycles(lifecycles, createLedgerWriter({ dir: path.join(project, 'cases'), git: true }));
  // The live cases, as the local store holds them.
  const local = await LocalCaseStore.open({ dataDir: path.join(project, '.redress'), commitIntervalMs: 0 });
  for (const stored of store.cases.values()) {
    await local.createCase({ reference: stored.reference, title: stored.title, body: stored.body, labels: stored.labels, assignees: stored.assignees });
    if (stored.state === 'closed') await local.setState(stored.reference, 'closed');
  }
  await local.close();
}, 60_000);

describe('redress audit', () => {
  test('reports from the ledger: figures by procedure and month, and every case', async () => {
    const result = await run(['audit']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // No organisation file: the demonstration, its procedures named as their files name them.
    expect(result.stdout).toMatch(/^# Complaints audit: Redress demonstration\n\nAll procedures, every case in the ledger\. Made Thursday 31 December 2026 at 12:00pm/);
    expect(result.stdout).toContain('| Complaints Policy and Procedure, Cambridge & Ely Child Contact Centres | 5 |');
    expect(result.stdout).toContain('### RDR-OPP1-0005: Customer Complaints Procedure, OP Performance Limited\n');
    // The ledger was written against these very procedure files.
    expect(result.stdout).toContain('Held to the procedure as it now stands (procedure version ');
    expect(result.stdout).toContain('- Tue 3 Nov 2026: acknowledged, by mary-coordinator\n');
    // How each procedure was read from its source, from the procedure files in the project.
    expect(result.stdout).toContain('## How the procedures were read');
    expect(result.stdout).toContain('- An acknowledgement recorded without its estimated target date is refused');
  });

  test('with an organisation file: the organisation named, and staff by the roster\'s names', async () => {
    const dir = await copy();
    await writeFile(
      path.join(dir, 'redress.yaml'),
      ['name: Cambridge & Ely Child Contact Centres', 'contact: { email: complaints@example.org }', 'publish: [ceccc]', 'people:', '  - { name: Mary Smith, github: mary-coordinator, roles: { ceccc: [coordinator] } }', ''].join('\n'),
    );
    const result = await run(['audit', '--procedure', 'ceccc'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^# Complaints audit: Cambridge & Ely Child Contact Centres\n\nComplaints Policy and Procedure, every case in the ledger\./);
    expect(result.stdout).toContain('- Tue 3 Nov 2026: acknowledged, by Mary Smith\n');
    // A login the roster does not name is shown as it is.
    expect(result.stdout).toContain('- Thu 26 Nov 2026: acknowledged, by ceccc-chair\n');
    const json = JSON.parse((await run(['audit', '--procedure', 'ceccc', '--format', 'json'], dir)).stdout);
    expect(json).toMatchObject({ organisation: 'Cambridge & Ely Child Contact Centres', names: { people: { 'mary-coordinator': 'Mary Smith' } } });
    // A damaged organisation file stops the report, naming the file and the place.
    await writeFile(path.join(dir, 'redress.yaml'), 'name: Centres\npublish: [ceccc]\npeople: [{ name: Mary Smith, github: "not a login" }]\n');
    const broken = await run(['audit'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^redress audit: redress\.yaml has (a problem|\d+ problems):\n/);
    expect(broken.stdout).toBe('');
  });

  test('a report made where there are no procedure files says nothing of how they were read, rather than guess', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-no-workflows-'));
    await cp(path.join(project, 'cases'), path.join(dir, 'cases'), { recursive: true });
    const result = await run(['audit', '--ledger', 'cases'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('How the procedures were read');
  });

  test('--procedure, --from and --to select; --format json', async () => {
    const result = await run(['audit', '--procedure', 'ceccc', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ procedure: 'ceccc', from: '2026-11-01', to: '2026-11-30' });
    expect(report.cases.map((c: { reference: string }) => c.reference)).toEqual(['RDR-CEC1-0001', 'RDR-CEC2-0002', 'RDR-CEC3-0003', 'RDR-CEC4-0004', 'RDR-CEC5-0007']);
  });

  test('--procedure of a known procedure with no cases is an empty report, not an error', async () => {
    const result = await run(['audit', '--procedure', 'spso-model', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ procedure: 'spso-model', cases: [] });
  });

  test('--format html --output writes one page with its charts', async () => {
    const result = await run(['audit', '--format', 'html', '--output', 'audit.html']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Wrote the audit of 8 cases to audit.html.\n' });
    const html = await readFile(path.join(project, 'audit.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" role="img"');
    await rm(path.join(project, 'audit.html'));
  });

  test.each([
    [['audit', '--format', 'pdf'], '--format: "pdf" is not one of md, html, json.'],
    [['audit', '--from', '2026-13-01'], '--from: "2026-13-01" is not a date; write it as YYYY-MM-DD.'],
    [['audit', '--from', '2026-12-01', '--to', '2026-11-01'], '--from 2026-12-01 is after --to 2026-11-01.'],
    [['audit', '--verify', '--procedure', 'ceccc'], '--procedure does not go with --verify'],
    [['audit', '--skip-live'], '--skip-live goes with --verify.'],
    [['audit', 'extra'], 'Unexpected argument "extra"'],
    [['audit', '--procedure', 'foo'], '--procedure: there is no procedure "foo". Known: ceccc, cecops, cms-vocational, housing-ombudsman-code, naccc-model, op-performance, spso-model.'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: redress audit');
  });

  test('without --ledger, the ledger is read where the sweep writes it (the local store\'s ledger folder here)', async () => {
    const dir = await copy();
    await cp(path.join(dir, 'cases'), path.join(dir, '.redress', 'ledger'), { recursive: true });
    await rm(path.join(dir, 'cases'), { recursive: true });
    let stdout = '';
    const code = await main(['audit', '--format', 'json'], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir, env: { REDRESS_DATA_DIR: '.redress' }, now: () => Date.parse('2026-12-31T12:00:00Z') });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).cases).toHaveLength(8);
  });

  test('a damaged entry stops the report, naming the file', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, ENTRY), '{"ledger": 1}');
    const result = await run(['audit'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cases\/2026\/RDR-CEC2-0002\.json: not a ledger entry:/);
  });
});

describe('redress audit --verify', () => {
  test('a ledger that only ever appended, matching the live cases and the procedures committed: no discrepancy', async () => {
    const result = await run(['audit', '--verify']);
    expect(result.stdout).toMatch(/^Checked 8 entries, \d+ committed versions, 8 live cases: no discrepancy\.\n$/);
    expect(result.code).toBe(0);
  });

  test('catches an entry rewritten in a later commit, naming the commit and the event', async () => {
    const dir = await copy();
    const text = await readFile(path.join(dir, ENTRY), 'utf8');
    await writeFile(path.join(dir, ENTRY), text.replace('"type": "acknowledged", "at": "2026-11-12T10:00:00.000Z"', '"type": "acknowledged", "at": "2026-11-06T10:00:00.000Z"'));
    await git(dir, 'add', ENTRY);
    await git(dir, '-c', 'user.name=Someone', '-c', 'user.email=someone@localhost', 'commit', '--quiet', '-m', 'Tidy the ledger');
    const commit = (await git(dir, 'rev-parse', 'HEAD')).slice(0, 12);
    const result = await run(['audit', '--verify'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${ENTRY}: commit ${commit}: event 4 was rewritten from acknowledged at 2026-11-12T10:00:00.000Z to acknowledged at 2026-11-06T10:00:00.000Z\n`);
    // The rewritten entry no longer records what the case holds either.
    expect(result.stdout).toContain(`${ENTRY}: the case holds 1 event the ledger does not: acknowledged at 2026-11-12T10:00:00.000Z\n`);
    expect(result.stdout).toMatch(/: 3 discrepancies\.\n$/);
  });

  test('catches an entry removed in a commit, and the case left without one', async () => {
    const dir = await copy();
    await git(dir, 'rm', '--quiet', ENTRY);
    await git(dir, '-c', 'user.name=Someone', '-c', 'user.email=someone@localhost', 'commit', '--quiet', '-m', 'Remove a case');
    const commit = (await git(dir, 'rev-parse', 'HEAD')).slice(0, 12);
    const result = await run(['audit', '--verify'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${ENTRY}: the entry was removed in commit ${commit}\n`);
    expect(result.stdout).toContain('RDR-CEC2-0002: the case is open in the store but has no ledger entry\n');
  });

  test('catches an entry deleted from the folder but not from git, and a change not committed', async () => {
    const dir = await copy();
    await rm(path.join(dir, ENTRY));
    const other = path.join(dir, 'cases/2026/RDR-CEC1-0001.json');
    const entry = parseLedgerEntry(await readFile(other, 'utf8'));
    await createLedgerWriter({ dir: path.join(dir, 'cases'), git: false }).record({ ...entry, corrections: [], events: [...entry.events, { seq: 8, type: 'reopened', at: '2026-12-20T10:00:00.000Z', actor: 'staff' }] }, Date.parse('2026-12-20T10:05:00Z'));
    const result = await run(['audit', '--verify', '--skip-live'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${ENTRY.replace(/\./g, '\\.')}: the entry is missing from the ledger folder \\(last committed in [0-9a-f]{12}\\)$`, 'm'));
    expect(result.stdout).toContain('cases/2026/RDR-CEC1-0001.json: the entry has changes that are not committed\n');
  });

  test('catches a case held to a procedure version that is not in history', async () => {
    const dir = await copy();
    const entry = parseLedgerEntry(await readFile(path.join(dir, ENTRY), 'utf8'));
    const writer = createLedgerWriter({ dir: path.join(dir, 'cases'), git: true });
    await writer.record({ ...entry, reference: 'RDR-GONE-0001', procedure: { ...entry.procedure, commit: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef' } }, Date.parse('2026-12-01T10:00:00Z'));
    await writer.record({ ...entry, reference: 'RDR-EDIT-0001', procedure: { id: 'ceccc', hash: '0badc0de' } }, Date.parse('2026-12-01T10:00:00Z'));
    const result = await run(['audit', '--verify', '--skip-live'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.includes('procedure ceccc'))).toEqual([
      'RDR-EDIT-0001: procedure ceccc version 0badc0de: no committed version of workflows/ceccc.yaml has this content hash (no commit was recorded); held to it: case RDR-EDIT-0001',
      "RDR-GONE-0001: procedure ceccc: commit deadbeefdead is not in this repository's history; held to it: case RDR-GONE-0001",
    ]);
  });

  test('a ledger outside git cannot be verified, and says so', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-verify-nogit-'));
    await cp(path.join(project, 'cases'), path.join(dir, 'cases'), { recursive: true });
    const result = await run(['audit', '--verify', '--skip-live'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ledger: the ledger folder is not in a git repository, so its history cannot be checked\n');
    expect(await readdir(path.join(dir, 'cases/2026'))).toHaveLength(8);
  });

  test('with no case store configured or found, the live check says why', async () => {
    const result = await run(['audit', '--verify'], project, { REDRESS_DATA_DIR: 'nowhere' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ledger: the live cases could not be read: there is no local case store in nowhere');
  });
});

describe('a ledger with entries written before refused commands were kept apart', () => {
  test('verifies and reports alike: old entries as written, old entries brought to the present form, new entries', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-verify-legacy-'));
    await git(dir, 'init', '--quiet', '--initial-branch=main');
    await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
    await git(dir, 'add', 'workflows');
    await git(dir, '-c', 'user.name=Test', '-c', 'user.email=test@localhost', 'commit', '--quiet', '-m', 'Procedures');
    const version = { hash: procedureHash(seedProcedure('ceccc')), commit: await git(dir, 'rev-parse', 'HEAD') };
    const answeredTwice = (reference: string) => ({ reference, procedure: 'ceccc', received: '2026-11-02T10:00:00Z', version });
    // Until 25 November the ledger was written by the earlier version: closed, and still open.
    const closed = { ...LEGACY_LIFECYCLE, version, steps: [...LEGACY_LIFECYCLE.steps, { at: '2026-11-25T10:00:00Z', say: '/close' }] };
    const open = {
      ...answeredTwice('RDR-OLD2-0002'),
      steps: [
        { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
        { at: '2026-11-20T10:00:00Z', say: '/respond upheld by email' },
        { at: '2026-11-23T10:00:00Z', say: '/respond not-upheld' },
      ],
    };
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'redress-verify-legacy-scratch-'));
    const cases = await runLifecycles([closed, open], createLedgerWriter({ dir: scratch, git: false }));
    for (const reference of ['RDR-OLD1-0001', 'RDR-OLD2-0002']) {
      const entry = parseLedgerEntry(await readFile(path.join(scratch, `2026/${reference}.json`), 'utf8'));
      await mkdir(path.join(dir, 'cases/2026'), { recursive: true });
      await writeFile(path.join(dir, `cases/2026/${reference}.json`), formatLedgerEntry(legacyForm(entry)));
    }
    await git(dir, 'add', 'cases');
    await git(dir, '-c', 'user.name=Redress', '-c', 'user.email=redress@localhost', 'commit', '--quiet', '-m', 'Ledger written by the earlier version');
    // Then this version: the open case goes on, and a new case is received.
    const later = {
      ...answeredTwice('RDR-NEW1-0003'),
      received: '2026-11-26T11:00:00Z',
      steps: [
        { at: '2026-11-27T10:00:00Z', say: '/acknowledge' },
        { at: '2026-11-30T10:00:00Z', say: '/acknowledge' },
      ],
    };
    await runLifecycles([{ ...open, steps: [{ at: '2026-11-26T10:00:00Z', say: '/escalate' }, { at: '2026-11-27T11:00:00Z', say: '/acknowledge', author: 'ceccc-chair' }] }, later], createLedgerWriter({ dir: path.join(dir, 'cases'), git: true }), { store: cases });
    const local = await LocalCaseStore.open({ dataDir: path.join(dir, '.redress'), commitIntervalMs: 0 });
    for (const stored of cases.cases.values()) {
      await local.createCase({ reference: stored.reference, title: stored.title, body: stored.body, labels: stored.labels, assignees: stored.assignees });
      if (stored.state === 'closed') await local.setState(stored.reference, 'closed');
    }
    await local.close();

    const texts = Object.fromEntries(await Promise.all(['RDR-OLD1-0001', 'RDR-OLD2-0002', 'RDR-NEW1-0003'].map(async (r) => [r, await readFile(path.join(dir, `cases/2026/${r}.json`), 'utf8')] as const)));
    expect(texts['RDR-OLD1-0001']).toContain('"refused": [');
    expect(texts['RDR-OLD1-0001']).not.toContain('refusedCommands');
    expect(texts['RDR-OLD2-0002']).toContain('{"retracts": 4, "movedTo": ');
    expect(texts['RDR-NEW1-0003']).toContain('"refusal": "Stage 1 was already acknowledged."');

    const verified = await run(['audit', '--verify'], dir);
    expect(verified.stdout).toMatch(/^Checked 3 entries, \d+ committed versions, 3 live cases: no discrepancy\.\n$/);
    expect(verified.code).toBe(0);
    const report = JSON.parse((await run(['audit', '--format', 'json'], dir)).stdout) as { cases: { reference: string; refused: number; status: string }[] };
    expect(report.cases.map((c) => [c.reference, c.status, c.refused])).toEqual([
      ['RDR-OLD1-0001', 'closed', 2],
      ['RDR-OLD2-0002', 'acknowledged', 1],
      ['RDR-NEW1-0003', 'acknowledged', 1],
    ]);
  }, 60_000);
});

describe('an entry against its live case', () => {
  test('names events the case holds that the ledger lacks, and recorded events gone without a correction', () => {
    const stored = store.cases.get('RDR-CEC2-0002')!;
    const block = parseCaseBlock(stored.body)!;
    const entry = parseLedgerEntry(`${JSON.stringify({ ledger: 1, reference: block.reference, procedure: { id: 'ceccc', hash: block.procedure.version.hash, commit: block.procedure.version.commit }, received: block.received, channel: 'web', flags: [], events: [{ seq: 1, type: 'received', at: block.received, actor: 'complainant' }, { seq: 2, type: 'closed', at: '2026-11-05T10:00:00.000Z', actor: 'staff' }], corrections: [], status: 'closed', stages: [], clocks: [], findings: [], refused: [] })}`);
    const withExtra = { ...block, events: [...block.events, CaseEventSchema.parse({ type: 'withdrawn', at: '2026-12-01T10:00:00Z' })] };
    expect(recordDifferences(entry, withExtra)).toEqual([
      'the case holds 6 events the ledger does not: reminder-sent at 2026-11-05T14:05:00.000Z, reminder-sent at 2026-11-10T09:05:00.000Z, reminder-sent at 2026-11-26T11:05:00.000Z, acknowledged at 2026-11-12T10:00:00.000Z, responded at 2026-11-27T10:00:00.000Z, withdrawn at 2026-12-01T10:00:00.000Z',
      'the ledger records 1 event the case no longer holds, without a correction',
    ]);
  });
});
