/**
 * One case's entry in the case ledger (`cases/<year>/<reference>.json`): what an auditor needs to tell from git
 * history alone whether the procedure was followed, and nothing that identifies the complainant or anyone the
 * complaint is about. It holds ids, instants, dates, counts and categories, and the login of the member of staff
 * who recorded each fact (as GitHub's own audit log names the actor): never a complainant's name, an address, a
 * comment's words or the complaint.
 *
 * An entry has two parts.
 * - The record: the case's header (reference, procedure version, receipt, channel, flags), its `events`, its
 *   `refusedCommands` and its `corrections`. The record is append-only: a line once written is never changed or
 *   removed (append-only.ts). Events and refused commands share one numbering (`seq`), so a correction names either.
 * - The view: `status`, `stage`, `stages`, `clocks`, `findings` and `outcome`, what the deadline engine made of the
 *   record at the last sweep. It follows the case (a clock becomes overdue, then met) and can be recomputed from the
 *   record and the procedure version, so it is not part of the append-only promise.
 *
 * Entries written before refused commands were kept apart have no `refusedCommands`: their refused commands are
 * lines of `events`, named by `seq` in the view's `refused`. They are read as they are; the next write of such an
 * entry retracts each of those lines, naming where it moved (`movedTo`), and appends it to `refusedCommands`.
 */
import { z } from 'zod';
import { NOTICE_KINDS } from '../notify/pending-notice.ts';
import { ActorSchema, CHANGES, EXTENSION_REASONS, PersonSchema, ReminderLevelSchema } from '../case/case-event-schema.ts';
import { CASE_FLAGS } from '../case/case-block.ts';
import { LETTER_KINDS } from '../letters/letter-kinds.ts';
import { IdSchema, LocalDateSchema } from '../procedure/fields.ts';
import { CLOCK_ACTIONS, OUTCOMES, SENDING_CHANNELS } from '../procedure/procedure-schema.ts';

/** The form of entry this code writes; a reader refuses a form it does not know rather than guess. */
export const LEDGER_FORMAT = 1;

/** An instant as the ledger writes it: ISO 8601 in UTC with milliseconds, as `Date#toISOString` gives. */
export const LedgerInstantSchema = z.iso.datetime({ offset: false, precision: 3 });

