/**
 * The rule that keeps the ledger's record honest: what has been written is never rewritten.
 *
 * - The header (procedure version, receipt, channel, flags) and every event and refused command line, once written,
 *   stay exactly as they are, in place.
 * - A case's events can still change after they are recorded: staff edit or delete a command comment, and the sweep
 *   rebuilds the case's events from the comments as they are now. The ledger follows the case by appending: a line
 *   no longer in the case is retracted by a correction line naming its `seq`, and the command as it now stands (if
 *   any) is appended as a new line. A command the procedure now reads differently (refused once an earlier-dated
 *   command was recorded, or accepted once the command that barred it was retracted) is retracted from its list
 *   and appended to the other, the correction naming where it moved. A changed header fact gets a correction line
 *   with the old and new values.
 * - Corrections are appended too, and never removed.
 * - The view (status, stages, clocks, findings, outcome) is the engine's reading of the record at the last sweep and
 *   is replaced each time; it is not part of the record.
 *
 * So the record as of any commit is a prefix of the record as of every later commit, which is what `redress audit
 * --verify` checks in git history.
 */
import { CORRECTABLE_FIELDS, type LedgerCorrection, type LedgerEntry, type LedgerEvent, type LedgerRefusedCommand } from './ledger-entry-schema.ts';

type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** The two lists of the record whose lines are numbered together. */
type RecordList = 'events' | 'refusedCommands';
type RecordLine = { list: RecordList; line: LedgerEvent | LedgerRefusedCommand };

/**
 * The entry to write: `fresh` (the case as it is now, from buildLedgerEntry) added to `previous` (the entry as
 * last written) without changing anything previous holds. Lines still in the case keep their place and number;
 * lines gone from the case are retracted; new ones are appended to their list; the view is fresh's.
 *
 * @example
 * appendToLedgerEntry(previous, fresh, Date.parse('2026-11-04T09:00:00Z')).corrections
 * //=> [{ retracts: 2, noticed: '2026-11-04T09:00:00.000Z' }] (the /acknowledge comment was deleted)
 */
export function appendToLedgerEntry(previous: LedgerEntry | undefined, fresh: LedgerEntry, noticedAt: number): LedgerEntry {
  if (!previous) return fresh;
  const noticed = new Date(noticedAt).toISOString();
  const candidates = recordLines(fresh).sort((a, b) => a.line.seq - b.line.seq);
  const used = new Set<RecordLine>();
  const gone: RecordLine[] = [];
  for (const recorded of standingLines(previous)) {
    // A line written before the ledger named who acted matches the same fact with its actor now known.
    const match = candidates.find((candidate) => !used.has(candidate) && candidate.list === recorded.list && sameFact(recorded.line, candidate.line));
    if (match) used.add(match);
    else gone.push(recorded);
  }

  const events = [...previous.events];
  const refusedCommands = [...(previous.refusedCommands ?? [])];
  const appended: RecordLine[] = [];
  let next = Math.max(0, ...recordLines(previous).map(({ line }) => line.seq)) + 1;
  for (const candidate of candidates) {
    if (used.has(candidate)) continue;
    const line = { ...candidate.line, seq: next };
    next += 1;
    if (candidate.list === 'events') events.push(line);
    else refusedCommands.push(line as LedgerRefusedCommand);
    appended.push({ list: candidate.list, line });
  }

  const corrections: LedgerCorrection[] = [...previous.corrections];
  const moved = new Set<RecordLine>();
  for (const recorded of gone.sort((a, b) => a.line.seq - b.line.seq)) {
    const to = appended.find((line) => !moved.has(line) && line.list !== recorded.list && sameFact(recorded.line, line.line));
    if (to) moved.add(to);
    corrections.push({ retracts: recorded.line.seq, ...(to ? { movedTo: to.line.seq } : {}), noticed });
  }
  const header = effectiveHeader(previous);
  for (const field of CORRECTABLE_FIELDS) {
    const was = JSON.stringify(header[field]);
    const now = JSON.stringify(fresh[field]);
    if (was !== now) corrections.push({ field, was, now, noticed });
  }

  const { ledger, reference, procedure, received, channel, flags } = previous;
  // The view is fresh's alone: the `refused` of an entry written before refused commands were kept apart goes.
  const { refused: _legacy, ...view } = fresh;
  return { ...view, ledger, reference, procedure, received, channel, flags, events, refusedCommands, corrections };
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
  (previous.refusedCommands ?? []).forEach((command, index) => {
    const now = next.refusedCommands?.[index];
    if (!now) problems.push(`refused command ${command.seq} (${describeEvent(command)}) was removed`);
    else if (canonical(now) !== canonical(command)) problems.push(`refused command ${command.seq} was rewritten from ${describeEvent(command)} to ${describeEvent(now)}`);
  });
  previous.corrections.forEach((correction, index) => {
    const now = next.corrections[index];
    if (!now) problems.push(`correction ${index + 1} was removed`);
    else if (canonical(now) !== canonical(correction)) problems.push(`correction ${index + 1} was rewritten`);
  });
  return problems;
}

