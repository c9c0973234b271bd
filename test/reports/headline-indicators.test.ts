import { beforeAll, describe, expect, test } from 'vitest';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { buildReport } from '../../scripts/core/reports/build-report.ts';
import { headlineIndicators, reportingYear } from '../../scripts/core/reports/headline-indicators.ts';
import type { ReportDocument } from '../../scripts/core/reports/report-document.ts';
import { generatedEntries, reportProject, utc } from './support/report-project.ts';

const AS_OF = Date.parse('2026-02-15T12:00:00Z');
let procedures: ReadonlyMap<string, Procedure>;
let landlord: LedgerEntry[];
let council: LedgerEntry[];

const procedure = (id: string) => {
  const found = procedures.get(id);
  if (!found) throw new Error(`No procedure ${id}`);
  return found;
};

beforeAll(async () => {
  procedures = (await reportProject()).procedures;
  landlord = generatedEntries({ procedure: procedure('northfield-homes'), count: 120, seed: 5, prefix: 'H', options: { window: { start: utc('2025-04-01'), days: 300 } } });
  council = generatedEntries({ procedure: procedure('glen-council'), count: 90, seed: 6, prefix: 'C', options: { window: { start: utc('2025-04-01'), days: 300 }, direct: 0.1 } });
}, 60_000);

/** A row's figures in a report, as their words. */
const rowTexts = (document: ReportDocument, tableId: string, header: RegExp | string) =>
  document.sections.flatMap((part) => part.tables).find((t) => t.id === tableId)?.rows.find((r) => (typeof header === 'string' ? r.header === header : header.test(r.header)))?.cells.map((cell) => cell.map((line) => ('figure' in line ? line.figure.text : '')).join(''));

describe("the statistics page's headline figures", () => {
  test.each([
    ['2026-03-31', '04-01', { from: '2025-04-01', to: '2026-03-31' }],
    ['2026-04-01', '04-01', { from: '2026-04-01', to: '2027-03-31' }],
    ['2026-02-15', '01-01', { from: '2026-01-01', to: '2026-12-31' }],
    ['2026-08-31', '09-01', { from: '2025-09-01', to: '2026-08-31' }],
  ])('on %s, with the year starting %s, the reporting year is %j', (day, starts, year) => {
    expect(reportingYear(day, starts)).toEqual(year);
  });

  test("the Housing Ombudsman's Code: the year's tenant satisfaction measures, as the tsm report gives them", () => {
    const reporting = { code: 'housing-ombudsman-code', homes: 2400, yearStarts: '04-01' } as const;
    const headline = headlineIndicators({ entries: landlord, procedure: procedure('northfield-homes'), model: procedure('housing-ombudsman-code'), reporting, asOf: AS_OF });
    expect(headline.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    const tsm = buildReport('tsm', { entries: landlord, procedure: procedure('northfield-homes'), model: procedure('housing-ombudsman-code'), organisation: 'Northfield Homes', period: headline.period, asOf: AS_OF, homes: 2400 }, '');
    expect(headline.rows.map((row) => [row.label, row.figure.text])).toEqual([
      ['Stage 1 complaints received', rowTexts(tsm, 'ch01', /^CH01 \(1\)/)?.[0]],
      ['Stage 1 complaints per 1,000 homes', rowTexts(tsm, 'ch01', /^CH01 \(1\)/)?.[2]],
      ["Stage 1 complaints responded to within the Code's timescale", rowTexts(tsm, 'ch02', /^CH02 \(1\)/)?.[2]],
      ['Stage 2 complaints received', rowTexts(tsm, 'ch01', /^CH01 \(2\)/)?.[0]],
      ['Stage 2 complaints per 1,000 homes', rowTexts(tsm, 'ch01', /^CH01 \(2\)/)?.[2]],
      ["Stage 2 complaints responded to within the Code's timescale", rowTexts(tsm, 'ch02', /^CH02 \(2\)/)?.[2]],
    ]);
    expect(headline.rows[0]?.figure).toMatchObject({ shown: true, value: 120 });
    expect(headline.definitions.map((definition) => definition.id)).toEqual(['stage-reached', 'ch01', 'ch02']);
  });

  test('the SPSO model: complaints received and the share closed within 5 and 20 working days', () => {
    const headline = headlineIndicators({ entries: council, procedure: procedure('glen-council'), model: procedure('spso-model'), reporting: { code: 'spso-model', yearStarts: '04-01' }, asOf: AS_OF });
    expect(headline.rows.map((row) => row.label)).toEqual(['Complaints received', 'Stage 1: closed within 5 working days', 'Stage 2: closed within 20 working days']);
    expect(headline.rows[0]?.figure).toMatchObject({ shown: true, value: 90, text: '90' });
    const spso = buildReport('spso-indicators', { entries: council, procedure: procedure('glen-council'), model: procedure('spso-model'), organisation: 'Glen Council', period: headline.period, asOf: AS_OF }, '');
    expect(headline.rows[2]?.figure.text).toBe(rowTexts(spso, 'closed', 'Stage 2: share closed within 20 working days')?.[4]);
  });

  test('held back below 5, as everywhere', () => {
    const few = landlord.slice(0, 4);
    const headline = headlineIndicators({ entries: few, procedure: procedure('northfield-homes'), model: procedure('housing-ombudsman-code'), reporting: { code: 'housing-ombudsman-code', homes: 500, yearStarts: '04-01' }, asOf: AS_OF });
    for (const row of headline.rows) expect(row.figure.shown, row.label).toBe(false);
    expect(headline.rows.map((row) => row.figure.text)).toEqual(['fewer than 5', 'not published', 'not published: too few to show safely', 'fewer than 5', 'not published', expect.stringMatching(/^(not published: too few to show safely|none responded to)$/)]);
  });

  test('a year with no complaints yet', () => {
    const headline = headlineIndicators({ entries: [], procedure: procedure('glen-council'), model: procedure('spso-model'), reporting: { code: 'spso-model', yearStarts: '04-01' }, asOf: Date.parse('2026-04-02T09:00:00Z') });
    expect(headline.period).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(headline.rows.map((row) => row.figure.text)).toEqual(['fewer than 5', 'none closed', 'none closed']);
  });
});
