import { describe, expect, test } from 'vitest';
import { parseWrittenDate, parseWrittenDateTime } from '../../scripts/core/calendar/written-date.ts';

describe('dates as staff write them', () => {
  test.each([
    ['2026-11-28', '2026-11-28'],
    ['28/11/2026', '2026-11-28'], // UK order: day first
    ['1/2/2027', '2027-02-01'], // 1 February, not 2 January
    [' 28/11/2026 ', '2026-11-28'],
    ['29/02/2028', '2028-02-29'], // a leap year
  ])('%s is %s', (text, iso) => {
    expect(parseWrittenDate(text)).toBe(iso);
  });

  test.each(['31/02/2026', '29/02/2027', '2026-13-01', '28-11-2026', '11/28/2026', '28/11/26', 'tomorrow', ''])('%j is not a date', (text) => {
    expect(parseWrittenDate(text)).toBeUndefined();
  });

  test.each([
    ['28/11/2026 10:00', '2026-11-28T10:00:00.000Z'], // GMT in November
    ['2026-07-01 09:00', '2026-07-01T08:00:00.000Z'], // BST in July
    ['1/7/2026 9:05', '2026-07-01T08:05:00.000Z'],
    ['2026-07-01T09:00', '2026-07-01T08:00:00.000Z'],
    ['2026-07-01T09:00:00Z', '2026-07-01T09:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(new Date(parseWrittenDateTime(text)).toISOString()).toBe(iso);
  });

  test.each(['28/11/2026', '31/02/2026 10:00', '28/11/2026 25:00', 'now'])('%j is not a date and time, and says how to write one', (text) => {
    expect(() => parseWrittenDateTime(text)).toThrow(`"${text}" is not a date and time: write it as 2026-11-28T10:00, 2026-11-28 10:00 or 28/11/2026 10:00 (UK time).`);
  });
});