/**
 * The events that stand: every line of `events` neither retracted by a correction nor, in an entry written before
 * refused commands were kept apart, named refused by its view; in recorded order.
 */
export function effectiveEvents(entry: LedgerEntry): LedgerEvent[] {
  const retracted = retractedLines(entry);
  const refused = new Set((entry.refused ?? []).map((refusal) => refusal.seq));
  return entry.events.filter((event) => !retracted.has(event.seq) && !refused.has(event.seq));
}

/**
 * The refused commands that stand: every line of `refusedCommands` not retracted, and in an entry written before
 * they were kept apart, the `events` lines its view names refused, with the reason it gave; in recorded order.
 *
 * @example
 * effectiveRefusedCommands(entry) //=> [{ seq: 4, type: 'responded', …, refusal: 'Stage 1 has already been answered.' }]
 */
export function effectiveRefusedCommands(entry: LedgerEntry): LedgerRefusedCommand[] {
  const retracted = retractedLines(entry);
  const legacy = new Map((entry.refused ?? []).map((refusal) => [refusal.seq, refusal.reason]));
  const fromEvents = entry.events.flatMap((event) => {
    const refusal = legacy.get(event.seq);
    return refusal === undefined || retracted.has(event.seq) ? [] : [{ ...event, refusal }];
  });
  const kept = (entry.refusedCommands ?? []).filter((command) => !retracted.has(command.seq));
  return [...fromEvents, ...kept].sort((a, b) => a.seq - b.seq);
}

/**
 * Every line of the record that stands, events and refused commands alike, as the event each records (without the
 * refusal): what the case itself holds, whatever the procedure made of it.
 */
export function recordedEvents(entry: LedgerEntry): LedgerEvent[] {
  return standingLines(entry).map(({ line }) => withoutRefusal(line)).sort((a, b) => a.seq - b.seq);
}

function recordLines(entry: LedgerEntry): RecordLine[] {
  return [...entry.events.map((line) => ({ list: 'events' as const, line })), ...(entry.refusedCommands ?? []).map((line) => ({ list: 'refusedCommands' as const, line }))];
}

/** The lines of both lists not retracted, each in the list it was written to. */
function standingLines(entry: LedgerEntry): RecordLine[] {
  const retracted = retractedLines(entry);
  return recordLines(entry).filter(({ line }) => !retracted.has(line.seq));
}

function retractedLines(entry: LedgerEntry): Set<number> {
  return new Set(entry.corrections.flatMap((correction) => ('retracts' in correction ? [correction.retracts] : [])));
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
  const refused = (from: number) => (next.refusedCommands ?? []).slice(from).map((command) => `refused: ${describeEvent(command)}`);
  if (!previous) return [`received under ${next.procedure.id} by ${next.channel}`, ...next.events.slice(1).map((event) => describeEvent(event)), ...refused(0)];
  const changes = [...next.events.slice(previous.events.length).map((event) => describeEvent(event)), ...refused(previous.refusedCommands?.length ?? 0)];
  for (const correction of next.corrections.slice(previous.corrections.length)) {
    if ('field' in correction) {
      changes.push(`${correction.field} corrected`);
      continue;
    }
    const what = next.events.some((event) => event.seq === correction.retracts) ? 'event' : 'refused command';
    changes.push(correction.movedTo === undefined ? `${what} ${correction.retracts} retracted` : `${what} ${correction.retracts} moved to line ${correction.movedTo}`);
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

/**
 * Whether a recorded line and a line of the case as it is now record the same command: the same facts, whatever
 * their numbers and the refusal's words (which stay as first written); a line written before the ledger named who
 * acted is the same fact as one naming them.
 */
function sameFact(recorded: LedgerEvent, now: LedgerEvent): boolean {
  const key = eventKey(recorded);
  if (key === eventKey(now)) return true;
  if (recorded.by !== undefined) return false;
  const { by: _by, ...anonymous } = now;
  return key === eventKey(anonymous);
}

function withoutRefusal(line: LedgerEvent | LedgerRefusedCommand): LedgerEvent {
  if (!('refusal' in line)) return line;
  const { refusal: _refusal, ...event } = line;
  return event;
}

/** A line's facts without its number or refusal: what makes two lines record the same command. */
function eventKey(event: LedgerEvent): string {
  const { seq: _seq, ...facts } = withoutRefusal(event);
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
