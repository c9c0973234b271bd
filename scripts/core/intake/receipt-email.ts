/**
 * The email a complainant gets when their complaint arrives, if they gave an address and chose to be contacted by
 * email: the reference, when it was received, the dates the procedure promises, whom to contact, and a plain-text
 * copy of what they wrote, to keep. Not for anonymous complaints: nobody can be written to.
 */
import type { MailRequest } from '../mail/mail-request.ts';
import { toDayNumber } from '../calendar/day-number.ts';
import { formatDayLong } from '../text/plain-dates.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { letterView, type LetterInput } from './acknowledgement-letter.ts';

/** The key of a complaint's receipt email: one per case, however often the form is sent. */
export function receiptEmailKey(reference: string): string {
  return `receipt:${reference}`;
}

/** Text a person typed, for a plain-text email: line breaks made uniform, invisible control characters dropped. */
function plain(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').trim();
}

/**
 * The receipt email, or undefined when there is nobody to send it to. Rendered from its template (the procedure's
 * own `receipt-email.hbs`, or the default) with the same view as the acknowledgement letter.
 *
 * @example
 * planReceiptEmail(template, { procedure: ceccc, timeline, complaint, reference: 'RDR-7KX4-M9QP-2TK', receivedAt })
 * //=> { key: 'receipt:RDR-7KX4-M9QP-2TK', kind: 'receipt', to: 'ann@example.com', subject: 'We have received your complaint RDR-7KX4-M9QP-2TK', text: 'Dear Ann Example,\n\n…' }
 */
export function planReceiptEmail(template: string, input: LetterInput): MailRequest | undefined {
  const { complaint, reference } = input;
  if (complaint.identity !== 'named' || complaint.contactBy !== 'email' || complaint.email === undefined) return undefined;
  const incidentDay = formatDayLong(toDayNumber(complaint.incidentDate));
  const view = {
    ...letterView(input, 'text'),
    copy: {
      incident: complaint.incident === 'series' ? `A series of incidents, the last on ${incidentDay}` : `One incident, on ${incidentDay}`,
      behalf: complaint.onBehalf === 'someone-else' ? `${plain(complaint.behalfName)} (${plain(complaint.behalfRelationship)})` : '',
      spokenTo: complaint.spokenToSomeone === 'yes' ? plain(complaint.spokenToDetails) || 'Yes' : 'No',
      complaint: plain(complaint.complaint),
      outcomeWanted: plain(complaint.outcomeWanted),
      paperwork: plain(complaint.paperwork),
      lateReason: plain(complaint.lateReason),
    },
  };
  return {
    key: receiptEmailKey(reference),
    caseReference: reference,
    kind: 'receipt',
    to: complaint.email,
    subject: `We have received your complaint ${reference}`,
    text: `${renderTemplate(template, view).trim()}\n`,
  };
}
