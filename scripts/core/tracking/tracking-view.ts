/**
 * The complainant's tracking page, as data: where their complaint stands, what happens next and by when, what has
 * happened so far, any time limit the organisation missed, any pause, and what was sent to them. Computed by the
 * deadline engine from the case's recorded events (its block) alone, with the list of what was sent read from the
 * case's marked records (correspondence.ts): never a staff note, a discussion, a command, a login or anyone's name.
 * Roles appear by their title in the procedure ("the Co-Ordinator"), as the procedure itself names them.
 *
 * An anonymous complainant's page promises no dates (nobody could tell them a date had moved): it says where the
 * case stands and what has happened, and nothing of the time limits, which staff still see on the case.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { CaseBlock } from '../case/case-block.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import { computeTimeline } from '../deadlines/compute-timeline.ts';
import type { ClockView, Timeline } from '../deadlines/timeline-types.ts';
import type { ExtensionReason, Procedure } from '../procedure/procedure-schema.ts';
import { dueInWords, roleTitle } from '../sweep/case-view.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';
import { fromDayNumber, toDayNumber } from '../calendar/day-number.ts';
import { roleInSentence } from '../text/role-words.ts';
import type { Correspondence } from './correspondence.ts';

export interface TrackingInput {
  procedure: Procedure;
  /** The case's block, as the store holds it: its events as of the last sweep. */
  block: CaseBlock;
  /** What was sent to the complainant (listCorrespondence). */
  correspondence: readonly Correspondence[];
  calendar: WorkingCalendar;
  now: number;
}

/** One of the organisation's time limits, as the complainant sees it. */
export interface TrackedLimit {
  /** `<stage>.<clock>`. */
  id: string;
  /** In the procedure's words: "Acknowledge the complaint in writing". */
  label: string;
  /**
   * - `due`: running, and not yet due;
   * - `late`: running, and past its date;
   * - `paused`: stopped while the case is paused;
   * - `done`: done by its date;
   * - `done-late`: done after its date;
   * - `not-done`: its date passed without it being done, and the case moved on or stopped;
   * - `no-date`: no date is set yet (a target date to come).
   */
  state: 'due' | 'late' | 'paused' | 'done' | 'done-late' | 'not-done' | 'no-date';
  /** The date it was or is due, in words ("Monday 4 January 2027"), when there is one. */
  dueText?: string;
  /** ISO local date it is due by, for a `<time>` element. */
  dueDate?: string;
  /** When it was done, in words. */
  doneText?: string;
  /** The due date was moved (an extension, a new target date). */
  revised: boolean;
  /** What a complainant reads beside it: "by Monday 4 January 2027", "done on …, 3 working days late". */
  words: string;
}

export interface TrackedStage {
  id: string;
  title: string;
  /** The role handling it, by its title in the procedure. */
  handler: string;
  enteredText: string;
  limits: TrackedLimit[];
}

/** Something that happened on the case, as the complainant may be told it. */
export interface TrackedEvent {
  at: number;
  dayText: string;
  text: string;
}

export interface TrackingView {
  reference: string;
  procedure: { id: string; title: string };
  organisation: string;
  anonymous: boolean;
  receivedText: string;
  /** Where the case stands: a short phrase for its tag, and its code. */
  status: { code: Timeline['status']; words: string };
  /** The current stage, with the organisation's time limits of each stage reached (none for an anonymous complaint). */
  stage: { id: string; title: string; handler: string; number: number; of: number };
  stages: TrackedStage[];
  /** What happens next, in a sentence or two. */
  next: string[];
  /** The time limits the organisation missed or is past, in sentences (none for an anonymous complaint). */
  missed: string[];
  /** While the case is paused: since when, and why in a few words. */
  pause?: { sinceText: string; reason?: string; limitText?: string };
  /** The windows the complainant has: to ask for the next stage, or to go to an outside body (none for anonymous). */
  yourOptions: string[];
  history: TrackedEvent[];
  correspondence: { dayText: string; date: string; subject: string; by: string }[];
  /** The procedure's statement that it sets no time limits, when it does. */
  noTimeLimits?: string;
  /** Whom to ask: the current stage's handler, with the contact details the procedure publishes. */
  contact: { who: string; email?: string; phone?: string; address?: string };
}

const STATUS_WORDS: Readonly<Record<Timeline['status'], string>> = {
  received: 'Received',
  acknowledged: 'Being looked into',
  responded: 'Answered',
  concluded: 'Complete',
  paused: 'Paused',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
  'passed-on': 'Passed on',
};

