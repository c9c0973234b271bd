/**
 * Small numbers in the reports, through the command line: a count below 5 reads "fewer than 5", and a figure that
 * would let a reader work one out (a quarter beside its year, a rate beside the number of homes, a share, an outcome
 * beside the others and the total) is not published either.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../scripts/core/audit/audit-report.ts';
import type { ReportDocument, ReportFigure } from '../../scripts/core/reports/report-document.ts';
import { generatedEntries, reportProject, runCli, utc, writeLedger } from './support/report-project.ts';

const PERIOD = '2025-04-01..2026-03-31';
let dir = '';

beforeAll(async () => {
  const project = await reportProject();
  dir = project.dir;
  const glen = project.procedures.get('glen-council');
  const northfield = project.procedures.get('northfield-homes');
  if (!glen || !northfield) throw new Error('The fixture procedures are missing.');
  const quarter = (count: number, start: string, seed: number) =>
    generatedEntries({ procedure: glen, count, seed, prefix: `Q${seed}`, options: { window: { start: utc(start), days: 85 } } });
  await writeLedger(path.join(dir, 'ledger'), [
    // A council's year: 10, 8, 3 and 9 complaints by quarter.
    ...quarter(10, '2025-04-01', 1),
    ...quarter(8, '2025-07-01', 2),
    ...quarter(3, '2025-10-01', 3),
    ...quarter(9, '2026-01-01', 4),
    // A small landlord's year.
    ...generatedEntries({ procedure: northfield, count: 30, seed: 19, prefix: 'S', options: { window: { start: utc('2025-04-01'), days: 365 } } }),
  ]);
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function report(kind: string, procedure: string, extra: string[] = [], period = PERIOD): Promise<ReportDocument> {
  const result = await runCli(dir, ['report', kind, '--period', period, '--procedure', procedure, '--format', 'json', '--ledger', 'ledger', ...extra]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ReportDocument;
}

function row(document: ReportDocument, tableId: string, header: string | RegExp): ReportFigure[] {
  const found = document.sections.flatMap((part) => part.tables).find((t) => t.id === tableId)?.rows.find((r) => (typeof header === 'string' ? r.header === header : header.test(r.header)));
  if (!found) throw new Error(`No row ${String(header)} in ${tableId}`);
  return found.cells.map((cell) => {
    const line = cell[0];
    if (!line || !('figure' in line)) throw new Error('Not a figure');
    return line.figure;
  });
}

const texts = (figures: readonly ReportFigure[]) => figures.map((figure) => figure.text);

describe('small numbers in the reports', () => {
  test('a quarter of fewer than 5 complaints, and the quarter that would give it away beside the year, are held back', async () => {
    const document = await report('spso-indicators', 'glen-council');
    // 10 + 8 + 3 + 9 = 30: with the year shown, the 3 would be 30 - 10 - 8 - 9, so the next smallest goes too.
    expect(texts(row(document, 'received', 'Complaints received'))).toEqual(['10', 'not published', 'fewer than 5', '9', '30']);
    const figures = row(document, 'received', 'Complaints received');
    expect(figures.map((figure) => figure.value)).toEqual([10, undefined, undefined, 9, 30]);
    expect(figures[2]).toMatchObject({ shown: false, period: { from: '2025-10-01', to: '2025-12-31' } });
  });

  test('no hidden count can be worked out from a total and the rest, in any row of the quarters', async () => {
    const document = await report('spso-indicators', 'glen-council');
    for (const table of document.sections.flatMap((part) => part.tables)) {
      for (const r of table.rows) {
        const figures = r.cells.map((cell) => cell[0]).flatMap((line) => (line && 'figure' in line && line.figure.unit === 'count' ? [line.figure] : []));
        if (figures.length !== 5) continue;
        const year = figures[4];
        const hidden = figures.slice(0, 4).filter((figure) => !figure.shown);
        // With the year published, one quarter alone held back would be the year less the others.
        if (year?.shown) expect(hidden.length === 1 && hidden[0]?.text === 'fewer than 5' && year.value !== figures.slice(0, 4).reduce((n, f) => n + (f.value ?? 0), 0), `${table.id}: ${r.header}`).toBe(false);
      }
    }
  });

  test('a rate per 1,000 homes is held back with its count, since the homes are known', async () => {
    const [document, audit] = await Promise.all([
      report('tsm', 'northfield-homes', ['--homes', '800']),
      runCli(dir, ['audit', '--from', '2025-04-01', '--to', '2026-03-31', '--procedure', 'northfield-homes', '--format', 'json', '--ledger', 'ledger']).then((r) => JSON.parse(r.stdout) as AuditReport),
    ]);
    const stage2 = audit.cases.filter((c) => c.stages.some((run) => run.stage === 'stage-2')).length;
    expect(stage2).toBeGreaterThan(0);
    expect(stage2).toBeLessThan(5);
    const [count, homes, rate] = row(document, 'ch01', /^CH01 \(2\)/);
    expect(count).toMatchObject({ shown: false, text: 'fewer than 5' });
    expect(homes).toMatchObject({ shown: true, value: 800 });
    // stage2 / 800 * 1000 would be the count times 1.25.
    expect(rate).toEqual({ text: 'not published', shown: false, unit: 'per-1000-homes', definition: 'ch01' });
    // Stage 1: published, count and rate.
    const [count1, , rate1] = row(document, 'ch01', /^CH01 \(1\)/);
    expect(count1).toMatchObject({ shown: true, value: 30 });
    expect(rate1).toMatchObject({ shown: true, value: 37.5, text: '37.5' });
    // A share of answers within the timescale with fewer than 5 answers is not published.
    expect(row(document, 'ch02', /^CH02 \(2\)/)[2]).toMatchObject({ shown: false, text: 'not published: too few to show safely' });
  });

  test('an outcome of fewer than 5 beside the others and the number answered: another outcome is held back with it', async () => {
    const [document, audit] = await Promise.all([
      report('annual-performance', 'northfield-homes'),
      runCli(dir, ['audit', '--from', '2025-04-01', '--to', '2026-03-31', '--procedure', 'northfield-homes', '--format', 'json', '--ledger', 'ledger']).then((r) => JSON.parse(r.stdout) as AuditReport),
    ]);
    const stage1 = audit.cases.flatMap((c) => c.stages.filter((run) => run.stage === 'stage-1' && run.responded !== undefined).slice(-1));
    const counts = ['upheld', 'partly-upheld', 'not-upheld'].map((outcome) => stage1.filter((run) => run.outcome === outcome).length);
    const answered = row(document, 'outcomes', 'Stage 1: answered')[0];
    const outcomes = ['Stage 1: upheld', 'Stage 1: partly upheld', 'Stage 1: not upheld'].map((header) => row(document, 'outcomes', header)[0]);
    expect(answered).toMatchObject({ shown: true, value: stage1.length });
    // Exactly one outcome is below 5 in this year; were it alone hidden, it would be the answered less the others.
    expect(counts.filter((n) => n > 0 && n < 5)).toHaveLength(1);
    const small = counts.findIndex((n) => n > 0 && n < 5);
    expect(outcomes[small]?.text).toBe('fewer than 5');
    expect(outcomes.filter((figure) => figure?.text === 'not published')).toHaveLength(1);
    expect(outcomes.filter((figure) => figure?.shown)).toHaveLength(1);
  });

  test('which rows and columns a report has follows from the procedure alone: a year with no complaints has the same', async () => {
    // Otherwise a row that appears only when its count is above none would say so of a count held back.
    const layout = (document: ReportDocument) => document.sections.flatMap((part) => part.tables.map((t) => [t.id, t.columns.length, ...t.rows.map((r) => r.header)]));
    for (const [kind, procedure, extra] of [
      ['annual-performance', 'northfield-homes', []],
      // Glen Council's frontline stage provides no extension, yet its ledger records some.
      ['annual-performance', 'glen-council', []],
      ['tsm', 'northfield-homes', ['--homes', '400']],
      ['hoc-self-assessment', 'northfield-homes', []],
      ['spso-indicators', 'glen-council', []],
    ] as const) {
      const [full, empty] = await Promise.all([report(kind, procedure, [...extra]), report(kind, procedure, [...extra], '2022-04-01..2023-03-31')]);
      expect(layout(full).flat().length, kind).toBeGreaterThan(10);
      expect(layout(empty), kind).toEqual(layout(full));
    }
  });
});
