import { dayOfWeek, fromDayNumber, toDayNumber, type DayNumber } from '../calendar/day-number.ts';
import { formatInstant, fromLocal, toLocal } from '../calendar/london-time.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * A date the way GOV.UK writes it, with the weekday: people plan around weekdays.
 * Written out here rather than with Intl so that server, browser and tests agree to the letter.
 *
 * @example
 * formatDayLong(toDayNumber('2027-01-04')) //=> 'Monday 4 January 2027'
 */
export function formatDayLong(day: DayNumber): string {
  const [year, month, date] = fromDayNumber(day).split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[dayOfWeek(day)]} ${date} ${MONTHS[month - 1]} ${year}`;
}

/**
 * A date short enough for a table column, with the weekday: "Mon 7 Dec 2026".
 *
 * @example
 * formatDayShort(toDayNumber('2026-12-07')) //=> 'Mon 7 Dec 2026'
 */
export function formatDayShort(day: DayNumber): string {
  let words = SHORT_DAYS.get(day);
  if (words === undefined) {
    const [year, month, date] = fromDayNumber(day).split('-').map(Number) as [number, number, number];
    words = `${(WEEKDAYS[dayOfWeek(day)] ?? '').slice(0, 3)} ${date} ${(MONTHS[month - 1] ?? '').slice(0, 3)} ${year}`;
    // A report of 100,000 cases names a few thousand days, each many times; a bound keeps odd input from growing it.
    if (SHORT_DAYS.size >= 20_000) SHORT_DAYS.clear();
    SHORT_DAYS.set(day, words);
  }
  return words;
}

const SHORT_DAYS = new Map<DayNumber, string>();

/**
 * An instant in UK local time, in words: "Tuesday 1 December 2026 at 3:05pm".
 *
 * @example
 * formatInstantLong(Date.parse('2026-07-01T14:05:00Z')) //=> 'Wednesday 1 July 2026 at 3:05pm'
 */
export function formatInstantLong(instant: number): string {
  const { day, minutes } = toLocal(instant);
  const hours = Math.floor(minutes / 60);
  const clock = `${hours % 12 === 0 ? 12 : hours % 12}:${String(minutes % 60).padStart(2, '0')}${hours < 12 ? 'am' : 'pm'}`;
  return `${formatDayLong(day)} at ${clock}`;
}

/**
 * The instant formatInstantLong wrote, read back (to the minute, in UK local time), or undefined for any other text:
 * for records that hold only the words, such as a message's record on its case.
 *
 * @example
 * parseInstantLong('Wednesday 1 July 2026 at 3:05pm') //=> Date.parse('2026-07-01T14:05:00Z')
 * parseInstantLong('1 July 2026') //=> undefined
 */
export function parseInstantLong(text: string): number | undefined {
  const match = /^(\w+) (\d{1,2}) (\w+) (\d{4}) at (\d{1,2}):(\d{2})(am|pm)$/.exec(text.trim());
  if (!match) return undefined;
  const [, weekday, date = '', monthName = '', year = '', hourText = '', minuteText = '', half] = match;
  const month = MONTHS.indexOf(monthName as (typeof MONTHS)[number]) + 1;
  const hour12 = Number(hourText);
  const minute = Number(minuteText);
  if (month === 0 || hour12 < 1 || hour12 > 12 || minute > 59) return undefined;
  try {
    const day = toDayNumber(`${year}-${String(month).padStart(2, '0')}-${date.padStart(2, '0')}`);
    if (WEEKDAYS[dayOfWeek(day)] !== weekday) return undefined;
    return fromLocal(day, ((hour12 % 12) + (half === 'pm' ? 12 : 0)) * 60 + minute);
  } catch {
    return undefined; // Not a date that exists, or outside the years the calendar supports.
  }
}

/** The ISO form with the UK offset, re-exported so callers format instants from one place. */
export { formatInstant };

/**
 * A date with its weekday and without the year, for lists about the days around now: "Wednesday 9 December".
 *
 * @example
 * formatDayWithoutYear(toDayNumber('2026-12-09')) //=> 'Wednesday 9 December'
 */
export function formatDayWithoutYear(day: DayNumber): string {
  return formatDayLong(day).replace(/ \d{4}$/, '');
}