/** Why the clocks stopped, for the complainant; "other" says nothing rather than something vague. */
const REASON_WORDS: Readonly<Record<ExtensionReason, string | undefined>> = {
  investigation: 'more time is needed to investigate',
  availability: 'someone the complaint needs is not available',
  'complainant-request': 'you asked for a pause',
  external: 'the organisation is waiting for someone outside it',
  other: undefined,
};

/**
 * @example
 * trackingView({ procedure: ceccc, block, correspondence: [], calendar, now }).next
 * //=> ['The Co-Ordinator should acknowledge your complaint in writing by Monday 4 January 2027.']
 */
export function trackingView({ procedure, block, correspondence, calendar, now }: TrackingInput): TrackingView {
  const timeline = computeTimeline({ procedure, calendar, events: block.events, now });
  const anonymous = block.flags.includes('anonymous') || block.events.some((event) => event.type === 'received' && event.anonymous);
  const run = timeline.stages.at(-1);
  const current = procedure.stages.find((stage) => stage.id === timeline.stage) ?? procedure.stages[0];
  const handlerId = run?.handler ?? current?.handler.role ?? '';
  const handler = roleInSentence(roleTitle(procedure, handlerId));
  const role = procedure.roles.find((r) => r.id === handlerId);
  const stages: TrackedStage[] = timeline.stages.map((stageRun) => ({
    id: stageRun.stage,
    title: procedure.stages.find((stage) => stage.id === stageRun.stage)?.title ?? stageRun.stage,
    handler: roleInSentence(roleTitle(procedure, stageRun.handler)),
    enteredText: formatInstantLong(stageRun.enteredAt),
    limits: anonymous ? [] : timeline.clocks.filter((clock) => clock.stage === stageRun.stage && clock.owner === 'organisation' && shown(clock, timeline)).map((clock) => limitView(procedure, clock)),
  }));
  const currentPause = timeline.status === 'paused' ? timeline.pauses.findLast((pause) => pause.kind === 'pause' && pause.to === undefined) : undefined;
  const reason = currentPause?.reason ? REASON_WORDS[currentPause.reason] : undefined;
  return {
    reference: block.reference,
    procedure: { id: procedure.id, title: procedure.title },
    organisation: procedure.organisation.name,
    anonymous,
    receivedText: formatInstantLong(Date.parse(block.received)),
    status: { code: timeline.status, words: STATUS_WORDS[timeline.status] },
    stage: { id: current?.id ?? '', title: current?.title ?? '', handler, number: procedure.stages.findIndex((stage) => stage.id === current?.id) + 1, of: procedure.stages.length },
    stages,
    next: nextWords({ procedure, timeline, handler, anonymous }),
    missed: anonymous ? [] : missedWords(procedure, timeline),
    ...(currentPause
      ? {
          pause: {
            sinceText: formatInstantLong(currentPause.from),
            ...(reason ? { reason } : {}),
            ...(currentPause.limitReachedAt !== undefined ? { limitText: formatInstantLong(currentPause.limitReachedAt) } : {}),
          },
        }
      : {}),
    yourOptions: anonymous ? [] : optionWords(procedure, timeline),
    history: historyOf({ procedure, block, timeline }),
    correspondence: correspondence.map((item) => ({
      dayText: formatDayLong(toLocal(item.at).day),
      date: new Date(item.at).toISOString(),
      subject: item.subject,
      by: item.by === 'email' ? 'Email' : item.by === 'post' ? 'Letter by post' : 'Letter by hand',
    })),
    ...(procedure.noTimeLimits ? { noTimeLimits: procedure.noTimeLimits } : {}),
    contact: {
      who: roleInSentence(role?.title ?? roleTitle(procedure, handlerId)),
      ...(role?.contact?.email ? { email: role.contact.email } : {}),
      ...(role?.contact?.phone ? { phone: role.contact.phone } : {}),
      ...(role?.contact?.address ? { address: role.contact.address } : {}),
    },
  };
}

/**
 * A time limit that means something to the complainant: one that ran, or one still to start at the stage the case
 * is at (a target date to be set, a limit counted from the acknowledgement); not one the case moved past in time.
 */
function shown(clock: ClockView, timeline: Timeline): boolean {
  if (clock.state !== 'not-applicable') return true;
  return clock.startedAt === undefined && clock.stage === timeline.stage && ['received', 'acknowledged'].includes(timeline.status);
}

