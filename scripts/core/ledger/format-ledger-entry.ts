import { z } from 'zod';
import { LedgerEntrySchema, type LedgerEntry } from './ledger-entry-schema.ts';

/**
 * The text of a ledger entry: JSON, with a fixed key order and one event, refused command, correction, stage or clock a line, so that
 * `git log -p cases/<year>/<reference>.json` reads as the story of the case.
 *
 * The lines of a list start with the comma that separates them from the line before (", {…}"), so appending a line
 * to a list leaves every earlier line byte for byte as it was: a diff of an append shows additions only.
 *
 * @example
 * formatLedgerEntry(entry)
 * //=> '{\n  "ledger": 1,\n  "reference": "RDR-AAAA",\n  …\n  "events": [\n      {"seq": 1, "type": "received", …}\n    , {"seq": 2, …}\n  ],\n  …\n}\n'
 */
export function formatLedgerEntry(entry: LedgerEntry): string {
  const fields: [string, string][] = [
    ['ledger', JSON.stringify(entry.ledger)],
    ['reference', JSON.stringify(entry.reference)],
    ['procedure', inline(entry.procedure, ['id', 'hash', 'commit'])],
    ['received', JSON.stringify(entry.received)],
    ['channel', JSON.stringify(entry.channel)],
    ['flags', JSON.stringify(entry.flags)],
    ['events', list(entry.events.map((event) => inline(event, EVENT_KEYS)))],
  ];
  // Absent from entries written before refused commands were kept apart: such an entry reads back as it was written.
  if (entry.refusedCommands !== undefined) fields.push(['refusedCommands', list(entry.refusedCommands.map((command) => inline(command, [...EVENT_KEYS, 'refusal'])))]);
  fields.push(
    ['corrections', list(entry.corrections.map((correction) => inline(correction, ['retracts', 'movedTo', 'field', 'was', 'now', 'noticed'])))],
    ['status', JSON.stringify(entry.status)],
  );
  if (entry.stage !== undefined) fields.push(['stage', JSON.stringify(entry.stage)]);
  fields.push(
    ['stages', list(entry.stages.map((stage) => inline(stage, ['stage', 'handler', 'insteadOf', 'entered', 'acknowledged', 'responded', 'outcome', 'workingDays'])))],
    ['clocks', list(entry.clocks.map((clock) => inline(clock, ['id', 'action', 'owner', 'dueDate', 'due', 'state', 'met', 'late', 'revised'])))],
    ['findings', list(entry.findings.map((finding) => inline(finding, ['code', 'subject'])))],
  );
  if (entry.refused !== undefined) fields.push(['refused', list(entry.refused.map((refused) => inline(refused, ['seq', 'reason'])))]);
  if (entry.outcome !== undefined) fields.push(['outcome', JSON.stringify(entry.outcome)]);
  return `{\n${fields.map(([key, value]) => `  ${JSON.stringify(key)}: ${value}`).join(',\n')}\n}\n`;
}

/** Reads a ledger entry's text; a file that is not a valid entry is an error saying what is wrong. */
export function parseLedgerEntry(text: string): LedgerEntry {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = LedgerEntrySchema.safeParse(data);
  if (!result.success) throw new Error(`not a ledger entry:\n${z.prettifyError(result.error)}`);
  return result.data;
}

const EVENT_KEYS = ['seq', 'type', 'at', 'actor', 'by', 'stage', 'outOfScope', 'letter', 'notice', 'outcome', 'sentBy', 'until', 'reason', 'target', 'change', 'inWriting', 'to', 'clock', 'level', 'due'] as const;

/** An object on one line, its keys in the given order, absent ones left out. */
function inline<T extends object>(value: T, keys: readonly string[]): string {
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !keys.includes(key));
  // A key the formatter does not know would silently vanish from the ledger: fail instead.
  if (unknown.length > 0) throw new Error(`formatLedgerEntry: unexpected key ${unknown.join(', ')}`);
  const parts = keys.filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}: ${JSON.stringify(record[key])}`);
  return `{${parts.join(', ')}}`;
}

/** A list one item a line, each line after the first starting with its comma. */
function list(lines: readonly string[]): string {
  if (lines.length === 0) return '[]';
  return `[\n${lines.map((line, index) => `    ${index === 0 ? '  ' : ', '}${line}`).join('\n')}\n  ]`;
}
