import type { DayNumber } from '../calendar/day-number.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { computeTimeline } from './compute-timeline.ts';

export interface ReceiptDate {
  id: string;
  stage: string;
  label: string;
  due: number;
  dueDay: DayNumber;
  /** A time limit in hours: due at a time of day, not at the end of a day. */
  inHours: boolean;
}

export interface DatesOnReceipt {
  procedure: string;
  receivedAt: number;
  /** The stage a complaint by this channel enters. */
  stage: string;
  channel: string;
  /** Clocks that start on receipt and have a due date, soonest first. */
  dates: ReceiptDate[];
  /** Clocks of the entry stage with no date yet, with why ("Starts when the complaint is acknowledged."). */
  later: { id: string; label: string; note: string }[];
  calendarVersion: string;
}

/**
 * What a complainant can be told the moment a complaint arrives: the dates the procedure promises.
 * The same engine as the sweep, run on a case with only its receipt.
 *
 * @example
 * datesOnReceipt({ procedure: ceccc, calendar, channel: 'web', receivedAt: Date.parse('2026-12-23T10:00:00Z') }).dates
 * //=> [{ id: 'stage-1.acknowledge', dueDay: 2027-01-04 … }, { id: 'stage-1.respond', dueDay: 2027-01-25 … }]
 */
export function datesOnReceipt(input: { procedure: Procedure; calendar: WorkingCalendar; channel: string; receivedAt: number }): DatesOnReceipt {
  const { procedure, calendar, channel, receivedAt } = input;
  const received: CaseEvent = {
    type: 'received',
    at: new Date(receivedAt).toISOString(),
    actor: 'complainant',
    channel,
    exceptionalCircumstances: false,
    anonymous: false,
    aboutHandler: false,
  };
  const timeline = computeTimeline({ procedure, calendar, events: [received], now: receivedAt });
  const refusal = timeline.refused[0];
  if (refusal || !timeline.stage) throw new Error(refusal?.reason ?? `No stage for channel "${channel}".`);
  const stageClocks = timeline.clocks.filter((clock) => clock.stage === timeline.stage);
  return {
    procedure: procedure.id,
    receivedAt,
    stage: timeline.stage,
    channel,
    dates: stageClocks
      .filter((clock) => clock.due !== undefined && clock.dueDay !== undefined)
      .map((clock) => ({
        id: clock.id,
        stage: clock.stage,
        label: clock.label,
        due: clock.due as number,
        dueDay: clock.dueDay as DayNumber,
        inHours: procedure.stages.find((s) => s.id === clock.stage)?.clocks.find((c) => `${clock.stage}.${c.id}` === clock.id)?.within?.unit === 'hours',
      }))
      .sort((a, b) => a.due - b.due),
    later: stageClocks
      .filter((clock) => clock.due === undefined)
      .map((clock) => ({ id: clock.id, label: clock.label, note: clock.note ?? '' })),
    calendarVersion: timeline.calendarVersion,
  };
}
