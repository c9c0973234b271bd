import type { CountingRules } from '../calendar/duration.ts';
import { createWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';

/** A bank holiday announced at short notice, set in configuration rather than code. */
export interface ExtraHoliday {
  date: string;
  name: string;
  nations?: readonly Procedure['nation'][];
}

const calendars = new WeakMap<Procedure, Map<string, WorkingCalendar>>();

/**
 * The working calendar a procedure counts on: its nation's bank holidays, its own closure days and any extra holidays.
 * Cached per procedure, since building the working-day index is the expensive part.
 *
 * @example
 * calendarFor(ceccc).isWorkingDay(toDayNumber('2026-12-28')) //=> false (Boxing Day substitute)
 */
export function calendarFor(procedure: Procedure, extraHolidays: readonly ExtraHoliday[] = []): WorkingCalendar {
  const key = JSON.stringify(extraHolidays);
  let byExtras = calendars.get(procedure);
  if (!byExtras) calendars.set(procedure, (byExtras = new Map()));
  let calendar = byExtras.get(key);
  if (!calendar) {
    calendar = createWorkingCalendar({ nation: procedure.nation, closures: procedure.calendar.closures, extraHolidays });
    byExtras.set(key, calendar);
  }
  return calendar;
}

/** The procedure's counting rules in the form the duration arithmetic takes. */
export function countingRules(procedure: Procedure): CountingRules {
  return { cutOffMinutes: procedure.calendar.cutOff, countStartDay: procedure.calendar.countStartDay, nonWorkingDayReceipt: procedure.calendar.nonWorkingDayReceipt };
}
