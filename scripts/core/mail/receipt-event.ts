/**
 * The ledger's fact that the complainant was emailed their receipt. The outbox records each message on its case
 * (mail-record.ts); the sweep reads the receipt's record back and keeps the fact in the case's block, like a
 * letter's, so it stands whatever later happens to the comment.
 */
import type { CaseEvent } from '../case/case-event-schema.ts';
import type { StoredComment } from '../case/case-store.ts';
import { parseMailRecord } from './mail-record.ts';

/**
 * The `receipt-sent` event the case's records show and its events do not hold yet: at the time the mail server
 * accepted the receipt email, once, however often the record was rewritten (queued, uncertain, then resent).
 * Only the software's own comments count, and only a record of this case whose message was accepted: an email
 * written to the data directory for want of a server, or one that failed, was not sent. With no `received` event
 * among `events` the record's own time is used.
 *
 * @example
 * unrecordedReceipt([{ id: '9', byBot: true, body: renderMailRecord({ …, kind: 'receipt', status: 'sent', at }), createdAt }], 'RDR-7K', [])
 * //=> [{ type: 'receipt-sent', at: '2026-12-02T10:01:00.000Z', actor: 'system', sentBy: 'email' }]
 */
export function unrecordedReceipt(comments: readonly StoredComment[], reference: string, events: readonly CaseEvent[]): CaseEvent[] {
  if (events.some((event) => event.type === 'receipt-sent')) return [];
  for (const comment of comments) {
    if (!comment.byBot) continue;
    const record = parseMailRecord(comment.body);
    if (record?.kind !== 'receipt' || record.status !== 'sent' || record.caseReference !== reference) continue;
    // The record gives the time to the minute; an email sent within the minute of receipt is not dated before it.
    const received = events.find((event) => event.type === 'received');
    const at = Math.max(record.at, received ? Date.parse(received.at) : record.at);
    return [{ type: 'receipt-sent', at: new Date(at).toISOString(), actor: 'system', sentBy: 'email' }];
  }
  return [];
}
