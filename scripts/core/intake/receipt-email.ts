/**
 * The email a complainant gets when their complaint arrives, if they gave an address and chose to be contacted by
 * email: the reference, when it was received, the dates the procedure promises, whom to contact, and a plain-text
 * copy of what they wrote, to keep, and the link to the case's tracking page. Not for anonymous complaints: nobody
 * can be written to.
 */
import type { MailRequest } from '../mail/mail-request.ts';
import { formatDayLong } from '../text/plain-dates.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { letterView, type LetterInput } from './acknowledgement-letter.ts';
import { copyFields } from './complaint-copy.ts';
import { toLocal } from '../calendar/london-time.ts';

/** The complainant's signed link to their case's tracking page (made by the adapter that holds the key). */
export interface TrackingLink {
  /** The page, for this case only: `https://…/track/<token>/`. */
  url: string;
  /** When the link stops working. */
  expiresAt: number;
  /** The page where the reference and email address open it again: `https://…/track/`. */
  lookupUrl: string;
}

/**
 * The way to the tracking page a receipt email gives: the case's own signed link, or, where the link cannot be
 * signed (a case opened by a command without the server's key), only the look-up page.
 */
export type TrackingWay = TrackingLink | { lookupUrl: string };

function trackingWords(tracking: TrackingWay | undefined) {
  if (!tracking) return '';
  return 'url' in tracking ? { url: tracking.url, until: formatDayLong(toLocal(tracking.expiresAt).day), lookup: tracking.lookupUrl } : { lookup: tracking.lookupUrl };
}

/** Whether the complainant is emailed a receipt: a named complainant who asked to be contacted by email. */
export function getsReceiptEmail(complaint: Pick<LetterInput['complaint'], 'identity' | 'contactBy' | 'email'>): boolean {
  return complaint.identity === 'named' && complaint.contactBy === 'email' && complaint.email !== undefined;
}

/** The key of a complaint's receipt email: one per case, however often the form is sent. */
export function receiptEmailKey(reference: string): string {
  return `receipt:${reference}`;
}

/**
 * The receipt email, or undefined when there is nobody to send it to. Rendered from its template (the procedure's
 * own `receipt-email.hbs`, or the default) with the same view as the acknowledgement letter, and the tracking link
 * when the deployment makes them (or the look-up page alone, when only that can be given).
 *
 * @example
 * planReceiptEmail(template, { procedure: ceccc, timeline, complaint, reference: 'RDR-7KX4-M9QP-2TK', receivedAt })
 * //=> { key: 'receipt:RDR-7KX4-M9QP-2TK', kind: 'receipt', to: 'ann@example.com', subject: 'We have received your complaint RDR-7KX4-M9QP-2TK', text: 'Dear Ann Example,\n\n…' }
 */
export function planReceiptEmail(template: string, input: LetterInput, tracking?: TrackingWay): MailRequest | undefined {
  const { complaint, reference } = input;
  if (!getsReceiptEmail(complaint) || complaint.email === undefined) return undefined;
  const view = { ...letterView(input, 'text'), copy: copyFields(complaint), tracking: trackingWords(tracking) };
  return {
    key: receiptEmailKey(reference),
    caseReference: reference,
    kind: 'receipt',
    to: complaint.email,
    subject: `We have received your complaint ${reference}`,
    text: `${renderTemplate(template, view).trim()}\n`,
  };
}
