/**
 * Working days for a UK nation: Monday to Friday, less its bank holidays and the organisation's
 * own closures.
 *
 * A complaints engine asks "what is the fifth working day after this?" hundreds of thousands of
 * times a second, so each calendar precomputes, for every day of the covered years, whether it is
 * a working day and how many working days come before it. Every question is then one or two array
 * reads. The bank holidays are generated data (uk-bank-holidays.json, from date-holidays), never
 * code, so the browser does not load a holiday library and an auditor can see exactly which
 * dates were used.
 */
import bankHolidays from './uk-bank-holidays.json' with { type: 'json' };
import { dayOfWeek, fromDayNumber, toDayNumber, type DayNumber, type LocalDate } from './day-number.ts';
import { fnv1aHash } from './fnv1a-hash.ts';

/** The UK's three bank-holiday jurisdictions; England and Wales share one list. */
export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';

export const NATIONS: readonly Nation[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** A day the organisation itself is closed (an office move, a staff training day). */
export interface Closure {
  date: LocalDate;
  /** Shown to people as the reason the day does not count. */
  reason: string;
}

/** A bank holiday proclaimed at short notice, before the generated data knows it. */
export interface ExtraHoliday {
  date: LocalDate;
  name: string;
  /** Nations it applies to; every nation when omitted, as for a state funeral. */
  nations?: readonly Nation[];
}

export interface WorkingCalendarOptions {
  nation: Nation;
  closures?: readonly Closure[];
  extraHolidays?: readonly ExtraHoliday[];
}

export interface WorkingCalendar {
  readonly nation: Nation;
  /**
   * Names the exact data behind this calendar, so a timeline can be recomputed later: the
   * generated holiday source, the nation, a hash of its holiday list and, when closures or extra
   * holidays apply, a hash of those.
   */
  readonly version: string;
  /** First and last day the calendar can answer for (1 January and 31 December of the covered years). */
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  isWorkingDay(day: DayNumber): boolean;
  /** The bank holiday name or closure reason for a day, if any (several are joined with "; "). */
  holidayName(day: DayNumber): string | undefined;
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: DayNumber): DayNumber;
  /** `day` itself if it is a working day, else the next working day. */
  workingDayOnOrAfter(day: DayNumber): DayNumber;
  /** The `n`-th working day after `day`, not counting `day`; `n = 0` is `workingDayOnOrAfter(day)`. */
  addWorkingDays(day: DayNumber, n: number): DayNumber;
  /** The `n`-th working day before `day`, not counting `day`; `n = 0` is `day` if working, else the previous working day. */
  subtractWorkingDays(day: DayNumber, n: number): DayNumber;
  /** Working days `d` with `a < d <= b`; negative (the same count) when `b < a`. */
  workingDaysBetween(a: DayNumber, b: DayNumber): number;
}

type HolidayList = readonly { date: string; name: string }[];

const [COVERED_FIRST_YEAR, COVERED_LAST_YEAR] = bankHolidays.years as [number, number];

/** The years every working calendar covers: those of the generated bank holiday data. */
export const WORKING_CALENDAR_YEARS = { first: COVERED_FIRST_YEAR, last: COVERED_LAST_YEAR } as const;

const FIRST_DAY = toDayNumber(`${COVERED_FIRST_YEAR}-01-01`);
const LAST_DAY = toDayNumber(`${COVERED_LAST_YEAR}-12-31`);
const LENGTH = LAST_DAY - FIRST_DAY + 1;
const COVERAGE = `the years ${COVERED_FIRST_YEAR} to ${COVERED_LAST_YEAR}`;

interface DayTables {
  /** 1 for a working day, indexed by `day - FIRST_DAY`. */
  working: Uint8Array;
  /** Working days strictly before index `i`; one longer than `working`, so `[i + 1]` counts up to and including `i`. */
  workingBefore: Int32Array;
  /** The covered working days in order: `workingDays[k]` is the (k+1)-th. */
  workingDays: Int32Array;
}

interface BaseCalendar {
  names: ReadonlyMap<DayNumber, string>;
  tables: DayTables;
  version: string;
}