function limitView(procedure: Procedure, clock: ClockView): TrackedLimit {
  const dueText = clock.dueDay === undefined ? undefined : dueInWords(procedure, clock);
  const doneText = clock.metAt === undefined ? undefined : formatDayLong(toLocal(clock.metAt).day);
  const late = clock.lateWorkingDays ? `, ${clock.lateWorkingDays} working day${clock.lateWorkingDays === 1 ? '' : 's'} late` : '';
  const revised = clock.revised ? ' (a revised date)' : '';
  const base = { id: clock.id, label: clock.label, revised: clock.revised, ...(dueText ? { dueText } : {}), ...(clock.dueDay !== undefined ? { dueDate: fromDayNumber(clock.dueDay) } : {}), ...(doneText ? { doneText } : {}) };
  switch (clock.state) {
    case 'pending':
    case 'due-soon':
      return { ...base, state: 'due', words: `by ${dueText}${revised}` };
    case 'overdue':
      return { ...base, state: 'late', words: `was due by ${dueText}${revised}: not done yet` };
    case 'paused':
      return { ...base, state: 'paused', words: `paused (it was due by ${dueText}; the date moves on by the time the pause lasts)` };
    case 'met':
      return { ...base, state: 'done', words: doneText ? `done on ${doneText}` : 'done' };
    case 'missed':
      return doneText
        ? { ...base, state: 'done-late', words: `done on ${doneText}${late} (it was due by ${dueText})` }
        : { ...base, state: 'not-done', words: `not done (it was due by ${dueText})` };
    case 'not-applicable': {
      const rule = procedure.stages.find((stage) => stage.id === clock.stage)?.clocks.find((c) => `${clock.stage}.${c.id}` === clock.id);
      const words = rule?.setBy === 'target' ? 'by the target date, once it is set' : rule?.from === 'acknowledgement' && rule.within ? 'counted from the acknowledgement, once it is sent' : 'no date set';
      return { ...base, state: 'no-date', words };
    }
  }
}

/** What happens next, said to the complainant. */
function nextWords({ procedure, timeline, handler, anonymous }: { procedure: Procedure; timeline: Timeline; handler: string; anonymous: boolean }): string[] {
  const Handler = capitalise(handler);
  const organisation = procedure.organisation.name;
  switch (timeline.status) {
    case 'paused':
      return [`The time limits are paused. ${Handler} carries on with your complaint when the pause ends${anonymous ? '' : ', and the dates move on by the time it lasted'}.`];
    case 'withdrawn':
      return ['Your complaint was withdrawn, so nothing more happens to it under the procedure.'];
    case 'closed':
      return [`Your complaint is closed. If you think that is a mistake, contact ${organisation}.`];
    case 'passed-on': {
      const body = procedure.externalBodies.find((b) => b.id === timeline.passedOn?.to);
      return [`${organisation} passed your complaint on to ${body?.name ?? 'an outside body'}, which deals with it now.`];
    }
    case 'concluded':
      return ['Your complaint has been answered at the final stage of the procedure.'];
    case 'responded':
      return [`Your complaint has been answered at ${stageTitle(procedure, timeline.stage)}.`];
    default: {
      if (anonymous) return [`${Handler} deals with your complaint under the procedure. Because nobody can reply to you, no dates are promised.`];
      const running = timeline.clocks
        .filter((clock) => clock.stage === timeline.stage && clock.owner === 'organisation' && ['pending', 'due-soon', 'overdue'].includes(clock.state) && clock.dueDay !== undefined)
        .sort((a, b) => (a.due ?? 0) - (b.due ?? 0));
      // Whatever is late, then the next thing due: the rest is in the list of time limits.
      const shown = [...running.filter((clock) => clock.state === 'overdue'), ...running.filter((clock) => clock.state !== 'overdue').slice(0, 1)];
      if (shown.length === 0) {
        return procedure.noTimeLimits ? [`${Handler} deals with your complaint. ${procedure.noTimeLimits}`] : [`${Handler} deals with your complaint.`];
      }
      return shown.map((clock) =>
        clock.state === 'overdue'
          ? `${Handler} is late: “${clock.label}” was due by ${dueInWords(procedure, clock)}.`
          : `${Handler} should ${lowerFirst(clock.label)} by ${dueInWords(procedure, clock)}.`,
      );
    }
  }
}

/** The organisation's time limits missed, or running past their date. */
function missedWords(procedure: Procedure, timeline: Timeline): string[] {
  return timeline.clocks
    .filter((clock) => clock.owner === 'organisation' && (clock.state === 'missed' || clock.state === 'overdue'))
    .map((clock) => {
      const stage = stageTitle(procedure, clock.stage);
      const due = dueInWords(procedure, clock);
      if (clock.state === 'overdue') return `${stage}: “${clock.label}” was due by ${due} and has not been done yet.`;
      if (clock.metAt === undefined) return `${stage}: “${clock.label}” was due by ${due} and was not done.`;
      const late = clock.lateWorkingDays ? `, ${clock.lateWorkingDays} working day${clock.lateWorkingDays === 1 ? '' : 's'} late` : '';
      return `${stage}: “${clock.label}” was due by ${due} and was done on ${formatDayLong(toLocal(clock.metAt).day)}${late}.`;
    });
}