/** Event types a ledger line can hold: those of the case events (case-event-schema.ts). */
export const LEDGER_EVENT_TYPES = [
  'received',
  'acknowledged',
  'responded',
  'escalation-requested',
  'extended',
  'target-set',
  'paused',
  'resumed',
  'withdrawn',
  'closed',
  'reopened',
  'change-made',
  'passed-on',
  'escalation-notified',
  'letter-sent',
  'reminder-sent',
  'staff-notified',
  'receipt-sent',
] as const;
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** One fact of the case, one line of the file. The fields after `actor` appear only on the types they belong to. */
export const LedgerEventSchema = z.strictObject({
  /** The line's number in this entry, from 1: what a correction names. */
  seq: z.number().int().min(1),
  type: z.enum(LEDGER_EVENT_TYPES),
  /** When it happened (for a letter sent earlier, when it was sent). */
  at: LedgerInstantSchema,
  /** Who did it, by part in the procedure: complainant, staff or system. */
  actor: ActorSchema,
  /** The member of staff who recorded it (their GitHub login, or the local user), when a person did. */
  by: PersonSchema.optional(),
  /** `received`: the stage the case was opened at, when staff opened it somewhere other than the channel's stage. */
  stage: IdSchema.optional(),
  /** `received`: the procedure's exclusion staff judged the matter to fall under. */
  outOfScope: IdSchema.optional(),
  /** `responded`: the decision. */
  outcome: z.enum(OUTCOMES).optional(),
  /** `responded`, `letter-sent` and `receipt-sent`: how the response, letter or receipt email was sent, from which its deemed receipt follows. */
  sentBy: z.enum(SENDING_CHANNELS).optional(),
  /** `extended`: the revised due date the complainant was given. */
  until: LocalDateSchema.optional(),
  /** `extended` and `paused`: why, as a category (the words staff wrote stay in their comment). */
  reason: z.enum(EXTENSION_REASONS).optional(),
  /** `change-made`: what kind of change the organisation made as a result of the complaint. */
  change: z.enum(CHANGES).optional(),
  /** `target-set`, and `acknowledged` where the acknowledgement gave it: the target completion date. */
  target: LocalDateSchema.optional(),
  /** `withdrawn`: the complainant confirmed the withdrawal in writing. */
  inWriting: z.boolean().optional(),
  /** `passed-on`: the outside body the complaint was passed on to, by its id in the procedure. */
  to: IdSchema.optional(),
  /** `escalation-notified`: the clock whose lapse the escalation ladder follows; `reminder-sent`: the clock reminded of. */
  clock: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/).optional(),
  /**
   * `escalation-notified`: the step of the ladder whose people were told (1, 2, …); `reminder-sent`: how near the due
   * date (`before-2-working-days`, `due-today`, `overdue`).
   */
  level: z.union([z.number().int().min(1), ReminderLevelSchema]).optional(),
  /** `reminder-sent`: the due date the reminder gave. */
  due: LocalDateSchema.optional(),
  /** `letter-sent`: which letter went to the complainant (how it went is `sentBy`); never its address or words. */
  letter: z.enum(LETTER_KINDS).optional(),
  /** `staff-notified`: what staff were told of (how is `sentBy`); never who, or the words. */
  notice: z.enum(NOTICE_KINDS).optional(),
});
export type LedgerEvent = z.infer<typeof LedgerEventSchema>;

/**
 * A command the case holds that the procedure did not allow where the case was (a stage answered twice, a pause
 * the procedure does not provide for): kept apart from the events, which are the facts the procedure accepted.
 * The line is the event the command would have recorded, with why it was refused.
 */
export const LedgerRefusedCommandSchema = LedgerEventSchema.extend({
  /** Why the procedure refused it, in the words staff were given when it was first refused. */
  refusal: z.string().min(1),
});
export type LedgerRefusedCommand = z.infer<typeof LedgerRefusedCommandSchema>;

/** Header facts a correction can name. */
export const CORRECTABLE_FIELDS = ['procedure', 'received', 'channel', 'flags'] as const;

/**
 * A change to something already recorded, appended instead of rewriting it: an event no longer in the case (its
 * command comment was edited or deleted), or a header fact that changed. Readers apply corrections in order.
 */
export const LedgerCorrectionSchema = z.union([
  z.strictObject({
    /** The `seq` of the event or refused command that no longer stands. */
    retracts: z.number().int().min(1),
    /**
     * The `seq` of the line that now holds the same command in the other list: the command stands, but the
     * procedure's reading of it changed (an earlier-dated command recorded since), or an entry written before
     * refused commands were kept apart was brought to the present form.
     */
    movedTo: z.number().int().min(1).optional(),
    /** When the sweep noticed. */
    noticed: LedgerInstantSchema,
  }),
  z.strictObject({
    field: z.enum(CORRECTABLE_FIELDS),
    /** The value the header (or the previous correction of this field) held, as JSON. */
    was: z.string(),
    /** The value it holds now, as JSON. */
    now: z.string(),
    noticed: LedgerInstantSchema,
  }),
]);
export type LedgerCorrection = z.infer<typeof LedgerCorrectionSchema>;

/** One pass through a stage, as the engine saw it. */
export const LedgerStageSchema = z.strictObject({
  stage: IdSchema,
  /** The role that handles it (the alternate when the complaint is about the usual handler): a role id, not a person. */
  handler: IdSchema,
  /** The role that would have handled it, had it not handled an earlier stage this one must be independent of. */
  insteadOf: IdSchema.optional(),
  entered: LedgerInstantSchema,
  acknowledged: LedgerInstantSchema.optional(),
  responded: LedgerInstantSchema.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  /** Working days from entering the stage to its response, on the procedure's calendar. */
  workingDays: z.number().int().min(0).optional(),
});
export type LedgerStage = z.infer<typeof LedgerStageSchema>;

