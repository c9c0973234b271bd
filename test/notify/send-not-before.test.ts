import { describe, expect, test } from 'vitest';
import { formatInstant } from '../../scripts/core/calendar/london-time.ts';
import { createWorkingCalendar } from '../../scripts/core/calendar/working-calendar.ts';
import { sendNotBefore } from '../../scripts/core/notify/send-not-before.ts';

const england = createWorkingCalendar({ nation: 'england-and-wales' });
const scotland = createWorkingCalendar({ nation: 'scotland' });
const hours = { start: 9 * 60, end: 17 * 60 };
const at = (calendar: typeof england, iso: string) => formatInstant(sendNotBefore({ calendar, hours, at: Date.parse(iso) }));

describe('sendNotBefore: notices wait for the next working-hours start', () => {
  test.each([
    ['2026-12-02T10:30:00Z', '2026-12-02T10:30:00+00:00'], // Wednesday mid-morning: at once
    ['2026-12-02T09:00:00Z', '2026-12-02T09:00:00+00:00'], // the first minute of working hours
    ['2026-12-02T16:59:00Z', '2026-12-02T16:59:00+00:00'], // the last minute
    ['2026-12-02T17:00:00Z', '2026-12-03T09:00:00+00:00'], // 17:00 is after hours: Thursday morning
    ['2026-12-02T06:15:00Z', '2026-12-02T09:00:00+00:00'], // early on a working day: that morning at 09:00
    ['2026-12-04T18:30:00Z', '2026-12-07T09:00:00+00:00'], // Friday evening: Monday morning
    ['2026-12-05T12:00:00Z', '2026-12-07T09:00:00+00:00'], // Saturday
    ['2026-12-06T23:59:00Z', '2026-12-07T09:00:00+00:00'], // Sunday night
    ['2026-12-24T17:30:00Z', '2026-12-29T09:00:00+00:00'], // Christmas Eve evening: Christmas, Boxing Day (substitute Monday 28) skipped
    ['2026-12-28T10:00:00Z', '2026-12-29T09:00:00+00:00'], // Monday 28 December 2026 is the Boxing Day bank holiday
    ['2026-05-31T23:30:00Z', '2026-06-01T09:00:00+01:00'], // 00:30 BST on Monday 1 June: 09:00 BST that day
    ['2027-03-26T16:30:00Z', '2027-03-30T09:00:00+01:00'], // Good Friday 2027 (GMT) to Tuesday after Easter Monday (BST)
  ])('England and Wales, %s → %s', (when, expected) => {
    expect(at(england, when)).toBe(expected);
  });

  test('the nation’s own calendar: 2 January is a bank holiday in Scotland only', () => {
    // Friday 1 January 2027 is New Year's Day everywhere; Monday 4 January is the Scottish 2 January substitute.
    expect(at(england, '2027-01-01T11:00:00Z')).toBe('2027-01-04T09:00:00+00:00');
    expect(at(scotland, '2027-01-01T11:00:00Z')).toBe('2027-01-05T09:00:00+00:00');
  });

  test('a procedure’s own working hours', () => {
    expect(formatInstant(sendNotBefore({ calendar: england, hours: { start: 8 * 60 + 30, end: 16 * 60 }, at: Date.parse('2026-12-02T16:10:00Z') }))).toBe('2026-12-03T08:30:00+00:00');
  });
});
