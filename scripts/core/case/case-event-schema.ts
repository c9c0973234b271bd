import { z } from 'zod';
import { NOTICE_KINDS } from '../notify/pending-notice.ts';
import { parseInstant } from '../calendar/london-time.ts';
import { IdSchema, LocalDateSchema } from '../procedure/fields.ts';
import { EXTENSION_REASONS, OUTCOMES, SENDING_CHANNELS } from '../procedure/procedure-schema.ts';
import { LETTER_KINDS } from '../letters/letter-kinds.ts';

/** An instant as ISO 8601 with an offset ("2026-12-23T16:59:00+00:00"); a bare local time is read as UK time. */
export const InstantSchema = z.string().transform((text, ctx) => {
  try {
    return new Date(parseInstant(text)).toISOString();
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Who did something, by role in the procedure. */
export const ActorSchema = z.enum(['complainant', 'staff', 'system']);

export { EXTENSION_REASONS };

/**
 * What an organisation changed because of a complaint, as a category: complaint-handling codes ask organisations to
 * publish what they learned. The details stay in the staff comment.
 */
export const CHANGES = ['policy', 'procedure', 'training', 'communication', 'staffing', 'facilities', 'service', 'other'] as const;

/**
 * Who in person did something: the GitHub login of the member of staff whose comment recorded it (or the local
 * user), so an auditor can see which person acknowledged or responded. Staff act in their work role; the
 * complainant is never named here.
 */
// eslint-disable-next-line no-control-regex
export const PersonSchema = z.string().min(1).max(100).regex(/^[^\u0000-\u001F\u007F<>]+$/, 'A login or user name, without control characters or angle brackets.');

/**
 * How near its due date a reminder was sent: a lead time of the procedure's (`before-2-working-days`), on the due
 * day (`due-today`), or after it (`overdue`).
 */
export const ReminderLevelSchema = z.string().regex(/^(before-\d+-(working-days|calendar-days|hours|weeks|months)|due-today|overdue)$/, 'A reminder level: before-<n>-<unit>, due-today or overdue.');

const base = {
  /** When it happened (for a letter sent earlier, when it was sent). */
  at: InstantSchema,
  actor: ActorSchema.default('staff'),
  by: PersonSchema.optional(),
  /** The store's id of the comment whose command recorded it: what an edit of that comment replaces. */
  comment: z.string().min(1).max(40).optional(),
};

/** The case's facts. Deadlines are derived from these alone, never from when something was last edited. */
export const CaseEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('received'),
    ...base,
    actor: ActorSchema.default('complainant'),
    /** How the complaint arrived: a channel id of the procedure, or "web" for the form. */
    channel: IdSchema,
    /** The stage it enters, when staff open a case at a stage other than the channel's. */
    stage: IdSchema.optional(),
    /** When the incident happened (the last of a series), for the time limit for complaining. */
    incidentDate: LocalDateSchema.optional(),
    /** The complainant asks for a late complaint to be considered because of exceptional circumstances. */
    exceptionalCircumstances: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    /** The complaint is about the person who would normally handle it. */
    aboutHandler: z.boolean().default(false),
    /** Staff judged the matter outside the procedure: the exclusion's id. */
    outOfScope: IdSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('acknowledged'),
    ...base,
    /** The estimated target date the acknowledgement gave, where the procedure's acknowledgement gives one. */
    target: LocalDateSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('responded'),
    ...base,
    outcome: z.enum(OUTCOMES),
    /** How the response was sent, from which the complainant's deemed receipt of it is worked out. */
    sentBy: z.enum(SENDING_CHANNELS).optional(),
  }),
  z.strictObject({ type: z.literal('escalation-requested'), ...base, actor: ActorSchema.default('complainant') }),
  z.strictObject({
    type: z.literal('extended'),
    ...base,
    /** The revised due date given to the complainant. */
    until: LocalDateSchema,
    reason: z.enum(EXTENSION_REASONS).default('other'),
  }),
  z.strictObject({ type: z.literal('target-set'), ...base, target: LocalDateSchema }),
  z.strictObject({ type: z.literal('paused'), ...base, reason: z.enum(EXTENSION_REASONS).default('other') }),
  z.strictObject({ type: z.literal('resumed'), ...base }),
  z.strictObject({
    type: z.literal('withdrawn'),
    ...base,
    /** The complainant confirmed the withdrawal in writing (where the procedure asks them to). */
    inWriting: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('closed'), ...base }),
  z.strictObject({ type: z.literal('reopened'), ...base }),
  /** Something the organisation changed as a result of the complaint. */
  z.strictObject({ type: z.literal('change-made'), ...base, change: z.enum(CHANGES) }),
  /** The organisation passed the complaint on to an outside body the procedure says it may pass it to. */
  z.strictObject({
    type: z.literal('passed-on'),
    ...base,
    /** The outside body's id in the procedure. */
    to: IdSchema,
  }),
  /**
   * Written by the sweep when it posted a step of an escalation ladder: the time the step's people were told, from
   * which the next step's time to respond runs.
   */
  z.strictObject({
    type: z.literal('escalation-notified'),
    ...base,
    actor: ActorSchema.default('system'),
    /** The clock whose lapse the ladder follows, `<stage>.<clock>`. */
    clock: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/),
    level: z.number().int().min(1),
  }),
  /**
   * A letter staff sent the complainant from a draft on the case (`/send`): written by the sweep once the letter went
   * (an email the mail server accepted, or a letter staff say they posted or handed over), at that time, `by` the
   * person who wrote /send. The acknowledgement, extension or response the letter stands for is rebuilt from it
   * (eventOfLetter), so it stands however the comments change. Never the address or the words.
   */
  z.strictObject({
    type: z.literal('letter-sent'),
    ...base,
    /** Which letter. */
    letter: z.enum(LETTER_KINDS),
    /** How it went: from which the complainant's deemed receipt of it is worked out. */
    sentBy: z.enum(SENDING_CHANNELS),
    /** The stage it was written for. */
    stage: IdSchema,
    /** Outcome letters: the decision. */
    outcome: z.enum(OUTCOMES).optional(),
    /** Acknowledgements that give one: the estimated target date. */
    target: LocalDateSchema.optional(),
    /** Extension notices: the new response date. */
    until: LocalDateSchema.optional(),
    /** Extension notices: the reason's category. */
    reason: z.enum(EXTENSION_REASONS).optional(),
  }),
  /**
   * Written by the sweep when it posted a reminder of a time limit to the people handling the case: what they were
   * told and when, so that an auditor can show staff were warned. It moves no time limit.
   */
  z.strictObject({
    type: z.literal('reminder-sent'),
    ...base,
    actor: ActorSchema.default('system'),
    /** The time limit reminded of, `<stage>.<clock>`. */
    clock: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/),
    level: ReminderLevelSchema,
    /** The due date the reminder gave (a later extension moves the time limit, not what staff were told). */
    due: LocalDateSchema,
  }),
  /**
   * Written by the sweep when a mail server accepted its email telling staff about the case (a new case, a reminder,
   * an escalation step): the fact of it, never to whom or what it said.
   */
  z.strictObject({
    type: z.literal('staff-notified'),
    ...base,
    actor: ActorSchema.default('system'),
    /** What the staff were told of. */
    notice: z.enum(NOTICE_KINDS),
    /** How: by email (mentions on GitHub are in the issue's own history). */
    sentBy: z.literal('email'),
  }),
  /**
   * Written by the sweep once a mail server accepted the email telling the complainant their complaint was received
   * (its reference, the dates promised and a copy of what they wrote), at that time: the fact, never the address or
   * the words. Not the procedure's acknowledgement, which staff give; it moves no time limit.
   */
  z.strictObject({
    type: z.literal('receipt-sent'),
    ...base,
    actor: ActorSchema.default('system'),
    /** How: by email, the only way Redress sends it itself. */
    sentBy: z.literal('email'),
  }),
]);

/** Event types the sweep writes itself rather than rebuilding them from staff comments. */
export const SYSTEM_EVENT_TYPES = ['received', 'escalation-notified', 'letter-sent', 'reminder-sent', 'staff-notified', 'receipt-sent'] as const;

/** Whether an event is one the sweep keeps from the case's block (see SYSTEM_EVENT_TYPES). */
export function isSystemEvent(event: CaseEvent): boolean {
  return (SYSTEM_EVENT_TYPES as readonly string[]).includes(event.type);
}
export type CaseEvent = z.infer<typeof CaseEventSchema>;
export type CaseEventInput = z.input<typeof CaseEventSchema>;
export type CaseEventType = CaseEvent['type'];
