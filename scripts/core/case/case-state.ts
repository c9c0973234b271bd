import type { DayNumber } from '../calendar/day-number.ts';
import { toDayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { Procedure, Stage, Outcome, SendingChannel, ExtensionReason } from '../procedure/procedure-schema.ts';
import type { CaseEvent } from './case-event-schema.ts';

/** One pass through a stage. */
export interface StageRun {
  stage: Stage;
  index: number;
  enteredAt: number;
  acknowledgedAt?: number;
  respondedAt?: number;
  outcome?: Outcome;
  /** How the response was sent, when staff said. */
  responseSentBy?: SendingChannel;
  /** Revised due dates for the respond clock, latest last. */
  extensions: { at: number; until: DayNumber; index: number; event: CaseEvent }[];
  /** The target completion date staff set, latest last. */
  targets: { at: number; target: DayNumber }[];
  handler: string;
  /** The role that would have handled it, when independence from an earlier stage put `handler` in its place. */
  insteadOf?: string;
  /** Roles that handled the earlier stages this one must be independent of: their people may not act here. */
  excluded: string[];
  /** The people who recorded this stage's acknowledgement, response, extension or target (events with `by`). */
  actedBy: { by: string; type: CaseEvent['type']; at: number }[];
  /** The escalation ladder steps whose people were told, in order. */
  notified: { level: number; clock: string; at: number }[];
}

/** A time the clocks stood still: a pause the procedure provides for, or the time a case was closed before reopening. */
export interface Pause {
  from: number;
  to?: number;
  kind: 'pause' | 'closed';
  reason?: ExtensionReason;
}

export type Lifecycle = 'open' | 'paused' | 'withdrawn' | 'closed' | 'passed-on';

export interface CaseState {
  received?: Extract<CaseEvent, { type: 'received' }> & { atMs: number };
  runs: StageRun[];
  lifecycle: Lifecycle;
  /** When the case stopped (withdrawn, closed or passed on), while it is stopped. */
  stoppedAt?: number;
  pauses: Pause[];
  /** The outside body the case was passed on to, while it stands passed on. */
  passedOn?: { to: string; at: number };
  refused: { index: number; event: CaseEvent; reason: string }[];
}

/**
 * Applies a case's events in time order, refusing those that make no sense where the case is or that the procedure
 * does not provide for. Events at the same instant keep their recorded order.
 *
 * @example
 * reduceEvents(ceccc, [{ type: 'acknowledged', at: '2026-12-01T10:00:00Z' }]).refused[0].reason
 * //=> 'The complaint has not been received yet.'
 */
export function reduceEvents(procedure: Procedure, events: readonly CaseEvent[]): CaseState {
  const state: CaseState = { runs: [], lifecycle: 'open', pauses: [], refused: [] };
  const receivedAt = events.find((event) => event.type === 'received')?.at;
  const ordered = events
    .map((event, index) => ({ event, index, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { event, index, at } of ordered) {
    const early = !state.received && receivedAt !== undefined && event.type !== 'received';
    const reason = early ? 'This is dated before the complaint was received.' : apply(procedure, state, { event, index, at });
    if (reason) state.refused.push({ index, event, reason });
  }
  return state;
}

function apply(procedure: Procedure, state: CaseState, { event, index: eventIndex, at }: { event: CaseEvent; index: number; at: number }): string | undefined {
  if (event.type === 'received') {
    if (state.received) return 'The complaint was already received; a case is received once.';
    const stageId = event.stage ?? procedure.channels.find((channel) => channel.id === event.channel)?.entersStage;
    if (!stageId) {
      return `Unknown channel "${event.channel}"; this procedure's channels are ${procedure.channels.map((c) => c.id).join(', ')}.`;
    }
    const index = procedure.stages.findIndex((stage) => stage.id === stageId);
    const stage = procedure.stages[index];
    if (!stage) return `Unknown stage "${stageId}".`;
    if (stage.entry.via !== 'complaint') return `Stage "${stageId}" is entered by escalation, not by a new complaint.`;
    state.received = { ...event, atMs: at };
    state.runs.push(newRun(state, stage, index, at, event.aboutHandler));
    return undefined;
  }
  const received = state.received;
  if (!received) return 'The complaint has not been received yet.';

  // What was learned can be recorded at any time after receipt, including once the case is closed.
  if (event.type === 'change-made') return undefined;
  // A letter is a record of correspondence; what it stands for (acknowledged, extended, responded) is an event of its own.
  if (event.type === 'letter-sent') return undefined;
  // A reminder records what staff were told; it moves no time limit, so it stands wherever the case is.
  if (event.type === 'reminder-sent') return undefined;
  // Telling staff changes nothing in the case; it is kept as a fact for the ledger.
  if (event.type === 'staff-notified') return undefined;
  // Nor does the email telling the complainant it was received: the procedure's acknowledgement is staff's to give.
  if (event.type === 'receipt-sent') return undefined;
  if (event.type === 'reopened') {
    if (!isStopped(state)) return 'The case is not closed, withdrawn or passed on.';
    // The time it stood closed does not count against the organisation: the clocks take up where they stopped.
    if (state.stoppedAt !== undefined) state.pauses.push({ from: state.stoppedAt, to: at, kind: 'closed' });
    state.lifecycle = 'open';
    state.stoppedAt = undefined;
    state.passedOn = undefined;
    return undefined;
  }
  if (isStopped(state)) return `The case is ${lifecycleWords(state.lifecycle)}; reopen it first.`;
  const run = state.runs.at(-1);
  if (event.type === 'escalation-notified') {
    if (!run || !event.clock.startsWith(`${run.stage.id}.`)) return 'The escalation was for a stage the case is no longer at.';
    if (run.notified === NONE) run.notified = [];
    run.notified.push({ level: event.level, clock: event.clock, at });
    return undefined;
  }
  if (event.type === 'withdrawn' || event.type === 'closed' || event.type === 'passed-on') {
    if (event.type === 'withdrawn' && procedure.withdrawal?.confirmInWriting && !event.inWriting) {
      return `The procedure asks the complainant to confirm a withdrawal in writing ("${procedure.withdrawal.source.quote}"). Ask them to; once they have, write /withdraw [date] in writing, with the date of their confirmation.`;
    }
    if (event.type === 'passed-on') {
      const body = procedure.externalBodies.find((b) => b.id === event.to);
      const possible = procedure.externalBodies.filter((b) => b.passOn);
      if (!body?.passOn) {
        return possible.length > 0
          ? `This procedure provides for passing a complaint on to ${possible.map((b) => `${b.name} (${b.id})`).join(', ')}, not to "${event.to}".`
          : 'This procedure makes no provision for passing a complaint on to an outside body.';
      }
      state.passedOn = { to: body.id, at };
    }
    closePause(state, at);
    state.lifecycle = event.type;
    state.stoppedAt = at;
    return undefined;
  }
  if (event.type === 'paused') {
    if (!procedure.pauses) return 'This procedure makes no provision for pausing its time limits.';
    const reasons = procedure.pauses.reasons;
    if (reasons && !reasons.includes(event.reason)) {
      return `The procedure allows a pause only for ${reasons.join(', ')}: start the reason with one of those words.`;
    }
    if (state.lifecycle === 'paused') return 'The case is already paused.';
    state.lifecycle = 'paused';
    state.pauses.push({ from: at, kind: 'pause', reason: event.reason });
    return undefined;
  }
  if (event.type === 'resumed') {
    if (state.lifecycle !== 'paused') return 'The case is not paused.';
    closePause(state, at);
    state.lifecycle = 'open';
    return undefined;
  }

  if (!run) return 'The complaint has not been received yet.';
  const stage = run.stage;
  switch (event.type) {
    case 'acknowledged': {
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (run.acknowledgedAt !== undefined) return `${stage.title} was already acknowledged.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      const target = stage.clocks.find((c) => c.setBy === 'target');
      if (event.target !== undefined) {
        if (!target) return `${stage.title} has no target completion date.`;
        if (toDayNumber(event.target) <= toLocal(at).day) return `The target date ${event.target} must be after the acknowledgement.`;
        run.targets.push({ at, target: toDayNumber(event.target) });
      } else if (target?.setWithAcknowledgement && run.targets.length === 0) {
        return `The acknowledgement gives the complainant an estimated target date for resolving the complaint ("${target.source.quote}"). Write /acknowledge [date] target <date>.`;
      }
      run.acknowledgedAt = at;
      actedBy(run, event, at);
      return undefined;
    }
    case 'responded': {
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      const allowed = stage.outcomes?.values;
      if (allowed && !allowed.includes(event.outcome)) {
        return `${stage.title} can end ${allowed.join(', ')}, not ${event.outcome}.`;
      }
      run.respondedAt = at;
      run.outcome = event.outcome;
      run.responseSentBy = event.sentBy;
      actedBy(run, event, at);
      return undefined;
    }
    case 'escalation-requested': {
      const next = procedure.stages[run.index + 1];
      if (!next || stage.final) return `${stage.title} is the final stage of this procedure; there is no further stage.`;
      if (next.entry.via === 'escalation' && run.respondedAt === undefined) {
        return `${next.title} can be asked for once ${stage.title} has been answered.`;
      }
      state.runs.push(newRun(state, next, run.index + 1, at, received.aboutHandler));
      return undefined;
    }
    case 'extended': {
      const clock = stage.clocks.find((c) => c.action === 'respond' && c.extension);
      if (!clock) return `This procedure makes no provision for extending the time limit at ${stage.title}.`;
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      const until = toDayNumber(event.until);
      const previous = run.extensions.at(-1)?.until;
      if (previous !== undefined && until <= previous) return 'The revised date must be later than the current one.';
      run.extensions.push({ at, until, index: eventIndex, event });
      actedBy(run, event, at);
      return undefined;
    }
    case 'target-set': {
      if (!stage.clocks.some((c) => c.setBy === 'target')) return `${stage.title} has no target completion date.`;
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      run.targets.push({ at, target: toDayNumber(event.target) });
      actedBy(run, event, at);
      return undefined;
    }
  }
}

function isStopped(state: CaseState): boolean {
  return state.lifecycle === 'withdrawn' || state.lifecycle === 'closed' || state.lifecycle === 'passed-on';
}

function lifecycleWords(lifecycle: Lifecycle): string {
  return lifecycle === 'passed-on' ? 'passed on' : lifecycle;
}

function actedBy(run: StageRun, event: CaseEvent, at: number): void {
  if (!event.by) return;
  if (run.actedBy === NONE) run.actedBy = [];
  run.actedBy.push({ by: event.by, type: event.type, at });
}

/**
 * What a run holds until something is recorded: one shared empty list rather than three new ones a run, since the
 * engine builds hundreds of thousands of runs a second and most never record who acted or an escalation.
 */
const NONE: never[] = [];
Object.freeze(NONE);

/**
 * A new pass through a stage, with who handles it: the usual handler, the alternate when the complaint is about the
 * usual handler, and, where the stage must be independent of an earlier one whose handler that would be, the
 * procedure's `instead`.
 */
function newRun(state: CaseState, stage: Stage, index: number, at: number, aboutHandler: boolean): StageRun {
  const run: StageRun = {
    stage,
    index,
    enteredAt: at,
    extensions: [],
    targets: [],
    handler: aboutHandler && stage.alternate ? stage.alternate.role : stage.handler.role,
    insteadOf: undefined,
    responseSentBy: undefined,
    excluded: NONE,
    actedBy: NONE,
    notified: NONE,
  };
  const earlier = stage.independence?.notInvolvedIn;
  if (!earlier || earlier.length === 0) return run;
  const excluded: string[] = [];
  for (const other of state.runs) {
    if (earlier.includes(other.stage.id) && !excluded.includes(other.handler)) excluded.push(other.handler);
  }
  run.excluded = excluded;
  if (run.excluded.includes(run.handler) && stage.independence?.instead) {
    run.insteadOf = run.handler;
    run.handler = stage.independence.instead.role;
  }
  return run;
}

function closePause(state: CaseState, at: number): void {
  const open = state.pauses.at(-1);
  if (open && open.to === undefined) open.to = at;
}