function buildTables(nonWorkingDays: Iterable<DayNumber>): DayTables {
  const working = new Uint8Array(LENGTH);
  for (let i = 0; i < LENGTH; i += 1) {
    const weekday = dayOfWeek(FIRST_DAY + i);
    working[i] = weekday === 0 || weekday === 6 ? 0 : 1;
  }
  for (const day of nonWorkingDays) working[day - FIRST_DAY] = 0;
  const workingBefore = new Int32Array(LENGTH + 1);
  const workingDays: number[] = [];
  for (let i = 0; i < LENGTH; i += 1) {
    if (working[i] === 1) workingDays.push(FIRST_DAY + i);
    workingBefore[i + 1] = workingDays.length;
  }
  return { working, workingBefore, workingDays: Int32Array.from(workingDays) };
}

function addName(names: Map<DayNumber, string>, day: DayNumber, name: string): void {
  const existing = names.get(day);
  names.set(day, existing === undefined ? name : `${existing}; ${name}`);
}

const baseCalendars = new Map<Nation, BaseCalendar>();

/** Built on first use and kept, so creating a calendar per request costs almost nothing. */
function baseCalendarFor(nation: Nation): BaseCalendar {
  let base = baseCalendars.get(nation);
  if (base === undefined) {
    const holidays: HolidayList = bankHolidays.nations[nation];
    const names = new Map<DayNumber, string>();
    for (const holiday of holidays) addName(names, toDayNumber(holiday.date), holiday.name);
    base = {
      names,
      tables: buildTables(names.keys()),
      version: `uk-bank-holidays/${bankHolidays.source}/${nation}#${fnv1aHash(JSON.stringify(holidays))}`,
    };
    baseCalendars.set(nation, base);
  }
  return base;
}

interface LocalDay { day: DayNumber; date: LocalDate; kind: 'closure' | 'holiday'; label: string }

function configError(path: string, problem: string): Error {
  return new Error(`Working calendar option ${path}: ${problem}`);
}

function readDate(path: string, date: unknown): DayNumber {
  let day: DayNumber;
  try {
    day = toDayNumber(date as LocalDate);
  } catch (error) {
    throw configError(path, (error as Error).message);
  }
  if (day < FIRST_DAY || day > LAST_DAY) {
    throw new RangeError(`Working calendar option ${path}: ${String(date)} is outside ${COVERAGE} that the calendar covers.`);
  }
  return day;
}

function readText(path: string, text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw configError(path, 'expected a non-empty text.');
  return text.trim();
}

function readList<T>(path: string, list: readonly T[] | undefined): readonly T[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw configError(path, 'expected a list.');
  return list;
}

