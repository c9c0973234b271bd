/**
 * The rule that keeps the ledger's record honest: what has been written is never rewritten.
 *
 * - The header (procedure version, receipt, channel, flags) and every event line, once written, stay exactly as
 *   they are, in place.
 * - A case's events can still change after they are recorded: staff edit or delete a command comment, and the sweep
 *   rebuilds the case's events from the comments as they are now. The ledger follows the case by appending: an
 *   event no longer in the case is retracted by a correction line naming its `seq`, and the event as it now stands
 *   (if any) is appended as a new line. A changed header fact gets a correction line with the old and new values.
 * - Corrections are appended too, and never removed.
 * - The view (status, stages, clocks, findings, refused, outcome) is the engine's reading of the record at the last
 *   sweep and is replaced each time; it is not part of the record.
 *
 * So the record as of any commit is a prefix of the record as of every later commit, which is what `redress audit
 * --verify` checks in git history.
 */
import { CORRECTABLE_FIELDS, type LedgerCorrection, type LedgerEntry, type LedgerEvent } from './ledger-entry-schema.ts';

type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/**
 * The entry to write: `fresh` (the case as it is now, from buildLedgerEntry) added to `previous` (the entry as
 * last written) without changing anything previous holds. Events still in the case keep their lines and numbers;
 * events gone from the case are retracted; new ones are appended; the view is fresh's, its `seq`s renumbered to
 * the lines they match.
 *
 * @example
 * appendToLedgerEntry(previous, fresh, Date.parse('2026-11-04T09:00:00Z')).corrections
 * //=> [{ retracts: 2, noticed: '2026-11-04T09:00:00.000Z' }] (the /acknowledge comment was deleted)
 */
export function appendToLedgerEntry(previous: LedgerEntry | undefined, fresh: LedgerEntry, noticedAt: number): LedgerEntry {
  if (!previous) return fresh;
  const noticed = new Date(noticedAt).toISOString();
  const freshKeys = fresh.events.map(eventKey);
  const used = fresh.events.map(() => false);
  const seqOf = new Map<number, number>();
  const corrections: LedgerCorrection[] = [...previous.corrections];

  for (const event of effectiveEvents(previous)) {
    // A line written before the ledger named who acted matches the same fact with its actor now known.
    const key = eventKey(event);
    const match = freshKeys.findIndex((candidate, index) => !used[index] && (candidate === key || (event.by === undefined && eventKey(withoutBy(fresh.events[index])) === key)));
    if (match === -1) {
      corrections.push({ retracts: event.seq, noticed });
      continue;
    }
    used[match] = true;
    seqOf.set(fresh.events[match]?.seq ?? 0, event.seq);
  }
  const events = [...previous.events];
  let next = Math.max(0, ...previous.events.map((event) => event.seq)) + 1;
  fresh.events.forEach((event, index) => {
    if (used[index]) return;
    seqOf.set(event.seq, next);
    events.push({ ...event, seq: next });
    next += 1;
  });

  const header = effectiveHeader(previous);
  for (const field of CORRECTABLE_FIELDS) {
    const was = JSON.stringify(header[field]);
    const now = JSON.stringify(fresh[field]);
    if (was !== now) corrections.push({ field, was, now, noticed });
  }

  const { ledger, reference, procedure, received, channel, flags } = previous;
  return {
    ...fresh,
    ledger,
    reference,
    procedure,
    received,
    channel,
    flags,
    events,
    corrections,
    refused: fresh.refused.map((refused) => ({ ...refused, seq: seqOf.get(refused.seq) ?? refused.seq })),
  };
}

/**
 * Every way `next` rewrites or removes something `previous` recorded, in words naming it; empty when `next` only
 * appends.
 *
 * @example
 * appendOnlyProblems(previous, { ...previous, events: [previous.events[0]] })
 * //=> ['event 2 (acknowledged at 2026-11-03T10:00:00.000Z) was removed']
 */
