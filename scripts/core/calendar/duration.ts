/**
 * Response times as procedures write them ("5 working days", "8 weeks") and the due dates they give.
 *
 * Procedures are written by people, so durations are parsed from plain English and printed back
 * the same way. The day of receipt is not counted; anything received at or after the cut-off time
 * counts as received the next day; a deadline ends at 23:59:59 London time on its due day. A
 * receipt on a day that is not a working day is, by default, dated that day, so the first working
 * day after it is day one (the Information Commissioner's reading of working-day limits); a
 * procedure may instead treat it as received on the next working day (see `NonWorkingDayReceipt`).
 */
import { addCalendarMonths, type DayNumber } from './day-number.ts';
import { endOfLocalDay, toLocal } from './london-time.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export type DurationUnit = 'working-days' | 'calendar-days' | 'hours' | 'weeks' | 'months';

export interface Duration {
  /** A whole number, 1 or more. */
  amount: number;
  unit: DurationUnit;
}

/**
 * How a count of working days starts when the day of receipt is not a working day (a Saturday, a bank holiday):
 * - `next-working-day-is-day-one`: that day is the date of receipt, so the next working day is day one. Received on
 *   a Saturday, 5 working days end on the Friday. This gives the organisation no day the procedure does not.
 * - `received-next-working-day`: the receipt counts as made on the next working day, which is then not counted.
 *   Received on a Saturday, 5 working days end on the Monday after next.
 */
export const NON_WORKING_DAY_RECEIPT = ['next-working-day-is-day-one', 'received-next-working-day'] as const;
export type NonWorkingDayReceipt = (typeof NON_WORKING_DAY_RECEIPT)[number];

export interface CountingRules {
  /** Minutes after local midnight from which a receipt counts as the next day's (17:00 = 1020). */
  cutOffMinutes: number;
  /**
   * Whether the (deemed) day of receipt is day 1 of a count of working days or calendar days.
   * Weeks, months and hours are measured from the receipt, so this does not change them.
   */
  countStartDay: boolean;
  /** How a count of working days starts from a receipt on a day that is not a working day (default: day one is the next working day). */
  nonWorkingDayReceipt?: NonWorkingDayReceipt;
}

export const DEFAULT_COUNTING_RULES: Readonly<CountingRules> = Object.freeze({
  cutOffMinutes: 17 * 60,
  countStartDay: false,
  nonWorkingDayReceipt: 'next-working-day-is-day-one',
});

export interface DueDate {
  /** The last moment the deadline is met: 23:59:59 London time on `dueDay`, or exactly n hours on. */
  dueInstant: number;
  /** The London local date the deadline falls on. */
  dueDay: DayNumber;
}

const HOUR_MS = 3_600_000;

const UNIT_NAMES: Readonly<Record<string, DurationUnit>> = {
  'working day': 'working-days',
  'working days': 'working-days',
  'calendar day': 'calendar-days',
  'calendar days': 'calendar-days',
  hour: 'hours',
  hours: 'hours',
  week: 'weeks',
  weeks: 'weeks',
  month: 'months',
  months: 'months',
  'calendar month': 'months',
  'calendar months': 'months',
};

const ACCEPTED_FORMS = '"5 working days", "1 working day", "10 calendar days", "48 hours", "12 weeks", "3 months" or "1 calendar month"';

function invalidDuration(text: unknown, problem: string): Error {
  return new Error(`Invalid duration ${JSON.stringify(text)}: ${problem}. Accepted forms: ${ACCEPTED_FORMS}.`);
}

/**
 * Reads a duration written in plain English. Bare "days" is refused: a procedure must say whether
 * weekends and bank holidays count. The error names the text and lists the accepted forms.
 *
 * @example
 * parseDuration('5 working days');   // => { amount: 5, unit: 'working-days' }
 * parseDuration('1 calendar month'); // => { amount: 1, unit: 'months' }
 * parseDuration('48 Hours');         // => { amount: 48, unit: 'hours' }
 * parseDuration('10 days');          // throws Error: Invalid duration "10 days": "days" is ambiguous; write "10 working days" or "10 calendar days" ...
 */
export function parseDuration(text: string): Duration {
  if (typeof text !== 'string') throw invalidDuration(text, 'expected text');
  const normalised = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const match = /^(\S+) (.+)$/.exec(normalised);
  if (!match) throw invalidDuration(text, 'expected an amount followed by a unit');
  const [, amountText = '', unitText = ''] = match;
  const amount = Number(amountText);
  if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(amount) || amount < 1) {
    throw invalidDuration(text, `the amount ${JSON.stringify(amountText)} must be a whole number, 1 or more`);
  }
  const unit = UNIT_NAMES[unitText];
  if (unit === undefined) {
    if (unitText === 'day' || unitText === 'days') {
      throw invalidDuration(text, `"${unitText}" is ambiguous; write "${amountText} working days" or "${amountText} calendar days"`);
    }
    throw invalidDuration(text, `unknown unit ${JSON.stringify(unitText)}`);
  }
  return { amount, unit };
}

const UNIT_WORDS: Readonly<Record<DurationUnit, readonly [singular: string, plural: string]>> = {
  'working-days': ['working day', 'working days'],
  'calendar-days': ['calendar day', 'calendar days'],
  hours: ['hour', 'hours'],
  weeks: ['week', 'weeks'],
  months: ['calendar month', 'calendar months'],
};

/**
 * A duration in plain English, in a form `parseDuration` reads back.
 *
 * @example
 * formatDuration({ amount: 5, unit: 'working-days' }); // => '5 working days'
 * formatDuration({ amount: 1, unit: 'working-days' }); // => '1 working day'
 * formatDuration({ amount: 1, unit: 'months' });       // => '1 calendar month'
 * formatDuration({ amount: 48, unit: 'hours' });       // => '48 hours'
 */
