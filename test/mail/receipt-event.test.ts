/** Reading the receipt email's fact back from its record on the case (pure: no store, no server). */
import { describe, expect, test } from 'vitest';
import { CaseEventSchema, type CaseEvent } from '../../scripts/core/case/case-event-schema.ts';
import type { StoredComment } from '../../scripts/core/case/case-store.ts';
import { renderMailRecord, type MailRecordInput } from '../../scripts/core/mail/mail-record.ts';
import { unrecordedReceipt } from '../../scripts/core/mail/receipt-event.ts';

const REFERENCE = 'RDR-7KX4-M9QP-2TK';
const RECEIVED = CaseEventSchema.parse({ type: 'received', at: '2026-12-02T10:00:30Z', channel: 'web' });

function record(overrides: Partial<MailRecordInput> = {}, comment: Partial<StoredComment> = {}): StoredComment {
  const body = renderMailRecord({ id: '0123456789abcdef', key: `receipt:${REFERENCE}`, caseReference: REFERENCE, kind: 'receipt', to: 'ann@example.com', subject: `We have received your complaint ${REFERENCE}`, status: 'sent', at: Date.parse('2026-12-02T10:07:45Z'), ...overrides });
  return { id: '7', author: 'redress', association: 'NONE', byBot: true, body, createdAt: '2026-12-02T10:00:40Z', updatedAt: '2026-12-02T10:07:46Z', ...comment };
}

describe('unrecordedReceipt', () => {
  test('a sent receipt is one fact at the minute its record gives', () => {
    expect(unrecordedReceipt([record()], REFERENCE, [RECEIVED])).toEqual([{ type: 'receipt-sent', at: '2026-12-02T10:07:00.000Z', actor: 'system', sentBy: 'email' }]);
  });

  test('sent within the minute of receipt: dated at the receipt, never before it', () => {
    const found = unrecordedReceipt([record({ at: Date.parse('2026-12-02T10:00:50Z') })], REFERENCE, [RECEIVED]);
    expect(found).toEqual([{ type: 'receipt-sent', at: '2026-12-02T10:00:30.000Z', actor: 'system', sentBy: 'email' }]);
    // And so the case state accepts it.
    expect(CaseEventSchema.parse(found[0])).toEqual(found[0]);
  });

  test('without the receipt among the events, the record’s own minute', () => {
    expect(unrecordedReceipt([record()], REFERENCE, [])[0]?.at).toBe('2026-12-02T10:07:00.000Z');
  });

  test('already recorded: nothing more, however many records there are', () => {
    const known: CaseEvent[] = [RECEIVED, { type: 'receipt-sent', at: '2026-12-02T10:07:00.000Z', actor: 'system', sentBy: 'email' }];
    expect(unrecordedReceipt([record(), record({}, { id: '8' })], REFERENCE, known)).toEqual([]);
  });

  test.each(['queued', 'sending', 'written', 'failed', 'uncertain', 'forgotten'] as const)('a receipt %s is not a fact of sending', (status) => {
    expect(unrecordedReceipt([record({ status })], REFERENCE, [RECEIVED])).toEqual([]);
  });

  test.each([
    ['another kind of message', record({ kind: 'letter', key: `letter:${REFERENCE}.1` })],
    ['another case’s receipt', record({ caseReference: 'RDR-OTHR-CASE-2TK', key: 'receipt:RDR-OTHR-CASE-2TK' })],
    ['a record a person wrote', record({}, { byBot: false, author: 'someone' })],
    ['a comment that only starts like one', { ...record(), body: `<!-- redress:mail v1 case=${REFERENCE} key=receipt:${REFERENCE} -->\nI sent it, honest.` }],
  ])('%s is not the receipt', (_what, comment) => {
    expect(unrecordedReceipt([comment], REFERENCE, [RECEIVED])).toEqual([]);
  });
});
