// The committed holiday data: generated, never hand-edited, and checked against GOV.UK.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import {
  BANK_HOLIDAY_CORRECTIONS, buildBankHolidays, renderBankHolidaysJson,
} from '../../scripts/adapters/holidays/build-bank-holidays.ts';
import { NATIONS, type Nation } from '../../scripts/core/calendar/index.ts';

const jsonPath = new URL('../../scripts/core/calendar/uk-bank-holidays.json', import.meta.url);
const committedText = readFileSync(jsonPath, 'utf8');
const committed = JSON.parse(committedText) as ReturnType<typeof buildBankHolidays>;

/**
 * Weekday bank holidays (MMDD) transcribed from GOV.UK's https://www.gov.uk/bank-holidays.json
 * for 2019–2028, the years it has published. Weekend dates are left out: GOV.UK lists only the
 * substitute day, date-holidays lists both, and a weekend is not a working day either way.
 */
const GOV_UK: Record<Nation, Record<number, string>> = {
  'england-and-wales': {
    2019: '0101 0419 0422 0506 0527 0826 1225 1226',
    2020: '0101 0410 0413 0508 0525 0831 1225 1228',
    2021: '0101 0402 0405 0503 0531 0830 1227 1228',
    2022: '0103 0415 0418 0502 0602 0603 0829 0919 1226 1227',
    2023: '0102 0407 0410 0501 0508 0529 0828 1225 1226',
    2024: '0101 0329 0401 0506 0527 0826 1225 1226',
    2025: '0101 0418 0421 0505 0526 0825 1225 1226',
    2026: '0101 0403 0406 0504 0525 0831 1225 1228',
    2027: '0101 0326 0329 0503 0531 0830 1227 1228',
    2028: '0103 0414 0417 0501 0529 0828 1225 1226',
  },
  scotland: {
    2019: '0101 0102 0419 0506 0527 0805 1202 1225 1226',
    2020: '0101 0102 0410 0508 0525 0803 1130 1225 1228',
    2021: '0101 0104 0402 0503 0531 0802 1130 1227 1228',
    2022: '0103 0104 0415 0502 0602 0603 0801 0919 1130 1226 1227',
    2023: '0102 0103 0407 0501 0508 0529 0807 1130 1225 1226',
    2024: '0101 0102 0329 0506 0527 0805 1202 1225 1226',
    2025: '0101 0102 0418 0505 0526 0804 1201 1225 1226',
    2026: '0101 0102 0403 0504 0525 0615 0803 1130 1225 1228',
    2027: '0101 0104 0326 0503 0531 0802 1130 1227 1228',
    2028: '0103 0104 0414 0501 0529 0807 1130 1225 1226',
  },
  'northern-ireland': {
    2019: '0101 0318 0419 0422 0506 0527 0712 0826 1225 1226',
    2020: '0101 0317 0410 0413 0508 0525 0713 0831 1225 1228',
    2021: '0101 0317 0402 0405 0503 0531 0712 0830 1227 1228',
    2022: '0103 0317 0415 0418 0502 0602 0603 0712 0829 0919 1226 1227',
    2023: '0102 0317 0407 0410 0501 0508 0529 0712 0828 1225 1226',
    2024: '0101 0318 0329 0401 0506 0527 0712 0826 1225 1226',
    2025: '0101 0317 0418 0421 0505 0526 0714 0825 1225 1226',
    2026: '0101 0317 0403 0406 0504 0525 0713 0831 1225 1228',
    2027: '0101 0317 0326 0329 0503 0531 0712 0830 1227 1228',
    2028: '0103 0317 0414 0417 0501 0529 0712 0828 1225 1226',
  },
};

const isWeekday = (date: string): boolean => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

describe('uk-bank-holidays.json', () => {
  const originalTimeZone = process.env.TZ;
  afterEach(() => {
    if (originalTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalTimeZone;
  });

  test('is exactly what the generator produces from date-holidays now (so it is never hand-edited)', () => {
    expect(committedText).toBe(renderBankHolidaysJson(buildBankHolidays()));
  });

  test('does not depend on the time zone of the machine that generates it', () => {
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: any local-midnight slip would move every date
    expect(renderBankHolidaysJson(buildBankHolidays())).toBe(committedText);
    process.env.TZ = 'America/Los_Angeles';
    expect(renderBankHolidaysJson(buildBankHolidays())).toBe(committedText);
  });

  test('names its source and years, and has the three nations, sorted and without duplicates', () => {
    expect(committed.source).toMatch(/^date-holidays@\d+\.\d+\.\d+$/);
    expect(committed.years).toEqual([2018, 2035]);
    expect(Object.keys(committed.nations)).toEqual([...NATIONS]);
    for (const list of Object.values(committed.nations)) {
      const keys = list.map((h) => `${h.date} ${h.name}`);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(keys.length);
      expect(list.every((h) => h.date >= '2018-01-01' && h.date <= '2035-12-31')).toBe(true);
    }
  });

  test.each([
    /Mother's Day/, /Father's Day/, /Easter Sunday/, /Halloween/, /Valentine/, /Burns/, /Remembrance/,
  ])('contains no observance such as %s', (observance) => {
    expect(committedText).not.toMatch(observance);
  });

  test.each(NATIONS.flatMap((nation) => Object.keys(GOV_UK[nation]).map((year) => [nation, Number(year)] as const)))(
    '%s %i: the weekday bank holidays match GOV.UK',
    (nation, year) => {
      const weekdays = committed.nations[nation]
        .filter((h) => h.date.startsWith(`${year}-`) && isWeekday(h.date))
        .map((h) => h.date.slice(5).replace('-', ''));
      expect(weekdays.join(' ')).toBe(GOV_UK[nation][year]);
    },
  );

  test('records each correction, and each is in its nation’s list', () => {
    expect(committed.corrections).toEqual(BANK_HOLIDAY_CORRECTIONS);
    for (const correction of BANK_HOLIDAY_CORRECTIONS) {
      expect(committed.nations[correction.nation]).toContainEqual({ date: correction.date, name: correction.name });
      expect(correction.source).toMatch(/gov\.uk/);
    }
  });

  test('the generator fails loudly when date-holidays already has a corrected date', () => {
    const redundant = { nation: 'england-and-wales', date: '2026-12-25', name: 'Christmas Day', source: 'test' } as const;
    expect(() => buildBankHolidays([redundant])).toThrow(/date-holidays now lists 2026-12-25 for england-and-wales; remove the correction/);
  });
});
