/**
 * Local calendar dates as integers.
 *
 * Deadline arithmetic happens on whole days, so a date is held as its "day number" (days since
 * 1970-01-01) rather than as a `Date`: adding, comparing and indexing tables become integer
 * operations, and no host time zone can move a date by a day. The conversions use Howard
 * Hinnant's civil-calendar algorithms (proleptic Gregorian), which are exact for every year.
 */

/** Days since 1970-01-01 for a local calendar date (negative before 1970). */
export type DayNumber = number;

/** A calendar date written `YYYY-MM-DD`, with no time and no time zone. */
export type LocalDate = string;

/** Days from 0000-03-01 to 1970-01-01: the civil algorithms count eras from a 1 March epoch. */
const EPOCH_SHIFT = 719_468;
const DAYS_PER_ERA = 146_097;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIRST_SUPPORTED: DayNumber = -719_528; // 0000-01-01: the format has four year digits
const LAST_SUPPORTED: DayNumber = 2_932_896; // 9999-12-31

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function dayNumberOf(year: number, month: number, day: number): DayNumber {
  // Counting years from March puts the leap day last, so month lengths follow a fixed pattern.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

interface CivilDate { year: number; month: number; day: number }

function civilOf(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function assertDayNumber(dayNumber: DayNumber): void {
  if (!Number.isInteger(dayNumber) || dayNumber < FIRST_SUPPORTED || dayNumber > LAST_SUPPORTED) {
    throw new RangeError(`Invalid day number ${String(dayNumber)}: expected an integer for a date in the years 0000 to 9999.`);
  }
}

/**
 * Whether `value` is a date written strictly as `YYYY-MM-DD` that exists in the calendar.
 *
 * @example
 * isLocalDate('2028-02-29'); // => true (2028 is a leap year)
 * isLocalDate('2026-02-29'); // => false
 * isLocalDate('2026-1-5');   // => false (two-digit month and day are required)
 */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/**
 * The day number of a local date; throws an Error naming the value when it is not a real `YYYY-MM-DD` date.
 *
 * @example
 * toDayNumber('1970-01-01'); // => 0
 * toDayNumber('2026-01-31'); // => 20484
 * toDayNumber('2026-02-30'); // throws Error: Invalid local date "2026-02-30" ...
 */
export function toDayNumber(date: LocalDate): DayNumber {
  if (!isLocalDate(date)) {
    throw new Error(`Invalid local date ${JSON.stringify(date)}: expected a date that exists, written YYYY-MM-DD (for example 2026-01-31).`);
  }
  return dayNumberOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * The `YYYY-MM-DD` local date of a day number.
 *
 * @example
 * fromDayNumber(20484); // => '2026-01-31'
 * fromDayNumber(-1);    // => '1969-12-31'
 */
export function fromDayNumber(dayNumber: DayNumber): LocalDate {
  assertDayNumber(dayNumber);
  const { year, month, day } = civilOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * Day of the week, 0 = Sunday to 6 = Saturday (the numbering of `Date#getDay`).
 *
 * @example
 * dayOfWeek(toDayNumber('2026-12-25')); // => 5 (Friday)
 * dayOfWeek(0);                         // => 4 (1 January 1970 was a Thursday)
 */
export function dayOfWeek(dayNumber: DayNumber): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * The same day of the month `months` months later (or earlier, when negative), clamped to the
 * last day of a shorter month, as date-fns `addMonths` does: a month after 31 January is the end
 * of February, not 3 March.
 *
 * @example
 * fromDayNumber(addCalendarMonths(toDayNumber('2026-01-31'), 1)); // => '2026-02-28'
 * fromDayNumber(addCalendarMonths(toDayNumber('2028-01-31'), 1)); // => '2028-02-29'
 * fromDayNumber(addCalendarMonths(toDayNumber('2026-03-31'), -1)); // => '2026-02-28'
 * fromDayNumber(addCalendarMonths(toDayNumber('2026-11-15'), 3)); // => '2027-02-15'
 */
export function addCalendarMonths(dayNumber: DayNumber, months: number): DayNumber {
  assertDayNumber(dayNumber);
  if (!Number.isInteger(months)) throw new RangeError(`Invalid number of months ${String(months)}: expected an integer.`);
  const { year, month, day } = civilOf(dayNumber);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  const result = dayNumberOf(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
  assertDayNumber(result);
  return result;
}
