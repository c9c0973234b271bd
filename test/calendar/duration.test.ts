import { describe, expect, test } from 'vitest';
import {
  computeDue, computeDueFromDay, createWorkingCalendar, DEFAULT_COUNTING_RULES, formatDuration, formatInstant, fromDayNumber, parseDuration,
  parseInstant, toDayNumber, workingDaysLate, type CountingRules, type Duration, type Nation,
} from '../../scripts/core/calendar/index.ts';

describe('parseDuration', () => {
  test.each<[string, Duration]>([
    ['5 working days', { amount: 5, unit: 'working-days' }],
    ['1 working day', { amount: 1, unit: 'working-days' }],
    ['10 calendar days', { amount: 10, unit: 'calendar-days' }],
    ['1 calendar day', { amount: 1, unit: 'calendar-days' }],
    ['48 hours', { amount: 48, unit: 'hours' }],
    ['1 hour', { amount: 1, unit: 'hours' }],
    ['12 weeks', { amount: 12, unit: 'weeks' }],
    ['1 week', { amount: 1, unit: 'weeks' }],
    ['1 calendar month', { amount: 1, unit: 'months' }],
    ['3 months', { amount: 3, unit: 'months' }], // "calendar" is optional for months: there is no other kind
    ['1 month', { amount: 1, unit: 'months' }],
    ['  20  Working   Days ', { amount: 20, unit: 'working-days' }], // spacing and capitals do not matter
  ])('%j is %o', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  test.each([
    ['5 days', '"days" is ambiguous; write "5 working days" or "5 calendar days"'], // must say whether weekends count
    ['1 day', '"day" is ambiguous; write "1 working days" or "1 calendar days"'],
    ['0 working days', 'must be a whole number, 1 or more'], // zero is not a deadline
    ['-3 working days', 'must be a whole number, 1 or more'], // negative
    ['2.5 hours', 'must be a whole number, 1 or more'], // not an integer
    ['five working days', 'must be a whole number, 1 or more'], // digits only
    ['5 business days', 'unknown unit "business days"'], // not one of ours
    ['5 working-days', 'unknown unit "working-days"'], // the internal unit name is not English
    ['5', 'expected an amount followed by a unit'],
    ['', 'expected an amount followed by a unit'],
  ])('refuses %j: %s', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(`Invalid duration ${JSON.stringify(text)}`);
    expect(() => parseDuration(text)).toThrow(reason);
    expect(() => parseDuration(text)).toThrow('Accepted forms: "5 working days", "1 working day", "10 calendar days", "48 hours", "12 weeks", "3 months" or "1 calendar month".');
  });
});

describe('formatDuration', () => {
  test.each<[Duration, string]>([
    [{ amount: 5, unit: 'working-days' }, '5 working days'],
    [{ amount: 1, unit: 'working-days' }, '1 working day'],
    [{ amount: 48, unit: 'hours' }, '48 hours'],
    [{ amount: 1, unit: 'hours' }, '1 hour'],
    [{ amount: 1, unit: 'months' }, '1 calendar month'],
    [{ amount: 3, unit: 'months' }, '3 calendar months'],
    [{ amount: 12, unit: 'weeks' }, '12 weeks'],
    [{ amount: 10, unit: 'calendar-days' }, '10 calendar days'],
  ])('%o is %j, and reads back', (duration, text) => {
    expect(formatDuration(duration)).toBe(text);
    expect(parseDuration(text)).toEqual(duration);
  });
});

const calendars = {
  'england-and-wales': createWorkingCalendar({ nation: 'england-and-wales' }),
  scotland: createWorkingCalendar({ nation: 'scotland' }),
  'northern-ireland': createWorkingCalendar({ nation: 'northern-ireland' }),
} satisfies Record<Nation, unknown>;

function due(from: string, duration: string, options: { nation?: Nation; rules?: Partial<CountingRules> } = {}): string {
  const result = computeDue({
    from: parseInstant(from),
    duration: parseDuration(duration),
    calendar: calendars[options.nation ?? 'england-and-wales'],
    rules: { ...DEFAULT_COUNTING_RULES, ...options.rules },
  });
  expect(toDayNumber(formatInstant(result.dueInstant).slice(0, 10)) === result.dueDay).toBe(true);
  return formatInstant(result.dueInstant);
}

