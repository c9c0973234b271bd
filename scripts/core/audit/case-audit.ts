/**
 * One case as an auditor reviews it, from its ledger entry alone: each time limit met or missed and by how much,
 * and every departure from the procedure, the way NACCC reviews "whether the centre followed its procedure"
 * without looking at the merits of the complaint.
 */
import { fromDayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import { effectiveEvents, effectiveRefusedCommands } from '../ledger/append-only.ts';
import type { LedgerClock, LedgerEntry, LedgerEvent, LedgerRefusedCommand, LedgerStage } from '../ledger/ledger-entry-schema.ts';
import type { Outcome } from '../procedure/procedure-schema.ts';

/**
 * - `met`: done by the due date
 * - `late`: done after it (`lateWorkingDays` says by how much)
 * - `missed`: not done, and the case stopped (or the complainant's window closed) after the due date
 * - `overdue`: not done, still open, past due (at the last sweep, or at the report's date)
 * - `running`, `paused`: not yet due
 * - `not-applicable`: never started, no time limit set, or stopped before it was due
 */
export type ClockVerdict = 'met' | 'late' | 'missed' | 'overdue' | 'running' | 'paused' | 'not-applicable';

export interface ClockAudit {
  id: string;
  action: LedgerClock['action'];
  owner: LedgerClock['owner'];
  dueDate?: string;
  met?: string;
  verdict: ClockVerdict;
  lateWorkingDays?: number;
  revised: boolean;
  /** The reminders staff were sent about it, in order: how near the due date, the due date they gave, when. */
  warnings: { level: string; due: string; at: string }[];
}

export const DEPARTURE_KINDS = [
  /** A time limit of the organisation's that was met late, or not met before the case stopped. */
  'time-limit-missed',
  /** A time limit of the organisation's that has passed on an open case. */
  'time-limit-overdue',
  /** A stage answered without the acknowledgement the procedure requires first. */
  'response-without-acknowledgement',
  /** A time limit extended after it had passed, where the procedure requires notice before. */
  'extension-without-notice',
  /** A later stage begun before the stage the procedure puts first had been answered. */
  'stage-skipped',
  /** The case was opened at a stage other than the one its channel enters. */
  'opened-at-later-stage',
  /** A stage that must be independent of an earlier one was decided by someone involved in it, or had no one else to go to. */
  'not-independent',
  /** The case was paused for longer than the procedure allows. */
  'pause-over-limit',
] as const;
export type DepartureKind = (typeof DEPARTURE_KINDS)[number];

export interface Departure {
  kind: DepartureKind;
  /** The clock or stage it concerns. */
  subject: string;
  /** In words, with the dates. */
  detail: string;
  /** A time limit's due date (UK local, YYYY-MM-DD). */
  due?: string;
  /** When a time limit missed was met, late (UK local date). */
  met?: string;
  /** Working days late. */
  lateWorkingDays?: number;
  /** `stage-skipped`: the UK local date the later stage began, and the stage it began before. */
  began?: string;
  before?: string;
}

export interface CaseAudit {
  reference: string;
  procedure: string;
  /** The procedure version the case is held to: content hash, and commit when recorded. */
  version: string;
  received: string;
  /** UK local date of receipt, YYYY-MM-DD. */
  receivedDate: string;
  channel: string;
  flags: string[];
  status: LedgerEntry['status'];
  stages: LedgerStage[];
  outcome?: Outcome;
  clocks: ClockAudit[];
  departures: Departure[];
  extended: boolean;
  escalated: boolean;
  /** Recorded facts corrected after the event (an edited or deleted command). */
  corrections: number;
  /** Recorded commands the procedure did not allow where the case was. */
  refused: number;
  /** Pauses of the clocks (where the procedure provides for them). */
  pauses: number;
  /** Escalation ladder steps whose people were told, in order: the clock the ladder follows, level and when. */
  escalationNotices: { clock: string; level: number; at: string }[];
  /** When the complainant's receipt email was accepted by the mail server, where Redress sent one. */
  receiptEmailed?: string;
  /** What people did, as the ledger records it, in order: every event that stands but the receipt and the notices. */
  acts: LedgerEvent[];
  /** The commands the procedure refused, with why, in order. */
  refusedCommands: LedgerRefusedCommand[];
  /** The outside body the case was passed on to, as the procedure provides, while it stands passed on. */
  passedOn?: string;
  /** Stages asked for after their window closed (considered only as the procedure allows late requests). */
  lateRequests: string[];
}

/** Engine findings that are departures from the procedure (the others describe the complaint itself). */
export const FINDING_DEPARTURES: Readonly<Record<string, DepartureKind>> = {
  'response-without-acknowledgement': 'response-without-acknowledgement',
  'extension-without-notice': 'extension-without-notice',
  'stage-skipped': 'stage-skipped',
  'independence-breach': 'not-independent',
  'no-independent-handler': 'not-independent',
  'pause-over-limit': 'pause-over-limit',
};

/**
 * A case's audit from its ledger entry. `asOf` is when the report is made: a clock still running at the last sweep
 * whose due date has since passed is shown overdue.
 *
 * @example
 * auditCase(lateEntry, Date.parse('2026-12-01T00:00:00Z')).departures
 * //=> [{ kind: 'time-limit-missed', subject: 'stage-1.acknowledge', detail: 'met 3 working days late (due 2026-11-09, met 2026-11-12)' }]
 */
export function auditCase(entry: LedgerEntry, asOf?: number): CaseAudit {
  const events = effectiveEvents(entry);
  const clocks = entry.clocks.map((clock) => auditClock(clock, asOf, events));
  const departures: Departure[] = [];
  for (const clock of clocks) {
    if (clock.owner !== 'organisation') continue;
    if (clock.verdict === 'late') {
      const met = localDate(clock.met);
      departures.push({ kind: 'time-limit-missed', subject: clock.id, detail: `met ${days(clock.lateWorkingDays ?? 0)} late (due ${clock.dueDate}, met ${met})`, due: clock.dueDate, met, lateWorkingDays: clock.lateWorkingDays ?? 0 });
    } else if (clock.verdict === 'missed') {
      departures.push({ kind: 'time-limit-missed', subject: clock.id, detail: `not met by ${clock.dueDate} before the case was ${entry.status}`, due: clock.dueDate });
    } else if (clock.verdict === 'overdue') {
      departures.push({ kind: 'time-limit-overdue', subject: clock.id, detail: `due ${clock.dueDate}, not met`, due: clock.dueDate });
    }
  }
  for (const finding of entry.findings) {
    const kind = FINDING_DEPARTURES[finding.code];
    if (kind && !departures.some((d) => d.kind === kind && d.subject === finding.subject)) {
      departures.push({ kind, subject: finding.subject ?? '', detail: finding.code === 'no-independent-handler' ? 'the procedure names no one not involved earlier to handle it' : FINDING_WORDS[kind] });
    }
  }
  entry.stages.forEach((run, index) => {
    const before = entry.stages[index - 1];
    if (!before || before.responded !== undefined) return;
    // Only where the procedure expects an answer at the stage before: moving on from an informal stage is normal.
    if (entry.clocks.some((clock) => clock.id.startsWith(`${before.stage}.`) && clock.action === 'respond')) {
      const began = localDate(run.entered);
      departures.push({ kind: 'stage-skipped', subject: run.stage, detail: `${run.stage} began on ${began} before ${before.stage} was answered`, began, before: before.stage });
    }
  });
  const opening = events.find((event) => event.type === 'received');
  if (opening?.stage) departures.push({ kind: 'opened-at-later-stage', subject: opening.stage, detail: `opened directly at ${opening.stage}` });

  return {
    reference: entry.reference,
    procedure: entry.procedure.id,
    version: entry.procedure.commit ? `${entry.procedure.hash}@${entry.procedure.commit.slice(0, 12)}` : entry.procedure.hash,
    received: entry.received,
    receivedDate: localDate(entry.received) ?? '',
    channel: entry.channel,
    flags: entry.flags,
    status: entry.status,
    stages: entry.stages,
    ...(entry.outcome ? { outcome: entry.outcome } : {}),
    clocks,
    departures,
    extended: events.some((event) => event.type === 'extended'),
    escalated: entry.stages.length > 1,
    corrections: entry.corrections.length,
    refused: effectiveRefusedCommands(entry).length,
    pauses: events.filter((event) => event.type === 'paused').length,
    escalationNotices: events.filter((event) => event.type === 'escalation-notified').map((event) => ({ clock: event.clock ?? '', level: Number(event.level ?? 0), at: event.at })),
    ...receiptEmailed(events),
    acts: events.filter((event) => !NOT_ACTS.has(event.type)),
    refusedCommands: effectiveRefusedCommands(entry),
    ...(entry.status === 'passed-on' ? { passedOn: events.findLast((event) => event.type === 'passed-on')?.to ?? '' } : {}),
    lateRequests: entry.findings.filter((finding) => finding.code === 'late-request').map((finding) => finding.subject ?? ''),
  };
}

function receiptEmailed(events: readonly LedgerEvent[]): { receiptEmailed?: string } {
  const sent = events.find((event) => event.type === 'receipt-sent');
  return sent ? { receiptEmailed: sent.at } : {};
}

/** Events that are not something a person did: the receipt (its own line of the report) and the sweep's emails. */
const NOT_ACTS: ReadonlySet<string> = new Set(['received', 'reminder-sent', 'escalation-notified', 'staff-notified', 'receipt-sent']);

function auditClock(clock: LedgerClock, asOf: number | undefined, events: readonly LedgerEvent[]): ClockAudit {
  const warnings = events.flatMap((event) => (event.type === 'reminder-sent' && event.clock === clock.id ? [{ level: String(event.level), due: event.due ?? '', at: event.at }] : []));
  const base = { id: clock.id, action: clock.action, owner: clock.owner, revised: clock.revised, ...(clock.dueDate ? { dueDate: clock.dueDate } : {}), ...(clock.met ? { met: clock.met } : {}), warnings };
  switch (clock.state) {
    case 'met':
      return { ...base, verdict: 'met', lateWorkingDays: 0 };
    case 'missed':
      return clock.met ? { ...base, verdict: 'late', lateWorkingDays: clock.late ?? 0 } : { ...base, verdict: 'missed' };
    case 'overdue':
      return { ...base, verdict: 'overdue' };
    case 'pending':
    case 'due-soon':
      if (asOf === undefined || clock.due === undefined || Date.parse(clock.due) >= asOf) return { ...base, verdict: 'running' };
      // Past due by the report's date: an organisation's limit is overdue; a complainant's window has closed.
      return { ...base, verdict: clock.owner === 'organisation' ? 'overdue' : 'missed' };
    case 'paused':
      return { ...base, verdict: 'paused' };
    case 'not-applicable':
      return { ...base, verdict: 'not-applicable' };
  }
}

const FINDING_WORDS: Readonly<Record<DepartureKind, string>> = {
  'time-limit-missed': 'a time limit was missed',
  'time-limit-overdue': 'a time limit has passed',
  'response-without-acknowledgement': 'answered without the acknowledgement the procedure requires',
  'extension-without-notice': 'extended after the time limit had passed, so the complainant was not told in time',
  'stage-skipped': 'a stage was skipped',
  'opened-at-later-stage': 'opened at a later stage',
  'not-independent': 'decided by someone involved in an earlier stage, where the procedure requires someone not involved',
  'pause-over-limit': 'paused for longer than the procedure allows',
};

/** The UK local date of an instant, YYYY-MM-DD. */
export function localDate(instant: string | undefined): string | undefined {
  return instant === undefined ? undefined : fromDayNumber(toLocal(Date.parse(instant)).day);
}

function days(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}
