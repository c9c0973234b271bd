import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { readLedgerDir } from '../../scripts/adapters/ledger/ledger-files.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { appendOnlyProblems, appendToLedgerEntry, describeLedgerChanges, effectiveEvents, effectiveRefusedCommands } from '../../scripts/core/ledger/append-only.ts';
import { formatLedgerEntry, parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { caseBody, sweep } from '../support/sweep-harness.ts';
import { LEGACY_FIXTURE, LEGACY_LIFECYCLE, legacyForm } from './legacy-form.ts';
import { LIFECYCLES, REFUSING, runLifecycles } from './lifecycles.ts';

const ALL = { ...LIFECYCLES, ...REFUSING };

const run = promisify(execFile);

async function gitRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-ledger-'));
  await run('git', ['-C', dir, 'init', '--quiet', '--initial-branch=main']);
  return dir;
}

const entries = new Map<string, LedgerEntry>();
const texts = new Map<string, string>();
let repo = '';

beforeAll(async () => {
  repo = await gitRepo();
  const writer = createLedgerWriter({ dir: path.join(repo, 'cases'), git: true });
  await runLifecycles(Object.values(ALL), writer);
  const read = await readLedgerDir(path.join(repo, 'cases'));
  expect(read.problems).toEqual([]);
  for (const file of read.files) {
    entries.set(file.entry.reference, file.entry);
    texts.set(file.entry.reference, await readFile(path.join(repo, 'cases', file.path), 'utf8'));
  }
}, 60_000);

