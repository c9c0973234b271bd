import type { DayNumber } from '../calendar/day-number.ts';
import { computeDue, formatDuration, workingDaysLate, type DueDate, type Duration } from '../calendar/duration.ts';
import { endOfLocalDay, toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import { reduceEvents, type CaseState, type StageRun } from '../case/case-state.ts';
import type { Clock, Procedure, Stage } from '../procedure/procedure-schema.ts';
import { countingRules } from './procedure-calendar.ts';
import { assessAdmissibility } from './admissibility.ts';
import { remindersDue, escalationSteps } from './reminders.ts';
import type { ClockView, ExternalWindow, Finding, Timeline } from './timeline-types.ts';

export interface TimelineInput {
  procedure: Procedure;
  events: readonly CaseEvent[];
  now: number;
  calendar: WorkingCalendar;
}

/**
 * The deadline engine: from a procedure, a case's events and the time now, every clock with its due date and
 * state, the reminders and escalation steps due, and what the procedure makes of the case.
 *
 * @example
 * computeTimeline({ procedure: ceccc, calendar, now, events: [received('2026-12-23T10:00:00Z')] })
 *   .clocks.find((c) => c.id === 'stage-1.acknowledge').dueDay
 * //=> day number of 2027-01-04 (Christmas, Boxing Day substitute and New Year's Day skipped)
 */
export function computeTimeline({ procedure, events, now, calendar }: TimelineInput): Timeline {
  const state = reduceEvents(procedure, events);
  const findings: Finding[] = [];
  const refused = [...state.refused];
  const clocks: ClockView[] = [];
  const rules = countingRules(procedure);

  procedure.stages.forEach((stage, index) => {
    const run = state.runs.findLast((r) => r.index === index);
    const previous = state.runs.findLast((r) => r.index === index - 1);
    for (const clock of stage.clocks) {
      clocks.push(clockView({ procedure, stage, clock, run, previous, state, now, calendar, rules, refused, findings }));
    }
  });

  const current = state.runs.at(-1);
  if (state.received) findings.push(...assessAdmissibility({ procedure, received: state.received, calendar }));
  findings.push(...departures(state));

  const timeline: Timeline = {
    procedure: procedure.id,
    calendarVersion: calendar.version,
    now,
    receivedAt: state.received?.atMs,
    channel: state.received?.channel,
    stage: current?.stage.id,
    status: status(state),
    stages: state.runs.map((run) => ({
      stage: run.stage.id,
      enteredAt: run.enteredAt,
      acknowledgedAt: run.acknowledgedAt,
      respondedAt: run.respondedAt,
      outcome: run.outcome,
      handler: run.handler,
    })),
    clocks,
    reminders: [],
    escalations: [],
    escalationLevel: 0,
    withinWorkingHours: withinWorkingHours(procedure, calendar, now),
    externalWindows: externalWindows(procedure, state, calendar, now),
    findings,
    refused: refused.sort((a, b) => a.index - b.index),
  };
  if (state.lifecycle === 'open' && current) {
    timeline.reminders = remindersDue({ procedure, timeline, run: current, calendar, now });
    timeline.escalations = escalationSteps({ stage: current.stage, clocks, now });
    timeline.escalationLevel = timeline.escalations.at(-1)?.level ?? 0;
  }
  return timeline;
}

interface ClockContext {
  procedure: Procedure;
  stage: Stage;
  clock: Clock;
  run: StageRun | undefined;
  previous: StageRun | undefined;
  state: CaseState;
  now: number;
  calendar: WorkingCalendar;
  rules: ReturnType<typeof countingRules>;
  refused: CaseState['refused'];
  findings: Finding[];
}

function clockView(context: ClockContext): ClockView {
  const { stage, clock, run, previous, state } = context;
  const view: ClockView = {
    id: `${stage.id}.${clock.id}`,
    stage: stage.id,
    label: clock.label,
    action: clock.action,
    owner: clock.action === 'request' ? 'complainant' : 'organisation',
    state: 'not-applicable',
    revised: false,
  };

  const start = startOf(clock, run, previous);
  if (start === undefined) {
    view.note = waitingFor(clock, stage, run);
    return view;
  }
  view.startedAt = start;
  const metAt = clock.action === 'acknowledge' ? run?.acknowledgedAt : clock.action === 'respond' ? run?.respondedAt : run?.enteredAt;

  const due = dueOf(context, start, view);
  if (due === undefined) {
    if (metAt !== undefined) {
      view.metAt = metAt;
      view.state = 'met';
    }
    return view;
  }
  const shifted = shiftForPauses(due, clock.within, state, start, metAt, context.calendar);
  view.due = shifted.due;
  view.dueDay = shifted.dueDay;

  if (metAt !== undefined) {
    view.metAt = metAt;
    view.lateWorkingDays = workingDaysLate({ dueDay: shifted.dueDay, metInstant: metAt, calendar: context.calendar });
    view.state = metAt <= shifted.due ? 'met' : 'missed';
    if (view.state === 'met') view.lateWorkingDays = 0;
    return view;
  }
  if (state.stoppedAt !== undefined) {
    view.state = state.stoppedAt > shifted.due && view.owner === 'organisation' ? 'missed' : 'not-applicable';
    view.note = `Stopped: the case was ${state.lifecycle}.`;
    return view;
  }
  // An organisation's clock left unmet when the case moved past it (answered without acknowledging, or taken to
  // the next stage) stops there: missed if it had already passed, else no longer applicable.
  const overtaken = overtakenAt(clock, run, state);
  if (overtaken !== undefined && view.owner === 'organisation') {
    view.state = overtaken > shifted.due ? 'missed' : 'not-applicable';
    view.note = clock.action === 'acknowledge' && run?.respondedAt !== undefined ? 'Answered without this acknowledgement.' : 'The case moved on to the next stage.';
    return view;
  }
  // A later stage has begun without this one being met (e.g. a request window after the case moved on).
  if (run === undefined && clock.action !== 'request') return view;
  if (view.owner === 'complainant') {
    view.state = context.now > shifted.due ? 'missed' : 'pending';
    if (view.state === 'missed') view.note = 'The window to ask for this stage has passed.';
    return view;
  }
  if (state.lifecycle === 'paused') {
    view.state = 'paused';
    return view;
  }
  if (context.now > shifted.due) view.state = 'overdue';
  else view.state = dueSoon(context, shifted.dueDay) ? 'due-soon' : 'pending';
  return view;
}

/** When the case moved past a clock without meeting it, if it did. */
function overtakenAt(clock: Clock, run: StageRun | undefined, state: CaseState): number | undefined {
  if (!run) return undefined;
  const next = state.runs.find((r) => r.index > run.index && r.enteredAt >= run.enteredAt);
  const answered = clock.action === 'acknowledge' ? run.respondedAt : undefined;
  const candidates = [answered, next?.enteredAt].filter((at): at is number => at !== undefined);
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

function startOf(clock: Clock, run: StageRun | undefined, previous: StageRun | undefined): number | undefined {
  switch (clock.from) {
    case 'receipt':
    case 'escalation-request':
      return run?.enteredAt;
    case 'acknowledgement':
      return run?.acknowledgedAt;
    case 'previous-response':
      return previous?.respondedAt;
  }
}

function waitingFor(clock: Clock, stage: Stage, run: StageRun | undefined): string {
  if (clock.from === 'previous-response') return 'Starts when the previous stage is answered.';
  if (!run) return `Starts if the complaint reaches ${stage.title}.`;
  return 'Starts when the complaint is acknowledged.';
}

function dueOf(context: ClockContext, start: number, view: ClockView): { due: number; dueDay: DayNumber } | undefined {
  const { clock, run, calendar, rules } = context;
  if (clock.setBy === 'target') {
    const target = run?.targets.at(-1);
    if (!target) {
      view.note = 'Due on the target date staff set.';
      return undefined;
    }
    view.revised = (run?.targets.length ?? 0) > 1;
    return { due: endOfLocalDay(target.target), dueDay: target.target };
  }
  if (!clock.within) {
    view.note = 'The organisation has not set this time limit.';
    return undefined;
  }
  const original = asDue(computeDue({ from: start, duration: clock.within, calendar, rules }));
  if (!clock.extension || !run || run.extensions.length === 0) return original;

  let due = original;
  for (const extension of run.extensions) {
    if (clock.extension.cap && extension.until > capLimit(original.dueDay, clock.extension.cap, context)) {
      context.refused.push({
        index: extension.index,
        event: extension.event,
        reason: `The revised date is beyond the ${formatDuration(clock.extension.cap)} extension the procedure allows.`,
      });
      continue;
    }
    if (clock.extension.noticeRequired && extension.at > due.due) {
      context.findings.push({
        code: 'extension-without-notice',
        subject: view.id,
        message: `The time limit was extended after it had passed, so the complainant was not told in time.`,
      });
    }
    due = { due: endOfLocalDay(extension.until), dueDay: extension.until };
    view.revised = true;
  }
  return due;
}

/** The engine's view of a due date: the instant, and the UK local day it falls on. */
function asDue(due: DueDate): { due: number; dueDay: DayNumber } {
  return { due: due.dueInstant, dueDay: due.dueDay };
}

function capLimit(dueDay: DayNumber, cap: Duration, context: ClockContext): DayNumber {
  return computeDue({ from: endOfLocalDay(dueDay) - 1000, duration: cap, calendar: context.calendar, rules: { ...context.rules, cutOffMinutes: 24 * 60 } }).dueDay;
}

/** A pause stops the clock: its due date moves on by the paused time, counted in the clock's own unit. */
function shiftForPauses(
  due: { due: number; dueDay: DayNumber },
  within: Duration | undefined,
  state: CaseState,
  start: number,
  metAt: number | undefined,
  calendar: WorkingCalendar,
): { due: number; dueDay: DayNumber } {
  let shifted = due;
  for (const pause of state.pauses) {
    const end = pause.to ?? state.stoppedAt;
    if (pause.from < start || pause.from > shifted.due || (metAt !== undefined && pause.from > metAt) || end === undefined) continue;
    if (within?.unit === 'hours') {
      const moved = shifted.due + (end - pause.from);
      shifted = { due: moved, dueDay: toLocal(moved).day };
    } else {
      const from = toLocal(pause.from).day;
      const to = toLocal(end).day;
      const days = within?.unit === 'working-days' || within === undefined ? calendar.workingDaysBetween(from, to) : to - from;
      if (days <= 0) continue;
      const dueDay = within?.unit === 'working-days' || within === undefined ? calendar.addWorkingDays(shifted.dueDay, days) : shifted.dueDay + days;
      shifted = { due: endOfLocalDay(dueDay), dueDay };
    }
  }
  return shifted;
}

function dueSoon(context: ClockContext, dueDay: DayNumber): boolean {
  const lead = context.procedure.reminders.before[0];
  if (!lead) return false;
  const today = toLocal(context.now).day;
  if (lead.unit === 'working-days') return today >= context.calendar.subtractWorkingDays(dueDay, lead.amount);
  if (lead.unit === 'hours') return context.now >= endOfLocalDay(dueDay) - lead.amount * 3_600_000;
  const days = lead.unit === 'weeks' ? lead.amount * 7 : lead.unit === 'months' ? lead.amount * 30 : lead.amount;
  return today >= dueDay - days;
}

function status(state: CaseState): Timeline['status'] {
  if (state.lifecycle !== 'open') return state.lifecycle;
  const run = state.runs.at(-1);
  if (!run) return 'received';
  if (run.respondedAt !== undefined) return run.stage.final ? 'concluded' : 'responded';
  return run.acknowledgedAt !== undefined ? 'acknowledged' : 'received';
}

function departures(state: CaseState): Finding[] {
  const findings: Finding[] = [];
  for (const run of state.runs) {
    const acknowledges = run.stage.clocks.some((clock) => clock.action === 'acknowledge');
    if (acknowledges && run.respondedAt !== undefined && (run.acknowledgedAt === undefined || run.acknowledgedAt > run.respondedAt)) {
      findings.push({
        code: 'response-without-acknowledgement',
        subject: run.stage.id,
        message: `${run.stage.title} was answered without the acknowledgement the procedure requires.`,
      });
    }
  }
  return findings;
}

function withinWorkingHours(procedure: Procedure, calendar: WorkingCalendar, now: number): boolean {
  const local = toLocal(now);
  const hours = procedure.calendar.workingHours;
  return calendar.isWorkingDay(local.day) && local.minutes >= hours.start && local.minutes < hours.end;
}

function externalWindows(procedure: Procedure, state: CaseState, calendar: WorkingCalendar, now: number): ExternalWindow[] {
  const windows: ExternalWindow[] = [];
  for (const body of procedure.externalBodies) {
    if (!body.window) continue;
    const run = state.runs.findLast((r) => r.stage.id === body.window?.fromResponseOf);
    if (run?.respondedAt === undefined) continue;
    const due = computeDue({ from: run.respondedAt, duration: body.window.within, calendar, rules: countingRules(procedure) });
    windows.push({ body: body.id, name: body.name, opensAt: run.respondedAt, due: due.dueInstant, dueDay: due.dueDay, state: now > due.dueInstant ? 'lapsed' : 'open' });
  }
  return windows;
}
