/**
 * The record of a letter on its case: one comment of the software's own per draft sent, found again by its marker
 * (`<!-- redress:letter v1 case=… draft=… … -->`) and updated as the letter goes. It is the durable record of
 * sending: written ("sending") before an email is handed to the mail server and brought up to date with the
 * server's answer, so a sweep that dies in between (in GitHub Actions, where nothing else is kept between runs)
 * leaves a record that says so, and the next sweep never sends the letter a second time by itself.
 *
 * The marker carries what the tracking page and the sweep read (which letter, when, by what channel, the subject);
 * the text below it is for staff, and adds the address an email went to. Neither holds the letter's words: those
 * are in the draft.
 */
import { z } from 'zod';
import { PersonSchema } from '../case/case-event-schema.ts';
import type { StoredComment } from '../case/case-store.ts';
import { IdSchema, LocalDateSchema } from '../procedure/fields.ts';
import { EXTENSION_REASONS, OUTCOMES, SENDING_CHANNELS } from '../procedure/procedure-schema.ts';
import { escapeUserText } from '../text/escape-user-text.ts';
import { formatInstantLong } from '../text/plain-dates.ts';
import { parseMarker, renderMarker } from '../sweep/markers.ts';
import { LETTER_KINDS, LETTER_WORDS } from './letter-kinds.ts';

/**
 * Where a letter stands:
 * - `sending`: handed (or about to be handed) to the mail server, its answer not yet recorded;
 * - `queued`: the mail server deferred it or could not be reached: certainly not sent, tried again at the next sweep;
 * - `sent`: the mail server accepted the email;
 * - `failed`: refused for good (a 5xx reply), or deferred for three days;
 * - `uncertain`: the answer was lost, or a sweep stopped while sending: it may have arrived, and is not sent again
 *   unless staff say so (`/send <n> again`);
 * - `written`: no mail server is configured, so nothing was sent;
 * - `posted`, `handed`: staff say they posted it, or handed it over, on the date they gave.
 */
export const LETTER_STATES = ['sending', 'queued', 'sent', 'failed', 'uncertain', 'written', 'posted', 'handed'] as const;
export type LetterState = (typeof LETTER_STATES)[number];

/** The states in which the letter went: its events are recorded and the tracking page lists it. */
export const DELIVERED_STATES: readonly LetterState[] = ['sent', 'posted', 'handed'];

/** The fields of a letter record's marker. */
export const LetterRecordSchema = z.strictObject({
  /** The case reference. */
  case: z.string().regex(/^[A-Z0-9-]{1,40}$/),
  /** The store's id of the draft comment it was sent from: with the case, what makes it once-only. */
  draft: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  /** The draft's number, as staff write it in /send. */
  n: z.coerce.number().int().min(1),
  /** Which letter. */
  letter: z.enum(LETTER_KINDS),
  /** The stage it was written for. */
  stage: IdSchema,
  /** How it goes: email, post or hand. */
  channel: z.enum(SENDING_CHANNELS),
  state: z.enum(LETTER_STATES),
  /** When it reached its state (ISO): for a delivered letter, when it was sent, posted or handed over. */
  at: z.iso.datetime(),
  /** Who wrote the /send it follows: the person the letter's event names. */
  by: PersonSchema,
  /** The store's id of the /send comment it follows. */
  send: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  /** The email's subject, or what a posted letter is headed. */
  subject: z.string().min(1).max(250),
  /** When the first attempt to send it by email was made: temporary failures stop being retried three days on. */
  tried: z.iso.datetime().optional(),
  outcome: z.enum(OUTCOMES).optional(),
  target: LocalDateSchema.optional(),
  until: LocalDateSchema.optional(),
  reason: z.enum(EXTENSION_REASONS).optional(),
});
export type LetterRecord = z.infer<typeof LetterRecordSchema>;

// Marker values cannot hold spaces, ">" or "--": free text is percent-encoded, hyphens too.
const encode = (text: string) => encodeURIComponent(text).replace(/-/g, '%2D');
const ENCODED = new Set(['by', 'subject']);

export interface LetterRecordView {
  record: LetterRecord;
  /** Where an email went (shown to staff, escaped; never in the marker). */
  to?: string;
  /** The mail server's answer, or what went wrong. */
  detail?: string;
}

const HEADLINES: Readonly<Record<LetterState, string>> = {
  sending: 'Letter being sent by email',
  queued: 'Letter not sent yet: the mail server could not take it',
  sent: 'Letter sent by email',
  failed: 'Letter not delivered',
  uncertain: 'Letter may not have been delivered',
  written: 'Letter not sent: no mail server is configured',
  posted: 'Letter posted',
  handed: 'Letter handed over',
};

