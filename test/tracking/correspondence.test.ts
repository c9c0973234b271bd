/**
 * What the tracking page lists as sent to the complainant: read only from marked records on the case, only of
 * messages that reached the mail server, and only of the kinds that go to the complainant.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseMailRecord, renderMailRecord, type MailRecordInput } from '../../scripts/core/mail/mail-record.ts';
import { MAIL_STATUSES } from '../../scripts/core/mail/mail-request.ts';
import { formatInstantLong, parseInstantLong } from '../../scripts/core/text/plain-dates.ts';
import { LETTER_STATES, renderLetterRecord, type LetterRecord } from '../../scripts/core/letters/letter-record.ts';
import { listCorrespondence, type CorrespondenceReader } from '../../scripts/core/tracking/correspondence.ts';

const REFERENCE = 'RDR-7KX4-M9QP-2TW';
const AT = Date.parse('2026-12-23T10:01:00Z');

function record(overrides: Partial<MailRecordInput> = {}): { body: string; createdAt: string } {
  const input: MailRecordInput = {
    id: '3f9a0c1d2e4b5a69',
    key: `receipt:${REFERENCE}`,
    caseReference: REFERENCE,
    kind: 'receipt',
    to: 'ann@example.com',
    subject: `We have received your complaint ${REFERENCE}`,
    status: 'sent',
    at: AT,
    detail: '250 2.0.0 Ok: queued as 1A2B3C',
    ...overrides,
  };
  return { body: renderMailRecord(input), createdAt: new Date(AT - 60_000).toISOString() };
}

describe('a message’s record, read back', () => {
  test.each(MAIL_STATUSES)('status %s: every field comes back as it was written', (status) => {
    expect(parseMailRecord(record({ status }).body)).toEqual({ caseReference: REFERENCE, key: `receipt:${REFERENCE}`, kind: 'receipt', status, at: AT, subject: `We have received your complaint ${REFERENCE}` });
  });

  test('a subject with Markdown and mentions comes back as written, not as escaped', () => {
    expect(parseMailRecord(record({ subject: 'Re: @admin #12 **now** <b>' }).body)?.subject).toBe('Re: @admin #12 **now** <b>');
  });

  test.each([
    ['no marker', 'Email sent: acknowledgement of receipt'],
    ['another marker', record().body.replace('redress:mail', 'redress:reply')],
    ['a marker not at the start', `Quoting:\n${record().body}`],
    ['an unknown headline', record().body.replace('**Email sent**', '**Email teleported**')],
    ['an unknown kind', record().body.replace('acknowledgement of receipt', 'a love letter')],
    ['no date', record().body.replace(/^- When: .*$/m, '- When: soon')],
    ['no subject', record().body.replace(/^- Subject: .*$/m, '')],
  ])('%s: not a record', (_, body) => {
    expect(parseMailRecord(body)).toBeUndefined();
  });

  test('an instant in words reads back to the minute, in UK time, for any time of any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2090-12-31T00:00:00Z') }), (instant) => {
        const minute = instant - (instant % 60_000);
        const back = parseInstantLong(formatInstantLong(minute));
        // The hour the clocks go back happens twice: either reading names the same words.
        expect(back).toBeDefined();
        expect(formatInstantLong(back ?? 0)).toBe(formatInstantLong(minute));
      }),
    );
    expect(parseInstantLong('Wednesday 1 July 2026 at 3:05pm')).toBe(Date.parse('2026-07-01T14:05:00Z'));
    expect(parseInstantLong('Tuesday 1 July 2026 at 3:05pm')).toBeUndefined();
    expect(parseInstantLong('Wednesday 31 June 2026 at 3:05pm')).toBeUndefined();
    expect(parseInstantLong('Wednesday 1 July 2026 at 13:05pm')).toBeUndefined();
  });
});

describe('the list of what was sent', () => {
  test('only emails the mail server accepted: not queued, written to a file, failed, uncertain or set aside', () => {
    const comments = MAIL_STATUSES.map((status) => record({ status, key: `receipt:${status}` }));
    expect(listCorrespondence(comments)).toEqual([{ at: AT, subject: `We have received your complaint ${REFERENCE}`, by: 'email', what: 'acknowledgement of receipt' }]);
  });

  test('never a staff note, a command, a discussion, or another of Redress’s own comments', () => {
    const comments = [
      { body: 'Spoke to Ann on the phone; she is upset about the volunteer. We have received your complaint', createdAt: '2026-12-23T11:00:00Z' },
      { body: '/acknowledge\nSent by post today.', createdAt: '2026-12-23T11:00:00Z' },
      { body: '<!-- redress:reply v1 comment=12 hash=ab -->\nDone: acknowledged.', createdAt: '2026-12-23T11:00:00Z' },
      { body: '<!-- redress:status v1 case=RDR-7KX4-M9QP-2TW -->\n**Email sent**: acknowledgement of receipt', createdAt: '2026-12-23T11:00:00Z' },
      { body: '<!-- redress:addendum v1 case=RDR-7KX4-M9QP-2TW -->\n- When: Wednesday 23 December 2026 at 10:01am\n- Subject: my words', createdAt: '2026-12-23T11:00:00Z' },
    ];
    expect(listCorrespondence(comments)).toEqual([]);
  });

  test('staff letters once they went: sent by email, posted or handed over; never one still sending, failed or uncertain', () => {
    const letter = (state: LetterRecord['state'], n: number, channel: LetterRecord['channel'] = 'email') => ({
      body: renderLetterRecord({
        record: { case: REFERENCE, draft: String(900 + n), n, letter: n === 1 ? 'acknowledgement' : 'outcome', stage: 'stage-1', channel, state, at: new Date(AT + n * 86_400_000).toISOString(), by: 'mary-coordinator', send: String(950 + n), subject: `Your complaint ${REFERENCE}: letter ${n}` },
        to: 'ann@example.com',
      }),
      createdAt: new Date(AT).toISOString(),
    });
    const undelivered = LETTER_STATES.filter((state) => !['sent', 'posted', 'handed'].includes(state)).map((state, i) => letter(state, 10 + i));
    const listed = listCorrespondence([letter('posted', 2, 'post'), ...undelivered, letter('sent', 1), record()]);
    expect(listed).toEqual([
      { at: AT, subject: `We have received your complaint ${REFERENCE}`, by: 'email', what: 'acknowledgement of receipt' },
      { at: AT + 86_400_000, subject: `Your complaint ${REFERENCE}: letter 1`, by: 'email', what: 'acknowledgement' },
      { at: AT + 2 * 86_400_000, subject: `Your complaint ${REFERENCE}: letter 2`, by: 'post', what: 'outcome letter' },
    ]);
    // What staff see beside the record (the address, who sent it) is not part of what is listed.
    expect(JSON.stringify(listed)).not.toMatch(/ann@example|mary-coordinator/);
  });

  test('oldest first; another kind of record is read once a reader is given for it', () => {
    const letter: CorrespondenceReader = (comment) => {
      const subject = /^Subject: (.*)$/m.exec(comment.body)?.[1];
      return subject ? { at: Date.parse(comment.createdAt), subject, by: 'post', what: 'letter' } : undefined;
    };
    const comments = [
      record(),
      { body: '<!-- redress:letter v1 case=RDR-7KX4-M9QP-2TW key=acknowledgement -->\nSubject: Your complaint RDR-7KX4-M9QP-2TW', createdAt: '2026-12-22T09:00:00Z' },
    ];
    // Not a well-formed letter record: not listed.
    expect(listCorrespondence(comments).map((item) => item.subject)).toEqual([`We have received your complaint ${REFERENCE}`]);
    expect(listCorrespondence(comments, { mail: (c) => listCorrespondence([c])[0], letter }).map((item) => [item.by, item.subject])).toEqual([
      ['post', `Your complaint ${REFERENCE}`],
      ['email', `We have received your complaint ${REFERENCE}`],
    ]);
    // A marker kind named like an object's own property is not a reader.
    expect(listCorrespondence([{ body: '<!-- redress:constructor v1 x=1 -->', createdAt: '2026-12-22T09:00:00Z' }])).toEqual([]);
  });
});