export const LEDGER_CLOCK_STATES = ['pending', 'due-soon', 'paused', 'met', 'missed', 'overdue', 'not-applicable'] as const;

/** One time limit, as the engine saw it at the last sweep. */
export const LedgerClockSchema = z.strictObject({
  /** `<stage>.<clock>`, e.g. "stage-1.acknowledge". */
  id: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/),
  action: z.enum(CLOCK_ACTIONS),
  /** Whom the time limit binds: the organisation, or the complainant (a window to ask for the next stage). */
  owner: z.enum(['organisation', 'complainant']),
  /** The due date (UK local), when the clock has started and has a time limit. */
  dueDate: LocalDateSchema.optional(),
  /** The due instant: the end of the due day, or exactly the hours later for limits in hours. */
  due: LedgerInstantSchema.optional(),
  state: z.enum(LEDGER_CLOCK_STATES),
  /** When it was met. */
  met: LedgerInstantSchema.optional(),
  /** Working days after the due day that it was met (0 when on time). */
  late: z.number().int().min(0).optional(),
  /** The due date was moved by an extension or a new target date. */
  revised: z.boolean(),
});
export type LedgerClock = z.infer<typeof LedgerClockSchema>;

export const LedgerEntrySchema = z.strictObject({
  /** The entry's form (LEDGER_FORMAT). */
  ledger: z.literal(LEDGER_FORMAT),
  /** The case reference, as in the title. */
  reference: z.string().regex(/^[A-Z0-9-]{3,40}$/),
  procedure: z.strictObject({
    /** The procedure's id: its file name in workflows/. */
    id: IdSchema,
    /** Content hash of the procedure the case is held to, fixed at receipt. */
    hash: z.string().regex(/^[0-9a-f]{8}$/),
    /** The git commit of the procedure file at receipt, when the deployment knew it. */
    commit: z.string().regex(/^[0-9a-f]{7,64}$/).optional(),
  }),
  /** When the complaint was received: the instant its time limits count from. */
  received: LedgerInstantSchema,
  /** How it arrived: a channel id of the procedure ("web" for the form). */
  channel: IdSchema,
  /** What the procedure makes of the complaint itself (out of time, anonymous, about the handler). */
  flags: z.array(z.enum(CASE_FLAGS)),
  /** The record's facts, one a line, in the order they were recorded. */
  events: z.array(LedgerEventSchema).min(1),
  /** Commands the case holds that the procedure refused, one a line, numbered with the events; absent from entries written before. */
  refusedCommands: z.array(LedgerRefusedCommandSchema).optional(),
  /** Changes to facts already recorded, in the order they were noticed. */
  corrections: z.array(LedgerCorrectionSchema),
  /** The view: where the case stands. */
  status: z.enum(['received', 'acknowledged', 'responded', 'concluded', 'paused', 'withdrawn', 'closed', 'passed-on']),
  /** The current stage. */
  stage: IdSchema.optional(),
  stages: z.array(LedgerStageSchema),
  clocks: z.array(LedgerClockSchema),
  /** What the procedure makes of the case: departures such as a response without acknowledgement, and flags. */
  findings: z.array(z.strictObject({ code: z.string().min(1), subject: z.string().optional() })),
  /**
   * Only in entries written before `refusedCommands`: the `events` lines the procedure refused, by `seq`, with why.
   * Read, never written.
   */
  refused: z.array(z.strictObject({ seq: z.number().int().min(1), reason: z.string() })).optional(),
  /** The decision of the last stage answered. */
  outcome: z.enum(OUTCOMES).optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
