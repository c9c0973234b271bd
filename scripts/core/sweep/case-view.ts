import { formatDuration } from '../calendar/duration.ts';
import type { ClockView, Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';

const STATE_WORDS: Readonly<Record<ClockView['state'], string>> = {
  pending: 'on track',
  'due-soon': 'due soon',
  paused: 'paused',
  met: 'met',
  missed: 'missed',
  overdue: 'OVERDUE',
  'not-applicable': 'not started',
};

const STATUS_WORDS: Readonly<Record<Timeline['status'], string>> = {
  received: 'received, not yet acknowledged',
  acknowledged: 'acknowledged, response due',
  responded: 'answered; the complainant may ask for the next stage',
  concluded: 'concluded: the final stage has been answered',
  paused: 'paused',
  withdrawn: 'withdrawn',
  closed: 'closed',
  'passed-on': 'passed on to an outside body',
};

/** A clock's due date in words: the day for day-based limits, the day and time for limits in hours. */
export function dueInWords(procedure: Procedure, clock: ClockView): string {
  if (clock.dueDay === undefined || clock.due === undefined) return clock.note ?? 'no date';
  const stage = procedure.stages.find((s) => s.id === clock.stage);
  const unit = stage?.clocks.find((c) => `${stage.id}.${c.id}` === clock.id)?.within?.unit;
  return unit === 'hours' ? formatInstantLong(clock.due) : formatDayLong(clock.dueDay);
}

export function roleTitle(procedure: Procedure, role: string): string {
  return procedure.roles.find((r) => r.id === role)?.title ?? role;
}

/**
 * What the status comment shows: only facts and dates, never "in 3 days" or the time of the sweep, so the comment
 * changes (and is written) only when the case does.
 */
export function statusView(procedure: Procedure, timeline: Timeline, reference: string) {
  const stage = procedure.stages.find((s) => s.id === timeline.stage);
  const run = timeline.stages.at(-1);
  const clocks = timeline.clocks
    .filter((clock) => clock.startedAt !== undefined || clock.stage === timeline.stage)
    .map((clock) => ({
      id: clock.id,
      label: clock.label,
      owner: clock.owner,
      due: `${dueInWords(procedure, clock)}${clock.deemedReceipt ? ` (${receiptWords(clock.deemedReceipt)})` : ''}`,
      state: STATE_WORDS[clock.state],
      late: clock.lateWorkingDays ? `${clock.lateWorkingDays} working day${clock.lateWorkingDays === 1 ? '' : 's'} late` : '',
      revised: clock.revised,
    }));
  return {
    reference,
    procedure: procedure.title,
    organisation: procedure.organisation.name,
    stage: stage?.title ?? 'not yet received',
    status: STATUS_WORDS[timeline.status],
    handler: run ? roleTitle(procedure, run.handler) : '',
    handlerNote: run?.insteadOf ? `not the ${roleTitle(procedure, run.insteadOf)}, who handled an earlier stage this one must be independent of` : '',
    clocks,
    next: nextStep(procedure, timeline),
    findings: timeline.findings.map((f) => f.message),
    escalation: [
      // "Notice posted", not "told": who the notice reached, and how, is said on the notice itself.
      ...timeline.escalationsNotified.map((step) => `step ${step.level}, ${roleTitle(procedure, step.notify)}, notice posted ${formatInstantLong(step.notifiedAt)}`),
      // The sweep tells a due step's people now and records that instant, so the comment already reads as it will.
      ...timeline.escalations.map((step) => `step ${step.level}, ${roleTitle(procedure, step.notify)}, ${timeline.withinWorkingHours ? `notice posted ${formatInstantLong(timeline.now)}` : 'notice to be posted in working hours'}`),
    ],
    pauses: timeline.pauses.map((pause) => pauseWords(procedure, pause)),
    // Where the procedure lets the organisation pass a complaint on itself, staff are told how to record it.
    passOn: ['withdrawn', 'closed', 'passed-on'].includes(timeline.status)
      ? []
      : procedure.externalBodies.flatMap((body) => (body.passOn ? [`${body.passOn.summary.split(/(?<=\.)\s/)[0]} If it is passed on, write \`/pass-on ${body.id}\`.`] : [])),
    external: timeline.externalWindows.map((w) => `${w.name}: by ${formatDayLong(w.dueDay)}${w.state === 'lapsed' ? ' (passed)' : ''}`),
    calendar: timeline.calendarVersion,
  };
}

/** How a response reached the complainant, for a window counted from its receipt. */
function receiptWords(deemed: NonNullable<ClockView['deemedReceipt']>): string {
  const how = deemed.sentBy ? `sent by ${deemed.sentBy} ${formatInstantLong(deemed.sentAt)}` : `sent ${formatInstantLong(deemed.sentAt)}, how not recorded, so counted as posted`;
  return `from its receipt, ${formatDayLong(deemed.day)}: ${how}`;
}

/** A time the clocks stood still, in words. */
function pauseWords(procedure: Procedure, pause: Timeline['pauses'][number]): string {
  const what = pause.kind === 'closed' ? 'Closed' : `Paused${pause.reason ? ` (${pause.reason})` : ''}`;
  const span = pause.to === undefined ? `since ${formatInstantLong(pause.from)}` : `from ${formatInstantLong(pause.from)} to ${formatInstantLong(pause.to)}`;
  const limit = procedure.pauses?.limit;
  const over = pause.limitReachedAt !== undefined ? `; the ${formatDuration(limit ?? { amount: 1, unit: 'working-days' })} the procedure allows ran out ${formatInstantLong(pause.limitReachedAt)}` : '';
  return `${what} ${span}${over}`;
}

/** What happens next, in a sentence for staff. */
export function nextStep(procedure: Procedure, timeline: Timeline): string {
  const running = timeline.clocks
    .filter((c) => c.stage === timeline.stage && c.owner === 'organisation' && ['pending', 'due-soon', 'overdue'].includes(c.state))
    .sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity))[0];
  const run = timeline.stages.at(-1);
  const handler = run ? roleTitle(procedure, run.handler) : '';
  switch (timeline.status) {
    case 'paused':
      return 'The clocks are stopped. Write /resume to restart them.';
    case 'withdrawn':
    case 'closed':
      return `The case is ${timeline.status}. Write /reopen to open it again.`;
    case 'passed-on': {
      const body = procedure.externalBodies.find((b) => b.id === timeline.passedOn?.to);
      return `The case was passed on to ${body?.name ?? timeline.passedOn?.to ?? 'an outside body'}. Write /reopen if it comes back.`;
    }
    case 'concluded': {
      const external = timeline.externalWindows.find((w) => w.state === 'open');
      return `The procedure is complete.${external ? ` The complainant may go to ${external.name} by ${formatDayLong(external.dueDay)}.` : ''} Write /close when the file is complete.`;
    }
    case 'responded': {
      const nextStage = procedure.stages[procedure.stages.findIndex((s) => s.id === timeline.stage) + 1];
      const window = timeline.clocks.find((c) => c.owner === 'complainant' && c.stage === nextStage?.id && c.startedAt !== undefined);
      if (window?.state === 'pending' && window.dueDay !== undefined) {
        return `The complainant may ask for ${nextStage?.title ?? 'the next stage'} by ${formatDayLong(window.dueDay)}. Write /escalate if they do, or /close.`;
      }
      // A lapsed window, with what the procedure says of a late request ("only if exceptional circumstances apply").
      if (window?.state === 'missed' && window.dueDay !== undefined) {
        const exceptions = nextStage?.clocks.find((c) => `${nextStage.id}.${c.id}` === window.id)?.exceptions?.summary;
        return `The time to ask for ${nextStage?.title ?? 'the next stage'} ended on ${formatDayLong(window.dueDay)}.${exceptions ? ` ${exceptions}` : ''} Write /escalate if the complainant asks anyway, or /close.`;
      }
      return `If the complainant asks for ${nextStage?.title ?? 'the next stage'}, write /escalate; otherwise /close.`;
    }
    default:
      if (running?.dueDay !== undefined) return `${running.label} by ${dueInWords(procedure, running)} (${handler}).`;
      if (timeline.status === 'acknowledged') {
        const target = timeline.clocks.find((c) => c.stage === timeline.stage && c.note === 'Due on the target date staff set.');
        if (target) return `Set the target completion date with /target <date>, then respond with /respond <outcome> (${handler}).`;
      }
      if (timeline.status === 'received') {
        const stage = procedure.stages.find((s) => s.id === timeline.stage);
        const withTarget = stage?.clocks.some((c) => c.setWithAcknowledgement);
        return withTarget ? `Acknowledge the complaint with its estimated target date: /acknowledge target <date> (${handler}).` : `Acknowledge the complaint with /acknowledge (${handler}).`;
      }
      return `Respond with /respond <outcome> [by email|post|hand] (${handler}).`;
  }
}

/** The words of a reminder level: "2 working days before", "today", "overdue". */
export function reminderLevelWords(level: string): string {
  if (level === 'due-today') return 'due today';
  if (level === 'overdue') return 'overdue';
  const match = /^before-(\d+)-(.+)$/.exec(level);
  return match ? `due in ${formatDuration({ amount: Number(match[1]), unit: match[2] as 'working-days' })}` : level;
}
