import type { DayNumber } from '../calendar/day-number.ts';
import { fromLocal, toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Procedure, SendingChannel } from '../procedure/procedure-schema.ts';

export interface DeemedReceipt {
  /** The UK local day the letter counts as received. */
  day: DayNumber;
  /** The instant it counts as received: when it was sent, if that day; else the start of working hours that day. */
  at: number;
  sentAt: number;
  /** How it was sent; absent when staff did not say, and it is then counted as posted. */
  sentBy?: SendingChannel;
}

/**
 * When a letter the organisation sent counts as received by the complainant, for the windows that run from its
 * receipt ("within 5 working days of receipt of the Stage 1 response"). By the procedure's `calendar.deemedReceipt`:
 * by default an email or a letter handed over counts as received the day it was sent if sent within working hours
 * on a working day, otherwise the next working day; a posted letter on the second working day after posting. A
 * letter whose way of sending was not recorded is counted as posted, the later reading, so the complainant never
 * loses time for what staff did not write down.
 *
 * @example
 * deemedReceipt({ procedure: ceccc, calendar, sentAt: Date.parse('2026-11-27T15:00:00Z'), sentBy: 'email' }).day
 * //=> day number of 2026-11-27 (a Friday, within working hours)
 * deemedReceipt({ procedure: ceccc, calendar, sentAt: Date.parse('2026-11-27T15:00:00Z'), sentBy: 'post' }).day
 * //=> day number of 2026-12-01 (the second working day after posting: Monday 30 November, Tuesday 1 December)
 */
export function deemedReceipt({ procedure, calendar, sentAt, sentBy }: {
  procedure: Procedure;
  calendar: WorkingCalendar;
  sentAt: number;
  sentBy: SendingChannel | undefined;
}): DeemedReceipt {
  const local = toLocal(sentAt);
  const hours = procedure.calendar.workingHours;
  const workingDays = procedure.calendar.deemedReceipt[sentBy ?? 'post'];
  const inHours = calendar.isWorkingDay(local.day) && local.minutes >= hours.start && local.minutes < hours.end;
  const sameDay = workingDays === 0 && inHours;
  const day = sameDay ? local.day : workingDays === 0 ? calendar.nextWorkingDay(local.day) : calendar.addWorkingDays(local.day, workingDays);
  return { day, at: sameDay ? sentAt : fromLocal(day, hours.start), sentAt, ...(sentBy ? { sentBy } : {}) };
}
