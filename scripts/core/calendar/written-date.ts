/**
 * Dates and times as staff write them, in one place for every command and question that takes one: ISO
 * (2026-11-28) or the UK's day-first order (28/11/2026), with a time after the date where one is wanted.
 */
import { isLocalDate } from './day-number.ts';
import { parseInstant } from './london-time.ts';

/** How the forms are described in messages. */
export const WRITTEN_DATE_FORMS = '2026-11-28 or 28/11/2026';
export const WRITTEN_DATE_TIME_FORMS = '2026-11-28T10:00, 2026-11-28 10:00 or 28/11/2026 10:00 (UK time)';

/**
 * The ISO date (YYYY-MM-DD) of a date written either way; undefined when it is not a date that exists.
 *
 * @example
 * parseWrittenDate('28/11/2026') //=> '2026-11-28'
 * parseWrittenDate('2026-11-28') //=> '2026-11-28'
 * parseWrittenDate('31/02/2026') //=> undefined
 */
export function parseWrittenDate(text: string): string | undefined {
  const trimmed = text.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const iso = uk ? `${uk[3]}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}` : trimmed;
  return isLocalDate(iso) ? iso : undefined;
}

/**
 * The instant of a date and time written either way: ISO 8601 (with an offset, or UK local time without one), or
 * a written date and a 24-hour time separated by a space. Throws an Error naming the value and the forms.
 *
 * @example
 * parseWrittenDateTime('28/11/2026 10:00') //=> Date.parse('2026-11-28T10:00:00Z') (GMT in November)
 * parseWrittenDateTime('2026-07-01T09:00') //=> Date.parse('2026-07-01T08:00:00Z') (BST)
 */
export function parseWrittenDateTime(text: string): number {
  const trimmed = text.trim();
  const spaced = /^(\S+)[ T](\d{1,2}):(\d{2})$/.exec(trimmed);
  const date = spaced ? parseWrittenDate(spaced[1] ?? '') : undefined;
  try {
    return parseInstant(spaced && date ? `${date}T${(spaced[2] ?? '').padStart(2, '0')}:${spaced[3]}` : trimmed);
  } catch {
    throw new Error(`"${text}" is not a date and time: write it as ${WRITTEN_DATE_TIME_FORMS}.`);
  }
}
