/**
 * Europe/London wall-clock time, exact across the clock changes.
 *
 * Deadlines are promised in UK local time ("by the end of Friday 18 December"), but stored and
 * compared as instants (milliseconds since the Unix epoch). Asking `Intl` for an offset costs
 * microseconds, far too slow for 100,000 timelines a second, so the UTC offset changes for
 * 2000–2040 are found once, lazily, with @date-fns/tz and kept in a small sorted table; every
 * later question is a binary search over about 80 numbers. Instants outside the table ask
 * @date-fns/tz directly: slow but correct.
 */
import { tzOffset } from '@date-fns/tz';
import { fromDayNumber, toDayNumber, type DayNumber } from './day-number.ts';

/** The IANA time zone every local date and time in this module belongs to. */
export const TIME_ZONE = 'Europe/London';

/** A Europe/London wall-clock reading: the local date and whole minutes since local midnight. */
export interface LocalTime {
  day: DayNumber;
  /** 0 to 1439, rounded down: seconds never matter for a deadline day or a cut-off. */
  minutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TABLE_START_MS = Date.UTC(2000, 0, 1);
const TABLE_END_MS = Date.UTC(2041, 0, 1);
/** Sampling step when looking for offset changes; London's are months apart, never within a week. */
const SCAN_STEP_MS = 7 * DAY_MS;
/**
 * Before 1900 London's history includes local mean time (−00:01:15), which @date-fns/tz 1.5
 * reads with the wrong sign and ISO 8601 offsets cannot express; no complaint is that old.
 */
const SUPPORTED_START_MS = Date.UTC(1900, 0, 1);
const SUPPORTED_END_MS = Date.UTC(10_000, 0, 1) - DAY_MS; // keeps the local date within four year digits

interface OffsetTable {
  /** Instant from which `offsets[i]` applies; `starts[0]` is the table start. */
  starts: Float64Array;
  /** UTC offset in minutes. */
  offsets: Int16Array;
}

let table: OffsetTable | undefined;

function zoneOffset(instantMs: number): number {
  return tzOffset(TIME_ZONE, new Date(instantMs));
}

function buildTable(): OffsetTable {
  const starts = [TABLE_START_MS];
  const offsets = [zoneOffset(TABLE_START_MS)];
  let previousMs = TABLE_START_MS;
  let previousOffset = offsets[0] as number;
  for (let sampleMs = TABLE_START_MS + SCAN_STEP_MS; sampleMs <= TABLE_END_MS; sampleMs += SCAN_STEP_MS) {
    const sampleOffset = zoneOffset(sampleMs);
    if (sampleOffset !== previousOffset) {
      // Offsets change on a whole second, so bisecting whole seconds finds the exact instant.
      let lowSeconds = previousMs / 1000; // offset is previousOffset here
      let highSeconds = sampleMs / 1000; // and sampleOffset here
      while (highSeconds - lowSeconds > 1) {
        const middleSeconds = Math.floor((lowSeconds + highSeconds) / 2);
        if (zoneOffset(middleSeconds * 1000) === previousOffset) lowSeconds = middleSeconds;
        else highSeconds = middleSeconds;
      }
      starts.push(highSeconds * 1000);
      offsets.push(sampleOffset);
    }
    previousMs = sampleMs;
    previousOffset = sampleOffset;
  }
  return { starts: Float64Array.from(starts), offsets: Int16Array.from(offsets) };
}

function assertSupportedInstant(instantMs: number): void {
  if (!Number.isFinite(instantMs) || instantMs < SUPPORTED_START_MS || instantMs >= SUPPORTED_END_MS) {
    throw new RangeError(`Instant ${String(instantMs)} is outside the supported years 1900 to 9999 for ${TIME_ZONE} time.`);
  }
}

/** UTC offset of Europe/London in minutes at an instant (0 for GMT, 60 for BST). */
function offsetAt(instantMs: number): number {
  if (instantMs < TABLE_START_MS || instantMs >= TABLE_END_MS) return zoneOffset(instantMs);
  const { starts, offsets } = (table ??= buildTable());
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= instantMs) low = middle;
    else high = middle - 1;
  }
  return offsets[low] as number;
}

/**
 * The Europe/London local date and minute of an instant.
 *
 * @example
 * toLocal(Date.parse('2026-03-29T00:59:00Z')); // => { day: 20541, minutes: 59 }  (00:59 GMT, 29 March 2026)
 * toLocal(Date.parse('2026-03-29T01:00:00Z')); // => { day: 20541, minutes: 120 } (02:00 BST: the clocks went forward)
 * toLocal(Date.parse('2026-06-30T23:30:00Z')); // => { day: 20635, minutes: 30 }  (00:30 BST on 1 July)
 */
export function toLocal(instantMs: number): LocalTime {
  assertSupportedInstant(instantMs);
  const localMs = instantMs + offsetAt(instantMs) * MINUTE_MS;
  const day = Math.floor(localMs / DAY_MS);
  return { day, minutes: Math.floor((localMs - day * DAY_MS) / MINUTE_MS) };
}

/**
 * The instant at which Europe/London clocks read `minutes` past midnight on `day`. A reading the
 * clocks skip in spring (01:00–01:59 on the last Sunday of March) means the same distance past the
 * jump, so 01:30 is 02:30 BST; a reading they show twice in autumn is the first, BST one.
 *
 * @example
 * formatInstant(fromLocal(toDayNumber('2026-12-23'), 16 * 60 + 59)); // => '2026-12-23T16:59:00+00:00'
 * formatInstant(fromLocal(toDayNumber('2026-03-29'), 90));           // => '2026-03-29T02:30:00+01:00' (spring gap)
 * formatInstant(fromLocal(toDayNumber('2026-10-25'), 90));           // => '2026-10-25T01:30:00+01:00' (earlier of two)
 */
