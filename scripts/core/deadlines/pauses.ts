import { addCalendarMonths, type DayNumber } from '../calendar/day-number.ts';
import type { Duration } from '../calendar/duration.ts';
import { endOfLocalDay, toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseState } from '../case/case-state.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import type { PauseView } from './timeline-types.ts';

const HOUR = 3_600_000;

/**
 * The times a case's clocks stood still: the pauses its procedure provides for (counted up to the procedure's limit
 * on pausing, in all) and the times it stood closed before being reopened (which never count against the
 * organisation or the complainant).
 *
 * @example
 * pauseViews({ procedure: withPauses('10 working days'), state, calendar, now })[0].limitReachedAt
 * //=> the end of the tenth working day after the pause began, if it is still paused then
 */
export function pauseViews({ procedure, state, calendar, now }: { procedure: Procedure; state: CaseState; calendar: WorkingCalendar; now: number }): PauseView[] {
  const limit = procedure.pauses?.limit;
  let used = 0;
  let firstDay: DayNumber | undefined;
  return state.pauses.map((pause) => {
    const view: PauseView = { from: pause.from, ...(pause.to === undefined ? {} : { to: pause.to }), kind: pause.kind, ...(pause.reason ? { reason: pause.reason } : {}) };
    if (pause.kind !== 'pause' || !limit) return view;
    firstDay ??= toLocal(pause.from).day;
    const remaining = Math.max(0, allowance(limit, firstDay) - used);
    const reached = limitInstant(limit, pause.from, remaining, calendar);
    const end = pause.to ?? now;
    if (reached < end) view.limitReachedAt = reached;
    used += measure(limit, pause.from, Math.min(end, reached), calendar);
    return view;
  });
}

/**
 * A due date moved on by the times the clocks stood still after it started and before it was met or passed,
 * counted in the clock's own unit: working days for working-day limits (and target dates), elapsed time for hours.
 * A pause still running moves nothing yet (the clock shows paused), unless it has run past the procedure's limit.
 */
export function shiftForPauses({ due, within, pauses, start, metAt, calendar }: {
  due: { due: number; dueDay: DayNumber };
  within: Duration | undefined;
  pauses: readonly PauseView[];
  start: number;
  metAt: number | undefined;
  calendar: WorkingCalendar;
}): { due: number; dueDay: DayNumber } {
  let shifted = due;
  for (const pause of pauses) {
    const end = pause.limitReachedAt ?? pause.to;
    if (pause.from < start || pause.from > shifted.due || (metAt !== undefined && pause.from > metAt) || end === undefined) continue;
    if (within?.unit === 'hours') {
      const moved = shifted.due + (end - pause.from);
      shifted = { due: moved, dueDay: toLocal(moved).day };
    } else {
      const from = toLocal(pause.from).day;
      const to = toLocal(end).day;
      const working = within?.unit === 'working-days' || within === undefined;
      const days = working ? calendar.workingDaysBetween(from, to) : to - from;
      if (days <= 0) continue;
      const dueDay = working ? calendar.addWorkingDays(shifted.dueDay, days) : shifted.dueDay + days;
      shifted = { due: endOfLocalDay(dueDay), dueDay };
    }
  }
  return shifted;
}

/** The limit in its own unit; months become the calendar days they span from the first pause. */
function allowance(limit: Duration, firstDay: DayNumber): number {
  if (limit.unit === 'weeks') return 7 * limit.amount;
  if (limit.unit === 'months') return addCalendarMonths(firstDay, limit.amount) - firstDay;
  return limit.amount;
}

/** How much of the limit a pause from `from` to `to` uses. */
function measure(limit: Duration, from: number, to: number, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  if (limit.unit === 'hours') return (to - from) / HOUR;
  const [a, b] = [toLocal(from).day, toLocal(to).day];
  return limit.unit === 'working-days' ? Math.max(0, calendar.workingDaysBetween(a, b)) : b - a;
}

/** When a pause from `from` uses up `remaining` of the limit. */
function limitInstant(limit: Duration, from: number, remaining: number, calendar: WorkingCalendar): number {
  if (limit.unit === 'hours') return from + remaining * HOUR;
  const day = toLocal(from).day;
  return endOfLocalDay(limit.unit === 'working-days' ? calendar.addWorkingDays(day, remaining) : day + remaining);
}
