import type { DayNumber } from '../calendar/day-number.ts';
import { toDayNumber } from '../calendar/day-number.ts';
import type { Procedure, Stage, Outcome } from '../procedure/procedure-schema.ts';
import type { CaseEvent } from './case-event-schema.ts';

/** One pass through a stage. */
export interface StageRun {
  stage: Stage;
  index: number;
  enteredAt: number;
  acknowledgedAt?: number;
  respondedAt?: number;
  outcome?: Outcome;
  /** Revised due dates for the respond clock, latest last. */
  extensions: { at: number; until: DayNumber; index: number; event: CaseEvent }[];
  /** The target completion date staff set, latest last. */
  targets: { at: number; target: DayNumber }[];
  handler: string;
}

export interface Pause {
  from: number;
  to?: number;
}

export type Lifecycle = 'open' | 'paused' | 'withdrawn' | 'closed';

export interface CaseState {
  received?: Extract<CaseEvent, { type: 'received' }> & { atMs: number };
  runs: StageRun[];
  lifecycle: Lifecycle;
  /** When the case stopped (withdrawn or closed), while it is stopped. */
  stoppedAt?: number;
  pauses: Pause[];
  refused: { index: number; event: CaseEvent; reason: string }[];
}

/**
 * Applies a case's events in time order, refusing those that make no sense where the case is.
 * Events at the same instant keep their recorded order.
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
    state.runs.push(newRun(stage, index, at, event.aboutHandler));
    return undefined;
  }
  const received = state.received;
  if (!received) return 'The complaint has not been received yet.';

  // What was learned can be recorded at any time after receipt, including once the case is closed.
  if (event.type === 'change-made') return undefined;
  if (event.type === 'reopened') {
    if (state.lifecycle !== 'withdrawn' && state.lifecycle !== 'closed') return 'The case is not closed or withdrawn.';
    state.lifecycle = 'open';
    state.stoppedAt = undefined;
    return undefined;
  }
  if (state.lifecycle === 'withdrawn' || state.lifecycle === 'closed') {
    return `The case is ${state.lifecycle}; reopen it first.`;
  }
  if (event.type === 'withdrawn' || event.type === 'closed') {
    closePause(state, at);
    state.lifecycle = event.type;
    state.stoppedAt = at;
    return undefined;
  }
  if (event.type === 'paused') {
    if (state.lifecycle === 'paused') return 'The case is already paused.';
    state.lifecycle = 'paused';
    state.pauses.push({ from: at });
    return undefined;
  }
  if (event.type === 'resumed') {
    if (state.lifecycle !== 'paused') return 'The case is not paused.';
    closePause(state, at);
    state.lifecycle = 'open';
    return undefined;
  }

  const run = state.runs.at(-1);
  if (!run) return 'The complaint has not been received yet.';
  const stage = run.stage;
  switch (event.type) {
    case 'acknowledged':
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (run.acknowledgedAt !== undefined) return `${stage.title} was already acknowledged.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      run.acknowledgedAt = at;
      return undefined;
    case 'responded': {
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      if (at < run.enteredAt) return `This is dated before ${stage.title} began.`;
      const allowed = stage.outcomes?.values;
      if (allowed && !allowed.includes(event.outcome)) {
        return `${stage.title} can end ${allowed.join(', ')}, not ${event.outcome}.`;
      }
      run.respondedAt = at;
      run.outcome = event.outcome;
      return undefined;
    }
    case 'escalation-requested': {
      const next = procedure.stages[run.index + 1];
      if (!next || stage.final) return `${stage.title} is the final stage of this procedure; there is no further stage.`;
      if (next.entry.via === 'escalation' && run.respondedAt === undefined) {
        return `${next.title} can be asked for once ${stage.title} has been answered.`;
      }
      state.runs.push(newRun(next, run.index + 1, at, received.aboutHandler));
      return undefined;
    }
    case 'extended': {
      const clock = stage.clocks.find((c) => c.action === 'respond' && c.extension);
      if (!clock) return `This procedure makes no provision for extending the time limit at ${stage.title}.`;
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      const until = toDayNumber(event.until);
      const previous = run.extensions.at(-1)?.until;
      if (previous !== undefined && until <= previous) return 'The revised date must be later than the current one.';
      run.extensions.push({ at, until, index: eventIndex, event });
      return undefined;
    }
    case 'target-set': {
      if (!stage.clocks.some((c) => c.setBy === 'target')) return `${stage.title} has no target completion date.`;
      if (run.respondedAt !== undefined) return `${stage.title} has already been answered.`;
      run.targets.push({ at, target: toDayNumber(event.target) });
      return undefined;
    }
  }
}

function newRun(stage: Stage, index: number, at: number, aboutHandler: boolean): StageRun {
  const handler = aboutHandler && stage.alternate ? stage.alternate.role : stage.handler.role;
  return { stage, index, enteredAt: at, extensions: [], targets: [], handler };
}

function closePause(state: CaseState, at: number): void {
  const open = state.pauses.at(-1);
  if (open && open.to === undefined) open.to = at;
}