describe('the ledger made by real lifecycles', () => {
  test('one file per case under cases/<year>/<reference>.json', async () => {
    const read = await readLedgerDir(path.join(repo, 'cases'));
    expect(read.files.map((file) => file.path).sort()).toEqual(Object.values(ALL).map((l) => `2026/${l.reference}.json`).sort());
  });

  test.each(Object.entries(ALL))('%s: the entry reads as the case, in a stable form', async (_name, lifecycle) => {
    const text = texts.get(lifecycle.reference) ?? '';
    await expect(text).toMatchFileSnapshot(`./__snapshots__/${lifecycle.reference}.json`);
    expect(formatLedgerEntry(parseLedgerEntry(text))).toBe(text);
  });

  test('ceccc escalated: both stages, their outcomes and every clock with its due date', () => {
    const entry = entries.get(LIFECYCLES.cecccEscalated!.reference)!;
    expect(entry.status).toBe('closed');
    expect(entry.stages.map((s) => [s.stage, s.handler, s.outcome, s.workingDays])).toEqual([
      ['stage-1', 'coordinator', 'partly-upheld', 14],
      ['stage-2', 'chair', 'not-upheld', 15],
    ]);
    expect(entry.clocks.map((c) => [c.id, c.dueDate, c.state, c.late])).toEqual([
      ['stage-1.acknowledge', '2026-11-09', 'met', 0],
      ['stage-1.respond', '2026-11-30', 'met', 0],
      ['stage-2.request', '2026-11-27', 'met', 0],
      ['stage-2.acknowledge', '2026-12-01', 'met', 0],
      ['stage-2.respond', '2026-12-22', 'met', 0],
    ]);
    expect(entry.outcome).toBe('not-upheld');
  });

  test('a late acknowledgement: met three working days after its due day', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    expect(entry.clocks.find((c) => c.id === 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-09', state: 'missed', late: 3 });
  });

  test('each reminder staff were sent is a line of the record: the time limit, how near its due date, when; nobody named', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    expect(entry.events.filter((e) => e.type === 'reminder-sent').map((e) => [e.at, e.actor, e.by, e.clock, e.level, e.due])).toEqual([
      ['2026-11-05T09:05:00.000Z', 'system', undefined, 'stage-1.acknowledge', 'before-2-working-days', '2026-11-09'],
      ['2026-11-10T09:05:00.000Z', 'system', undefined, 'stage-1.acknowledge', 'overdue', '2026-11-09'],
      ['2026-11-26T11:05:00.000Z', 'system', undefined, 'stage-1.respond', 'before-2-working-days', '2026-11-30'],
    ]);
  });

  test('an extension: its reason category and revised date, and the clock revised', () => {
    const entry = entries.get(LIFECYCLES.cecccExtended!.reference)!;
    expect(entry.events.find((e) => e.type === 'extended')).toMatchObject({ until: '2026-12-11', reason: 'investigation', actor: 'staff' });
    expect(entry.clocks.find((c) => c.id === 'stage-1.respond')).toMatchObject({ dueDate: '2026-12-11', state: 'met', revised: true });
  });

  test('a withdrawn case stops its clocks', () => {
    const entry = entries.get(LIFECYCLES.cecccWithdrawn!.reference)!;
    expect(entry.status).toBe('withdrawn');
    expect(entry.clocks.find((c) => c.id === 'stage-1.respond')?.state).toBe('not-applicable');
  });

  test('op-performance: the target date given with the acknowledgement, missed by two working days, each escalation step a fact', () => {
    const entry = entries.get(LIFECYCLES.opTarget!.reference)!;
    expect(entry.events.find((e) => e.type === 'acknowledged')).toMatchObject({ target: '2026-11-20' });
    // Told on Monday morning (the first working hours after the Friday target); the next step 24 hours later.
    expect(entry.events.filter((e) => e.type === 'escalation-notified').map((e) => [e.at, e.actor, e.clock, e.level])).toEqual([
      ['2026-11-23T09:35:00.000Z', 'system', 'formal.target', 1],
      ['2026-11-24T09:35:00.000Z', 'system', 'formal.target', 2],
    ]);
    expect(entry.clocks.find((c) => c.id === 'formal.acknowledge')).toMatchObject({ state: 'met', due: '2026-11-04T10:00:00.000Z' });
    expect(entry.clocks.find((c) => c.id === 'formal.target')).toMatchObject({ dueDate: '2026-11-20', state: 'missed', late: 2 });
  });

  test('cms-vocational: an appeal within its window', () => {
    const entry = entries.get(LIFECYCLES.cmsAppeal!.reference)!;
    expect(entry.stages.map((s) => s.stage)).toEqual(['complaint', 'appeal']);
    expect(entry.clocks.find((c) => c.id === 'appeal.request')).toMatchObject({ owner: 'complainant', state: 'met' });
    expect(entry.outcome).toBe('upheld');
  });

  test('cecops, with no time limits: its stages and outcomes, and no clock', () => {
    const entry = entries.get(LIFECYCLES.cecopsAppeal!.reference)!;
    expect(entry.stages.map((s) => [s.stage, s.outcome])).toEqual([['complaint', 'partly-upheld'], ['appeal', 'not-upheld']]);
    expect(entry.clocks).toEqual([]);
    expect(entry.status).toBe('concluded');
  });

  test('refused commands are kept apart from the events, numbered with them, each with why it was refused', () => {
    const entry = entries.get(REFUSING.cecccRefused!.reference)!;
    // The acknowledgement written first was recorded as an event; once the earlier-dated one was recorded, the
    // procedure refused it: its line stays, retracted, and the command is appended among the refused.
    expect(entry.events.map((e) => [e.seq, e.type, e.at])).toEqual([
      [1, 'received', '2026-11-02T10:00:00.000Z'],
      [2, 'acknowledged', '2026-11-05T09:00:00.000Z'],
      [4, 'acknowledged', '2026-11-03T12:00:00.000Z'],
      [5, 'responded', '2026-11-19T10:00:00.000Z'],
    ]);
    expect(entry.refusedCommands?.map((c) => [c.seq, c.type, c.at, c.by, c.refusal])).toEqual([
      [3, 'acknowledged', '2026-11-05T09:00:00.000Z', 'mary-coordinator', 'Stage 1 was already acknowledged.'],
      [6, 'responded', '2026-11-23T10:00:00.000Z', 'mary-coordinator', 'Stage 1 has already been answered.'],
      [7, 'paused', '2026-11-24T10:00:00.000Z', 'mary-coordinator', 'This procedure makes no provision for pausing its time limits.'],
    ]);
    expect(entry.corrections).toEqual([{ retracts: 2, movedTo: 3, noticed: '2026-11-06T10:05:00.000Z' }]);
    expect(effectiveEvents(entry).map((e) => e.seq)).toEqual([1, 4, 5]);
    expect(effectiveRefusedCommands(entry).map((c) => c.seq)).toEqual([3, 6, 7]);
    expect(entry.refused).toBeUndefined();
  });

  test('an edited command: the first acknowledgement stays, retracted by a correction line; the corrected one is appended', () => {
    const entry = entries.get(LIFECYCLES.cecccCorrected!.reference)!;
    expect(entry.events.map((e) => [e.seq, e.type, e.at])).toEqual([
      [1, 'received', '2026-11-02T10:00:00.000Z'],
      [2, 'acknowledged', '2026-11-04T10:00:00.000Z'],
      [3, 'acknowledged', '2026-11-03T12:00:00.000Z'],
      [4, 'responded', '2026-11-20T10:00:00.000Z'],
    ]);
    expect(entry.corrections).toEqual([{ retracts: 2, noticed: '2026-11-04T11:05:00.000Z' }]);
    expect(effectiveEvents(entry).map((e) => e.seq)).toEqual([1, 3, 4]);
  });
});

