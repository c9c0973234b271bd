import { fromDayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseBlock } from '../case/case-block.ts';
import type { CaseEvent } from '../case/case-event-schema.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import { LEDGER_FORMAT, type LedgerClock, type LedgerEntry, type LedgerEvent, type LedgerStage } from './ledger-entry-schema.ts';

export interface LedgerEntryInput {
  /** The case's hidden block as the sweep leaves it: the record's source. */
  block: CaseBlock;
  /** The engine's timeline of the same events: the view's source. */
  timeline: Timeline;
  /** The procedure's working calendar, to count working days to each response. */
  calendar: WorkingCalendar;
}

/**
 * A case's ledger entry as of now, its lines numbered in the order the case holds them: the events the procedure
 * accepted in `events`, the commands it refused (with why) in `refusedCommands`. Only ids, instants, dates and
 * categories are copied from the block, which holds nothing else; of the engine's words, only a refusal's reason.
 * To add it to an existing entry without rewriting what is there, see appendToLedgerEntry.
 *
 * @example
 * buildLedgerEntry({ block, timeline, calendar }).events[1]
 * //=> { seq: 2, type: 'acknowledged', at: '2026-11-03T10:00:00.000Z', actor: 'staff', by: 'mary-ceccc' }
 * buildLedgerEntry({ block, timeline, calendar }).refusedCommands
 * //=> [{ seq: 4, type: 'responded', …, refusal: 'Stage 1 has already been answered.' }]
 */
export function buildLedgerEntry({ block, timeline, calendar }: LedgerEntryInput): LedgerEntry {
  const iso = (ms: number) => new Date(ms).toISOString();
  const stages: LedgerStage[] = timeline.stages.map((run) => ({
    stage: run.stage,
    handler: run.handler,
    ...(run.insteadOf === undefined ? {} : { insteadOf: run.insteadOf }),
    entered: iso(run.enteredAt),
    ...(run.acknowledgedAt === undefined ? {} : { acknowledged: iso(run.acknowledgedAt) }),
    ...(run.respondedAt === undefined ? {} : { responded: iso(run.respondedAt) }),
    ...(run.outcome === undefined ? {} : { outcome: run.outcome }),
    ...(run.respondedAt === undefined ? {} : { workingDays: Math.max(0, calendar.workingDaysBetween(toLocal(run.enteredAt).day, toLocal(run.respondedAt).day)) }),
  }));
  const clocks: LedgerClock[] = timeline.clocks.map((clock) => ({
    id: clock.id,
    action: clock.action,
    owner: clock.owner,
    ...(clock.dueDay === undefined ? {} : { dueDate: fromDayNumber(clock.dueDay) }),
    ...(clock.due === undefined ? {} : { due: iso(clock.due) }),
    // "Due soon" is a nudge for staff that comes and goes with the calendar, not a fact for the record.
    state: clock.state === 'due-soon' ? 'pending' : clock.state,
    ...(clock.metAt === undefined ? {} : { met: iso(clock.metAt) }),
    ...(clock.lateWorkingDays === undefined ? {} : { late: clock.lateWorkingDays }),
    revised: clock.revised,
  }));
  const outcome = timeline.stages.findLast((run) => run.outcome !== undefined)?.outcome;
  // An event can be refused for more than one reason (an extension, by each clock it would move): the first is given.
  const refusals = new Map<number, string>();
  for (const refused of timeline.refused) if (!refusals.has(refused.index)) refusals.set(refused.index, refused.reason);
  const lines = block.events.map((event, index) => ledgerEvent(event, index + 1));
  return {
    ledger: LEDGER_FORMAT,
    reference: block.reference,
    procedure: { id: block.procedure.id, hash: block.procedure.version.hash, ...(block.procedure.version.commit ? { commit: block.procedure.version.commit } : {}) },
    received: block.received,
    channel: block.channel,
    flags: [...block.flags].sort(),
    events: lines.filter((_line, index) => !refusals.has(index)),
    refusedCommands: lines.flatMap((line, index) => {
      const refusal = refusals.get(index);
      return refusal === undefined ? [] : [{ ...line, refusal }];
    }),
    corrections: [],
    status: timeline.status,
    ...(timeline.stage === undefined ? {} : { stage: timeline.stage }),
    stages,
    clocks,
    findings: timeline.findings.map((finding) => ({ code: finding.code, ...(finding.subject === undefined ? {} : { subject: finding.subject }) })),
    ...(outcome === undefined ? {} : { outcome }),
  };
}

/** An event as a ledger line: type, time, role, who acted, and the categories its type carries; nothing a person wrote. */
export function ledgerEvent(event: CaseEvent, seq: number): LedgerEvent {
  const line: LedgerEvent = { seq, type: event.type, at: event.at, actor: event.actor, ...(event.by === undefined ? {} : { by: event.by }) };
  switch (event.type) {
    case 'received':
      if (event.stage) line.stage = event.stage;
      if (event.outOfScope) line.outOfScope = event.outOfScope;
      break;
    case 'acknowledged':
      if (event.target) line.target = event.target;
      break;
    case 'responded':
      line.outcome = event.outcome;
      if (event.sentBy) line.sentBy = event.sentBy;
      break;
    case 'withdrawn':
      if (event.inWriting) line.inWriting = true;
      break;
    case 'passed-on':
      line.to = event.to;
      break;
    case 'escalation-notified':
      line.clock = event.clock;
      line.level = event.level;
      break;
    case 'reminder-sent':
      line.clock = event.clock;
      line.level = event.level;
      line.due = event.due;
      break;
    case 'extended':
      line.until = event.until;
      line.reason = event.reason;
      break;
    case 'paused':
      line.reason = event.reason;
      break;
    case 'target-set':
      line.target = event.target;
      break;
    case 'change-made':
      line.change = event.change;
      break;
    case 'letter-sent':
      line.letter = event.letter;
      line.sentBy = event.sentBy;
      break;
    case 'staff-notified':
      line.notice = event.notice;
      line.sentBy = event.sentBy;
      break;
    case 'receipt-sent':
      line.sentBy = event.sentBy;
      break;
    default:
      break;
  }
  return line;
}

/**
 * The UK year of receipt, the folder an entry is filed under.
 *
 * @example
 * ledgerYear('2026-12-31T23:30:00.000Z') //=> '2026'
 */
export function ledgerYear(received: string): string {
  return fromDayNumber(toLocal(Date.parse(received)).day).slice(0, 4);
}

/**
 * Where an entry lives, relative to the ledger folder.
 *
 * @example
 * ledgerPath({ reference: 'RDR-7KX4-M9QP-2TK', received: '2026-11-02T10:00:00.000Z' }) //=> '2026/RDR-7KX4-M9QP-2TK.json'
 */
export function ledgerPath(entry: Pick<LedgerEntry, 'reference' | 'received'>): string {
  return `${ledgerYear(entry.received)}/${entry.reference}.json`;
}