describe('computeDue', () => {
  test('default rules: 17:00 cut-off, the day of receipt is not counted, a non-working day of receipt is day zero', () => {
    expect(DEFAULT_COUNTING_RULES).toEqual({ cutOffMinutes: 17 * 60, countStartDay: false, nonWorkingDayReceipt: 'next-working-day-is-day-one' });
  });

  test.each<[string, string, string]>([
    // Working days
    ['2026-03-16T10:00', '5 working days', '2026-03-23T23:59:59+00:00'], // Monday receipt, due next Monday; GMT
    ['2026-12-23T16:59', '5 working days', '2027-01-04T23:59:59+00:00'], // receipt 16:59: before the cut-off, Wednesday counts as received
    ['2026-12-23T17:00', '5 working days', '2027-01-05T23:59:59+00:00'], // receipt at 17:00 exactly is after the cut-off: deemed Thursday
    ['2026-12-23T17:01', '5 working days', '2027-01-05T23:59:59+00:00'], // receipt 17:01: deemed received Thursday 24 December
    ['2026-03-15T10:00', '5 working days', '2026-03-20T23:59:59+00:00'], // receipt Sunday: Monday 16 March is day one, Friday day five
    ['2026-03-14T23:59', '1 working day', '2026-03-16T23:59:59+00:00'], // receipt late Saturday: Monday is day one
    ['2026-04-03T09:00', '1 working day', '2026-04-07T23:59:59+01:00'], // receipt Good Friday: Easter Monday too is a holiday, Tuesday 7 April is day one
    ['2026-03-13T17:00', '5 working days', '2026-03-20T23:59:59+00:00'], // Friday at 17:00 counts as Saturday's: no later than a Saturday receipt
    ['2026-04-02T17:30', '1 working day', '2026-04-07T23:59:59+01:00'], // Maundy Thursday after the cut-off counts as Good Friday's
    ['2026-12-01T10:00', '20 working days', '2026-12-31T23:59:59+00:00'], // 20 working days across Christmas
    ['2026-03-23T10:00', '5 working days', '2026-03-30T23:59:59+01:00'], // due the day after the clocks go forward: ends 23:59:59 BST
    ['2026-10-19T10:00', '5 working days', '2026-10-26T23:59:59+00:00'], // due the day after the clocks go back: ends 23:59:59 GMT
    ['2026-03-27T16:59:00Z', '1 working day', '2026-03-30T23:59:59+01:00'], // an instant given in UTC works the same
    // Calendar days and weeks: weekends and holidays are not skipped
    ['2026-12-23T10:00', '10 calendar days', '2027-01-02T23:59:59+00:00'], // due on a Saturday: it stays there
    ['2026-12-23T17:30', '10 calendar days', '2027-01-03T23:59:59+00:00'], // after the cut-off: count from 24 December
    ['2026-03-16T10:00', '8 weeks', '2026-05-11T23:59:59+01:00'], // Monday + 8 weeks is a Monday (and May bank holiday weeks are not skipped)
    ['2026-03-21T10:00', '1 week', '2026-03-28T23:59:59+00:00'], // Saturday receipt: a week later is a Saturday
    // Months: clamped to the end of a shorter month
    ['2026-01-31T10:00', '1 calendar month', '2026-02-28T23:59:59+00:00'], // 31 January + 1 month
    ['2028-01-31T10:00', '1 calendar month', '2028-02-29T23:59:59+00:00'], // ... in a leap year
    ['2026-01-30T18:00', '1 calendar month', '2026-02-28T23:59:59+00:00'], // after the cut-off: from 31 January
    ['2026-11-30T10:00', '3 months', '2027-02-28T23:59:59+00:00'], // across the year end
    ['2026-04-15T10:00', '1 month', '2026-05-15T23:59:59+01:00'], // an ordinary month, in BST
    // Hours: exact elapsed time, across clock changes
    ['2026-03-28T12:00', '48 hours', '2026-03-30T13:00:00+01:00'], // spring forward: noon GMT + 48 h is 13:00 BST
    ['2026-03-29T00:30', '48 hours', '2026-03-31T01:30:00+01:00'], // from 00:30 on the day the clocks go forward
    ['2026-10-24T12:00', '48 hours', '2026-10-26T11:00:00+00:00'], // fall back: noon BST + 48 h is 11:00 GMT
    ['2026-12-24T16:00', '24 hours', '2026-12-25T16:00:00+00:00'], // hours ignore holidays
    ['2026-12-24T18:00', '1 hour', '2026-12-24T19:00:00+00:00'], // ... and the cut-off
  ])('received %s, %s: due %s', (from, duration, expected) => {
    expect(due(from, duration)).toBe(expected);
  });

  test.each<[string, string, Nation, string]>([
    ['2025-12-31T10:00', '1 working day', 'england-and-wales', '2026-01-02T23:59:59+00:00'], // England works on 2 January
    ['2025-12-31T10:00', '1 working day', 'scotland', '2026-01-05T23:59:59+00:00'], // Scotland has 2 January
    ['2026-03-16T10:00', '1 working day', 'northern-ireland', '2026-03-18T23:59:59+00:00'], // NI has St Patrick's Day 17 March
    ['2026-07-10T10:00', '1 working day', 'northern-ireland', '2026-07-14T23:59:59+01:00'], // NI: 12 July a Sunday, substitute Monday 13 July
    ['2022-09-16T10:00', '1 working day', 'scotland', '2022-09-20T23:59:59+01:00'], // the 2022 state funeral
    ['2023-05-05T10:00', '1 working day', 'england-and-wales', '2023-05-09T23:59:59+01:00'], // the 2023 coronation
    ['2021-12-24T10:00', '1 working day', 'england-and-wales', '2021-12-29T23:59:59+00:00'], // 2021 substitute days 27 and 28 December
    ['2021-12-31T10:00', '1 working day', 'scotland', '2022-01-05T23:59:59+00:00'], // Scotland 2022 substitutes 3 and 4 January
  ])('received %s, %s in %s: due %s', (from, duration, nation, expected) => {
    expect(due(from, duration, { nation })).toBe(expected);
  });

  test.each<[string, string, Partial<CountingRules>, string]>([
    ['2026-03-16T10:00', '5 working days', { countStartDay: true }, '2026-03-20T23:59:59+00:00'], // Monday is day 1: due Friday
    ['2026-03-16T10:00', '1 working day', { countStartDay: true }, '2026-03-16T23:59:59+00:00'], // day 1 is the day of receipt
    ['2026-03-15T10:00', '5 working days', { countStartDay: true }, '2026-03-20T23:59:59+00:00'], // Sunday receipt: Monday is day 1
    ['2026-03-16T10:00', '10 calendar days', { countStartDay: true }, '2026-03-25T23:59:59+00:00'], // calendar days count the start day too
    ['2026-03-16T10:00', '2 weeks', { countStartDay: true }, '2026-03-30T23:59:59+01:00'], // weeks do not: two weeks on is a Monday
    ['2026-03-16T15:30', '1 working day', { cutOffMinutes: 15 * 60 }, '2026-03-18T23:59:59+00:00'], // a 15:00 cut-off
    ['2026-03-16T23:59', '1 working day', { cutOffMinutes: 24 * 60 }, '2026-03-17T23:59:59+00:00'], // no cut-off at all
    // The other reading of a receipt on a non-working day: it counts as made on the next working day
    ['2026-03-14T10:00', '5 working days', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-23T23:59:59+00:00'], // Saturday: deemed Monday, due Monday after
    ['2026-03-15T10:00', '1 working day', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-17T23:59:59+00:00'], // Sunday: deemed Monday, due Tuesday
    ['2026-04-03T09:00', '1 working day', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-04-08T23:59:59+01:00'], // Good Friday: deemed Tuesday 7 April
    ['2026-03-13T17:00', '5 working days', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-23T23:59:59+00:00'], // Friday after the cut-off: deemed Monday
    ['2026-03-16T10:00', '5 working days', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-23T23:59:59+00:00'], // a working day receipt: no difference
    ['2026-03-14T10:00', '10 calendar days', { nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-24T23:59:59+00:00'], // calendar days: no difference
    ['2026-03-14T10:00', '5 working days', { countStartDay: true, nonWorkingDayReceipt: 'received-next-working-day' }, '2026-03-20T23:59:59+00:00'], // both readings agree when day one is counted
  ])('received %s, %s with %o: due %s', (from, duration, rules, expected) => {
    expect(due(from, duration, { rules })).toBe(expected);
  });

  test('refuses a duration amount that is not a whole number of at least 1', () => {
    const calendar = calendars['england-and-wales'];
    expect(() => computeDue({ from: parseInstant('2026-03-16T10:00'), duration: { amount: 0, unit: 'hours' }, calendar })).toThrow(RangeError);
    expect(() => computeDue({ from: parseInstant('2026-03-16T10:00'), duration: { amount: 1.5, unit: 'weeks' }, calendar })).toThrow(RangeError);
  });

  test('working days outside the covered years throw a RangeError naming them', () => {
    const calendar = calendars['england-and-wales'];
    expect(() => computeDue({ from: parseInstant('2036-03-16T10:00'), duration: parseDuration('5 working days'), calendar }))
      .toThrow(/covers the years 2018 to 2035/);
  });

  test('dueDay is the London date of dueInstant', () => {
    const result = computeDue({ from: parseInstant('2026-06-30T23:30'), duration: parseDuration('1 hour'), calendar: calendars.scotland });
    expect(fromDayNumber(result.dueDay)).toBe('2026-07-01'); // 00:30 BST on 1 July, though still 30 June in UTC
  });
});

describe('computeDueFromDay: counting from a day a letter is deemed received', () => {
  const calendar = calendars['england-and-wales'];
  const fromDay = (day: string, duration: string, rules: Partial<CountingRules> = {}) =>
    fromDayNumber(computeDueFromDay({ day: toDayNumber(day), duration: parseDuration(duration), calendar, rules: { ...DEFAULT_COUNTING_RULES, ...rules } }).dueDay);

  test.each([
    ['2026-11-30', '5 working days', '2026-12-07'], // received Monday: Tuesday is day one
    ['2026-12-23', '5 working days', '2027-01-04'], // over Christmas and New Year
    ['2026-11-30', '1 calendar month', '2026-12-30'],
    ['2026-11-30', '12 weeks', '2027-02-22'],
    ['2026-11-30', '10 calendar days', '2026-12-10'],
  ])('received %s, %s: due %s', (day, duration, expected) => {
    expect(fromDay(day, duration)).toBe(expected);
  });

  test('no cut-off applies to a day, and hours are refused: they count from an instant', () => {
    expect(() => fromDay('2026-11-30', '48 hours')).toThrow('A time limit in hours counts from an instant, not from a day.');
    expect(() => fromDay('2026-11-30', '0 working days')).toThrow('Invalid duration');
  });
});

describe('workingDaysLate', () => {
  const calendar = calendars['england-and-wales'];
  test.each([
    ['2026-12-24', '2026-12-24T23:30', 0], // met on the due day
    ['2026-12-24', '2026-12-20T10:00', 0], // met early
    ['2026-12-24', '2026-12-25T10:00', 0], // met on Christmas Day: late, but no working day was lost
    ['2026-12-24', '2026-12-29T10:00', 1], // Tuesday 29 December is the first working day after
    ['2026-12-24', '2027-01-05T10:00', 5], // 29, 30, 31 December, 4 and 5 January
    ['2026-03-27', '2026-03-28T00:30', 0], // Friday due, met 00:30 Saturday
    ['2026-06-30', '2026-06-30T23:30:00Z', 1], // 23:30 UTC on 30 June is 00:30 BST on 1 July: a day late
  ])('due %s, met %s: %i working day(s) late', (dueDate, met, expected) => {
    expect(workingDaysLate({ dueDay: toDayNumber(dueDate), metInstant: parseInstant(met), calendar })).toBe(expected);
  });
});