export function fromLocal(day: DayNumber, minutes: number): number {
  if (!Number.isInteger(day)) throw new RangeError(`Invalid day number ${String(day)}: expected an integer.`);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 1440) {
    throw new RangeError(`Invalid minutes since midnight ${String(minutes)}: expected an integer from 0 to 1439.`);
  }
  const localMs = day * DAY_MS + minutes * MINUTE_MS;
  assertSupportedInstant(localMs);
  // Changes are months apart, so the offsets a day either side are the only two that can apply.
  const offsetBefore = offsetAt(localMs - DAY_MS);
  const offsetAfter = offsetAt(localMs + DAY_MS);
  const withBefore = localMs - offsetBefore * MINUTE_MS;
  if (offsetBefore === offsetAfter || offsetAt(withBefore) === offsetBefore) return withBefore;
  const withAfter = localMs - offsetAfter * MINUTE_MS;
  if (offsetAt(withAfter) === offsetAfter) return withAfter;
  // In the gap neither reading exists; measuring with the old offset lands as far past the jump.
  return withBefore;
}

/**
 * The last second of a Europe/London local day, 23:59:59 local time: the moment a deadline "by the
 * end of the day" expires.
 *
 * @example
 * formatInstant(endOfLocalDay(toDayNumber('2026-12-24'))); // => '2026-12-24T23:59:59+00:00'
 * formatInstant(endOfLocalDay(toDayNumber('2026-03-29'))); // => '2026-03-29T23:59:59+01:00'
 */
export function endOfLocalDay(day: DayNumber): number {
  return fromLocal(day, 1439) + 59_000;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * An instant as ISO 8601 in Europe/London local time with its numeric offset, to the second
 * (milliseconds are dropped, rounding down). Never `Z`: readers see the wall clock they live by.
 *
 * @example
 * formatInstant(Date.parse('2026-03-29T22:59:59Z')); // => '2026-03-29T23:59:59+01:00'
 * formatInstant(Date.parse('2026-12-25T12:00:00.999Z')); // => '2026-12-25T12:00:00+00:00'
 */
export function formatInstant(instantMs: number): string {
  assertSupportedInstant(instantMs);
  const offset = offsetAt(instantMs);
  const localMs = Math.floor(instantMs / 1000) * 1000 + offset * MINUTE_MS;
  const day = Math.floor(localMs / DAY_MS);
  const secondOfDay = (localMs - day * DAY_MS) / 1000;
  const clock = `${twoDigits(Math.floor(secondOfDay / 3600))}:${twoDigits(Math.floor(secondOfDay / 60) % 60)}:${twoDigits(secondOfDay % 60)}`;
  const absoluteOffset = Math.abs(offset);
  const zone = `${offset < 0 ? '-' : '+'}${twoDigits(Math.floor(absoluteOffset / 60))}:${twoDigits(absoluteOffset % 60)}`;
  return `${fromDayNumber(day)}T${clock}${zone}`;
}

const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function invalidDateTime(value: unknown, why: string): Error {
  return new Error(
    `Invalid date-time ${JSON.stringify(value)}: ${why}. Expected ISO 8601 such as 2026-12-23T16:59:00Z, `
    + `2026-12-23T16:59:00+00:00, or 2026-12-23T16:59 for ${TIME_ZONE} local time.`,
  );
}

/**
 * Milliseconds since the epoch for an ISO 8601 date-time. With `Z` or an offset it is that exact
 * instant; without one it is a Europe/London wall-clock time (read as `fromLocal` reads it).
 * Anything else throws an Error naming the value.
 *
 * @example
 * parseInstant('2026-12-23T16:59');               // => 1798045140000 (16:59 GMT)
 * parseInstant('2026-07-01T09:00');               // => 1782892800000 (09:00 BST = 08:00Z)
 * parseInstant('2026-07-01T09:00:00.250+01:00');  // => 1782892800250
 * parseInstant('2026-12-23');                     // throws Error: Invalid date-time "2026-12-23": a time is required ...
 */
export function parseInstant(iso: string): number {
  if (typeof iso !== 'string') throw invalidDateTime(iso, 'not a string');
  const match = DATE_TIME_PATTERN.exec(iso);
  if (!match) {
    throw invalidDateTime(iso, /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'a time is required as well as the date' : 'not an ISO 8601 date-time');
  }
  const [, date = '', hourText = '', minuteText = '', secondText = '0', fraction = '', zone] = match;
  let day: DayNumber;
  try {
    day = toDayNumber(date);
  } catch {
    throw invalidDateTime(iso, `${date} is not a date that exists`);
  }
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (hour > 23 || minute > 59 || second > 59) throw invalidDateTime(iso, 'the time of day is out of range');
  const withinMinuteMs = second * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (zone === undefined) {
    const localMs = day * DAY_MS + (hour * 60 + minute) * MINUTE_MS;
    if (localMs < SUPPORTED_START_MS || localMs >= SUPPORTED_END_MS) throw invalidDateTime(iso, 'local times are supported from 1900 to 9999');
    return fromLocal(day, hour * 60 + minute) + withinMinuteMs;
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutePart = Number(digits.slice(2, 4) || '0');
    if (offsetHours > 23 || offsetMinutePart > 59) throw invalidDateTime(iso, 'the UTC offset is out of range');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMinutePart);
  }
  return day * DAY_MS + (hour * 60 + minute - offsetMinutes) * MINUTE_MS + withinMinuteMs;
}
