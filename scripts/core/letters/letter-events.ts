/**
 * The events a sent letter records. The sweep writes one `letter-sent` event when a letter goes, and keeps it in
 * the case's block like the other facts it writes itself; the acknowledgement, extension or response the letter
 * stands for is worked out from it, the same way every time the case is rebuilt, so a letter once sent stands
 * whatever later happens to the comments.
 */
import { CaseEventSchema, type CaseEvent } from '../case/case-event-schema.ts';
import { LETTER_EVENTS } from './letter-kinds.ts';
import { DELIVERED_STATES, type LetterRecord } from './letter-record.ts';

export type LetterSentEvent = Extract<CaseEvent, { type: 'letter-sent' }>;

/**
 * The event a sent letter stands for, at the time it was sent, by the person who sent it. Undefined only for a
 * letter whose record lacks what its event needs (an outcome letter without its outcome).
 *
 * @example
 * eventOfLetter({ type: 'letter-sent', at: '2026-12-03T10:15:00.000Z', actor: 'staff', by: 'octocat', letter: 'outcome', sentBy: 'email', stage: 'stage-1', outcome: 'not-upheld' })
 * //=> { type: 'responded', at: '2026-12-03T10:15:00.000Z', actor: 'staff', by: 'octocat', outcome: 'not-upheld', sentBy: 'email' }
 */
export function eventOfLetter(sent: LetterSentEvent): CaseEvent | undefined {
  const common = { at: sent.at, actor: sent.actor, ...(sent.by === undefined ? {} : { by: sent.by }), ...(sent.comment === undefined ? {} : { comment: sent.comment }) };
  switch (LETTER_EVENTS[sent.letter]) {
    case 'acknowledged':
      return { type: 'acknowledged', ...common, ...(sent.target === undefined ? {} : { target: sent.target }) };
    case 'extended':
      return sent.until === undefined ? undefined : { type: 'extended', ...common, until: sent.until, reason: sent.reason ?? 'other' };
    case 'responded':
      return sent.outcome === undefined ? undefined : { type: 'responded', ...common, outcome: sent.outcome, sentBy: sent.sentBy };
  }
}

/** The events with each sent letter followed by the event it stands for. */
export function withLetterEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return events.flatMap((event) => {
    if (event.type !== 'letter-sent') return [event];
    const derived = eventOfLetter(event);
    return derived ? [event, derived] : [event];
  });
}

/**
 * Letters the case's records show as sent that its events do not hold yet (a sweep that sent one and stopped
 * before writing the case's block): recorded from the record itself, at the time it says the letter went.
 */
export function unrecordedLetters(records: readonly { commentId: string; record: LetterRecord }[], events: readonly CaseEvent[]): CaseEvent[] {
  const found: CaseEvent[] = [];
  for (const { commentId, record } of records) {
    if (!DELIVERED_STATES.includes(record.state)) continue;
    if (events.some((event) => event.type === 'letter-sent' && event.comment === commentId)) continue;
    const sent = CaseEventSchema.parse({
      type: 'letter-sent',
      at: record.at,
      actor: 'staff',
      by: record.by,
      comment: commentId,
      letter: record.letter,
      sentBy: record.channel,
      stage: record.stage,
      ...(record.outcome ? { outcome: record.outcome } : {}),
      ...(record.target ? { target: record.target } : {}),
      ...(record.until ? { until: record.until } : {}),
      ...(record.reason ? { reason: record.reason } : {}),
    });
    found.push(...withLetterEvents([sent]));
  }
  return found;
}