/**
 * The record's comment.
 *
 * @example
 * renderLetterRecord({ record: { case: 'RDR-7K', draft: '991', n: 2, letter: 'acknowledgement', stage: 'stage-1', channel: 'email', state: 'sent', at, by: 'octocat', send: '995', subject: 'Your complaint RDR-7K: we have received it (Stage 1)' }, to: 'ann@example.com' })
 * //=> '<!-- redress:letter v1 case=RDR-7K draft=991 n=2 letter=acknowledgement … -->\n**Letter sent by email**: acknowledgement (Stage 1), draft 2\n…'
 */
export function renderLetterRecord({ record, to, detail }: LetterRecordView): string {
  const checked = LetterRecordSchema.parse(record);
  const fields = Object.fromEntries(Object.entries(checked).map(([key, value]) => [key, ENCODED.has(key) ? encode(String(value)) : String(value)]));
  const lines = [
    renderMarker('letter', fields),
    `**${HEADLINES[checked.state]}**: ${LETTER_WORDS[checked.letter]} (${checked.stage}), draft ${checked.n}`,
    '',
    `- ${checked.state === 'posted' ? 'Posted' : checked.state === 'handed' ? 'Handed over' : 'When'}: ${formatInstantLong(Date.parse(checked.at))}`,
    ...(to && checked.channel === 'email' ? [`- To: ${escapeUserText(to)}`] : []),
    `- Subject: ${escapeUserText(checked.subject)}`,
    `- Sent on the word of: ${escapeUserText(checked.by)}`,
  ];
  if (detail) lines.push(`- ${checked.state === 'sent' ? 'Mail server’s answer' : 'Details'}: ${escapeUserText(detail.replace(/\s+/g, ' ').slice(0, 500))}`);
  const next = nextStep(checked);
  if (next) lines.push('', next);
  return `${lines.join('\n')}\n`;
}

function nextStep({ state, n }: LetterRecord): string | undefined {
  switch (state) {
    case 'sending':
      return 'If this is still here after the sweep has finished, the sweep stopped while sending: the next sweep marks the letter uncertain rather than send it twice.';
    case 'queued':
      return 'Nothing was delivered. Redress tries again at each sweep, for up to three days.';
    case 'failed':
      return `Check the address with the complainant, or send the letter another way and write \`/send ${n} posted <date>\` (or \`/send ${n} by hand <date>\`). \`/send ${n} again\` tries the email again.`;
    case 'uncertain':
      return `The mail server’s answer was lost, so Redress cannot tell whether the letter arrived, and does not send it again by itself (a second copy is worse than asking). Ask the complainant; if it did not arrive, write \`/send ${n} again\`. If it did, record it by hand (\`/acknowledge\`, \`/extend\` or \`/respond\`, with the date).`;
    case 'written':
      return `Nothing was sent. Configure a mail server (REDRESS_SMTP_URL) and write \`/send ${n} again\`, or post the letter and write \`/send ${n} posted <date>\`.`;
    default:
      return undefined;
  }
}

/**
 * The letter record a comment holds, if it is one (and well formed).
 *
 * @example
 * parseLetterRecord(comment.body) //=> { case: 'RDR-7K', n: 2, letter: 'acknowledgement', channel: 'email', state: 'sent', at: '2026-12-03T10:15:00.000Z', subject: 'Your complaint …', … }
 */
export function parseLetterRecord(body: string): LetterRecord | undefined {
  const marker = parseMarker(body);
  if (marker?.kind !== 'letter') return undefined;
  const fields: Record<string, string> = {};
  try {
    for (const [key, value] of Object.entries(marker.fields)) fields[key] = ENCODED.has(key) ? decodeURIComponent(value) : value;
  } catch {
    return undefined;
  }
  const result = LetterRecordSchema.safeParse(fields);
  return result.success ? result.data : undefined;
}

/** The letter records on a case, written by the software's own account, with their comments' ids. */
export function letterRecords(comments: readonly StoredComment[], reference: string): { commentId: string; record: LetterRecord }[] {
  return comments.flatMap((comment) => {
    if (!comment.byBot) return [];
    const record = parseLetterRecord(comment.body);
    return record && record.case === reference ? [{ commentId: comment.id, record }] : [];
  });
}

/**
 * The letters sent to the complainant, oldest first: what the complainant's tracking page lists (date, subject and
 * how it went). Only letters that went; never a draft, a failure or the staff's notes.
 *
 * @example
 * sentLetters(comments, 'RDR-7K') //=> [{ letter: 'acknowledgement', at: '2026-11-04T10:15:00.000Z', sentBy: 'email', subject: 'Your complaint RDR-7K: we have received it (Stage 1)' }]
 */
export function sentLetters(comments: readonly StoredComment[], reference: string): { letter: LetterRecord['letter']; at: string; sentBy: LetterRecord['channel']; subject: string }[] {
  return letterRecords(comments, reference)
    .filter(({ record }) => DELIVERED_STATES.includes(record.state))
    .map(({ record }) => ({ letter: record.letter, at: record.at, sentBy: record.channel, subject: record.subject }))
    .sort((a, b) => a.at.localeCompare(b.at));
}
