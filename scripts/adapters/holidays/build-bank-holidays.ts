/**
 * Builds the UK bank holiday table that the calendar core reads (scripts/core/calendar/uk-bank-holidays.json).
 *
 * date-holidays knows the rules (Easter, "first Monday in May", substitute days) and the one-off
 * proclamations, but it is about a megabyte of rules for every country, too big to send to a
 * browser, and a library upgrade could silently move a deadline. So it runs here, at generation
 * time, and its answer for 2018–2035 is committed as plain data that is reviewed in diffs.
 */
import Holidays from 'date-holidays';
import dateHolidaysPackage from 'date-holidays/package.json' with { type: 'json' };
import type { Nation } from '../../core/calendar/index.ts';

export interface BankHoliday { date: string; name: string }

/** A bank holiday date-holidays does not know yet, added with the official source that announced it. */
export interface BankHolidayCorrection extends BankHoliday { nation: Nation; source: string }

export interface BankHolidayData {
  source: string;
  years: [number, number];
  corrections: BankHolidayCorrection[];
  nations: Record<Nation, BankHoliday[]>;
}

export const FIRST_YEAR = 2018;
export const LAST_YEAR = 2035;

/**
 * Bank holidays missing from date-holidays, checked against https://www.gov.uk/bank-holidays.
 * Add a date here (never in the JSON) with the proclamation that created it; the build fails once
 * date-holidays learns the date itself, so the correction can then be deleted.
 */
export const BANK_HOLIDAY_CORRECTIONS: readonly BankHolidayCorrection[] = [
  {
    nation: 'scotland',
    date: '2026-06-15',
    name: 'World Cup bank holiday',
    // Royal proclamation of 4 February 2026 under s.1(3) of the Banking and Financial Dealings Act 1971.
    source: 'https://www.gov.uk/bank-holidays (Scotland, 2026); missing from date-holidays 3.37.0',
  },
];

/** date-holidays region codes. Wales is read as well as England only to prove the two agree. */
const REGIONS = { england: 'ENG', wales: 'WLS', scotland: 'SCT', northernIreland: 'NIR' } as const;

/** Observances (Mother's Day, Halloween) are not days off; only these types close banks and offices. */
const DAY_OFF_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

function holidaysOf(region: string): BankHoliday[] {
  const calendar = new Holidays('GB', region, { languages: ['en'] });
  const holidays: BankHoliday[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
    for (const holiday of calendar.getHolidays(year)) {
      // `date` is the local date in the country's zone; `start` is an instant, a day early in BST.
      if (DAY_OFF_TYPES.has(holiday.type)) holidays.push({ date: holiday.date.slice(0, 10), name: holiday.name });
    }
  }
  return holidays;
}

function byDateThenName(a: BankHoliday, b: BankHoliday): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sameList(a: readonly BankHoliday[], b: readonly BankHoliday[]): boolean {
  return a.length === b.length && a.every((holiday, i) => holiday.date === b[i]?.date && holiday.name === b[i]?.name);
}

/**
 * Reads date-holidays for the four UK regions and applies the corrections. Throws if England and
 * Wales differ (the calendar treats them as one nation) or if a correction has become redundant.
 */
export function buildBankHolidays(corrections: readonly BankHolidayCorrection[] = BANK_HOLIDAY_CORRECTIONS): BankHolidayData {
  const england = holidaysOf(REGIONS.england).sort(byDateThenName);
  const wales = holidaysOf(REGIONS.wales).sort(byDateThenName);
  if (!sameList(england, wales)) {
    const differing = [...england, ...wales].filter((h) => !england.some((e) => e.date === h.date && e.name === h.name)
      || !wales.some((w) => w.date === h.date && w.name === h.name));
    throw new Error(`date-holidays gives England (GB-ENG) and Wales (GB-WLS) different bank holidays: ${JSON.stringify(differing)}. `
      + 'The calendar treats England and Wales as one nation, so this needs a decision before regenerating.');
  }
  const nations: Record<Nation, BankHoliday[]> = {
    'england-and-wales': england,
    scotland: holidaysOf(REGIONS.scotland),
    'northern-ireland': holidaysOf(REGIONS.northernIreland),
  };
  for (const correction of corrections) {
    const list = nations[correction.nation];
    if (list.some((holiday) => holiday.date === correction.date)) {
      throw new Error(`date-holidays now lists ${correction.date} for ${correction.nation}; `
        + `remove the correction "${correction.name}" from BANK_HOLIDAY_CORRECTIONS.`);
    }
    list.push({ date: correction.date, name: correction.name });
  }
  for (const list of Object.values(nations)) list.sort(byDateThenName);
  return {
    source: `date-holidays@${dateHolidaysPackage.version}`,
    years: [FIRST_YEAR, LAST_YEAR],
    corrections: [...corrections].sort(byDateThenName),
    nations,
  };
}

/** Stable JSON, one holiday per line, so a regenerated file shows changes as a readable diff. */
export function renderBankHolidaysJson(data: BankHolidayData): string {
  const text = JSON.stringify;
  const lines = [
    '{',
    `  "source": ${text(data.source)},`,
    `  "years": [${data.years[0]}, ${data.years[1]}],`,
    '  "corrections": [',
    data.corrections.map((c) => `    { "nation": ${text(c.nation)}, "date": ${text(c.date)}, "name": ${text(c.name)}, "source": ${text(c.source)} }`).join(',\n'),
    '  ],',
    '  "nations": {',
    (Object.keys(data.nations) as Nation[]).map((nation) => [
      `    ${text(nation)}: [`,
      data.nations[nation].map((h) => `      { "date": ${text(h.date)}, "name": ${text(h.name)} }`).join(',\n'),
      '    ]',
    ].join('\n')).join(',\n'),
    '  }',
    '}',
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}
