/**
 * The record of a message on its case: one bot comment per message, found again by its hidden marker and brought
 * up to date when what became of the message changes (queued, then sent; uncertain, then resent). It holds the
 * date, the kind, the address and the subject, as correspondence files do; the ledger holds only the fact.
 */
import { formatInstantLong, parseInstantLong } from '../text/plain-dates.ts';
import { escapeUserText } from '../text/escape-user-text.ts';
import { unescapeUserText } from '../text/unescape-user-text.ts';
import { MAIL_KIND_WORDS, MAIL_KINDS, MAIL_STATUSES, type MailKind, type MailStatus } from './mail-request.ts';

export interface MailRecordInput {
  /** The message's id in the mail outbox, for the commands staff may run. */
  id: string;
  key: string;
  caseReference: string;
  kind: MailKind;
  to: string;
  subject: string;
  status: MailStatus;
  /** When it reached that status. */
  at: number;
  /** The server's reply or what went wrong, when there is one. */
  detail?: string;
}

/**
 * The hidden marker that names the record of one message on one case.
 *
 * @example
 * mailRecordMarker('RDR-7KX4-M9QP-2TK', 'receipt:RDR-7KX4-M9QP-2TK')
 * //=> '<!-- redress:mail v1 case=RDR-7KX4-M9QP-2TK key=receipt:RDR-7KX4-M9QP-2TK -->'
 */
export function mailRecordMarker(caseReference: string, key: string): string {
  // Both are checked to hold no spaces, ">" or "--" where they are made (MailRequestSchema); this keeps it so.
  const safe = (value: string) => value.replace(/[\s>]/g, '_').replace(/-{2,}/g, '-');
  return `<!-- redress:mail v1 case=${safe(caseReference)} key=${safe(key)} -->`;
}

const HEADLINES: Readonly<Record<MailStatus, string>> = {
  queued: 'Email waiting to be sent',
  sending: 'Email being sent',
  sent: 'Email sent',
  written: 'Email not sent: no mail server is configured',
  failed: 'Email not delivered',
  uncertain: 'Email may not have been delivered',
  forgotten: 'Email not delivered; set aside by staff',
};

/**
 * The comment recording a message on its case, in Markdown, with the address, subject and any server reply escaped.
 *
 * @example
 * renderMailRecord({ id: '3f9a…', key: 'receipt:RDR-7K', caseReference: 'RDR-7K', kind: 'receipt', to: 'ann@example.com', subject: 'We have received your complaint RDR-7K', status: 'sent', at })
 * //=> '<!-- redress:mail v1 case=RDR-7K key=receipt:RDR-7K -->\n**Email sent**: acknowledgement of receipt\n\n- When: …'
 */
export function renderMailRecord(input: MailRecordInput): string {
  const lines = [
    mailRecordMarker(input.caseReference, input.key),
    `**${HEADLINES[input.status]}**: ${MAIL_KIND_WORDS[input.kind]}`,
    '',
    `- When: ${formatInstantLong(input.at)}`,
    `- To: ${escapeUserText(input.to)}`,
    `- Subject: ${escapeUserText(input.subject)}`,
  ];
  // A file written for want of a server has nothing to add; otherwise the server's reply, or what went wrong.
  if (input.detail && input.status !== 'written') lines.push(`- ${input.status === 'sent' ? 'Mail server’s answer' : 'Details'}: ${escapeUserText(input.detail.replace(/\s+/g, ' ').slice(0, 500))}`);
  const next = nextStep(input);
  if (next) lines.push('', next);
  return `${lines.join('\n')}\n`;
}

/** What a record on a case says of its message, read back from the comment (renderMailRecord's text). */
export interface ParsedMailRecord {
  caseReference: string;
  key: string;
  kind: MailKind;
  status: MailStatus;
  /** When it reached that status. */
  at: number;
  subject: string;
}

/**
 * A message's record read back from its comment, or undefined when the comment is not one (or not one this
 * version of Redress can read whole): for the complainant's list of what was sent to them.
 *
 * @example
 * parseMailRecord(renderMailRecord({ …, kind: 'receipt', status: 'sent', subject: 'We have received your complaint RDR-7K', at }))
 * //=> { caseReference: 'RDR-7K', key: 'receipt:RDR-7K', kind: 'receipt', status: 'sent', at, subject: 'We have received your complaint RDR-7K' }
 */
export function parseMailRecord(body: string): ParsedMailRecord | undefined {
  const [marker = '', headline = '', ...rest] = body.split('\n');
  const named = /^<!-- redress:mail v1 case=(\S+) key=(\S+) -->$/.exec(marker);
  const told = /^\*\*(.+?)\*\*: (.+)$/.exec(headline);
  if (!named || !told) return undefined;
  const status = MAIL_STATUSES.find((s) => HEADLINES[s] === told[1]);
  const kind = MAIL_KINDS.find((k) => MAIL_KIND_WORDS[k] === told[2]);
  const field = (name: string) => rest.find((line) => line.startsWith(`- ${name}: `))?.slice(name.length + 4);
  const at = parseInstantLong(field('When') ?? '');
  const subject = field('Subject');
  if (!status || !kind || at === undefined || subject === undefined) return undefined;
  return { caseReference: named[1] ?? '', key: named[2] ?? '', kind, status, at, subject: unescapeUserText(subject) };
}

function nextStep({ status, id }: MailRecordInput): string | undefined {
  const show = `\`npx redress mail show ${id}\``;
  const resend = `\`npx redress mail resend ${id}\``;
  switch (status) {
    case 'written':
      return `Nothing was sent: the message is in the data directory (${show}). Once SMTP is configured, ${resend} sends it.`;
    case 'failed':
      return `Check the address with the complainant or write by another means; ${resend} tries again.`;
    case 'uncertain':
      return `The answer from the mail server was lost, so Redress cannot tell whether it was delivered, and does not send it again by itself (a second copy is worse than asking). Ask the complainant whether it arrived; then ${resend} sends it again, or \`npx redress mail forget ${id}\` leaves it.`;
    default:
      return undefined;
  }
}
