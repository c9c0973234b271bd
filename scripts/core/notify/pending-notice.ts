/** A notice to staff about a case, decided by the sweep and kept on the case until its emails have gone. */
import { z } from 'zod';
import { IdSchema } from '../procedure/fields.ts';

export const NOTICE_KINDS = ['new-case', 'reminder', 'escalation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A notice to staff the sweep has decided on and not yet emailed, kept in the case's block until it goes. */
export const PendingNoticeSchema = z.strictObject({
  /** What it tells. */
  what: z.enum(NOTICE_KINDS),
  /** Which one: "received" for a new case, `<clock>.<level>.<due date>` for a reminder or escalation step. */
  step: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  /** The role whose holders are told. */
  role: IdSchema,
  /** The clock it is about (reminders and escalations). */
  clock: z.string().optional(),
  /** The reminder's level ("before-2-working-days", "overdue") or the escalation step's number. */
  level: z.union([z.number().int().min(1), z.string().regex(/^[a-z0-9-]{1,40}$/)]).optional(),
  /** The earliest instant it may be sent (ISO): the next working-hours start when it fell due out of hours. */
  notBefore: z.iso.datetime(),
});
export type PendingNotice = z.infer<typeof PendingNoticeSchema>;
