/**
 * The reports' figures agree with `npx redress audit` for the same dates, on a generated year of cases (with cases
 * before and after it, and another procedure's, in the same ledger): each report's counts are recounted here from
 * the audit's own JSON (its totals, its months and each case's clocks and stages), through the command line.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../scripts/core/audit/audit-report.ts';
import type { CaseAudit } from '../../scripts/core/audit/case-audit.ts';
import { CHANGES } from '../../scripts/core/case/case-event-schema.ts';
import { effectiveEvents } from '../../scripts/core/ledger/append-only.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { OUTCOMES } from '../../scripts/core/procedure/procedure-schema.ts';
import type { ReportDocument, ReportFigure } from '../../scripts/core/reports/report-document.ts';
import { CHANGE_WORDS, OUTCOME_WORDS } from '../../scripts/core/reports/report-parts.ts';
import { generatedEntries, reportProject, runCli, utc, writeLedger } from './support/report-project.ts';

const YEAR = { from: '2025-04-01', to: '2026-03-31' };
const BEFORE = { from: '2024-04-01', to: '2025-03-31' };
const HOMES = 12_000;
let dir = '';
/** The ledger as written, by reference: what staff recorded, recounted here without the reports' code. */
const written = new Map<string, LedgerEntry>();

beforeAll(async () => {
  const project = await reportProject();
  dir = project.dir;
  const northfield = project.procedures.get('northfield-homes');
  const glen = project.procedures.get('glen-council');
  if (!northfield || !glen) throw new Error('The fixture procedures are missing.');
  const entries = [
    // The year, and a year either side of it that must not count.
    ...generatedEntries({ procedure: northfield, count: 600, seed: 2025, prefix: 'Y', options: { window: { start: utc('2025-04-01'), days: 365 }, learning: 0.25 } }),
    ...generatedEntries({ procedure: northfield, count: 300, seed: 2024, prefix: 'P', options: { window: { start: utc('2024-04-01'), days: 365 }, learning: 0.25 } }),
    ...generatedEntries({ procedure: northfield, count: 80, seed: 2026, prefix: 'F', options: { window: { start: utc('2026-04-01'), days: 80 } } }),
    // Another organisation's procedure in the same ledger.
    ...generatedEntries({ procedure: glen, count: 400, seed: 31, prefix: 'G', options: { window: { start: utc('2025-04-01'), days: 365 }, learning: 0.25, direct: 0.15 } }),
  ];
  for (const entry of entries) written.set(entry.reference, entry);
  await writeLedger(path.join(dir, 'ledger'), entries);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function audit(procedure: string, period: { from: string; to: string }): Promise<AuditReport> {
  const result = await runCli(dir, ['audit', '--from', period.from, '--to', period.to, '--procedure', procedure, '--format', 'json', '--ledger', 'ledger']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

async function report(kind: string, procedure: string, extra: string[] = []): Promise<ReportDocument> {
  const result = await runCli(dir, ['report', kind, '--period', `${YEAR.from}..${YEAR.to}`, '--procedure', procedure, '--format', 'json', '--ledger', 'ledger', ...extra]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as ReportDocument;
}

/** The figure in a table's row, at a column (0 is the first after the row's heading). */
function figureAt(document: ReportDocument, tableId: string, row: string | RegExp, column = 0, line = 0): ReportFigure {
  const table = document.sections.flatMap((part) => part.tables).find((t) => t.id === tableId);
  const found = table?.rows.find((r) => (typeof row === 'string' ? r.header === row : row.test(r.header)));
  const cell = found?.cells[column]?.[line];
  if (!cell || !('figure' in cell)) throw new Error(`No figure at ${tableId} / ${String(row)} / ${column}:${line}`);
  return cell.figure;
}

/** The number of a figure that must be published. */
function value(document: ReportDocument, tableId: string, row: string | RegExp, column = 0, line = 0): number {
  const figure = figureAt(document, tableId, row, column, line);
  if (!figure.shown || figure.value === undefined) throw new Error(`A figure the test compares was held back: ${figure.text}`);
  return figure.value;
}

/** A count as published agrees with the audit's: the same number, or "fewer than 5" for a count below 5. */
function agreed(figure: ReportFigure, expected: number): number | string {
  if (figure.shown) return figure.value ?? 'no number';
  return figure.text === 'fewer than 5' && expected < 5 ? expected : `${figure.text} for ${expected}`;
}

/** What the audit says of one time limit, recounted from its cases. */
function clockCounts(audit: AuditReport, id: string) {
  const clocks = audit.cases.flatMap((c) => c.clocks.filter((clock) => clock.id === id));
  const n = (verdicts: string[]) => clocks.filter((clock) => verdicts.includes(clock.verdict)).length;
  return { due: n(['met', 'late', 'missed', 'overdue']), onTime: n(['met']), late: n(['late']), unanswered: n(['missed', 'overdue']) };
}

/** The audit's cases whose ledger records a change of this kind made because of the complaint (/learning). */
function changed(cases: readonly CaseAudit[], change: string): number {
  return cases.filter((c) => {
    const entry = written.get(c.reference);
    if (!entry) throw new Error(`The audit lists ${c.reference}, which the test did not write.`);
    return effectiveEvents(entry).some((event) => event.type === 'change-made' && event.change === change);
  }).length;
}

/** The audit's cases answered at a stage whose last answer there had an outcome. */
function outcomeAt(cases: readonly CaseAudit[], stage: string, outcome: string): number {
  return cases.filter((c) => c.stages.filter((run) => run.stage === stage && run.responded !== undefined).at(-1)?.outcome === outcome).length;
}

/** The audit's cases extended (a recorded /extend) while they were at a stage: the last stage entered by then. */
function extendedAt(cases: readonly CaseAudit[], stage: string): number {
  return cases.filter((c) => {
    const entry = written.get(c.reference);
    const extensions = entry ? effectiveEvents(entry).filter((event) => event.type === 'extended') : [];
    return extensions.some((event) => (c.stages.filter((run) => run.entered <= event.at).at(-1) ?? c.stages[0])?.stage === stage);
  }).length;
}

const reached = (cases: readonly CaseAudit[], stage: string) => cases.filter((c) => c.stages.some((run) => run.stage === stage)).length;
const share = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;

describe('the reports agree with npx redress audit on a generated year', () => {
  test('annual-performance: volumes, time limits, extensions, outcomes and departures, this year and the year before', async () => {
    const [document, year, before] = await Promise.all([report('annual-performance', 'northfield-homes'), audit('northfield-homes', YEAR), audit('northfield-homes', BEFORE)]);
    expect(year.totals.received).toBe(600);
    for (const [column, a] of [[0, year], [1, before]] as const) {
      expect(value(document, 'volumes', 'Complaints received', column)).toBe(a.totals.received);
      expect(value(document, 'volumes', 'Stage 1 complaints', column)).toBe(a.totals.received);
      // Every complaint starts at stage 1, so those at stage 2 are the audit's escalated ones.
      expect(value(document, 'volumes', 'Stage 2 complaints', column)).toBe(a.totals.escalated);
      expect(value(document, 'volumes', 'Withdrawn', column)).toBe(a.totals.withdrawn);
      expect(value(document, 'volumes', 'Still open at the date of this report', column)).toBe(a.totals.open);
      expect(value(document, 'extensions', 'Complaints extended, at any stage', column)).toBe(a.totals.extended);
      expect(value(document, 'departures', 'Complaints with at least one departure', column)).toBe(a.totals.withDepartures);
      expect(value(document, 'outcomes', 'Final outcome: answered', column)).toBe(a.totals.answered);
      expect(value(document, 'outcomes', 'Final outcome: upheld', column)).toBe(a.totals.outcomes.upheld);
      expect(value(document, 'outcomes', 'Final outcome: partly upheld', column)).toBe(a.totals.outcomes['partly-upheld']);
      expect(value(document, 'outcomes', 'Final outcome: not upheld', column)).toBe(a.totals.outcomes['not-upheld']);
      for (const [stage, name] of [['stage-1', 'Stage 1'], ['stage-2', 'Stage 2']] as const) {
        for (const outcome of OUTCOMES) {
          const n = outcomeAt(a.cases, stage, outcome);
          expect(agreed(figureAt(document, 'outcomes', `${name}: ${OUTCOME_WORDS[outcome].toLowerCase()}`, column), n), `${stage} ${outcome}`).toBe(n);
        }
        const extended = extendedAt(a.cases, stage);
        expect(agreed(figureAt(document, 'extensions', `${name}: time limit extended`, column), extended), `${stage} extended`).toBe(extended);
      }
      const learnt = CHANGES.map((change) => changed(a.cases, change));
      expect(learnt.reduce((sum, n) => sum + n, 0), 'the generated year records learning').toBeGreaterThan(0);
      expect(CHANGES.map((change, index) => agreed(figureAt(document, 'learning', CHANGE_WORDS[change] ?? change, column), learnt[index] ?? 0))).toEqual(learnt);
    }
    // Each time limit, and the audit's own totals as their sums.
    const rows = { 'stage-1.acknowledge': /^Stage 1: Acknowledge/, 'stage-1.respond': /^Stage 1: Issue a full response/, 'stage-2.acknowledge': /^Stage 2: Acknowledge/, 'stage-2.respond': /^Stage 2: Send/ };
    let acknowledged = { due: 0, onTime: 0 };
    let responded = { due: 0, onTime: 0 };
    for (const [id, row] of Object.entries(rows)) {
      const counts = clockCounts(year, id);
      const expected = [counts.due, counts.onTime, counts.late, counts.unanswered];
      expect(expected.map((n, column) => agreed(figureAt(document, 'time-limits', row, column), n)), id).toEqual(expected);
      // Where every part is 0 or published, so is the share.
      if ([counts.late + counts.unanswered, counts.onTime].every((n) => n === 0 || n >= 5)) expect(value(document, 'time-limits', row, 4)).toBe(share(counts.onTime, counts.due));
      const earlier = clockCounts(before, id);
      if ([earlier.late + earlier.unanswered, earlier.onTime].every((n) => n === 0 || n >= 5)) expect(value(document, 'time-limits', row, 5)).toBe(share(earlier.onTime, earlier.due));
      if (id.endsWith('acknowledge')) acknowledged = { due: acknowledged.due + counts.due, onTime: acknowledged.onTime + counts.onTime };
      else responded = { due: responded.due + counts.due, onTime: responded.onTime + counts.onTime };
    }
    expect(acknowledged).toEqual({ due: year.totals.acknowledged.due, onTime: year.totals.acknowledged.onTime });
    expect(responded).toEqual({ due: year.totals.respondedTo.due, onTime: year.totals.respondedTo.onTime });
  });

  test('tsm: CH01 and CH02 from the same cases and time limits as the audit', async () => {
    const [document, year] = await Promise.all([report('tsm', 'northfield-homes', ['--homes', String(HOMES)]), audit('northfield-homes', YEAR)]);
    for (const [row, stage] of [[/^CH01 \(1\)/, 'stage-1'], [/^CH01 \(2\)/, 'stage-2']] as const) {
      const n = reached(year.cases, stage);
      expect(value(document, 'ch01', row, 0)).toBe(n);
      expect(value(document, 'ch01', row, 2)).toBe(Math.round((n / HOMES) * 1000 * 100) / 100);
    }
    for (const [row, clock] of [[/^CH02 \(1\)/, 'stage-1.respond'], [/^CH02 \(2\)/, 'stage-2.respond']] as const) {
      const counts = clockCounts(year, clock);
      expect(value(document, 'ch02', row, 0)).toBe(counts.onTime + counts.late);
      expect(value(document, 'ch02', row, 1)).toBe(counts.onTime);
      expect(value(document, 'ch02', row, 2)).toBe(share(counts.onTime, counts.onTime + counts.late));
    }
  });

  test('hoc-self-assessment: the evidence for each time limit is the audit’s', async () => {
    const [document, year] = await Promise.all([report('hoc-self-assessment', 'northfield-homes'), audit('northfield-homes', YEAR)]);
    for (const [provision, clock] of [['6.2', 'stage-1.acknowledge'], ['6.3', 'stage-1.respond'], ['6.11', 'stage-2.acknowledge'], ['Stage 2 timescale', 'stage-2.respond']] as const) {
      const counts = clockCounts(year, clock);
      expect([0, 1].map((line) => value(document, 'section-6', provision, 2, line)), provision).toEqual([counts.due, counts.onTime]);
    }
    expect(value(document, 'section-3', '3.1', 2, 0)).toBe(year.totals.received);
    expect(value(document, 'section-6', '6.10', 2, 0)).toBe(year.totals.escalated);
    expect(value(document, 'section-7', 'Section 7', 2, 0)).toBe(year.totals.answered);
  });

  test('spso-indicators: each quarter is the audit’s months; stages closed, within 5 and 20 days, and on average, from its cases', async () => {
    const [document, year] = await Promise.all([report('spso-indicators', 'glen-council'), audit('glen-council', YEAR)]);
    const quarters = [['2025-04', '2025-05', '2025-06'], ['2025-07', '2025-08', '2025-09'], ['2025-10', '2025-11', '2025-12'], ['2026-01', '2026-02', '2026-03']];
    quarters.forEach((months, column) => {
      expect(value(document, 'received', 'Complaints received', column)).toBe(year.months.filter((m) => months.includes(m.month)).reduce((n, m) => n + m.received, 0));
    });
    expect(value(document, 'received', 'Complaints received', 4)).toBe(year.totals.received);
    for (const [words, stage, limit] of [['Stage 1', 'frontline', 5], ['Stage 2', 'investigation', 20]] as const) {
      const answers = year.cases.flatMap((c) => {
        const run = c.stages.find((r) => r.stage === stage && r.responded !== undefined);
        return run ? [run] : [];
      });
      expect(value(document, 'closed', `${words}: closed`, 4)).toBe(answers.length);
      const within = answers.filter((run) => run.workingDays !== undefined && run.workingDays <= limit).length;
      expect(value(document, 'closed', `${words}: closed within ${limit} working days`, 4)).toBe(within);
      expect(value(document, 'closed', `${words}: share closed within ${limit} working days`, 4)).toBe(share(within, answers.length));
      const mean = answers.reduce((n, run) => n + (run.workingDays ?? 0), 0) / answers.length;
      expect(value(document, 'average', words, 4)).toBe(Math.round(mean * 100) / 100);
    }
    // Those opened at stage 2 and those taken there from stage 1 make up the audit's cases at stage 2.
    expect(value(document, 'received', 'Directly at stage 2', 4) + value(document, 'received', 'Taken on to stage 2 after stage 1', 4)).toBe(reached(year.cases, 'investigation'));
    expect(value(document, 'received', 'Taken on to stage 2 after stage 1', 4)).toBe(year.totals.escalated);
    // Outcomes at each stage and what was learnt, over the year.
    const words = { upheld: 'upheld', 'partly-upheld': 'partially upheld', 'not-upheld': 'not upheld' } as const;
    for (const [name, stage] of [['Stage 1', 'frontline'], ['Stage 2', 'investigation']] as const) {
      const expected = OUTCOMES.map((outcome) => outcomeAt(year.cases, stage, outcome));
      expect(OUTCOMES.map((outcome, index) => agreed(figureAt(document, 'outcomes', `${name}: ${words[outcome]}`, 4), expected[index] ?? 0)), name).toEqual(expected);
    }
    const learnt = CHANGES.map((change) => changed(year.cases, change));
    expect(CHANGES.map((change, index) => agreed(figureAt(document, 'learning', CHANGE_WORDS[change] ?? change, 4), learnt[index] ?? 0))).toEqual(learnt);
  });
});
