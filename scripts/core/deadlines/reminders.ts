import type { DayNumber } from '../calendar/day-number.ts';
import type { Duration } from '../calendar/duration.ts';
import { fromLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { StageRun } from '../case/case-state.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import type { ReminderDue, ReminderLevel, Timeline } from './timeline-types.ts';

const HOUR = 3_600_000;

interface RemindersInput {
  procedure: Procedure;
  timeline: Timeline;
  run: StageRun;
  calendar: WorkingCalendar;
  now: number;
}

/**
 * The reminder due now for each running clock of the current stage: only the highest level reached, so a sweep that
 * was not run for a while sends "overdue" rather than three reminders at once.
 * Levels: each lead time of the procedure before the due date, the due day itself, and overdue.
 *
 * @example
 * remindersDue({ ... now: 2 working days before stage-1.respond ... })
 * //=> [{ clock: 'stage-1.respond', level: 'before-2-working-days', notify: 'coordinator', at: … }]
 */
export function remindersDue({ procedure, timeline, run, calendar, now }: RemindersInput): ReminderDue[] {
  const reminders: ReminderDue[] = [];
  const startOfWork = procedure.calendar.workingHours.start;
  for (const clock of timeline.clocks) {
    if (clock.stage !== run.stage.id || clock.owner !== 'organisation') continue;
    if (!(clock.state === 'pending' || clock.state === 'due-soon' || clock.state === 'overdue')) continue;
    if (clock.due === undefined || clock.dueDay === undefined || clock.startedAt === undefined) continue;
    const started = clock.startedAt;

    const levels: { level: ReminderLevel; at: number }[] = [];
    for (const lead of procedure.reminders.before) {
      const at = leadTime(lead, clock.dueDay, clock.due, calendar, startOfWork);
      if (at > started) levels.push({ level: `before-${lead.amount}-${lead.unit}`, at });
    }
    const dueWorkingDay = calendar.isWorkingDay(clock.dueDay) ? clock.dueDay : previousWorkingDay(calendar, clock.dueDay);
    const dueToday = fromLocal(dueWorkingDay, startOfWork);
    if (dueToday > started && dueToday < clock.due) levels.push({ level: 'due-today', at: dueToday });
    levels.push({ level: 'overdue', at: clock.due });

    const reached = levels.filter((l) => l.at <= now).sort((a, b) => a.at - b.at).at(-1);
    if (reached) reminders.push({ clock: clock.id, level: reached.level, notify: run.handler, at: reached.at });
  }
  return reminders;
}

function leadTime(lead: Duration, dueDay: DayNumber, due: number, calendar: WorkingCalendar, startOfWork: number): number {
  switch (lead.unit) {
    case 'hours':
      return due - lead.amount * HOUR;
    case 'working-days':
      return fromLocal(calendar.subtractWorkingDays(dueDay, lead.amount), startOfWork);
    case 'calendar-days':
      return fromLocal(dueDay - lead.amount, startOfWork);
    case 'weeks':
      return fromLocal(dueDay - 7 * lead.amount, startOfWork);
    case 'months':
      return fromLocal(dueDay - 30 * lead.amount, startOfWork);
  }
}

function previousWorkingDay(calendar: WorkingCalendar, day: DayNumber): DayNumber {
  return calendar.subtractWorkingDays(day, 1);
}
