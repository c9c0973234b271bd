import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  endOfLocalDay, formatInstant, fromDayNumber, fromLocal, parseInstant, TIME_ZONE, toDayNumber, toLocal,
} from '../../scripts/core/calendar/index.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const utc = (iso: string): number => Date.parse(iso);
/** A local reading as text, so failures read as clock times. */
const local = (instant: number): string => {
  const { day, minutes } = toLocal(instant);
  return `${fromDayNumber(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

test('the zone is Europe/London', () => {
  expect(TIME_ZONE).toBe('Europe/London');
});

describe('toLocal', () => {
  test.each([
    ['2026-01-15T12:00:00Z', '2026-01-15 12:00'], // winter: GMT, local = UTC
    ['2026-03-29T00:59:59Z', '2026-03-29 00:59'], // the last minute of GMT before the clocks go forward
    ['2026-03-29T01:00:00Z', '2026-03-29 02:00'], // 01:00 GMT becomes 02:00 BST
    ['2026-06-30T23:30:00Z', '2026-07-01 00:30'], // summer: the local date is a day ahead of UTC late at night
    ['2026-10-25T00:59:59Z', '2026-10-25 01:59'], // the last minute of BST, the first time 01:xx is shown
    ['2026-10-25T01:00:00Z', '2026-10-25 01:00'], // the clocks go back: 01:xx is shown again, now GMT
    ['2026-12-31T23:59:59.999Z', '2026-12-31 23:59'], // minutes round down, milliseconds never round up
    ['1999-12-31T23:00:00Z', '1999-12-31 23:00'], // before the precomputed table: asks @date-fns/tz
    ['2041-07-01T12:00:00Z', '2041-07-01 13:00'], // after the table: BST still applies
  ])('%s is %s in London', (instant, expected) => {
    expect(local(utc(instant))).toBe(expected);
  });

  test('agrees with @date-fns/tz at random instants from 1990 to 2060', () => {
    fc.assert(fc.property(fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2060-01-01T00:00:00Z') }), (instant) => {
      const localMs = instant + tzOffset('Europe/London', new Date(instant)) * MINUTE_MS;
      const day = Math.floor(localMs / DAY_MS);
      expect(toLocal(instant)).toEqual({ day, minutes: Math.floor((localMs - day * DAY_MS) / MINUTE_MS) });
    }), { numRuns: 20_000 });
  });

  test('finds every clock change from 2000 to 2040 to the second', () => {
    for (let year = 2000; year <= 2040; year += 1) {
      // UK rule since 1996: the last Sundays of March and October, at 01:00 UTC.
      for (const month of [3, 10]) {
        const lastDay = new Date(Date.UTC(year, month, 0));
        const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
        const change = Date.UTC(year, month - 1, sunday, 1);
        const before = month === 3 ? '00:59' : '01:59';
        const after = month === 3 ? '02:00' : '01:00';
        const date = fromDayNumber(Math.floor(change / DAY_MS));
        expect(local(change - 1000)).toBe(`${date} ${before}`);
        expect(local(change)).toBe(`${date} ${after}`);
      }
    }
  });

  test('refuses instants before 1900 and non-numbers', () => {
    expect(() => toLocal(utc('1899-12-31T23:59:59Z'))).toThrow(RangeError);
    expect(() => toLocal(Number.NaN)).toThrow(RangeError);
  });
});

describe('fromLocal', () => {
  test.each([
    ['2026-12-23', 16 * 60 + 59, '2026-12-23T16:59:00+00:00'], // winter, GMT
    ['2026-07-01', 9 * 60, '2026-07-01T09:00:00+01:00'], // summer, BST
    ['2026-03-29', 59, '2026-03-29T00:59:00+00:00'], // just before the spring gap
    ['2026-03-29', 60, '2026-03-29T02:00:00+01:00'], // 01:00 does not exist: the instant just after the gap
    ['2026-03-29', 90, '2026-03-29T02:30:00+01:00'], // 01:30 in the gap is treated as 02:30 BST
    ['2026-03-29', 120, '2026-03-29T02:00:00+01:00'], // 02:00 BST exists (same instant as "01:00")
    ['2026-10-25', 59, '2026-10-25T00:59:00+01:00'], // before the autumn overlap
    ['2026-10-25', 60, '2026-10-25T01:00:00+01:00'], // 01:00 happens twice: the earlier, BST one
    ['2026-10-25', 90, '2026-10-25T01:30:00+01:00'], // 01:30 likewise
    ['2026-10-25', 120, '2026-10-25T02:00:00+00:00'], // 02:00 only once, GMT
  ])('%s at minute %i is %s', (date, minutes, expected) => {
    expect(formatInstant(fromLocal(toDayNumber(date), minutes))).toBe(expected);
  });

  test('round trip: fromLocal(toLocal(x)) is x to the minute, except in the repeated autumn hour where it is the earlier instant', () => {
    fc.assert(fc.property(fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2060-01-01T00:00:00Z') }), (instant) => {
      const { day, minutes } = toLocal(instant);
      const back = fromLocal(day, minutes);
      const toTheMinute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
      const repeated = back !== toTheMinute && back === toTheMinute - 60 * MINUTE_MS;
      expect(back === toTheMinute || repeated).toBe(true);
      expect(toLocal(back)).toEqual({ day, minutes });
    }), { numRuns: 20_000 });
  });

  test('every local reading maps to an instant showing that reading, or an hour later inside the spring gap', () => {
    fc.assert(fc.property(
      fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2060-12-31') }),
      fc.integer({ min: 0, max: 1439 }),
      (day, minutes) => {
        const shown = toLocal(fromLocal(day, minutes));
        expect([minutes, minutes + 60]).toContain(shown.minutes);
        expect(shown.day).toBe(day);
      },
    ), { numRuns: 20_000 });
  });

  test.each([-1, 1440, 12.5])('refuses %d minutes since midnight', (minutes) => {
    expect(() => fromLocal(toDayNumber('2026-01-01'), minutes)).toThrow(RangeError);
  });
});

describe('endOfLocalDay', () => {
  test.each([
    ['2026-12-24', '2026-12-24T23:59:59+00:00'], // winter
    ['2026-03-28', '2026-03-28T23:59:59+00:00'], // the day before the clocks go forward, still GMT
    ['2026-03-29', '2026-03-29T23:59:59+01:00'], // the day they go forward ends in BST
    ['2026-10-24', '2026-10-24T23:59:59+01:00'], // the day before they go back, still BST
    ['2026-10-25', '2026-10-25T23:59:59+00:00'], // the day they go back ends in GMT
  ])('%s ends at %s', (date, expected) => {
    expect(formatInstant(endOfLocalDay(toDayNumber(date)))).toBe(expected);
  });

  test('the 23-hour and 25-hour days really are 23 and 25 hours long', () => {
    const hoursLong = (date: string): number => (endOfLocalDay(toDayNumber(date)) - endOfLocalDay(toDayNumber(date) - 1)) / 3_600_000;
    expect(hoursLong('2026-03-29')).toBe(23);
    expect(hoursLong('2026-10-25')).toBe(25);
    expect(hoursLong('2026-06-01')).toBe(24);
  });
});

describe('formatInstant', () => {
  test.each([
    ['2026-03-29T22:59:59Z', '2026-03-29T23:59:59+01:00'], // BST, with its offset
    ['2026-12-25T12:00:00.999Z', '2026-12-25T12:00:00+00:00'], // GMT is +00:00, never Z; milliseconds dropped
    ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00+01:00'], // first 01:30 of the autumn overlap
    ['2026-10-25T01:30:00Z', '2026-10-25T01:30:00+00:00'], // second 01:30: the offset tells them apart
    ['1969-12-31T23:59:59.500Z', '1970-01-01T00:59:59+01:00'], // British Standard Time, +1 all year 1968–1971
  ])('%s is written %s', (instant, expected) => {
    expect(formatInstant(utc(instant))).toBe(expected);
  });

  test('parseInstant reads back what formatInstant writes, to the second', () => {
    fc.assert(fc.property(fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2060-01-01T00:00:00Z') }), (instant) => {
      expect(parseInstant(formatInstant(instant))).toBe(Math.floor(instant / 1000) * 1000);
    }), { numRuns: 5_000 });
  });
});

describe('parseInstant', () => {
  test.each([
    ['2026-12-23T16:59', '2026-12-23T16:59:00Z'], // bare local time in winter is GMT
    ['2026-07-01T09:00', '2026-07-01T08:00:00Z'], // bare local time in summer is BST
    ['2026-07-01T09:00:30', '2026-07-01T08:00:30Z'], // with seconds
    ['2026-03-29T01:30', '2026-03-29T01:30:00Z'], // inside the spring gap: 02:30 BST
    ['2026-10-25T01:30', '2026-10-25T00:30:00Z'], // in the autumn overlap: the earlier, BST, instant
    ['2026-12-23T16:59:00Z', '2026-12-23T16:59:00Z'], // Z is UTC
    ['2026-12-23T16:59:00+00:00', '2026-12-23T16:59:00Z'], // explicit zero offset
    ['2026-07-01T09:00:00+01:00', '2026-07-01T08:00:00Z'], // explicit BST offset
    ['2026-07-01T09:00:00.250+01:00', '2026-07-01T08:00:00.250Z'], // milliseconds kept
    ['2026-07-01T09:00:00.123456789Z', '2026-07-01T09:00:00.123Z'], // extra precision truncated
    ['2026-07-01T04:00-05:00', '2026-07-01T09:00:00Z'], // any offset, without seconds
    ['2026-07-01T14:30:00+0530', '2026-07-01T09:00:00Z'], // basic-format offset
    ['2026-07-01T11:00:00+02', '2026-07-01T09:00:00Z'], // hours-only offset
  ])('%s is %s', (text, expected) => {
    expect(parseInstant(text)).toBe(utc(expected));
  });

  test.each([
    ['2026-12-23', 'a time is required'], // a date alone is not an instant
    ['2026-02-30T10:00:00Z', '2026-02-30 is not a date that exists'], // impossible date
    ['2026-12-23T24:00', 'out of range'], // no hour 24
    ['2026-12-23T16:60', 'out of range'], // no minute 60
    ['2026-12-23T16:59:60Z', 'out of range'], // no leap seconds
    ['2026-12-23T16:59:00+24:00', 'offset is out of range'], // impossible offset
    ['2026-12-23 16:59', 'not an ISO 8601 date-time'], // a space instead of T
    ['23/12/2026 16:59', 'not an ISO 8601 date-time'], // UK-style writing
    ['2026-12-23T16:59:00 Europe/London', 'not an ISO 8601 date-time'], // zone names are not offsets
    ['', 'not an ISO 8601 date-time'], // empty
  ])('refuses %j (%s) with an Error naming the value', (text, reason) => {
    expect(() => parseInstant(text)).toThrow(`Invalid date-time ${JSON.stringify(text)}`);
    expect(() => parseInstant(text)).toThrow(reason);
  });

  test('refuses a value that is not text', () => {
    expect(() => parseInstant(1_790_000_000_000 as unknown as string)).toThrow('not a string');
  });
});
