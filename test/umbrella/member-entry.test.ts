// The umbrella reads each ledger entry into a narrowed schema: these tests prove that what it keeps is enough for
// the audit's judgement, that it keeps nothing else, and that it tolerates fields a later ledger adds.
import { describe, expect, test } from 'vitest';
import { auditCase } from '../../scripts/core/audit/case-audit.ts';
import { caseFigures } from '../../scripts/core/audit/case-figures.ts';
import { formatLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import { auditableEntry, readMemberEntry } from '../../scripts/core/umbrella/member-entry-schema.ts';
import { memberEntries } from './support/member-ledgers.ts';

const AS_OF = Date.parse('2027-01-31T12:00:00Z');

describe('an entry as the umbrella reads it', () => {
  test('the audit makes the same judgement of it as of the whole entry: every clock, every departure, every figure the umbrella gives', () => {
    // Departures the generator does not make, written into some entries as the sweep records them: the engine's
    // findings, a case opened at a later stage, a stage begun before the one before it was answered.
    const entries = [0, 1, 2, 3].flatMap((member) => memberEntries(member, 60)).map((entry, index) => {
      if (index % 5 === 0) return { ...entry, findings: [...entry.findings, { code: 'response-without-acknowledgement', subject: entry.stages[0]?.stage ?? 'stage-1' }, { code: 'independence-breach', subject: 'stage-2' }] };
      if (index % 7 === 0) return { ...entry, events: entry.events.map((event, at) => (at === 0 ? { ...event, stage: 'stage-2' } : event)) };
      if (index % 11 === 0 && entry.stages.length > 1) return { ...entry, stages: entry.stages.map((run, at) => (at === 0 ? { stage: run.stage, handler: run.handler, entered: run.entered } : run)) };
      return entry;
    });
    const whole = entries.map((entry) => auditCase(entry, AS_OF));
    const narrowed = entries.map((entry) => {
      const read = readMemberEntry(formatLedgerEntry(entry));
      if (!read.entry) throw new Error(read.problem);
      return auditCase(auditableEntry(read.entry), AS_OF);
    });
    // The generated ledgers exercise what is compared: departures of several kinds, late and overdue clocks.
    const kinds = (audit: (typeof whole)[number]) => audit.departures.map((departure) => departure.kind);
    expect(new Set(whole.flatMap(kinds))).toEqual(new Set(['time-limit-missed', 'time-limit-overdue', 'response-without-acknowledgement', 'not-independent', 'opened-at-later-stage', 'stage-skipped']));
    expect(narrowed.map(kinds)).toEqual(whole.map(kinds));
    expect(narrowed.map((audit) => audit.clocks)).toEqual(whole.map((audit) => audit.clocks));
    expect(narrowed.map((audit) => [audit.procedure, audit.receivedDate, audit.status, audit.extended, audit.escalated, audit.pauses])).toEqual(
      whole.map((audit) => [audit.procedure, audit.receivedDate, audit.status, audit.extended, audit.escalated, audit.pauses]),
    );
    const { outcomes: _outcomes, ...figures } = caseFigures(whole);
    expect(caseFigures(narrowed)).toMatchObject(figures);
  });

  test('keeps exactly the fields the umbrella uses: no reference, channel, flags, staff login, outcome or reason', () => {
    const [entry] = memberEntries(0, 1);
    if (!entry) throw new Error('no entry');
    const withStaff = { ...entry, events: entry.events.map((event) => ({ ...event, by: 'mary-ceccc' })), outcome: 'upheld' as const };
    const read = readMemberEntry(JSON.stringify(withStaff));
    expect(Object.keys(read.entry ?? {}).sort()).toEqual(['clocks', 'corrections', 'events', 'findings', 'ledger', 'procedure', 'received', 'refused', 'stages', 'status']);
    expect(Object.keys(read.entry?.procedure ?? {})).toEqual(['id']);
    for (const event of read.entry?.events ?? []) expect(Object.keys(event).every((key) => ['seq', 'type', 'stage'].includes(key))).toBe(true);
    for (const run of read.entry?.stages ?? []) expect(Object.keys(run).every((key) => ['stage', 'entered', 'responded', 'workingDays'].includes(key))).toBe(true);
    expect(JSON.stringify(read.entry)).not.toContain('mary-ceccc');
    expect(JSON.stringify(read.entry)).not.toContain(entry.reference);
  });

  test('findings other than departures and header corrections are left behind', () => {
    const [entry] = memberEntries(1, 1);
    if (!entry) throw new Error('no entry');
    const read = readMemberEntry(JSON.stringify({
      ...entry,
      findings: [{ code: 'anonymous' }, { code: 'response-without-acknowledgement', subject: 'stage-1' }, { code: 'out-of-time', subject: 'stage-1' }],
      corrections: [{ field: 'channel', was: '"web"', now: '"email"', noticed: entry.received }, { retracts: 1, noticed: entry.received }],
    }));
    expect(read.entry?.findings).toEqual([{ code: 'response-without-acknowledgement' }]);
    expect(read.entry?.corrections).toEqual([{ retracts: 1 }]);
  });

  test('fields a later ledger adds are tolerated and dropped', () => {
    const [entry] = memberEntries(2, 1);
    if (!entry) throw new Error('no entry');
    const later = {
      ...entry,
      notices: [{ kind: 'ombudsman', at: entry.received }],
      letters: [{ kind: 'acknowledgement', sentBy: 'email' }],
      events: entry.events.map((event) => ({ ...event, letter: { kind: 'response' } })),
      clocks: entry.clocks.map((clock) => ({ ...clock, notice: 'given' })),
    };
    const read = readMemberEntry(JSON.stringify(later));
    expect(read.problem).toBeUndefined();
    expect(JSON.stringify(read.entry)).not.toMatch(/notices|letter|notice/);
  });

  test.each([
    ['text that is not JSON, without quoting it', '{"status": "Jo Bloggs', 'not valid JSON'],
    ['another form of entry', '{"ledger": 2}', 'not a ledger entry the umbrella can read: ledger: Invalid input: expected 1'],
    ['a value the ledger refuses, without quoting it', JSON.stringify({ ...memberEntries(3, 1)[0], status: 'Jo Bloggs, 07700 900123' }), 'not a ledger entry the umbrella can read: status: Invalid option'],
  ])('%s is a problem', (_what, text, problem) => {
    const read = readMemberEntry(text);
    expect(read.entry).toBeUndefined();
    expect(read.problem).toContain(problem);
    expect(read.problem).not.toMatch(/Jo|Bloggs|07700/);
  });
});
