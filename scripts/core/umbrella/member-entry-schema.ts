/**
 * A member's ledger entry as the umbrella view reads it: exactly the fields the umbrella uses, and nothing else.
 *
 * The ledger holds no personal data, and the umbrella body should not receive even what it does hold beyond its
 * need: the case reference, the channel, the flags, the login of the member of staff who recorded each event
 * (`by`), the outcome, reasons, dates given to the complainant, and every field a later version of the ledger
 * adds. So an entry is parsed into this schema at the boundary, straight from the file's text: unknown and unused
 * keys are dropped there, before anything is cached, reported or logged. What remains is ids from the member's
 * procedure file, instants, dates, counts and categories:
 *
 * - `ledger`: the entry's form; `procedure.id`; `received` (for the period);
 * - `status`; `events` as `seq`, `type` and, on `received`, the `stage` a case was opened at;
 * - `corrections` that retract an event (`retracts`); `refused` as `seq`;
 * - `stages` as `stage`, `entered`, `responded` and `workingDays`; every field of `clocks`;
 * - `findings` as their `code`, and only codes that are departures from the procedure.
 *
 * Each field keeps the ledger schema's own rule (ledger-entry-schema.ts), so a value the ledger would refuse is
 * refused here too.
 */
import { z } from 'zod';
import { FINDING_DEPARTURES } from '../audit/case-audit.ts';
import { LedgerClockSchema, LedgerCorrectionSchema, LedgerEntrySchema, LedgerEventSchema, LedgerStageSchema, type LedgerEntry } from '../ledger/ledger-entry-schema.ts';

const entry = LedgerEntrySchema.shape;
const event = LedgerEventSchema.shape;
const stage = LedgerStageSchema.shape;
const retraction = LedgerCorrectionSchema.options[0].shape;

export const MemberEntrySchema = z.object({
  ledger: entry.ledger,
  procedure: z.object({ id: entry.procedure.shape.id }),
  received: entry.received,
  status: entry.status,
  events: z.array(z.object({ seq: event.seq, type: event.type, stage: event.stage })).min(1),
  /** Only the corrections that retract an event; a header correction (`field`, `was`, `now`) is dropped. */
  corrections: z
    .array(z.object({ retracts: retraction.retracts.optional() }))
    .transform((list) => list.flatMap((correction) => (correction.retracts === undefined ? [] : [{ retracts: correction.retracts }]))),
  stages: z.array(z.object({ stage: stage.stage, entered: stage.entered, responded: stage.responded, workingDays: stage.workingDays })),
  clocks: z.array(z.object(LedgerClockSchema.shape)),
  /** Only findings that are departures from the procedure (the others describe the complaint, not its handling). */
  findings: z
    .array(z.object({ code: z.string().min(1) }))
    .transform((list) => list.flatMap((finding) => (Object.hasOwn(FINDING_DEPARTURES, finding.code) ? [{ code: finding.code }] : []))),
  /** Entries written before refused commands were kept apart: the `events` lines refused, which count for nothing. */
  refused: z.array(z.object({ seq: entry.refused.unwrap().element.shape.seq })).default([]),
});
export type MemberEntry = z.infer<typeof MemberEntrySchema>;

/**
 * Reads an entry's text into the umbrella's fields, or says why it cannot. The reason names the place and the rule,
 * never the value found there: a damaged entry may hold anything.
 *
 * @example
 * readMemberEntry('{"ledger": 2}') //=> { problem: 'not a ledger entry the umbrella can read: ledger: Invalid input: expected 1; …' }
 */
export function readMemberEntry(text: string): { entry: MemberEntry; problem?: undefined } | { entry?: undefined; problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault.
    return { problem: 'not valid JSON' };
  }
  const result = MemberEntrySchema.safeParse(data);
  if (result.success) return { entry: result.data };
  const issues = result.error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? `; and ${result.error.issues.length - 3} more` : '';
  return { problem: `not a ledger entry the umbrella can read: ${issues.join('; ')}${more}` };
}

/** What the umbrella puts where it read nothing: the audit works on whole entries. */
const WITHHELD = { reference: 'WITHHELD', hash: '00000000', id: 'withheld' } as const;

/**
 * The entry the audit (case-audit.ts) is given for a member's case: the umbrella's fields, and fixed stand-ins for
 * every field it did not read, so no member's value of those can reach the audit's results even by mistake. The
 * umbrella reports only what the audit makes of the fields it kept: time limits, departures and volumes.
 */
export function auditableEntry(member: MemberEntry): LedgerEntry {
  return {
    ledger: member.ledger,
    reference: WITHHELD.reference,
    procedure: { id: member.procedure.id, hash: WITHHELD.hash },
    received: member.received,
    channel: WITHHELD.id,
    flags: [],
    events: member.events.map((line) => ({ seq: line.seq, type: line.type, at: member.received, actor: 'system', ...(line.stage === undefined ? {} : { stage: line.stage }) })),
    corrections: member.corrections.map((correction) => ({ retracts: correction.retracts, noticed: member.received })),
    status: member.status,
    stages: member.stages.map((run) => ({ ...run, handler: WITHHELD.id })),
    clocks: member.clocks,
    findings: member.findings,
    refused: member.refused.map((refused) => ({ seq: refused.seq, reason: WITHHELD.id })),
  };
}
