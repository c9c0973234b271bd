import { TZDate } from '@date-fns/tz';
import { addMonths } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addCalendarMonths, dayOfWeek, fromDayNumber, isLocalDate, toDayNumber } from '../../scripts/core/calendar/index.ts';

const DAY_MS = 86_400_000;

describe('toDayNumber and fromDayNumber', () => {
  test.each([
    ['1970-01-01', 0], // the epoch
    ['1969-12-31', -1], // before the epoch is negative
    ['2026-01-31', 20_484], // the example in the brief
    ['2000-02-29', 11_016], // 2000 is a leap year (divisible by 400)
    ['2018-01-01', 17_532], // first day the working calendar covers
    ['2035-12-31', 24_105], // last day the working calendar covers
    ['0000-01-01', -719_528], // smallest four-digit year
    ['9999-12-31', 2_932_896], // largest four-digit year
  ])('%s is day %i', (date, dayNumber) => {
    expect(toDayNumber(date)).toBe(dayNumber);
    expect(fromDayNumber(dayNumber)).toBe(date);
  });

  test('agrees with the UTC calendar of Date for every day of years 0000 to 9999 sampled at random', () => {
    fc.assert(fc.property(fc.integer({ min: -719_528, max: 2_932_896 }), (day) => {
      const expected = new Date(day * DAY_MS).toISOString().slice(0, 10);
      expect(fromDayNumber(day)).toBe(expected);
      expect(toDayNumber(expected)).toBe(day);
    }), { numRuns: 5_000 });
  });

  test.each([
    '2026-02-29', // 2026 is not a leap year
    '2100-02-29', // a century that is not a leap year
    '2026-04-31', // April has 30 days
    '2026-13-01', // no 13th month
    '2026-00-10', // no month 0
    '2026-01-00', // no day 0
    '2026-1-5', // month and day need two digits
    '26-01-05', // the year needs four digits
    '2026-01-05T10:00', // a date-time is not a date
    ' 2026-01-05', // no surrounding spaces
    '', // empty
  ])('rejects %j with an Error naming it', (bad) => {
    expect(isLocalDate(bad)).toBe(false);
    expect(() => toDayNumber(bad)).toThrow(`Invalid local date ${JSON.stringify(bad)}`);
  });

  test('isLocalDate refuses values that are not strings', () => {
    expect(isLocalDate(20_484)).toBe(false);
    expect(isLocalDate(undefined)).toBe(false);
    expect(isLocalDate(new Date(0))).toBe(false);
  });

  test.each([1.5, Number.NaN, -719_529, 2_932_897])('fromDayNumber(%d) throws a RangeError', (bad) => {
    expect(() => fromDayNumber(bad)).toThrow(RangeError);
  });
});

describe('dayOfWeek', () => {
  test.each([
    ['1970-01-01', 4], // a Thursday
    ['1969-12-28', 0], // a Sunday before the epoch: the remainder must not go negative
    ['2026-12-25', 5], // Christmas Day 2026 is a Friday
    ['2026-12-26', 6], // so Boxing Day is a Saturday
    ['2026-03-29', 0], // the clocks go forward on a Sunday
  ])('%s is weekday %i (0 = Sunday)', (date, weekday) => {
    expect(dayOfWeek(toDayNumber(date))).toBe(weekday);
  });
});

describe('addCalendarMonths', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'], // 31 January + 1 month: clamped to the end of February
    ['2028-01-31', 1, '2028-02-29'], // ... which has 29 days in a leap year
    ['2026-01-30', 1, '2026-02-28'], // 30 January clamps too
    ['2026-03-31', 1, '2026-04-30'], // April has 30 days
    ['2026-01-15', 1, '2026-02-15'], // an ordinary month keeps its day
    ['2026-11-30', 3, '2027-02-28'], // across the year end
    ['2026-03-31', -1, '2026-02-28'], // backwards clamps the same way
    ['2026-01-15', -1, '2025-12-15'], // backwards across the year end
    ['2026-05-20', 0, '2026-05-20'], // zero months changes nothing
    ['2026-02-28', 12, '2027-02-28'], // a year on
  ])('%s + %i month(s) is %s', (from, months, expected) => {
    expect(fromDayNumber(addCalendarMonths(toDayNumber(from), months))).toBe(expected);
  });

  test('matches date-fns addMonths on random dates', () => {
    fc.assert(fc.property(fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2100-12-31') }), fc.integer({ min: -240, max: 240 }), (day, months) => {
      const [year, month, date] = fromDayNumber(day).split('-').map(Number) as [number, number, number];
      const expected = addMonths(new TZDate(year, month - 1, date, 'UTC'), months).toISOString().slice(0, 10);
      expect(fromDayNumber(addCalendarMonths(day, months))).toBe(expected);
    }), { numRuns: 2_000 });
  });

  test('refuses a fractional number of months', () => {
    expect(() => addCalendarMonths(toDayNumber('2026-01-31'), 1.5)).toThrow(RangeError);
  });
});