export function appendOnlyProblems(previous: LedgerEntry, next: LedgerEntry): string[] {
  const problems: string[] = [];
  for (const field of ['ledger', 'reference', 'procedure', 'received', 'channel', 'flags'] as const) {
    if (canonical(previous[field]) !== canonical(next[field])) {
      problems.push(`the header's ${field} was rewritten from ${JSON.stringify(previous[field])} to ${JSON.stringify(next[field])}`);
    }
  }
  previous.events.forEach((event, index) => {
    const now = next.events[index];
    if (!now) problems.push(`event ${event.seq} (${describeEvent(event)}) was removed`);
    else if (canonical(now) !== canonical(event)) problems.push(`event ${event.seq} was rewritten from ${describeEvent(event)} to ${describeEvent(now)}`);
  });
  previous.corrections.forEach((correction, index) => {
    const now = next.corrections[index];
    if (!now) problems.push(`correction ${index + 1} was removed`);
    else if (canonical(now) !== canonical(correction)) problems.push(`correction ${index + 1} was rewritten`);
  });
  return problems;
}

/** The events that stand: every recorded event not retracted by a correction, in recorded order. */
export function effectiveEvents(entry: LedgerEntry): LedgerEvent[] {
  const retracted = new Set(entry.corrections.flatMap((correction) => ('retracts' in correction ? [correction.retracts] : [])));
  return entry.events.filter((event) => !retracted.has(event.seq));
}

/** The header as corrected: the recorded header with each field correction applied in order. */
export function effectiveHeader(entry: LedgerEntry): Pick<LedgerEntry, CorrectableField> {
  const header: Record<CorrectableField, unknown> = { procedure: entry.procedure, received: entry.received, channel: entry.channel, flags: entry.flags };
  for (const correction of entry.corrections) {
    if ('field' in correction) header[correction.field] = JSON.parse(correction.now);
  }
  return header as Pick<LedgerEntry, CorrectableField>;
}

/**
 * What changed between two writes of an entry, in short phrases for a commit message.
 *
 * @example
 * describeLedgerChanges(previous, next) //=> ['acknowledged', 'stage-1.acknowledge met']
 */
export function describeLedgerChanges(previous: LedgerEntry | undefined, next: LedgerEntry): string[] {
  if (!previous) return [`received under ${next.procedure.id} by ${next.channel}`, ...next.events.slice(1).map((event) => describeEvent(event))];
  const changes = next.events.slice(previous.events.length).map((event) => describeEvent(event));
  for (const correction of next.corrections.slice(previous.corrections.length)) {
    changes.push('retracts' in correction ? `event ${correction.retracts} retracted` : `${correction.field} corrected`);
  }
  const before = new Map(previous.clocks.map((clock) => [clock.id, clock]));
  for (const clock of next.clocks) {
    const was = before.get(clock.id);
    if (was?.state !== clock.state) changes.push(`${clock.id} ${clock.state}${clock.late ? ` (${clock.late} working days late)` : ''}`);
    else if (was.dueDate !== clock.dueDate) changes.push(`${clock.id} due ${clock.dueDate ?? 'unset'}`);
  }
  if (previous.status !== next.status && changes.length === 0) changes.push(`status ${next.status}`);
  return changes;
}

function describeEvent(event: LedgerEvent): string {
  const detail = event.outcome ?? event.until ?? event.target ?? event.stage ?? (event.clock ? `${event.clock} ${event.level}` : '');
  return `${event.type}${detail ? ` ${detail}` : ''} at ${event.at}`;
}

function withoutBy(event: LedgerEvent | undefined): LedgerEvent {
  const { by: _by, ...rest } = event as LedgerEvent;
  return rest;
}

/** An event's facts without its line number: what makes two events the same. */
function eventKey(event: LedgerEvent): string {
  const { seq: _seq, ...facts } = event;
  return canonical(facts);
}

/** JSON with object keys sorted, so that two values compare equal whatever order their keys were read in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}
