import { describe, expect, test } from 'vitest';
import {
  createWorkingCalendar, fromDayNumber, NATIONS, toDayNumber, WORKING_CALENDAR_YEARS, type Nation, type WorkingCalendar,
} from '../../scripts/core/calendar/index.ts';

const calendars = Object.fromEntries(NATIONS.map((nation) => [nation, createWorkingCalendar({ nation })])) as Record<Nation, WorkingCalendar>;
const ew = calendars['england-and-wales'];
const scotland = calendars.scotland;
const ni = calendars['northern-ireland'];

const add = (calendar: WorkingCalendar, date: string, n: number): string => fromDayNumber(calendar.addWorkingDays(toDayNumber(date), n));

test('NATIONS lists the three UK bank-holiday jurisdictions', () => {
  expect(NATIONS).toEqual(['england-and-wales', 'scotland', 'northern-ireland']);
  expect(WORKING_CALENDAR_YEARS).toEqual({ first: 2018, last: 2035 });
});

describe('addWorkingDays', () => {
  test.each<[Nation, string, number, string]>([
    ['england-and-wales', '2026-03-16', 5, '2026-03-23'], // Monday + 5 is next Monday: the weekend is skipped
    ['england-and-wales', '2026-03-20', 1, '2026-03-23'], // Friday + 1 is Monday
    ['england-and-wales', '2026-04-02', 1, '2026-04-07'], // Good Friday 2026-04-03 and Easter Monday 2026-04-06 skipped
    ['scotland', '2026-04-02', 1, '2026-04-06'], // Easter Monday is not a bank holiday in Scotland
    ['england-and-wales', '2026-12-24', 1, '2026-12-29'], // Christmas Day Friday 2026-12-25, Boxing Day substitute Monday 2026-12-28
    ['england-and-wales', '2026-12-23', 5, '2027-01-04'], // ... and New Year's Day Friday 2027-01-01
    ['england-and-wales', '2021-12-24', 1, '2021-12-29'], // 2021: Christmas Saturday, Boxing Day Sunday: substitutes Monday 27 and Tuesday 28
    ['england-and-wales', '2021-12-31', 1, '2022-01-04'], // New Year's Day Saturday 2022-01-01: substitute Monday 2022-01-03
    ['england-and-wales', '2022-12-30', 1, '2023-01-03'], // New Year's Day Sunday 2023-01-01: substitute Monday 2023-01-02
    ['england-and-wales', '2025-12-31', 1, '2026-01-02'], // England works on 2 January
    ['scotland', '2025-12-31', 1, '2026-01-05'], // Scotland has 2 January (Friday 2026-01-02)
    ['scotland', '2020-12-31', 1, '2021-01-05'], // Scotland: 2 January 2021 a Saturday, substitute Monday 4 January
    ['scotland', '2021-12-31', 1, '2022-01-05'], // Scotland 2022: 1 and 2 January at the weekend, substitutes 3 and 4 January
    ['scotland', '2022-12-30', 1, '2023-01-04'], // Scotland 2023: 2 January, and New Year's substitute Tuesday 3 January
    ['scotland', '2026-07-31', 1, '2026-08-04'], // Scotland's summer bank holiday is the first Monday in August
    ['england-and-wales', '2026-07-31', 1, '2026-08-03'], // ... England's is the last (2026-08-31)
    ['england-and-wales', '2026-08-28', 1, '2026-09-01'], // England's summer bank holiday Monday 2026-08-31
    ['scotland', '2026-11-27', 1, '2026-12-01'], // St Andrew's Day Monday 2026-11-30
    ['scotland', '2025-11-28', 1, '2025-12-02'], // St Andrew's Day Sunday 2025-11-30: substitute Monday 2025-12-01
    ['northern-ireland', '2026-03-16', 1, '2026-03-18'], // NI has St Patrick's Day 17 March
    ['northern-ireland', '2024-03-15', 1, '2024-03-19'], // St Patrick's Day Sunday 2024-03-17: substitute Monday 18 March
    ['northern-ireland', '2027-07-09', 1, '2027-07-13'], // NI has 12 July (Battle of the Boyne), a Monday in 2027
    ['northern-ireland', '2026-07-10', 1, '2026-07-14'], // 12 July 2026 a Sunday: substitute Monday 13 July
    ['northern-ireland', '2025-07-11', 1, '2025-07-15'], // 12 July 2025 a Saturday: substitute Monday 14 July
    ['england-and-wales', '2026-07-10', 1, '2026-07-13'], // ... which England and Wales do not have
    ['england-and-wales', '2022-09-16', 1, '2022-09-20'], // Queen Elizabeth II's state funeral, Monday 2022-09-19
    ['northern-ireland', '2022-09-16', 1, '2022-09-20'], // ... in every nation
    ['england-and-wales', '2023-05-05', 1, '2023-05-09'], // coronation of King Charles III, Monday 2023-05-08
    ['scotland', '2023-05-05', 1, '2023-05-09'], // ... in every nation
    ['england-and-wales', '2022-06-01', 1, '2022-06-06'], // Platinum Jubilee: spring bank holiday Thursday 2 June and Friday 3 June 2022
    ['england-and-wales', '2022-05-27', 1, '2022-05-30'], // ... so the last Monday in May 2022 was a working day
    ['england-and-wales', '2020-05-07', 1, '2020-05-11'], // 2020 early May bank holiday moved to Friday 8 May for VE Day
    ['england-and-wales', '2020-05-01', 1, '2020-05-04'], // ... so Monday 4 May 2020 was a working day
    ['scotland', '2026-06-12', 1, '2026-06-16'], // Scotland's World Cup bank holiday, Monday 2026-06-15 (a generator correction)
    ['england-and-wales', '2026-06-12', 1, '2026-06-15'], // ... Scotland only
    ['england-and-wales', '2026-03-20', 0, '2026-03-20'], // 0 working days from a working day is that day
    ['england-and-wales', '2026-03-21', 0, '2026-03-23'], // 0 from a Saturday is the next working day
    ['england-and-wales', '2026-03-21', 1, '2026-03-23'], // 1 from a Saturday is also Monday: the Saturday is not counted
    ['england-and-wales', '2026-12-25', 1, '2026-12-29'], // counting from a holiday
    ['england-and-wales', '2026-01-02', 20, '2026-01-30'], // four ordinary weeks
  ])('%s: %s + %i working day(s) is %s', (nation, from, n, expected) => {
    expect(add(calendars[nation], from, n)).toBe(expected);
  });
});

