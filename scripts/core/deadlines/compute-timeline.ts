import type { DayNumber } from '../calendar/day-number.ts';
import { fromDayNumber } from '../calendar/day-number.ts';
import { computeDue, computeDueFromDay, formatDuration, workingDaysLate, type DueDate, type Duration } from '../calendar/duration.ts';
import { endOfLocalDay, toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import { reduceEvents, type CaseState, type StageRun } from '../case/case-state.ts';
import type { Clock, Procedure, Stage } from '../procedure/procedure-schema.ts';
import { countingRules } from './procedure-calendar.ts';
import { assessAdmissibility } from './admissibility.ts';
import { deemedReceipt, type DeemedReceipt } from './deemed-receipt.ts';
import { escalationLadder } from './escalation-ladder.ts';
import { pauseViews, shiftForPauses } from './pauses.ts';
import { remindersDue } from './reminders.ts';
import { formatDayLong } from '../text/plain-dates.ts';
import type { ClockView, ExternalWindow, Finding, StageRunView, Timeline } from './timeline-types.ts';

export interface TimelineInput {
  procedure: Procedure;
  events: readonly CaseEvent[];
  now: number;
  calendar: WorkingCalendar;
  /**
   * The people (store logins) who hold a role, where known (the sweep knows them; the ledger does not): people of a
   * role that handled a stage may not act at a stage that must be independent of it.
   */
  people?: (role: string) => readonly string[];
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
export function computeTimeline({ procedure, events, now, calendar, people }: TimelineInput): Timeline {
  const state = reduceEvents(procedure, events);
  const findings: Finding[] = [];
  const refused = [...state.refused];
  const clocks: ClockView[] = [];
  const rules = countingRules(procedure);
  const pauses = pauseViews({ procedure, state, calendar, now });

  procedure.stages.forEach((stage, index) => {
    const run = state.runs.findLast((r) => r.index === index);
    const previous = state.runs.findLast((r) => r.index === index - 1);
    for (const clock of stage.clocks) {
      clocks.push(clockView({ procedure, stage, clock, run, previous, state, pauses, now, calendar, rules, refused, findings }));
    }
  });

  const current = state.runs.at(-1);
  if (state.received) findings.push(...assessAdmissibility({ procedure, received: state.received, calendar }));
  findings.push(...departures(procedure, state, people));
  for (const pause of pauses) {
    if (pause.limitReachedAt !== undefined && pause.limitReachedAt <= now) {
      findings.push({
        code: 'pause-over-limit',
        subject: state.runs.findLast((run) => run.enteredAt <= pause.from)?.stage.id,
        message: `The case was paused for longer than the ${formatDuration(procedure.pauses?.limit as Duration)} the procedure allows; the time beyond it counts against the time limits.`,
      });
    }
  }
  if (state.passedOn) {
    const body = procedure.externalBodies.find((b) => b.id === state.passedOn?.to);
    findings.push({ code: 'passed-on', subject: state.passedOn.to, message: `Passed on to ${body?.name ?? state.passedOn.to}. ${body?.passOn?.summary ?? ''}`.trim() });
  }

  const withinHours = withinWorkingHours(procedure, calendar, now);
  const timeline: Timeline = {
    procedure: procedure.id,
    calendarVersion: calendar.version,
    now,
    receivedAt: state.received?.atMs,
    channel: state.received?.channel,
    stage: current?.stage.id,
    status: status(state),
    // Every view has the same keys, present or undefined: the engine runs hundreds of thousands of these a second.
    stages: state.runs.map((run): StageRunView => ({
      stage: run.stage.id,
      enteredAt: run.enteredAt,
      acknowledgedAt: run.acknowledgedAt,
      respondedAt: run.respondedAt,
      outcome: run.outcome,
      responseSentBy: run.responseSentBy,
      handler: run.handler,
      insteadOf: run.insteadOf,
      excluded: run.excluded,
    })),
    clocks,
    reminders: [],
    escalations: [],
    escalationsNotified: [],
    escalationLevel: 0,
    pauses,
    passedOn: state.passedOn,
    withinWorkingHours: withinHours,
    externalWindows: externalWindows(procedure, state, calendar, now),
    findings,
    refused: refused.sort((a, b) => a.index - b.index),
  };
  if (state.lifecycle === 'open' && current) {
    timeline.reminders = remindersDue({ procedure, timeline, run: current, calendar, now });
    const ladder = escalationLadder({ run: current, clocks, now });
    timeline.escalations = ladder.due;
    timeline.escalationsNotified = ladder.notified;
    // The level is where a running ladder stands; once the complaint is resolved it no longer is escalated.
    const notifiedLevel = ladder.running ? (ladder.notified.at(-1)?.level ?? 0) : 0;
    timeline.escalationLevel = withinHours && ladder.due[0] ? Math.max(notifiedLevel, ladder.due[0].level) : notifiedLevel;
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
  pauses: Timeline['pauses'];
  now: number;
  calendar: WorkingCalendar;
  rules: ReturnType<typeof countingRules>;
  refused: CaseState['refused'];
  findings: Finding[];
}

/** Where a clock starts: an instant, or for a window from a letter's receipt, the day it counts as received. */
type ClockStartAt = number | DeemedReceipt;

function clockView(context: ClockContext): ClockView {
  const { stage, clock, run, state } = context;
  const view: ClockView = {
    id: `${stage.id}.${clock.id}`,
    stage: stage.id,
    label: clock.label,
    action: clock.action,
    owner: clock.action === 'request' ? 'complainant' : 'organisation',
    from: clock.from,
    state: 'not-applicable',
    revised: false,
  };

  const start = startOf(context);
  if (start === undefined) {
    view.note = waitingFor(clock, stage, run);
    return view;
  }
  const startedAt = typeof start === 'number' ? start : start.at;
  view.startedAt = startedAt;
  if (typeof start !== 'number') view.deemedReceipt = { day: start.day, sentAt: start.sentAt, ...(start.sentBy ? { sentBy: start.sentBy } : {}) };
  const metAt = clock.action === 'acknowledge' ? run?.acknowledgedAt : clock.action === 'respond' ? run?.respondedAt : run?.enteredAt;

  const due = dueOf(context, start, view);
  if (due === undefined) {
    if (metAt !== undefined) {
      view.metAt = metAt;
      view.state = 'met';
    }
    return view;
  }
  const shifted = context.pauses.length === 0 ? due : shiftForPauses({ due, within: clock.within, pauses: context.pauses, start: startedAt, metAt, calendar: context.calendar });
  view.due = shifted.due;
  view.dueDay = shifted.dueDay;

  if (metAt !== undefined) {
    view.metAt = metAt;
    view.lateWorkingDays = workingDaysLate({ dueDay: shifted.dueDay, metInstant: metAt, calendar: context.calendar });
    view.state = metAt <= shifted.due ? 'met' : 'missed';
    if (view.state === 'met') view.lateWorkingDays = 0;
    if (view.state === 'missed' && clock.action === 'request') {
      context.findings.push({
        code: 'late-request',
        subject: view.id,
        message: `${stage.title} was asked for after the time limit (${formatDuration(clock.within as Duration)}, by ${fromDayNumber(shifted.dueDay)}).${clock.exceptions ? ` ${clock.exceptions.summary}` : ''}`,
      });
    }
    return view;
  }
  if (state.stoppedAt !== undefined) {
    view.state = state.stoppedAt > shifted.due && view.owner === 'organisation' ? 'missed' : 'not-applicable';
    view.note = `Stopped: the case was ${state.lifecycle === 'passed-on' ? 'passed on' : state.lifecycle}.`;
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
    if (view.state === 'missed') view.note = `The window to ask for this stage has passed.${clock.exceptions ? ` ${clock.exceptions.summary}` : ''}`;
    return view;
  }
  // A pause that has run past the procedure's limit no longer stops the clocks.
  const pause = context.pauses.at(-1);
  if (state.lifecycle === 'paused' && !(pause?.limitReachedAt !== undefined && pause.to === undefined)) {
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

function startOf({ procedure, clock, run, previous, calendar }: ClockContext): ClockStartAt | undefined {
  switch (clock.from) {
    case 'receipt':
    case 'escalation-request':
      return run?.enteredAt;
    case 'acknowledgement':
      return run?.acknowledgedAt;
    case 'previous-response-sent':
      return previous?.respondedAt;
    case 'previous-response-received':
      return previous?.respondedAt === undefined ? undefined : deemedReceipt({ procedure, calendar, sentAt: previous.respondedAt, sentBy: previous.responseSentBy });
  }
}

function waitingFor(clock: Clock, stage: Stage, run: StageRun | undefined): string {
  if (clock.from.startsWith('previous-response')) return 'Starts when the previous stage is answered.';
  if (!run) return `Starts if the complaint reaches ${stage.title}.`;
  // A target set before the acknowledgement is kept and shown, so staff can see their command took effect.
  const target = clock.setBy === 'target' ? run.targets.at(-1) : undefined;
  if (target) return `Target ${formatDayLong(target.target)}, counted once the complaint is acknowledged.`;
  return 'Starts when the complaint is acknowledged.';
}

function dueOf(context: ClockContext, start: ClockStartAt, view: ClockView): { due: number; dueDay: DayNumber } | undefined {
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
  const original = asDue(
    typeof start !== 'number' && clock.within.unit !== 'hours'
      ? computeDueFromDay({ day: start.day, duration: clock.within, calendar, rules })
      : computeDue({ from: typeof start === 'number' ? start : start.at, duration: clock.within, calendar, rules }),
  );
  if (!clock.extension || !run || run.extensions.length === 0) return original;

  let due = original;
  for (const extension of run.extensions) {
    if (extension.until <= due.dueDay) {
      context.refused.push({
        index: extension.index,
        event: extension.event,
        reason: `The revised date must be later than the date it replaces (${fromDayNumber(due.dueDay)}): an extension cannot bring a time limit forward.`,
      });
      continue;
    }
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
  return computeDueFromDay({ day: dueDay, duration: cap, calendar: context.calendar, rules: context.rules }).dueDay;
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

/** Departures the case's own facts show: an answer without acknowledgement, and independence not kept. */
function departures(procedure: Procedure, state: CaseState, people: TimelineInput['people']): Finding[] {
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
    const independence = run.stage.independence;
    if (!independence || independence.notInvolvedIn.length === 0) continue;
    const earlier = state.runs.filter((other) => independence.notInvolvedIn.includes(other.stage.id) && other.enteredAt <= run.enteredAt);
    const earlierTitles = [...new Set(earlier.map((other) => other.stage.title))].join(' and ');
    const title = (role: string) => procedure.roles.find((r) => r.id === role)?.title ?? role;
    if (run.insteadOf && independence.instead) {
      findings.push({
        code: 'independent-handler',
        subject: run.stage.id,
        message: `The ${title(run.insteadOf)} handled ${earlierTitles}, so ${run.stage.title} is for ${independence.instead.summary}`,
      });
    } else if (run.excluded.includes(run.handler)) {
      findings.push({
        code: 'no-independent-handler',
        subject: run.stage.id,
        message: `The ${title(run.handler)} handled ${earlierTitles} and would handle ${run.stage.title}, which must be looked at by someone not involved; the procedure names no one else.`,
      });
    }
    // People involved earlier: those who recorded what was done there, and the people of the roles that handled it.
    // The decision is what must be independent, so the breach is a response recorded by one of them.
    const involved = new Set([...earlier.flatMap((other) => other.actedBy.map((act) => act.by)), ...run.excluded.flatMap((role) => people?.(role) ?? [])]);
    const decided = run.actedBy.find((act) => act.type === 'responded' && involved.has(act.by));
    if (decided) {
      findings.push({
        code: 'independence-breach',
        subject: run.stage.id,
        message: `${run.stage.title} was decided by someone involved in ${earlierTitles}, where the procedure requires someone not involved: ${independence.summary}`,
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
    const rules = countingRules(procedure);
    const due =
      body.window.from === 'response-received' && body.window.within.unit !== 'hours'
        ? computeDueFromDay({ day: deemedReceipt({ procedure, calendar, sentAt: run.respondedAt, sentBy: run.responseSentBy }).day, duration: body.window.within, calendar, rules })
        : computeDue({ from: run.respondedAt, duration: body.window.within, calendar, rules });
    windows.push({ body: body.id, name: body.name, opensAt: run.respondedAt, due: due.dueInstant, dueDay: due.dueDay, state: now > due.dueInstant ? 'lapsed' : 'open' });
  }
  return windows;
}
