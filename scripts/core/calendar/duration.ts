/**
 * Response times as procedures write them ("5 working days", "8 weeks") and the due dates they give.
 *
 * Procedures are written by people, so durations are parsed from plain English and printed back
 * the same way. Counting follows the usual UK complaints-handling conventions: anything received
 * after the cut-off time, or on a day that is not a working day, is treated as received on the
 * next working day, and a deadline ends at 23:59:59 London time on its due day.
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

export interface CountingRules {
  /** Minutes after local midnight from which a receipt counts as the next day's (17:00 = 1020). */
  cutOffMinutes: number;
  /**
   * Whether the (deemed) day of receipt is day 1 of a count of working days or calendar days.
   * Weeks, months and hours are measured from the receipt, so this does not change them.
   */
  countStartDay: boolean;
}

export const DEFAULT_COUNTING_RULES: Readonly<CountingRules> = Object.freeze({ cutOffMinutes: 17 * 60, countStartDay: false });

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
 * When a response is due. Working days start from the deemed day of receipt (the day itself if it
 * is a working day and the time is before the cut-off, else the next working day); calendar days,
 * weeks and months start from the day of receipt, or the next day after the cut-off, and do not
 * skip weekends or holidays; hours are elapsed time, so 48 hours across a clock change is still 48.
 *
 * @example
 * const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
 * const due = computeDue({ from: parseInstant('2026-12-23T16:59'), duration: parseDuration('5 working days'), calendar });
 * fromDayNumber(due.dueDay);     // => '2027-01-04' (24, 29, 30, 31 December and 4 January; 25 and 28 December and 1 January are holidays)
 * formatInstant(due.dueInstant); // => '2027-01-04T23:59:59+00:00'
 *
 * computeDue({ from: parseInstant('2026-03-28T12:00'), duration: parseDuration('48 hours'), calendar }).dueInstant;
 * // => parseInstant('2026-03-30T13:00') (noon GMT + 48 hours is 13:00 BST)
 */
export function computeDue(request: {
  from: number;
  duration: Duration;
  calendar: WorkingCalendar;
  rules?: Readonly<CountingRules>;
}): DueDate {
  const { from, duration: { amount, unit }, calendar, rules = DEFAULT_COUNTING_RULES } = request;
  if (!(amount >= 1 && Number.isSafeInteger(amount))) {
    throw new RangeError(`Invalid duration amount ${String(amount)}: expected a whole number, 1 or more.`);
  }
  if (unit === 'hours') {
    const dueInstant = from + amount * HOUR_MS;
    return { dueInstant, dueDay: toLocal(dueInstant).day };
  }
  const received = toLocal(from);
  const afterCutOff = received.minutes >= rules.cutOffMinutes;
  let dueDay: DayNumber;
  if (unit === 'working-days') {
    const deemed = !afterCutOff && calendar.isWorkingDay(received.day) ? received.day : calendar.nextWorkingDay(received.day);
    dueDay = calendar.addWorkingDays(deemed, rules.countStartDay ? amount - 1 : amount);
  } else {
    const start = afterCutOff ? received.day + 1 : received.day;
    if (unit === 'calendar-days') dueDay = start + (rules.countStartDay ? amount - 1 : amount);
    else if (unit === 'weeks') dueDay = start + 7 * amount;
    else if (unit === 'months') dueDay = addCalendarMonths(start, amount);
    else throw new Error(`Unknown duration unit ${JSON.stringify(unit)}.`);
  }
  return { dueInstant: endOfLocalDay(dueDay), dueDay };
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