describe('isWorkingDay and holidayName', () => {
  test.each<[Nation, string, boolean, string | undefined]>([
    ['england-and-wales', '2026-03-18', true, undefined], // an ordinary Wednesday
    ['england-and-wales', '2026-03-21', false, undefined], // Saturday: not working, but not a holiday
    ['england-and-wales', '2026-04-03', false, 'Good Friday'],
    ['england-and-wales', '2026-12-28', false, 'Boxing Day (substitute day)'],
    ['england-and-wales', '2026-12-26', false, 'Boxing Day'], // the holiday itself, on a Saturday, keeps its name
    ['england-and-wales', '2022-09-19', false, "Queen Elizabeth's Funeral Day"],
    ['england-and-wales', '2023-05-08', false, "King Charles III's Coronation"],
    ['england-and-wales', '2026-03-15', false, undefined], // Mother's Day is an observance, not a holiday (and a Sunday)
    ['england-and-wales', '2026-10-30', true, undefined], // 31 October is not a holiday; the Friday before is ordinary
    ['scotland', '2026-01-02', false, 'January 2nd'],
    ['scotland', '2026-06-15', false, 'World Cup bank holiday'],
    ['scotland', '2026-04-06', true, undefined], // no Easter Monday in Scotland
    ['northern-ireland', '2026-03-17', false, 'St Patrick’s Day'],
    ['northern-ireland', '2026-07-13', false, 'Battle of the Boyne (Orangemen’s Day) (substitute day)'],
  ])('%s: %s working %s, holiday %j', (nation, date, working, name) => {
    expect(calendars[nation].isWorkingDay(toDayNumber(date))).toBe(working);
    expect(calendars[nation].holidayName(toDayNumber(date))).toBe(name);
  });
});

