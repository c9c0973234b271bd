import { describe, expect, test } from 'vitest';
import { parsePeriod, periodWords, quartersOf, yearBefore } from '../../scripts/core/reports/report-period.ts';

describe('a report period, written <from>..<to>', () => {
  test.each([
    ['2025-04-01..2026-03-31', { from: '2025-04-01', to: '2026-03-31' }],
    ['2026-01-01..2026-01-01', { from: '2026-01-01', to: '2026-01-01' }],
    [' 2025-04-01 .. 2026-03-31 ', { from: '2025-04-01', to: '2026-03-31' }],
  ])('%s', (text, period) => {
    expect(parsePeriod(text)).toEqual({ period });
  });

  test.each([
    ['2025', /"2025" is not a period: write it as <from>\.\.<to>/],
    ['2025-04-01-2026-03-31', /is not a period/],
    ['2025-04-01..2026-03-31..2027-01-01', /is not a period/],
    ['01/04/2025..31/03/2026', /"01\/04\/2025" in "01\/04\/2025\.\.31\/03\/2026" is not a date/],
    ['2025-04-01..', /"" in "2025-04-01\.\." is not a date/],
    ['2025-02-29..2025-12-31', /"2025-02-29" in ".*" is not a date that exists/],
    ['2025-04-01..2025-13-01', /"2025-13-01" in ".*" is not a date that exists/],
    ['2026-04-01..2025-03-31', /ends before it begins/],
  ])('%s is refused, naming the problem', (text, problem) => {
    const parsed = parsePeriod(text);
    expect(parsed.period).toBeUndefined();
    expect(parsed.problem).toMatch(problem);
  });

  test('the year before: the same dates, 29 February becoming 28 February', () => {
    expect(yearBefore({ from: '2025-04-01', to: '2026-03-31' })).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    expect(yearBefore({ from: '2028-02-29', to: '2028-12-31' })).toEqual({ from: '2027-02-28', to: '2027-12-31' });
  });

  test('quarters of three calendar months from the first day; the last ends with the period', () => {
    expect(quartersOf({ from: '2025-04-01', to: '2026-03-31' })).toEqual([
      { from: '2025-04-01', to: '2025-06-30' },
      { from: '2025-07-01', to: '2025-09-30' },
      { from: '2025-10-01', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-03-31' },
    ]);
    expect(quartersOf({ from: '2026-01-15', to: '2026-05-01' })).toEqual([
      { from: '2026-01-15', to: '2026-04-14' },
      { from: '2026-04-15', to: '2026-05-01' },
    ]);
    expect(quartersOf({ from: '2026-02-10', to: '2026-02-10' })).toEqual([{ from: '2026-02-10', to: '2026-02-10' }]);
  });

  test('in words', () => {
    expect(periodWords({ from: '2025-04-01', to: '2026-03-31' })).toBe('1 April 2025 to 31 March 2026');
  });
});
