/**
 * What was sent to the complainant, read from the records of it on the case: each message or letter has its own
 * comment starting with a Redress marker (`<!-- redress:mail v1 … -->` for email). Only what a marked record says,
 * and only of messages that went to the complainant: never a staff note, a discussion, a command, or a notice to
 * staff, which have no reader here.
 *
 * Staff's letters have records of their own (`<!-- redress:letter v1 … -->`), listed once they went: sent by email,
 * posted or handed over. Another kind of record is one more entry in CORRESPONDENCE_READERS.
 */
import { DELIVERED_STATES, parseLetterRecord } from '../letters/letter-record.ts';
import { LETTER_WORDS } from '../letters/letter-kinds.ts';
import { parseMailRecord } from '../mail/mail-record.ts';
import { MAIL_KIND_WORDS, type MailKind } from '../mail/mail-request.ts';

/** One message or letter sent to the complainant. */
export interface Correspondence {
  /** When it was sent (for a posted letter, when it was posted). */
  at: number;
  /** Its subject or heading, as the complainant received it. */
  subject: string;
  /** How it was sent. */
  by: 'email' | 'post' | 'hand';
  /** What it is, in the words the case record uses: "acknowledgement of receipt". */
  what: string;
}

/** A comment on the case, as far as a reader needs it. */
export interface RecordComment {
  body: string;
  createdAt: string;
}

/** Reads one marked comment as something sent to the complainant, or says it is not. */
export type CorrespondenceReader = (comment: RecordComment) => Correspondence | undefined;

/**
 * The kinds of message that go to the complainant. A message kind added for staff (a reminder, a digest) is left
 * off unless it is named here, so a new kind is never shown to complainants by mistake.
 */
export const COMPLAINANT_MAIL_KINDS: readonly MailKind[] = ['receipt'];

/** An email to the complainant that the mail server accepted; one not sent, or that may not have arrived, is not listed. */
export function readMailRecord(comment: RecordComment): Correspondence | undefined {
  const record = parseMailRecord(comment.body);
  if (!record || record.status !== 'sent' || !COMPLAINANT_MAIL_KINDS.includes(record.kind)) return undefined;
  return { at: record.at, subject: record.subject, by: 'email', what: MAIL_KIND_WORDS[record.kind] };
}

/** A letter from staff that went: the mail server accepted it, or staff say they posted it or handed it over. */
export function readLetterRecord(comment: RecordComment): Correspondence | undefined {
  const record = parseLetterRecord(comment.body);
  if (!record || !DELIVERED_STATES.includes(record.state)) return undefined;
  return { at: Date.parse(record.at), subject: record.subject, by: record.channel, what: LETTER_WORDS[record.letter] };
}

/** Readers by the kind in a comment's marker (`<!-- redress:<kind> v1 … -->`). */
export const CORRESPONDENCE_READERS: Readonly<Record<string, CorrespondenceReader>> = {
  mail: readMailRecord,
  letter: readLetterRecord,
};

/**
 * Everything sent to the complainant, oldest first, from the case's comments. A comment without a marker, or with
 * one no reader is given for, is never read.
 *
 * @example
 * listCorrespondence([{ body: '<!-- redress:mail v1 case=RDR-7K key=receipt:RDR-7K -->\n**Email sent**: acknowledgement of receipt\n\n- When: Wednesday 23 December 2026 at 10:00am\n- To: …\n- Subject: We have received your complaint RDR-7K', createdAt }, { body: '/acknowledge', createdAt }])
 * //=> [{ at: Date.parse('2026-12-23T10:00:00Z'), subject: 'We have received your complaint RDR-7K', by: 'email', what: 'acknowledgement of receipt' }]
 */
export function listCorrespondence(comments: readonly RecordComment[], readers: Readonly<Record<string, CorrespondenceReader>> = CORRESPONDENCE_READERS): Correspondence[] {
  const found: Correspondence[] = [];
  for (const comment of comments) {
    const kind = /^<!-- redress:([a-z]+) v1[ ]/.exec(comment.body)?.[1];
    const reader = kind === undefined || !Object.hasOwn(readers, kind) ? undefined : readers[kind];
    const item = reader?.(comment);
    if (item) found.push(item);
  }
  return found.sort((a, b) => a.at - b.at);
}