describe('nextWorkingDay, workingDayOnOrAfter and subtractWorkingDays', () => {
  const day = toDayNumber;
  test.each([
    ['2026-03-18', '2026-03-19', '2026-03-18'], // Wednesday: next is Thursday, on-or-after is itself
    ['2026-03-20', '2026-03-23', '2026-03-20'], // Friday: next is Monday
    ['2026-03-21', '2026-03-23', '2026-03-23'], // Saturday: both are Monday
    ['2026-04-02', '2026-04-07', '2026-04-02'], // Thursday before Easter: next is Tuesday
    ['2026-12-24', '2026-12-29', '2026-12-24'], // Christmas Eve
  ])('%s: next %s, on or after %s', (from, next, onOrAfter) => {
    expect(fromDayNumber(ew.nextWorkingDay(day(from)))).toBe(next);
    expect(fromDayNumber(ew.workingDayOnOrAfter(day(from)))).toBe(onOrAfter);
  });

  test.each([
    ['2026-12-29', 1, '2026-12-24'], // reminder lead time: 1 working day before Tuesday 29 December skips Christmas
    ['2026-04-07', 1, '2026-04-02'], // 1 before the Tuesday after Easter is the Thursday before
    ['2026-04-07', 3, '2026-03-31'], // 3 before
    ['2026-03-23', 0, '2026-03-23'], // 0 from a working day is that day
    ['2026-03-22', 0, '2026-03-20'], // 0 from a Sunday is the previous working day
    ['2026-03-22', 1, '2026-03-20'], // 1 before a Sunday is Friday
  ])('%s - %i working day(s) is %s', (from, n, expected) => {
    expect(fromDayNumber(ew.subtractWorkingDays(day(from), n))).toBe(expected);
  });
});

describe('workingDaysBetween', () => {
  test.each([
    ['2026-12-24', '2026-12-29', 1], // only 29 December counts: holidays and the weekend do not
    ['2026-12-29', '2026-12-24', -1], // the other way round is negative
    ['2026-03-16', '2026-03-16', 0], // the same day
    ['2026-03-16', '2026-03-23', 5], // a week
    ['2026-03-21', '2026-03-22', 0], // Saturday to Sunday
    ['2026-03-20', '2026-03-23', 1], // Friday to Monday: only Monday
    ['2026-04-02', '2026-04-07', 1], // across Easter
    ['2018-01-01', '2035-12-31', 4549], // the whole covered range: 4,695 weekdays after 1 January 2018, less 146 weekday bank holidays
  ])('from %s to %s: %i', (a, b, expected) => {
    expect(ew.workingDaysBetween(toDayNumber(a), toDayNumber(b))).toBe(expected);
  });
});