/** The complainant's own time limits: asking for the next stage, going to an outside body. */
function optionWords(procedure: Procedure, timeline: Timeline): string[] {
  if (['withdrawn', 'closed', 'passed-on'].includes(timeline.status)) return [];
  const options: string[] = [];
  const index = procedure.stages.findIndex((stage) => stage.id === timeline.stage);
  const next = procedure.stages[index + 1];
  const window = next && timeline.clocks.find((clock) => clock.owner === 'complainant' && clock.stage === next.id && clock.startedAt !== undefined);
  if (next && window && timeline.status === 'responded' && window.dueDay !== undefined) {
    if (window.state === 'pending') options.push(`If you are unhappy with the answer, you can ask for ${next.title} by ${dueInWords(procedure, window)}.`);
    if (window.state === 'missed') {
      const exceptions = next.clocks.find((clock) => `${next.id}.${clock.id}` === window.id)?.exceptions?.summary;
      options.push(`The time to ask for ${next.title} ended on ${dueInWords(procedure, window)}.${exceptions ? ` ${exceptions}` : ''}`);
    }
  }
  for (const external of timeline.externalWindows) {
    if (external.state === 'open') options.push(`If you are still unhappy, you can take your complaint to ${external.name} by ${formatDayLong(external.dueDay)}.`);
  }
  return options;
}

/** What has happened, oldest first: the events the engine accepted, in words, never who recorded them. */
function historyOf({ procedure, block, timeline }: { procedure: Procedure; block: CaseBlock; timeline: Timeline }): TrackedEvent[] {
  const refused = new Set(timeline.refused.map((r) => r.index));
  const accepted = block.events.map((event, index) => ({ event, index })).filter(({ index }) => !refused.has(index));
  accepted.sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index);
  // Which stage each acknowledgement and response belongs to: the one the case was at when it was recorded.
  let stage = procedure.stages.find((s) => s.id === timeline.stages[0]?.stage);
  const history: TrackedEvent[] = [];
  for (const { event } of accepted) {
    if (event.type === 'escalation-requested') stage = procedure.stages[procedure.stages.findIndex((s) => s.id === stage?.id) + 1] ?? stage;
    const text = eventWords(procedure, event, stage?.title ?? '');
    if (text) history.push({ at: Date.parse(event.at), dayText: formatDayLong(toLocal(Date.parse(event.at)).day), text });
  }
  return history;
}

function eventWords(procedure: Procedure, event: CaseEvent, stage: string): string | undefined {
  switch (event.type) {
    case 'received':
      return `Complaint received, at ${stage}`;
    case 'acknowledged':
      return `${stage}: complaint acknowledged${event.target ? `, with a target date of ${formatDayLong(toDayNumber(event.target))}` : ''}`;
    case 'responded':
      return `${stage}: answer sent${event.sentBy ? ` by ${event.sentBy}` : ''}`;
    case 'escalation-requested':
      return `${stage} asked for`;
    case 'extended':
      return `${stage}: the time to answer extended to ${formatDayLong(toDayNumber(event.until))}`;
    case 'target-set':
      return `${stage}: target date set for ${formatDayLong(toDayNumber(event.target))}`;
    case 'paused': {
      const reason = REASON_WORDS[event.reason];
      return `Time limits paused${reason ? `: ${reason}` : ''}`;
    }
    case 'resumed':
      return 'Time limits restarted';
    case 'withdrawn':
      return 'Complaint withdrawn';
    case 'closed':
      return 'Complaint closed';
    case 'reopened':
      return 'Complaint reopened';
    case 'passed-on':
      return `Passed on to ${procedure.externalBodies.find((b) => b.id === event.to)?.name ?? 'an outside body'}`;
    // What the organisation changed, and the notices its own staff were sent, are its business, not the complainant's.
    case 'change-made':
    case 'escalation-notified':
      return undefined;
  }
}

function stageTitle(procedure: Procedure, id: string | undefined): string {
  return procedure.stages.find((stage) => stage.id === id)?.title ?? id ?? '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  // "Acknowledge the complaint" → "acknowledge the complaint"; an initialism ("CMS …") keeps its capitals.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