describe('the ledger in git', () => {
  test('every commit of an entry only appends to its record', async () => {
    for (const { reference } of Object.values(ALL)) {
      const file = `cases/2026/${reference}.json`;
      const commits = (await run('git', ['-C', repo, 'log', '--reverse', '--format=%H', '--', file])).stdout.trim().split('\n');
      expect(commits.length, reference).toBeGreaterThan(1);
      let previous: LedgerEntry | undefined;
      for (const commit of commits) {
        const next = parseLedgerEntry((await run('git', ['-C', repo, 'show', `${commit}:${file}`])).stdout);
        if (previous) expect(appendOnlyProblems(previous, next), `${reference} at ${commit}`).toEqual([]);
        previous = next;
      }
    }
  });

  test('git log -p of an entry reads as the story of the case: events only ever added', async () => {
    const file = `cases/2026/${LIFECYCLES.cecccEscalated!.reference}.json`;
    const log = (await run('git', ['-C', repo, 'log', '--reverse', '-p', '--format=%s', '--', file])).stdout;
    expect(log.split('\n').filter((line) => line.startsWith('Ledger '))).toEqual([
      'Ledger RDR-CEC1-0001: received under ceccc by web',
      'Ledger RDR-CEC1-0001: acknowledged at 2026-11-03T10:00:00.000Z; stage-1.acknowledge met',
      'Ledger RDR-CEC1-0001: responded partly-upheld at 2026-11-20T15:00:00.000Z; stage-1.respond met; …',
      'Ledger RDR-CEC1-0001: escalation-requested at 2026-11-24T09:30:00.000Z; stage-2.request met; …',
      'Ledger RDR-CEC1-0001: acknowledged at 2026-11-26T11:00:00.000Z; stage-2.acknowledge met',
      'Ledger RDR-CEC1-0001: responded not-upheld at 2026-12-15T16:00:00.000Z; stage-2.respond met',
      'Ledger RDR-CEC1-0001: closed at 2026-12-16T10:00:00.000Z',
    ]);
    const removedEventLines = log.split('\n').filter((line) => /^-\s+(, )?\{"seq"/.test(line));
    expect(removedEventLines).toEqual([]);
  });

  test('an unchanged case makes no commit', async () => {
    const dir = await gitRepo();
    const writer = createLedgerWriter({ dir: path.join(dir, 'cases'), git: true });
    await runLifecycles([LIFECYCLES.cecccWithdrawn!], writer);
    const count = async () => Number((await run('git', ['-C', dir, 'rev-list', '--count', 'HEAD'])).stdout.trim());
    const before = await count();
    const entry = parseLedgerEntry(await readFile(path.join(dir, 'cases/2026/RDR-CEC4-0004.json'), 'utf8'));
    await writer.record({ ...entry, corrections: [] }, Date.parse('2026-12-01T10:00:00Z'));
    expect(await count()).toBe(before);
  });
});

describe('the append-only rule', () => {
  test('a deleted command is retracted, never erased; the view follows the case', () => {
    const entry = entries.get(LIFECYCLES.cecccExtended!.reference)!;
    const withoutExtension: LedgerEntry = { ...entry, events: entry.events.filter((e) => e.type !== 'extended').map((e, i) => ({ ...e, seq: i + 1 })), status: 'acknowledged' };
    const next = appendToLedgerEntry(entry, withoutExtension, Date.parse('2026-12-12T09:00:00Z'));
    expect(next.events).toEqual(entry.events);
    expect(next.corrections).toEqual([{ retracts: 3, noticed: '2026-12-12T09:00:00.000Z' }]);
    expect(next.status).toBe('acknowledged');
    expect(appendOnlyProblems(entry, next)).toEqual([]);
  });

  test('a line recorded before the ledger named who acted stands for the same fact naming them: no correction', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    const anonymous: LedgerEntry = { ...entry, events: entry.events.map(({ by: _by, ...event }) => event) };
    const next = appendToLedgerEntry(anonymous, entry, Date.parse('2026-12-12T09:00:00Z'));
    expect(next.events).toEqual(anonymous.events);
    expect(next.corrections).toEqual([]);
    // A fact named with one person is not the same fact named with another.
    const other = appendToLedgerEntry(entry, { ...entry, events: entry.events.map((e) => (e.by ? { ...e, by: 'someone-else' } : e)) }, Date.parse('2026-12-12T09:00:00Z'));
    expect(other.corrections.length).toBe(entry.events.filter((e) => e.by).length);
  });

  test('a changed header fact is a correction line, the header stays as first recorded', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    const next = appendToLedgerEntry(entry, { ...entry, flags: ['about-handler'] }, Date.parse('2026-12-01T09:00:00Z'));
    expect(next.flags).toEqual([]);
    expect(next.corrections).toEqual([{ field: 'flags', was: '[]', now: '["about-handler"]', noticed: '2026-12-01T09:00:00.000Z' }]);
  });

  test('rewriting or removing a recorded line is named', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    const rewritten = { ...entry, events: entry.events.map((e) => (e.type === 'acknowledged' ? { ...e, at: '2026-11-06T10:00:00.000Z' } : e)) };
    expect(appendOnlyProblems(entry, rewritten)).toEqual(['event 4 was rewritten from acknowledged at 2026-11-12T10:00:00.000Z to acknowledged at 2026-11-06T10:00:00.000Z']);
    expect(appendOnlyProblems(entry, { ...entry, events: entry.events.slice(0, 4) })).toEqual([
      'event 5 (reminder-sent stage-1.respond before-2-working-days at 2026-11-26T11:05:00.000Z) was removed',
      'event 6 (responded upheld at 2026-11-27T10:00:00.000Z) was removed',
    ]);
  });

  test('appending a line leaves every earlier line of the text as it was', () => {
    const entry = entries.get(LIFECYCLES.cecccLate!.reference)!;
    const shorter = formatLedgerEntry({ ...entry, events: entry.events.slice(0, 2) }).split('\n');
    const longer = formatLedgerEntry(entry).split('\n');
    const events = (lines: string[]) => lines.filter((line) => line.includes('{"seq"'));
    expect(events(longer).slice(0, 2)).toEqual(events(shorter));
  });
});

