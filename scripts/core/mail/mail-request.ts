/**
 * A message Redress sends, as the code that decides to send it asks for it: who to, about which case, what kind of
 * message, and its words. The mail outbox (scripts/adapters/mail) takes it from there: it keeps it durably, sends it
 * once, and says what became of it.
 */
import { z } from 'zod';

/**
 * The kinds of message, each with how staff and the case record name it. A new kind of letter or notice is added
 * here, so every record of it (on the case, in the ledger) says the same words.
 */
export const MAIL_KIND_WORDS = {
  receipt: 'acknowledgement of receipt',
  letter: 'letter from staff',
  'staff-notice': 'notice to staff',
  digest: 'weekly digest for staff',
} as const;

export const MAIL_KINDS = Object.keys(MAIL_KIND_WORDS) as [keyof typeof MAIL_KIND_WORDS, ...(keyof typeof MAIL_KIND_WORDS)[]];
export type MailKind = keyof typeof MAIL_KIND_WORDS;

/**
 * An idempotency key: `<kind>:<what it is about>`, such as `receipt:RDR-7KX4-M9QP-2TK`. Letters, digits and
 * `.:_-` only, so it can sit in a hidden marker; no "--", which would end an HTML comment.
 */
export const MailKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9.:_-]{0,150}$/, 'A mail key is "<kind>:<subject>", such as "receipt:RDR-7KX4-M9QP-2TK".')
  .refine((key) => !key.includes('--'), 'A mail key has no "--".');

export const MailRequestSchema = z.strictObject({
  /** The same key asked for twice is one message: the first request is kept and sent, once. */
  key: MailKeySchema,
  /** The case the message belongs to, where its sending is recorded; absent for a message about no one case. */
  caseReference: z.string().regex(/^[A-Z0-9-]{1,40}$/).optional(),
  kind: z.enum(MAIL_KINDS),
  /** One recipient's address. */
  to: z.email(),
  /** One line, without line breaks (headers cannot hold them). */
  subject: z
    .string()
    .min(1)
    .max(250)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001F\u007F]*$/, 'A subject is one line.'),
  /** The plain-text body. */
  text: z.string().min(1).max(200_000),
});
export type MailRequest = z.infer<typeof MailRequestSchema>;

/**
 * What becomes of a message:
 * - `queued`: waiting to be sent (after a temporary failure too);
 * - `sending`: handed to the SMTP server, its answer not yet recorded;
 * - `sent`: the server accepted it;
 * - `written`: no SMTP server is configured, so it was written to an .eml file in the data directory instead;
 * - `failed`: the server refused it for good (a 5xx reply), or temporary failures went on too long;
 * - `uncertain`: the answer was lost (the connection dropped after the message went, or the process stopped while
 *   sending): it may have been delivered, and it is not sent again unless staff say so;
 * - `forgotten`: staff decided not to send it again.
 */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'written', 'failed', 'uncertain', 'forgotten'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Statuses nothing more happens to without a person. */
export const SETTLED_STATUSES: readonly MailStatus[] = ['sent', 'written', 'failed', 'uncertain', 'forgotten'];

/**
 * What a record outside the case (the ledger) may keep of a message: which kind, when, by what channel, and what
 * became of it; never its address or its words.
 */
export interface MailFact {
  key: string;
  caseReference?: string;
  kind: MailKind;
  channel: 'email';
  status: MailStatus;
  /** When it reached that status (ISO). */
  at: string;
}
