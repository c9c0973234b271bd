import type { DayNumber } from '../calendar/day-number.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import type { ClockAction, ClockStart, ExtensionReason, Outcome, SendingChannel } from '../procedure/procedure-schema.ts';

/**
 * - `pending`: running, not yet due soon
 * - `due-soon`: running, inside the first reminder lead time
 * - `paused`: stopped while the case is paused
 * - `met`: done on time
 * - `missed`: done late, or a complainant's window that lapsed, or the case stopped after the due date
 * - `overdue`: running and past due
 * - `not-applicable`: not started (stage not reached, waiting for its start event), no time limit set, or stopped in time
 */
export type ClockState = 'pending' | 'due-soon' | 'paused' | 'met' | 'missed' | 'overdue' | 'not-applicable';

export interface ClockView {
  /** `<stage>.<clock>`, e.g. "stage-1.acknowledge". */
  id: string;
  stage: string;
  label: string;
  action: ClockAction;
  /** Who the time limit binds: the organisation, or the complainant (a window to ask for the next stage). */
  owner: 'organisation' | 'complainant';
  /** The event the time limit counts from, in the source's terms. */
  from: ClockStart;
  /** When the clock started, if it has. */
  startedAt?: number;
  /**
   * For a window counted from the complainant's receipt of a response: the day it counts as received, and how it was
   * sent (absent when staff did not say, and it is counted as posted).
   */
  deemedReceipt?: { day: DayNumber; sentAt: number; sentBy?: SendingChannel };
  /** The due instant (end of the due day for day-based limits). */
  due?: number;
  /** The due date in UK local time. */
  dueDay?: DayNumber;
  state: ClockState;
  metAt?: number;
  /** Working days after the due day that it was met (0 when on time). */
  lateWorkingDays?: number;
  /** The due date was moved by an extension or a new target date. */
  revised: boolean;
  /** Why the clock is not applicable, in plain words, when it is not. */
  note?: string;
}

export interface StageRunView {
  stage: string;
  enteredAt: number;
  acknowledgedAt?: number;
  respondedAt?: number;
  outcome?: Outcome;
  /** How the response was sent, when staff said. */
  responseSentBy?: SendingChannel;
  /** The role handling this stage (the alternate when the complaint is about the usual handler). */
  handler: string;
  /** The role that would have handled it, had it not handled an earlier stage this one must be independent of. */
  insteadOf?: string;
  /** Roles whose people may not act at this stage: they handled an earlier stage it must be independent of. */
  excluded: string[];
}

export type ReminderLevel = `before-${number}-${string}` | 'due-today' | 'overdue';

export interface ReminderDue {
  clock: string;
  level: ReminderLevel;
  /** The role whose people are reminded. */
  notify: string;
  /** When the reminder became due. */
  at: number;
}

export interface EscalationStepDue {
  clock: string;
  level: number;
  notify: string;
  /** When the step fell due: the trigger's due time, or the previous step's notification plus its time to respond. */
  at: number;
}

export interface EscalationStepNotified {
  clock: string;
  level: number;
  notify: string;
  /** When the step's people were told. */
  notifiedAt: number;
}

/** A time the clocks stood still, as the case shows it. */
export interface PauseView {
  from: number;
  to?: number;
  /** `pause`: a pause the procedure provides for; `closed`: the case was closed, then reopened. */
  kind: 'pause' | 'closed';
  reason?: ExtensionReason;
  /** Where the procedure limits pauses: the instant the limit was (or will be) reached during this pause, if it is. */
  limitReachedAt?: number;
}

export type FindingCode =
  | 'out-of-time'
  | 'exceptional-circumstances-claimed'
  | 'anonymous'
  | 'about-handler'
  | 'no-alternate-handler'
  | 'out-of-scope'
  | 'late-request'
  | 'response-without-acknowledgement'
  | 'extension-without-notice'
  | 'stage-skipped'
  | 'independent-handler'
  | 'no-independent-handler'
  | 'independence-breach'
  | 'pause-over-limit'
  | 'passed-on';

export interface Finding {
  code: FindingCode;
  message: string;
  /** The clock or stage it concerns. */
  subject?: string;
}

export interface RefusedEvent {
  index: number;
  event: CaseEvent;
  reason: string;
}

export type CaseStatus = 'received' | 'acknowledged' | 'responded' | 'concluded' | 'paused' | 'withdrawn' | 'closed' | 'passed-on';

export interface ExternalWindow {
  body: string;
  name: string;
  opensAt: number;
  due: number;
  dueDay: DayNumber;
  state: 'open' | 'lapsed';
}

export interface Timeline {
  procedure: string;
  /** The calendar data the dates were computed on, so an auditor can recompute them. */
  calendarVersion: string;
  now: number;
  receivedAt?: number;
  channel?: string;
  /** The current stage, or undefined before receipt. */
  stage?: string;
  status: CaseStatus;
  stages: StageRunView[];
  clocks: ClockView[];
  reminders: ReminderDue[];
  /** The escalation step due to be notified now, if any: at most one, since each waits on the one before. */
  escalations: EscalationStepDue[];
  /** The steps of the current ladder already notified, in order. */
  escalationsNotified: EscalationStepNotified[];
  /** While the ladder runs (its trigger overdue): the highest step notified, or due now while people may be told; else 0. */
  escalationLevel: number;
  /** The times the clocks stood still. */
  pauses: PauseView[];
  /** The outside body the case was passed on to, while it stands passed on. */
  passedOn?: { to: string; at: number };
  /** Whether `now` is within working hours on a working day, when people may be notified. */
  withinWorkingHours: boolean;
  externalWindows: ExternalWindow[];
  findings: Finding[];
  refused: RefusedEvent[];
}