describe('entries written before refused commands were kept apart', () => {
  let legacyText = '';
  let present: LedgerEntry;
  beforeAll(async () => {
    legacyText = await readFile(LEGACY_FIXTURE, 'utf8');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-ledger-legacy-'));
    await runLifecycles([LEGACY_LIFECYCLE], createLedgerWriter({ dir, git: false }));
    present = parseLedgerEntry(await readFile(path.join(dir, '2026/RDR-OLD1-0001.json'), 'utf8'));
  });

  test('the earlier form, as the earlier version wrote it, is what these tests call it', () => {
    expect(present.refusedCommands?.map((c) => c.seq)).toEqual([4, 5]);
    expect(formatLedgerEntry(legacyForm(present))).toBe(legacyText);
  });

  test('are read as they were written: the refused commands apart from the events that stand', () => {
    const legacy = parseLedgerEntry(legacyText);
    expect(formatLedgerEntry(legacy)).toBe(legacyText);
    expect(effectiveEvents(legacy).map((e) => [e.seq, e.type])).toEqual([[1, 'received'], [2, 'acknowledged'], [3, 'responded']]);
    expect(effectiveRefusedCommands(legacy)).toEqual(present.refusedCommands);
  });

  test('the next write brings one to the present form by appending only: each refused line retracted, naming where it moved', () => {
    const legacy = parseLedgerEntry(legacyText);
    const next = appendToLedgerEntry(legacy, present, Date.parse('2026-12-01T09:00:00Z'));
    expect(appendOnlyProblems(legacy, next)).toEqual([]);
    expect(next.events).toEqual(legacy.events);
    expect(next.corrections).toEqual([
      { retracts: 4, movedTo: 6, noticed: '2026-12-01T09:00:00.000Z' },
      { retracts: 5, movedTo: 7, noticed: '2026-12-01T09:00:00.000Z' },
    ]);
    expect(next.refusedCommands).toEqual(present.refusedCommands?.map((c, i) => ({ ...c, seq: 6 + i })));
    expect(next.refused).toBeUndefined();
    // The same facts stand, and the same commands stand refused, as before.
    expect(effectiveEvents(next)).toEqual(effectiveEvents(legacy));
    expect(effectiveRefusedCommands(next).map(({ seq: _seq, ...c }) => c)).toEqual(effectiveRefusedCommands(legacy).map(({ seq: _seq, ...c }) => c));
    // Every event line of the text the earlier version wrote is still there, unchanged, in order.
    const eventLines = (text: string) => text.split('\n').filter((line) => line.includes('{"seq"') && line.includes('"type"') && !line.includes('"refusal"'));
    expect(eventLines(formatLedgerEntry(next))).toEqual(eventLines(legacyText));
    // And once in the present form, the case unchanged writes nothing more.
    expect(formatLedgerEntry(appendToLedgerEntry(next, present, Date.parse('2026-12-02T09:00:00Z')))).toBe(formatLedgerEntry(next));
    expect(describeLedgerChanges(legacy, next)).toEqual(['refused: responded not-upheld at 2026-11-23T10:00:00.000Z', 'refused: paused at 2026-11-24T10:00:00.000Z', 'event 4 moved to line 6', 'event 5 moved to line 7']);
  });

  test('removing or rewriting a refused command is named, as for an event', () => {
    const refused = present.refusedCommands ?? [];
    expect(appendOnlyProblems(present, { ...present, refusedCommands: refused.slice(0, 1) })).toEqual(['refused command 5 (paused at 2026-11-24T10:00:00.000Z) was removed']);
    expect(appendOnlyProblems(present, { ...present, refusedCommands: refused.map((c) => ({ ...c, refusal: 'Fine.' })) })).toHaveLength(2);
  });
});

