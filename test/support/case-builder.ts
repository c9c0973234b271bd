import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { formatInstant } from '../../scripts/core/calendar/london-time.ts';
import { CaseEventSchema, type CaseEvent, type CaseEventInput } from '../../scripts/core/case/case-event-schema.ts';
import { computeTimeline } from '../../scripts/core/deadlines/compute-timeline.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { ClockView, Timeline } from '../../scripts/core/deadlines/timeline-types.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { seedProcedure } from './procedures.ts';

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A small builder so each test reads as the story of a case. */
export class CaseBuilder {
  readonly events: CaseEvent[] = [];
  readonly procedure: Procedure;

  constructor(procedure: string | Procedure) {
    this.procedure = typeof procedure === 'string' ? seedProcedure(procedure) : procedure;
  }

  add(type: CaseEventInput['type'], at: string, fields: Partial<Without<CaseEventInput, 'type' | 'at'>> = {}): this {
    this.events.push(CaseEventSchema.parse({ type, at, ...fields }));
    return this;
  }

  received(at: string, fields: Partial<Extract<CaseEventInput, { type: 'received' }>> = {}): this {
    return this.add('received', at, { channel: 'web', ...fields });
  }

  /** The timeline at `now`; `people` says who holds each role, where a test needs it. */
  at(now: string, people?: (role: string) => readonly string[]): Timeline {
    const procedure = this.procedure;
    return computeTimeline({ procedure, events: this.events, now: Date.parse(now), calendar: calendarFor(procedure), ...(people ? { people } : {}) });
  }
}

export const newCase = (procedure: string | Procedure) => new CaseBuilder(procedure);

/** A clock of a timeline in readable form: due date, state and lateness. */
export function clock(timeline: Timeline, id: string): { dueDate?: string; due?: string; state: ClockView['state']; late?: number } {
  const view = timeline.clocks.find((c) => c.id === id);
  if (!view) throw new Error(`No clock ${id}; clocks: ${timeline.clocks.map((c) => c.id).join(', ')}`);
  return {
    dueDate: view.dueDay === undefined ? undefined : fromDayNumber(view.dueDay),
    due: view.due === undefined ? undefined : formatInstant(view.due),
    state: view.state,
    ...(view.lateWorkingDays === undefined ? {} : { late: view.lateWorkingDays }),
  };
}
