/**
 * The period a report covers: complaints received from one UK date to another, both included, as `npx redress
 * audit --from --to` selects them. Regulators ask for a year (the Housing Ombudsman and the Regulator of Social
 * Housing for the landlord's reporting year) and for its quarters (the SPSO), and for the year before alongside.
 */
import { addCalendarMonths, fromDayNumber, isLocalDate, toDayNumber } from '../calendar/day-number.ts';

export interface ReportPeriod {
  /** The first UK date included, YYYY-MM-DD. */
  from: string;
  /** The last UK date included, YYYY-MM-DD. */
  to: string;
}

/** How a period is written on the command line. */
export const PERIOD_FORM = '<from>..<to>, each YYYY-MM-DD, e.g. 2025-04-01..2026-03-31';

/**
 * A period written `<from>..<to>`; a problem in words naming what is wrong when it is not one.
 *
 * @example
 * parsePeriod('2025-04-01..2026-03-31') //=> { period: { from: '2025-04-01', to: '2026-03-31' } }
 * parsePeriod('2025-04-01..2025-02-30') //=> { problem: '"2025-02-30" is not a date that exists: …' }
 */
export function parsePeriod(text: string): { period: ReportPeriod; problem?: undefined } | { period?: undefined; problem: string } {
  const parts = text.split('..');
  if (parts.length !== 2) return { problem: `"${text}" is not a period: write it as ${PERIOD_FORM}.` };
  const [from = '', to = ''] = parts.map((part) => part.trim());
  for (const date of [from, to]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { problem: `"${date}" in "${text}" is not a date: write the period as ${PERIOD_FORM}.` };
    if (!isLocalDate(date)) return { problem: `"${date}" in "${text}" is not a date that exists.` };
  }
  if (from > to) return { problem: `the period "${text}" ends before it begins.` };
  return { period: { from, to } };
}

/**
 * The same dates a year earlier, for the year-on-year comparison; 29 February becomes 28 February.
 *
 * @example
 * yearBefore({ from: '2025-04-01', to: '2026-03-31' }) //=> { from: '2024-04-01', to: '2025-03-31' }
 */
export function yearBefore(period: ReportPeriod): ReportPeriod {
  const back = (date: string) => fromDayNumber(addCalendarMonths(toDayNumber(date), -12));
  return { from: back(period.from), to: back(period.to) };
}

/**
 * The period's quarters: three calendar months each, starting on the period's first day (a reporting year that
 * starts on 1 April has April to June first); the last ends with the period, however short.
 *
 * @example
 * quartersOf({ from: '2025-04-01', to: '2026-03-31' }).map((q) => `${q.from}..${q.to}`)
 * //=> ['2025-04-01..2025-06-30', '2025-07-01..2025-09-30', '2025-10-01..2025-12-31', '2026-01-01..2026-03-31']
 */
export function quartersOf(period: ReportPeriod): ReportPeriod[] {
  const quarters: ReportPeriod[] = [];
  const start = toDayNumber(period.from);
  const end = toDayNumber(period.to);
  for (let n = 0; ; n += 1) {
    const first = addCalendarMonths(start, 3 * n);
    if (first > end) break;
    const last = Math.min(addCalendarMonths(start, 3 * (n + 1)) - 1, end);
    quarters.push({ from: fromDayNumber(first), to: fromDayNumber(last) });
  }
  return quarters;
}

/** Whether a UK date falls in a period. */
export function inPeriod(date: string, period: ReportPeriod): boolean {
  return date >= period.from && date <= period.to;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A period in words, as a reader expects it.
 *
 * @example
 * periodWords({ from: '2025-04-01', to: '2026-03-31' }) //=> '1 April 2025 to 31 March 2026'
 */
export function periodWords(period: ReportPeriod): string {
  return `${dateWords(period.from)} to ${dateWords(period.to)}`;
}

/**
 * @example
 * dateWords('2026-03-31') //=> '31 March 2026'
 */
export function dateWords(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
