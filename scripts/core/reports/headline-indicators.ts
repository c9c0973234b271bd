/**
 * The current reporting year's headline figures for the statistics page, under the code the organisation reports
 * against (redress.yaml `reports.code`): for the Housing Ombudsman's Code, the tenant satisfaction measures' stage 1
 * and stage 2 complaints (per 1,000 homes where the number of homes is given) and the share responded to within the
 * Code's timescales; for the SPSO model, complaints received and the share closed within 5 and 20 working days.
 * Counted and held back exactly as the reports count them (below 5, or where one could be worked out).
 */
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import { fromDayNumber, toDayNumber, addCalendarMonths } from '../calendar/day-number.ts';
import { localDate } from '../audit/case-audit.ts';
import type { Reporting } from '../organisation/organisation-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { clockOf, reportBasis, stagePairedWith } from './report-basis.ts';
import type { Definition, ReportFigure } from './report-document.ts';
import { definitionsFor } from './report-definitions.ts';
import { ReportFigures } from './report-figures.ts';
import type { ReportPeriod } from './report-period.ts';

export interface HeadlineIndicators {
  code: Reporting['code'];
  /** The reporting year so far: from its first day to its last (complaints after today do not exist yet). */
  period: ReportPeriod;
  rows: { label: string; figure: ReportFigure }[];
  /** What each figure means, and where from. */
  definitions: Definition[];
}

/**
 * The reporting year a day falls in, from its first day (MM-DD).
 *
 * @example
 * reportingYear('2026-03-31', '04-01') //=> { from: '2025-04-01', to: '2026-03-31' }
 * reportingYear('2026-04-01', '04-01') //=> { from: '2026-04-01', to: '2027-03-31' }
 */
export function reportingYear(day: string, yearStarts: string): ReportPeriod {
  const year = Number(day.slice(0, 4));
  const start = `${day.slice(5) >= yearStarts ? year : year - 1}-${yearStarts}`;
  return { from: start, to: fromDayNumber(addCalendarMonths(toDayNumber(start), 12) - 1) };
}

/**
 * @example
 * headlineIndicators({ entries, procedure, model, reporting: { code: 'spso-model', yearStarts: '04-01' }, asOf }).rows[0]
 * //=> { label: 'Complaints received', figure: { value: 120, text: '120', … } }
 */
export function headlineIndicators(request: { entries: readonly LedgerEntry[]; procedure: Procedure; model: Procedure; reporting: Reporting; asOf: number }): HeadlineIndicators {
  const { reporting } = request;
  const period = reportingYear(localDate(new Date(request.asOf).toISOString()) ?? '', reporting.yearStarts);
  const spso = reporting.code === 'spso-model';
  const basis = reportBasis({ entries: request.entries, procedure: request.procedure, model: request.model, organisation: '', period, asOf: request.asOf }, { limits: spso });
  const figures = new ReportFigures(basis.shape, 'year');
  figures.addCohort('year', period, basis.cohort(period));
  const rows: HeadlineIndicators['rows'] = [];
  if (spso) {
    rows.push({ label: 'Complaints received', figure: figures.count('year', 'received', 'spso-received') });
    for (const [code, words] of [['frontline', 'Stage 1'], ['investigation', 'Stage 2']] as const) {
      const stage = stagePairedWith(basis, code);
      const limit = stage && basis.shape.limits.get(stage.id);
      if (!stage || limit === undefined) continue;
      const s = (what: string) => `stage:${stage.id}:${what}`;
      rows.push({ label: `${words}: closed within ${limit} working days`, figure: figures.share('year', { part: s('within'), whole: s('answered'), rest: s('beyond') }, 'spso-within', 'none closed') });
    }
  } else {
    for (const [code, words] of [['stage-1', 'Stage 1'], ['stage-2', 'Stage 2']] as const) {
      const stage = stagePairedWith(basis, code);
      if (!stage) continue;
      const reached = `stage:${stage.id}:reached`;
      rows.push({ label: `${words} complaints received`, figure: figures.count('year', reached, 'stage-reached') });
      if (reporting.homes !== undefined) rows.push({ label: `${words} complaints per 1,000 homes`, figure: figures.rate('year', reached, reporting.homes, 'ch01') });
      const clock = clockOf(stage, 'respond');
      if (clock) rows.push({ label: `${words} complaints responded to within the Code's timescale`, figure: figures.share('year', { part: `clock:${clock}:on-time`, whole: `clock:${clock}:answered`, rest: `clock:${clock}:late` }, 'ch02', 'none responded to') });
    }
  }
  figures.resolve();
  return { code: reporting.code, period, rows, definitions: definitionsFor(rows.map((row) => row.figure.definition)) };
}
