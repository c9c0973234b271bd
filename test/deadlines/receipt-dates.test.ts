import { describe, expect, test } from 'vitest';
import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { formatInstant } from '../../scripts/core/calendar/london-time.ts';
import { datesOnReceipt } from '../../scripts/core/deadlines/dates-on-receipt.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { seedProcedure } from '../support/procedures.ts';

function dates(procedureId: string, received: string, channel = 'web') {
  const procedure = seedProcedure(procedureId);
  const result = datesOnReceipt({ procedure, calendar: calendarFor(procedure), channel, receivedAt: Date.parse(received) });
  return Object.fromEntries(result.dates.map((d) => [d.id, fromDayNumber(d.dueDay)]));
}

// England and Wales bank holidays used below:
// 2026: Thu 1 Jan, Fri 3 Apr (Good Friday), Mon 6 Apr (Easter Monday), Mon 4 May, Mon 25 May, Mon 31 Aug,
//       Fri 25 Dec, Mon 28 Dec (Boxing Day substitute: 26 Dec is a Saturday)
// 2027: Fri 1 Jan, Fri 26 Mar, Mon 29 Mar, …, Mon 27 Dec and Tue 28 Dec (both substitutes)
describe('ceccc: stage 1 dates from a web complaint', () => {
  test.each([
    // received (UTC)           acknowledge     respond        why
    ['2026-11-27T16:59:00Z', '2026-12-04', '2026-12-29', 'Friday 16:59 counts from Friday; Christmas skipped'],
    ['2026-11-27T17:01:00Z', '2026-12-04', '2026-12-29', 'Friday 17:01 is at or after the cut-off: counts as Saturday\'s, so Monday is day one'],
    ['2026-11-29T11:00:00Z', '2026-12-04', '2026-12-29', 'received on a Sunday: Monday is day one, no day gained'],
    ['2026-12-23T10:00:00Z', '2027-01-04', '2027-01-25', 'Christmas Day, Boxing Day substitute and New Year\'s Day skipped'],
    ['2026-04-02T09:00:00Z', '2026-04-13', '2026-05-05', 'Easter and the early May bank holiday skipped (10:00 BST)'],
    ['2026-03-25T10:00:00Z', '2026-04-01', '2026-04-24', 'across the clock change; Easter skipped'],
  ])('received %s: acknowledge by %s, respond by %s (%s)', (received, acknowledge, respond) => {
    expect(dates('ceccc', received)).toEqual({ 'stage-1.acknowledge': acknowledge, 'stage-1.respond': respond });
  });

  test('a day-based deadline is the end of the due day in UK time, with the offset in force', () => {
    const procedure = seedProcedure('ceccc');
    const summer = datesOnReceipt({ procedure, calendar: calendarFor(procedure), channel: 'web', receivedAt: Date.parse('2026-03-25T10:00:00Z') });
    expect(formatInstant(summer.dates[0]?.due ?? 0)).toBe('2026-04-01T23:59:59+01:00');
    const winter = datesOnReceipt({ procedure, calendar: calendarFor(procedure), channel: 'web', receivedAt: Date.parse('2026-12-23T10:00:00Z') });
    expect(formatInstant(winter.dates[0]?.due ?? 0)).toBe('2027-01-04T23:59:59+00:00');
  });
});

describe('op-performance: a written complaint is acknowledged within 48 hours', () => {
  test.each([
    // received                 due instant                    why
    ['2026-03-28T12:00:00Z', '2026-03-30T13:00:00+01:00', '48 elapsed hours across the spring clock change'],
    ['2026-10-24T12:00:00Z', '2026-10-26T12:00:00+00:00', '48 elapsed hours across the autumn clock change'],
    ['2026-12-24T16:00:00Z', '2026-12-26T16:00:00+00:00', 'elapsed hours ignore holidays and weekends'],
  ])('received %s: acknowledge by %s (%s)', (received, due) => {
    const procedure = seedProcedure('op-performance');
    const result = datesOnReceipt({ procedure, calendar: calendarFor(procedure), channel: 'web', receivedAt: Date.parse(received) });
    expect(result.stage).toBe('formal');
    expect(result.dates.map((d) => [d.id, formatInstant(d.due)])).toEqual([['formal.acknowledge', due]]);
    expect(result.later).toEqual([{ id: 'formal.target', label: expect.any(String), note: 'Starts when the complaint is acknowledged.' }]);
  });

  test('an informal complaint starts no clock', () => {
    expect(dates('op-performance', '2026-11-02T10:00:00Z', 'in-person')).toEqual({});
  });
});

describe('cms-vocational: respond within 10 working days', () => {
  test.each([
    ['2026-08-24T09:00:00Z', '2026-09-08', 'summer bank holiday Monday 31 August skipped'],
    ['2026-12-18T12:00:00Z', '2027-01-06', 'Christmas and New Year skipped'],
  ])('received %s: respond by %s (%s)', (received, respond) => {
    expect(dates('cms-vocational', received)).toEqual({ 'complaint.respond': respond });
  });
});

describe('cecops sets no time limit', () => {
  test('no dates, and no invented ones', () => {
    expect(dates('cecops', '2026-11-02T10:00:00Z')).toEqual({});
  });
});

describe('an unknown channel', () => {
  test('is refused with the channels the procedure has', () => {
    const procedure = seedProcedure('ceccc');
    expect(() => datesOnReceipt({ procedure, calendar: calendarFor(procedure), channel: 'fax', receivedAt: Date.parse('2026-11-02T10:00:00Z') })).toThrow(/Unknown channel "fax".*web, email\./);
  });
});