describe('closures and extra holidays from configuration', () => {
  test('a closure is not a working day and gives its reason', () => {
    const calendar = createWorkingCalendar({ nation: 'england-and-wales', closures: [{ date: '2026-12-24', reason: 'Office closed for Christmas' }] });
    expect(calendar.isWorkingDay(toDayNumber('2026-12-24'))).toBe(false);
    expect(calendar.holidayName(toDayNumber('2026-12-24'))).toBe('Office closed for Christmas');
    expect(add(calendar, '2026-12-23', 1)).toBe('2026-12-29');
    expect(add(ew, '2026-12-23', 1)).toBe('2026-12-24'); // the shared base calendar is untouched
  });

  test('a closure on a bank holiday keeps both names', () => {
    const calendar = createWorkingCalendar({ nation: 'england-and-wales', closures: [{ date: '2026-12-25', reason: 'Office closed' }] });
    expect(calendar.holidayName(toDayNumber('2026-12-25'))).toBe('Christmas Day; Office closed');
  });

  test('an extra holiday applies to the nations it names, or to all when it names none', () => {
    const extraHolidays = [
      { date: '2027-06-07', name: 'Jubilee bank holiday' }, // every nation
      { date: '2027-06-08', name: 'Scottish one-off', nations: ['scotland'] as const },
    ];
    const ewExtra = createWorkingCalendar({ nation: 'england-and-wales', extraHolidays });
    const scotlandExtra = createWorkingCalendar({ nation: 'scotland', extraHolidays });
    expect(ewExtra.holidayName(toDayNumber('2027-06-07'))).toBe('Jubilee bank holiday');
    expect(scotlandExtra.holidayName(toDayNumber('2027-06-07'))).toBe('Jubilee bank holiday');
    expect(ewExtra.isWorkingDay(toDayNumber('2027-06-08'))).toBe(true);
    expect(scotlandExtra.isWorkingDay(toDayNumber('2027-06-08'))).toBe(false);
    expect(add(scotlandExtra, '2027-06-04', 1)).toBe('2027-06-09');
  });

  test('version names the data, and changes exactly when the data does', () => {
    expect(ew.version).toMatch(/^uk-bank-holidays\/date-holidays@\d+\.\d+\.\d+\/england-and-wales#[0-9a-f]{8}$/);
    expect(scotland.version).toMatch(/\/scotland#[0-9a-f]{8}$/);
    expect(ni.version).not.toBe(ew.version);
    const closures = [{ date: '2026-12-24', reason: 'Closed' }, { date: '2026-12-31', reason: 'Closed' }];
    const withClosures = createWorkingCalendar({ nation: 'england-and-wales', closures });
    expect(withClosures.version).toMatch(new RegExp(`^${ew.version}\\+local#[0-9a-f]{8}$`));
    // The same days listed in another order are the same data.
    expect(createWorkingCalendar({ nation: 'england-and-wales', closures: [...closures].reverse() }).version).toBe(withClosures.version);
    // A different reason is different data.
    expect(createWorkingCalendar({ nation: 'england-and-wales', closures: [{ date: '2026-12-24', reason: 'Shut' }, closures[1]!] }).version)
      .not.toBe(withClosures.version);
    // Empty lists, or holidays for another nation only, change nothing.
    expect(createWorkingCalendar({ nation: 'england-and-wales', closures: [], extraHolidays: [] }).version).toBe(ew.version);
    expect(createWorkingCalendar({ nation: 'england-and-wales', extraHolidays: [{ date: '2027-06-08', name: 'x', nations: ['scotland'] }] }).version)
      .toBe(ew.version);
  });

  test('describes its covered range', () => {
    expect(fromDayNumber(ew.firstDay)).toBe('2018-01-01');
    expect(fromDayNumber(ew.lastDay)).toBe('2035-12-31');
    expect(ew.nation).toBe('england-and-wales');
  });
});

describe('bad input', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['day before the covered years', () => ew.isWorkingDay(toDayNumber('2017-12-31')), /2017-12-31.*covers the years 2018 to 2035/],
    ['day after the covered years', () => ew.addWorkingDays(toDayNumber('2036-01-01'), 1), /2036-01-01.*covers the years 2018 to 2035/],
    ['result past the covered years', () => ew.addWorkingDays(toDayNumber('2035-12-20'), 30), /30 working day\(s\) after 2035-12-20.*2018 to 2035/],
    ['next working day past the end', () => ew.nextWorkingDay(toDayNumber('2035-12-31')), /after 2035-12-31/],
    ['result before the covered years', () => ew.subtractWorkingDays(toDayNumber('2018-01-03'), 5), /before 2018-01-03.*2018 to 2035/],
    ['fractional day number', () => ew.isWorkingDay(20_000.5), /Invalid day number 20000.5/],
    ['negative count', () => ew.addWorkingDays(toDayNumber('2026-01-05'), -1), /Invalid number of working days -1/],
    ['fractional count', () => ew.subtractWorkingDays(toDayNumber('2026-01-05'), 1.5), /Invalid number of working days 1.5/],
    ['between, out of range', () => ew.workingDaysBetween(toDayNumber('2026-01-05'), toDayNumber('2040-01-01')), /2040-01-01/],
  ])('%s throws a RangeError saying why', (_, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['unknown nation', () => createWorkingCalendar({ nation: 'wales' as Nation }), /option nation: unknown nation "wales"; expected one of england-and-wales, scotland, northern-ireland/],
    ['invalid closure date', () => createWorkingCalendar({ nation: 'scotland', closures: [{ date: '2026-02-30', reason: 'x' }] }), /closures\[0\]\.date: Invalid local date "2026-02-30"/],
    ['closure without a reason', () => createWorkingCalendar({ nation: 'scotland', closures: [{ date: '2026-02-03', reason: ' ' }] }), /closures\[0\]\.reason: expected a non-empty text/],
    ['closure outside the covered years', () => createWorkingCalendar({ nation: 'scotland', closures: [{ date: '2040-02-03', reason: 'x' }] }), /closures\[0\]\.date: 2040-02-03 is outside the years 2018 to 2035/],
    ['extra holiday for an unknown nation', () => createWorkingCalendar({ nation: 'scotland', extraHolidays: [{ date: '2027-02-03', name: 'x', nations: ['england' as Nation] }] }), /extraHolidays\[0\]\.nations\[0\]: unknown nation "england"/],
    ['extra holiday without a name', () => createWorkingCalendar({ nation: 'scotland', extraHolidays: [{ date: '2027-02-03', name: '' }] }), /extraHolidays\[0\]\.name/],
  ])('%s is refused with a message naming the option', (_, call, message) => {
    expect(call).toThrow(message);
  });
});
