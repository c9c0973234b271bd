/**
 * The dates a complainant is promised, in the words the site, the receipt and the JSON answer all use. The dates
 * are the deadline engine's (datesOnReceipt); this module only names them.
 */
import { fromDayNumber, type LocalDate } from '../calendar/day-number.ts';
import { formatInstant } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { datesOnReceipt } from '../deadlines/dates-on-receipt.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';
import { webChannel } from './web-channel.ts';

export interface PromisedDate {
  /** The clock, `<stage>.<clock>`, e.g. "stage-1.acknowledge". */
  id: string;
  /** What is promised, in the procedure's words: "Acknowledge the complaint in writing". */
  label: string;
  /** The UK local date it is due by. */
  dueDate: LocalDate;
  /** The same date in words: "Monday 4 January 2027", with the time for a limit in hours ("… at 10:00am"). */
  dueText: string;
  /** The last moment it is met, ISO 8601 with the UK offset. */
  dueBy: string;
}

export interface ReceiptDates {
  procedure: string;
  /** When the complaint was received, ISO 8601 with the UK offset. */
  receivedAt: string;
  /** The stage the complaint starts in. */
  stage: string;
  dates: PromisedDate[];
  /** Promises of that stage with no date yet (a target date staff will set, a time limit not yet set). */
  later: { id: string; label: string }[];
  /** The calendar data the dates were computed with, so they can be checked later. */
  calendarVersion: string;
}

/**
 * What a complaint made online at `receivedAt` will be held to.
 *
 * @example
 * receiptDates({ procedure: ceccc, calendar, receivedAt: Date.parse('2026-12-23T10:00:00Z') }).dates.map((d) => d.dueText)
 * //=> ['Monday 4 January 2027', 'Monday 25 January 2027']
 */
export function receiptDates({ procedure, calendar, receivedAt }: { procedure: Procedure; calendar: WorkingCalendar; receivedAt: number }): ReceiptDates {
  const channel = webChannel(procedure) ?? procedure.channels[0];
  if (!channel) throw new Error(`Procedure "${procedure.id}" has no channels.`);
  const result = datesOnReceipt({ procedure, calendar, channel: channel.id, receivedAt });
  return {
    procedure: procedure.id,
    receivedAt: formatInstant(receivedAt),
    stage: result.stage,
    dates: result.dates.map((date) => ({
      id: date.id,
      label: date.label,
      dueDate: fromDayNumber(date.dueDay),
      dueText: date.inHours ? formatInstantLong(date.due) : formatDayLong(date.dueDay),
      dueBy: formatInstant(date.due),
    })),
    later: result.later.map(({ id, label }) => ({ id, label })),
    calendarVersion: result.calendarVersion,
  };
}
