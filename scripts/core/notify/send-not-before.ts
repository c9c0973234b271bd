import { toLocal, fromLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';

/** Working hours as minutes past midnight, UK time: `{ start: 540, end: 1020 }` is 09:00 to 17:00. */
export interface WorkingHours {
  start: number;
  end: number;
}

/**
 * The earliest instant a notice to staff that became due `at` may be sent: `at` itself within working hours on a
 * working day; otherwise the start of working hours on the next working day of the procedure's calendar (weekends,
 * bank holidays and the organisation's closures are not working days). Nobody is emailed at midnight or on a
 * Sunday; what falls due then waits in the queue.
 *
 * @example
 * // Friday 4 December 2026, 18:30: after hours, so Monday 7 December at 09:00
 * formatInstant(sendNotBefore({ calendar, hours: { start: 540, end: 1020 }, at: Date.parse('2026-12-04T18:30:00Z') }))
 * //=> '2026-12-07T09:00:00+00:00'
 * // Monday 28 December 2026, 10:00 (the Boxing Day substitute holiday in England and Wales): Tuesday 29 at 09:00
 * //=> '2026-12-29T09:00:00+00:00'
 */
export function sendNotBefore({ calendar, hours, at }: { calendar: WorkingCalendar; hours: WorkingHours; at: number }): number {
  const { day, minutes } = toLocal(at);
  if (calendar.isWorkingDay(day)) {
    if (minutes < hours.start) return fromLocal(day, hours.start);
    if (minutes < hours.end) return at;
  }
  return fromLocal(calendar.nextWorkingDay(day), hours.start);
}