/** Validates the configured days and keeps those that apply to `nation`. */
function localDaysFor(options: WorkingCalendarOptions): LocalDay[] {
  const days: LocalDay[] = [];
  readList('closures', options.closures).forEach((closure, i) => {
    const day = readDate(`closures[${i}].date`, closure?.date);
    days.push({ day, date: fromDayNumber(day), kind: 'closure', label: readText(`closures[${i}].reason`, closure.reason) });
  });
  readList('extraHolidays', options.extraHolidays).forEach((holiday, i) => {
    const day = readDate(`extraHolidays[${i}].date`, holiday?.date);
    const name = readText(`extraHolidays[${i}].name`, holiday.name);
    const nations = readList(`extraHolidays[${i}].nations`, holiday.nations);
    nations.forEach((nation, j) => {
      if (!NATIONS.includes(nation)) throw configError(`extraHolidays[${i}].nations[${j}]`, `unknown nation ${JSON.stringify(nation)}; expected one of ${NATIONS.join(', ')}.`);
    });
    if (holiday.nations === undefined || nations.includes(options.nation)) days.push({ day, date: fromDayNumber(day), kind: 'holiday', label: name });
  });
  // Sorted, so the version hash does not depend on the order the configuration lists them in.
  return days.sort((a, b) => a.day - b.day || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
    || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function describeDay(day: DayNumber): string {
  return Number.isInteger(day) && Math.abs(day) < 2_900_000 ? `${fromDayNumber(day)} (day ${day})` : `day ${String(day)}`;
}

function badDay(day: DayNumber): RangeError {
  if (!Number.isInteger(day)) return new RangeError(`Invalid day number ${String(day)}: expected an integer.`);
  return new RangeError(`${describeDay(day)} is outside the working calendar, which covers ${COVERAGE}.`);
}

function badCount(n: number): RangeError {
  return new RangeError(`Invalid number of working days ${String(n)}: expected a whole number, 0 or more.`);
}

function pastCoverage(day: DayNumber, n: number, direction: 'after' | 'before'): RangeError {
  return new RangeError(`${n} working day(s) ${direction} ${describeDay(day)} falls outside the working calendar, which covers ${COVERAGE}.`);
}

/**
 * A working calendar for a nation, with the organisation's closures and any newly proclaimed
 * holidays. Configuration errors throw naming the option; dates outside the covered years throw
 * a RangeError.
 *
 * @example
 * const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
 * fromDayNumber(calendar.addWorkingDays(toDayNumber('2026-12-23'), 2)); // => '2026-12-29' (25 and 28 December are holidays)
 * calendar.holidayName(toDayNumber('2026-12-28'));                     // => 'Boxing Day (substitute day)'
 * calendar.version;          // => 'uk-bank-holidays/date-holidays@3.37.0/england-and-wales#<8 hex digits>'
 *
 * const closed = createWorkingCalendar({ nation: 'scotland', closures: [{ date: '2026-12-24', reason: 'Office closed' }] });
 * closed.isWorkingDay(toDayNumber('2026-12-24')); // => false
 * closed.version;            // => 'uk-bank-holidays/date-holidays@3.37.0/scotland#<hash>+local#<hash>'
 */
export function createWorkingCalendar(options: WorkingCalendarOptions): WorkingCalendar {
  if (typeof options !== 'object' || options === null) throw configError('(all)', 'expected an object with at least a nation.');
  const { nation } = options;
  if (!NATIONS.includes(nation)) throw configError('nation', `unknown nation ${JSON.stringify(nation)}; expected one of ${NATIONS.join(', ')}.`);
  const base = baseCalendarFor(nation);
  const localDays = localDaysFor(options);
  let { names, tables, version } = base;
  if (localDays.length > 0) {
    const localNames = new Map(base.names);
    for (const { day, label } of localDays) addName(localNames, day, label);
    names = localNames;
    tables = buildTables([...base.names.keys(), ...localDays.map(({ day }) => day)]);
    version += `+local#${fnv1aHash(JSON.stringify(localDays.map(({ date, kind, label }) => [date, kind, label])))}`;
  }
  const { working, workingBefore, workingDays } = tables;
  const total = workingDays.length;

  function indexOf(day: DayNumber): number {
    const index = day - FIRST_DAY;
    if (index >= 0 && index < LENGTH && Number.isInteger(day)) return index;
    throw badDay(day);
  }

  return {
    nation,
    version,
    firstDay: FIRST_DAY,
    lastDay: LAST_DAY,
    isWorkingDay(day) {
      return working[indexOf(day)] === 1;
    },
    holidayName(day) {
      indexOf(day);
      return names.get(day);
    },
    nextWorkingDay(day) {
      const k = workingBefore[indexOf(day) + 1]!;
      if (k >= total) throw pastCoverage(day, 1, 'after');
      return workingDays[k]!;
    },
    workingDayOnOrAfter(day) {
      const index = indexOf(day);
      if (working[index] === 1) return day;
      const k = workingBefore[index + 1]!;
      if (k >= total) throw pastCoverage(day, 1, 'after');
      return workingDays[k]!;
    },
    addWorkingDays(day, n) {
      const index = indexOf(day);
      if (!(n >= 0 && Number.isInteger(n))) throw badCount(n);
      if (n === 0 && working[index] === 1) return day;
      // workingBefore[index + 1] working days lie on or before `day`; the next one has that index.
      const k = workingBefore[index + 1]! + (n === 0 ? 0 : n - 1);
      if (k >= total) throw pastCoverage(day, n, 'after');
      return workingDays[k]!;
    },
    subtractWorkingDays(day, n) {
      const index = indexOf(day);
      if (!(n >= 0 && Number.isInteger(n))) throw badCount(n);
      if (n === 0 && working[index] === 1) return day;
      const k = workingBefore[index]! - (n === 0 ? 1 : n);
      if (k < 0) throw pastCoverage(day, n, 'before');
      return workingDays[k]!;
    },
    workingDaysBetween(a, b) {
      return workingBefore[indexOf(b) + 1]! - workingBefore[indexOf(a) + 1]!;
    },
  };
}
