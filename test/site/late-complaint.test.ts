import { describe, expect, test } from 'vitest';
import { earliestIncidentInTime, isLateComplaint } from '../../scripts/core/complaint/late-complaint.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { seedProcedure } from '../support/procedures.ts';

const ceccc = seedProcedure('ceccc');
const opp = seedProcedure('op-performance');
const cms = seedProcedure('cms-vocational');

describe('ceccc: complain within 3 calendar months of the incident', () => {
  const receivedAt = Date.parse('2026-12-23T10:00:00Z');
  test.each([
    ['2026-09-23', false, 'three months to the day: 23 December is the last day'],
    ['2026-09-22', true, 'a day more'],
    ['2026-12-23', false, 'today'],
    ['2017-06-01', true, 'before the calendar’s first year: late for any limit'],
  ])('incident on %s: late is %s (%s)', (incidentDate, late) => {
    expect(isLateComplaint({ procedure: ceccc, calendar: calendarFor(ceccc), receivedAt, incidentDate })).toBe(late);
  });

  test('the earliest incident still in time is found by asking the engine', () => {
    expect(earliestIncidentInTime({ procedure: ceccc, calendar: calendarFor(ceccc), receivedAt })).toBe('2026-09-23');
  });
});

test('op-performance online (formal stage): 10 working days, across Christmas', () => {
  // An incident on Wednesday 16 December: the 10 working days after it are 17, 18, 21, 22, 23, 24, 29, 30 and
  // 31 December and 4 January (25 and 28 December and 1 January are bank holidays), so a complaint received on
  // Monday 4 January 2027 is in time; one about 15 December is a day late.
  const receivedAt = Date.parse('2027-01-04T10:00:00Z');
  expect(earliestIncidentInTime({ procedure: opp, calendar: calendarFor(opp), receivedAt })).toBe('2026-12-16');
  expect(isLateComplaint({ procedure: opp, calendar: calendarFor(opp), receivedAt, incidentDate: '2026-12-15' })).toBe(true);
});

test('a procedure with no time limit for complaining never makes a complaint late', () => {
  const receivedAt = Date.parse('2026-12-23T10:00:00Z');
  expect(earliestIncidentInTime({ procedure: cms, calendar: calendarFor(cms), receivedAt })).toBeUndefined();
  expect(isLateComplaint({ procedure: cms, calendar: calendarFor(cms), receivedAt, incidentDate: '2019-01-01' })).toBe(false);
});
