// Property-based tests: the O(1) table lookups must agree with counting one day at a time.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createWorkingCalendar, NATIONS, toDayNumber, type Nation, type WorkingCalendar } from '../../scripts/core/calendar/index.ts';
import bankHolidays from '../../scripts/core/calendar/uk-bank-holidays.json' with { type: 'json' };

const DAY_MS = 86_400_000;
const FIRST = toDayNumber('2018-01-01');
const LAST = toDayNumber('2035-12-31');
/** Leaves room for 200 working days (under 300 calendar days) after any start day. */
const START_MAX = LAST - 400;

/**
 * A slow, obviously correct calendar: weekdays from `Date`, holidays straight from the JSON,
 * and every answer found by walking one day at a time. Shares no code with the real one.
 */
function referenceCalendar(nation: Nation, closures: readonly string[]) {
  const closed = new Set([...bankHolidays.nations[nation].map((holiday) => holiday.date), ...closures]);
  const isWorkingDay = (day: number): boolean => {
    const date = new Date(day * DAY_MS);
    const weekday = date.getUTCDay();
    return weekday !== 0 && weekday !== 6 && !closed.has(date.toISOString().slice(0, 10));
  };
  return {
    isWorkingDay,
    addWorkingDays(day: number, n: number): number {
      let current = day;
      if (n === 0) {
        while (!isWorkingDay(current)) current += 1;
        return current;
      }
      for (let left = n; left > 0;) {
        current += 1;
        if (isWorkingDay(current)) left -= 1;
      }
      return current;
    },
    subtractWorkingDays(day: number, n: number): number {
      let current = day;
      if (n === 0) {
        while (!isWorkingDay(current)) current -= 1;
        return current;
      }
      for (let left = n; left > 0;) {
        current -= 1;
        if (isWorkingDay(current)) left -= 1;
      }
      return current;
    },
    workingDaysBetween(a: number, b: number): number {
      let count = 0;
      for (let day = Math.min(a, b) + 1; day <= Math.max(a, b); day += 1) if (isWorkingDay(day)) count += 1;
      return b >= a ? count : 0 - count; // never -0
    },
  };
}

const nation = fc.constantFrom(...NATIONS);
const day = fc.integer({ min: FIRST + 400, max: START_MAX });
const count = fc.integer({ min: 0, max: 200 });
const closureDates = fc.uniqueArray(fc.integer({ min: FIRST, max: LAST }), { maxLength: 12 })
  .map((days) => days.map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10)));

const baseCalendars = Object.fromEntries(NATIONS.map((n) => [n, createWorkingCalendar({ nation: n })])) as Record<Nation, WorkingCalendar>;
const workingDayIn = (calendar: WorkingCalendar, d: number): number => calendar.workingDayOnOrAfter(d);

describe('working calendar properties', () => {
  test('addWorkingDays always lands on a working day', () => {
    fc.assert(fc.property(nation, day, count, (n, d, k) => {
      const calendar = baseCalendars[n];
      expect(calendar.isWorkingDay(calendar.addWorkingDays(d, k))).toBe(true);
    }), { numRuns: 2_000 });
  });

  test('more working days never gives an earlier date, and a later start never does either', () => {
    fc.assert(fc.property(nation, day, count, count, fc.integer({ min: 0, max: 30 }), (n, d, a, b, shift) => {
      const calendar = baseCalendars[n];
      const [fewer, more] = a <= b ? [a, b] : [b, a];
      expect(calendar.addWorkingDays(d, fewer)).toBeLessThanOrEqual(calendar.addWorkingDays(d, more));
      expect(calendar.addWorkingDays(d, a)).toBeLessThanOrEqual(calendar.addWorkingDays(d + shift, a));
      if (fewer >= 1 && fewer < more) expect(calendar.addWorkingDays(d, fewer)).toBeLessThan(calendar.addWorkingDays(d, more));
    }), { numRuns: 2_000 });
  });

  test('addWorkingDays(addWorkingDays(d, a), b) is addWorkingDays(d, a + b) for a working day d', () => {
    fc.assert(fc.property(nation, day, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (n, start, a, b) => {
      const calendar = baseCalendars[n];
      const d = workingDayIn(calendar, start);
      expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(calendar.addWorkingDays(d, a + b));
    }), { numRuns: 2_000 });
  });

  test('workingDaysBetween(d, addWorkingDays(d, n)) is n for a working day d, and for any day when n >= 1', () => {
    fc.assert(fc.property(nation, day, count, (n, start, k) => {
      const calendar = baseCalendars[n];
      const d = workingDayIn(calendar, start);
      expect(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, k))).toBe(k);
      if (k >= 1) expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, k))).toBe(k);
      expect(calendar.workingDaysBetween(calendar.addWorkingDays(d, k), d)).toBe(0 - k);
    }), { numRuns: 2_000 });
  });

  test('subtractWorkingDays undoes addWorkingDays from a working day', () => {
    fc.assert(fc.property(nation, day, count, (n, start, k) => {
      const calendar = baseCalendars[n];
      const d = workingDayIn(calendar, start);
      expect(calendar.subtractWorkingDays(calendar.addWorkingDays(d, k), k)).toBe(d);
    }), { numRuns: 2_000 });
  });

  test('agrees with a day-by-day reference implementation, closures included', () => {
    fc.assert(fc.property(nation, closureDates, day, count, day, (n, closures, d, k, other) => {
      const calendar = createWorkingCalendar({ nation: n, closures: closures.map((date) => ({ date, reason: 'Closed' })) });
      const reference = referenceCalendar(n, closures);
      expect(calendar.isWorkingDay(d)).toBe(reference.isWorkingDay(d));
      expect(calendar.addWorkingDays(d, k)).toBe(reference.addWorkingDays(d, k));
      expect(calendar.subtractWorkingDays(d, k)).toBe(reference.subtractWorkingDays(d, k));
      expect(calendar.nextWorkingDay(d)).toBe(reference.addWorkingDays(d, 1));
      expect(calendar.workingDaysBetween(d, other)).toBe(reference.workingDaysBetween(d, other));
    }), { numRuns: 1_000 });
  });

  test('every day of the covered years matches the reference', () => {
    for (const n of NATIONS) {
      const calendar = baseCalendars[n];
      const reference = referenceCalendar(n, []);
      const mismatches: number[] = [];
      for (let d = FIRST; d <= LAST; d += 1) if (calendar.isWorkingDay(d) !== reference.isWorkingDay(d)) mismatches.push(d);
      expect(mismatches).toEqual([]);
      expect(calendar.workingDaysBetween(FIRST, LAST)).toBe(reference.workingDaysBetween(FIRST, LAST));
    }
  });
});