export function formatDuration(duration: Duration): string {
  const words = UNIT_WORDS[duration.unit];
  if (words === undefined) throw new Error(`Unknown duration unit ${JSON.stringify(duration.unit)}.`);
  return `${duration.amount} ${duration.amount === 1 ? words[0] : words[1]}`;
}

/**
 * When a response is due. A receipt at or after the cut-off counts as made the next day. Working days
 * are counted from that day of receipt, which is not itself counted: when it is not a working day the
 * next working day is day one, or (with `received-next-working-day`) the receipt counts as made on the
 * next working day and the count starts after it. Calendar days, weeks and months run from the day of
 * receipt and do not skip weekends or holidays; hours are elapsed time, so 48 hours across a clock
 * change is still 48, and ignore the cut-off.
 *
 * @example
 * const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
 * const due = computeDue({ from: parseInstant('2026-12-23T16:59'), duration: parseDuration('5 working days'), calendar });
 * fromDayNumber(due.dueDay);     // => '2027-01-04' (24, 29, 30, 31 December and 4 January; 25 and 28 December and 1 January are holidays)
 * formatInstant(due.dueInstant); // => '2027-01-04T23:59:59+00:00'
 *
 * computeDue({ from: parseInstant('2026-03-14T10:00'), duration: parseDuration('5 working days'), calendar }).dueDay;
 * // => toDayNumber('2026-03-20') (received Saturday: Monday 16 March is day one)
 *
 * computeDue({ from: parseInstant('2026-03-28T12:00'), duration: parseDuration('48 hours'), calendar }).dueInstant;
 * // => parseInstant('2026-03-30T13:00') (noon GMT + 48 h is 13:00 BST)
 */
export function computeDue(request: {
  from: number;
  duration: Duration;
  calendar: WorkingCalendar;
  rules?: Readonly<CountingRules>;
}): DueDate {
  const { from, duration, calendar, rules = DEFAULT_COUNTING_RULES } = request;
  checkAmount(duration.amount);
  if (duration.unit === 'hours') {
    const dueInstant = from + duration.amount * HOUR_MS;
    return { dueInstant, dueDay: toLocal(dueInstant).day };
  }
  const received = toLocal(from);
  return dueFromDay(received.minutes >= rules.cutOffMinutes ? received.day + 1 : received.day, duration, calendar, rules);
}

/**
 * When a response is due, counted from a day of receipt rather than an instant: the day a letter is deemed to
 * reach the complainant, which no cut-off moves. Limits in hours have no meaning here and are refused.
 *
 * @example
 * computeDueFromDay({ day: toDayNumber('2026-11-30'), duration: parseDuration('5 working days'), calendar }).dueDay
 * // => toDayNumber('2026-12-07') (Tuesday 1 December is day one)
 */
export function computeDueFromDay(request: {
  day: DayNumber;
  duration: Duration;
  calendar: WorkingCalendar;
  rules?: Readonly<CountingRules>;
}): DueDate {
  checkAmount(request.duration.amount);
  return dueFromDay(request.day, request.duration, request.calendar, request.rules ?? DEFAULT_COUNTING_RULES);
}

/** computeDueFromDay without its argument object: computeDue calls it for every time limit it counts. */
function dueFromDay(day: DayNumber, { amount, unit }: Duration, calendar: WorkingCalendar, rules: Readonly<CountingRules>): DueDate {
  let dueDay: DayNumber;
  switch (unit) {
    case 'working-days': {
      if (rules.countStartDay) dueDay = calendar.addWorkingDays(calendar.workingDayOnOrAfter(day), amount - 1);
      else if (rules.nonWorkingDayReceipt === 'received-next-working-day') dueDay = calendar.addWorkingDays(calendar.workingDayOnOrAfter(day), amount);
      else dueDay = calendar.addWorkingDays(day, amount);
      break;
    }
    case 'calendar-days':
      dueDay = day + (rules.countStartDay ? amount - 1 : amount);
      break;
    case 'weeks':
      dueDay = day + 7 * amount;
      break;
    case 'months':
      dueDay = addCalendarMonths(day, amount);
      break;
    case 'hours':
      throw new RangeError('A time limit in hours counts from an instant, not from a day.');
    default:
      throw new Error(`Unknown duration unit ${JSON.stringify(unit)}.`);
  }
  return { dueInstant: endOfLocalDay(dueDay), dueDay };
}

function checkAmount(amount: number): void {
  if (!(amount >= 1 && Number.isSafeInteger(amount))) {
    throw new RangeError(`Invalid duration amount ${String(amount)}: expected a whole number, 1 or more.`);
  }
}

/**
 * How many working days late a response was: 0 when it was met on or before the due day (London
 * time), else the working days after the due day up to and including the day it was met.
 *
 * @example
 * workingDaysLate({ dueDay: toDayNumber('2026-12-24'), metInstant: parseInstant('2026-12-29T10:00'), calendar }); // => 1 (25 and 28 December are holidays)
 * workingDaysLate({ dueDay: toDayNumber('2026-12-24'), metInstant: parseInstant('2026-12-24T23:30'), calendar }); // => 0
 */
export function workingDaysLate(request: { dueDay: DayNumber; metInstant: number; calendar: WorkingCalendar }): number {
  const { dueDay, metInstant, calendar } = request;
  const metDay = toLocal(metInstant).day;
  return metDay <= dueDay ? 0 : calendar.workingDaysBetween(dueDay, metDay);
}