describe('the sweep and its ledger', () => {
  async function oneCase() {
    let clock = Date.parse('2026-11-02T10:00:00Z');
    const store = new MemoryStore(() => clock);
    await store.createCase({ reference: 'RDR-AAAA', title: 'RDR-AAAA (ceccc)', body: caseBody('RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z'), labels: ['complaint', 'procedure:ceccc'], assignees: [] });
    clock = Date.parse('2026-11-02T11:00:00Z');
    return store;
  }

  test('a dry run writes no entry', async () => {
    const store = await oneCase();
    const recorded: LedgerEntry[] = [];
    await sweep(store, '2026-11-02T11:00:00Z', { dryRun: true, ledger: { record: async (entry) => void recorded.push(entry) } });
    expect(recorded).toEqual([]);
  });

  test('a ledger that cannot be written is a problem for that case; the case is still swept', async () => {
    const store = await oneCase();
    const summary = await sweep(store, '2026-11-02T11:00:00Z', { ledger: { record: async () => Promise.reject(new Error('disk full')) } });
    expect(summary.problems).toEqual([{ reference: 'RDR-AAAA', problem: 'The ledger entry was not written: disk full' }]);
    expect(store.cases.get('RDR-AAAA')?.labels).toContain('stage:stage-1');
  });

  test('a damaged entry is left as it is and reported', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-ledger-'));
    const writer = createLedgerWriter({ dir, git: false });
    const store = await oneCase();
    await sweep(store, '2026-11-02T11:00:00Z', { ledger: writer });
    const file = path.join(dir, '2026/RDR-AAAA.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '{"ledger": 1, broken');
    const summary = await sweep(store, '2026-11-03T11:00:00Z', { ledger: writer });
    expect(summary.problems[0]?.problem).toMatch(/^The ledger entry was not written: 2026\/RDR-AAAA\.json is damaged and was left as it is: not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{"ledger": 1, broken');
  });
});
