/**
 * One line of a staff's list of cases: where the case stands and what is due next, from its record alone (the
 * block's events as of the last sweep). Never anything the complainant wrote.
 */
import { fromDayNumber, type DayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { computeTimeline } from '../deadlines/compute-timeline.ts';
import type { ClockState, Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import type { CaseBlock } from './case-block.ts';

export interface CaseSummary {
  reference: string;
  procedure: string;
  stage: string;
  status: Timeline['status'];
  /** The handling role's title, as the procedure names it. */
  handler: string;
  /** Who holds the case now (the store's assignees). */
  assignees: string[];
  /** The soonest time limit of the organisation's still running, or the most overdue one. */
  next?: { clock: string; label: string; dueDate: string; state: ClockState };
  state: 'open' | 'closed';
}

/** Due dates by state: the overdue first, then what is due soonest; cases with nothing running last. */
export function compareByNextDue(a: CaseSummary, b: CaseSummary): number {
  const rank = (s: CaseSummary) => (s.next === undefined ? 2 : s.next.state === 'overdue' ? 0 : 1);
  return rank(a) - rank(b) || (a.next?.dueDate ?? '').localeCompare(b.next?.dueDate ?? '') || a.reference.localeCompare(b.reference);
}

/**
 * @example
 * summariseCase({ reference: 'RDR-7K', block, procedure: ceccc, calendar, now, assignees: ['mary'], state: 'open' })
 * //=> { reference: 'RDR-7K', procedure: 'ceccc', stage: 'Stage 1', status: 'received', handler: 'Centre Co-Ordinator',
 * //     assignees: ['mary'], next: { clock: 'stage-1.acknowledge', label: 'Acknowledge the complaint in writing',
 * //     dueDate: '2026-11-09', state: 'pending' }, state: 'open' }
 */
export function summariseCase(input: { reference: string; block: CaseBlock; procedure: Procedure; calendar: WorkingCalendar; now: number; assignees: readonly string[]; state: 'open' | 'closed' }): CaseSummary {
  const { procedure } = input;
  const timeline = computeTimeline({ procedure, calendar: input.calendar, events: input.block.events, now: input.now });
  const run = timeline.stages.at(-1);
  const running = timeline.clocks
    .filter((clock) => clock.owner === 'organisation' && clock.dueDay !== undefined && ['pending', 'due-soon', 'overdue'].includes(clock.state))
    .sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue') || (a.dueDay ?? 0) - (b.dueDay ?? 0))[0];
  return {
    reference: input.reference,
    procedure: procedure.id,
    stage: procedure.stages.find((stage) => stage.id === timeline.stage)?.title ?? '',
    status: timeline.status,
    handler: run ? (procedure.roles.find((role) => role.id === run.handler)?.title ?? run.handler) : '',
    assignees: [...input.assignees],
    ...(running ? { next: { clock: running.id, label: running.label, dueDate: fromDayNumber(running.dueDay as DayNumber), state: running.state } } : {}),
    state: input.state,
  };
}

/**
 * Whether a case's next time limit falls within `days` working days of `now` (today counts as day 0), or has
 * passed: what "due this week" means to someone planning their working days.
 */
export function dueWithin(summary: CaseSummary, days: number, calendar: WorkingCalendar, now: number): boolean {
  if (!summary.next) return false;
  const limit = calendar.addWorkingDays(toLocal(now).day, days);
  return summary.next.dueDate <= fromDayNumber(limit);
}
