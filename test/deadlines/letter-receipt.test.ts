/**
 * A window that runs from the complainant's receipt of a response counts from the deemed receipt of the outcome
 * letter Redress sent: the letter's channel and time of sending are what the engine is given, so no one has to
 * type them again with /respond. By email within working hours the same day; after hours the next working day;
 * by post the second working day after posting.
 */
import { describe, expect, test } from 'vitest';
import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { CaseEventSchema, type CaseEvent } from '../../scripts/core/case/case-event-schema.ts';
import { withLetterEvents } from '../../scripts/core/letters/letter-events.ts';
import { clock, newCase } from '../support/case-builder.ts';

function outcomeLetter({ at, sentBy, stage }: { at: string; sentBy: 'email' | 'post' | 'hand'; stage: string }): CaseEvent[] {
  return withLetterEvents([CaseEventSchema.parse({ type: 'letter-sent', at, by: 'mary', letter: 'outcome', sentBy, stage, outcome: 'not-upheld' })]);
}

describe('the outcome letter starts the window for the next stage from its deemed receipt', () => {
  test.each([
    // procedure         first stage   window            sent                    by       received      ask by
    ['ceccc', 'stage-1', 'stage-2.request', '2026-11-27T15:00:00Z', 'email', '2026-11-27', '2026-12-04'],
    ['ceccc', 'stage-1', 'stage-2.request', '2026-11-27T17:20:00Z', 'email', '2026-11-30', '2026-12-07'],
    ['ceccc', 'stage-1', 'stage-2.request', '2026-11-27T12:00:00Z', 'post', '2026-12-01', '2026-12-08'],
    // "one calendar month from receipt of the written response"
    ['op-performance', 'formal', 'appeal.request', '2026-11-27T15:00:00Z', 'email', '2026-11-27', '2026-12-27'],
    ['op-performance', 'formal', 'appeal.request', '2026-11-27T12:00:00Z', 'post', '2026-12-01', '2027-01-01'],
    // "within 10 working days of receipt of a final outcome"
    ['cms-vocational', 'complaint', 'appeal.request', '2026-11-27T09:30:00Z', 'email', '2026-11-27', '2026-12-11'],
    ['cms-vocational', 'complaint', 'appeal.request', '2026-11-28T10:00:00Z', 'email', '2026-11-30', '2026-12-14'],
    ['cms-vocational', 'complaint', 'appeal.request', '2026-11-27T12:00:00Z', 'hand', '2026-11-27', '2026-12-11'],
  ] as const)('%s, %s then %s: a letter sent %s by %s is received %s, and the window ends %s', (procedure, stage, window, at, sentBy, receivedOn, dueDate) => {
    const story = newCase(procedure).received('2026-11-02T10:00:00Z');
    story.add('acknowledged', '2026-11-03T10:00:00Z', procedure === 'op-performance' ? { target: '2026-11-30' } : {});
    story.events.push(...outcomeLetter({ at, sentBy, stage }));
    const timeline = story.at('2026-11-28T12:00:00Z');
    expect(timeline.refused).toEqual([]);
    expect(timeline.stages[0]).toMatchObject({ respondedAt: Date.parse(at), outcome: 'not-upheld', responseSentBy: sentBy });
    const view = timeline.clocks.find((c) => c.id === window);
    expect(view?.deemedReceipt?.sentBy).toBe(sentBy);
    expect(clock(timeline, window).dueDate).toBe(dueDate);
    expect(view?.deemedReceipt && fromDayNumber(view.deemedReceipt.day)).toBe(receivedOn);
  });

  test('the letter-sent fact itself changes nothing the engine counts; the response it stands for does', () => {
    const sent = CaseEventSchema.parse({ type: 'letter-sent', at: '2026-11-27T15:00:00Z', letter: 'outcome', sentBy: 'email', stage: 'stage-1', outcome: 'upheld' });
    const alone = newCase('ceccc').received('2026-11-02T10:00:00Z');
    alone.events.push(sent);
    expect(alone.at('2026-11-28T12:00:00Z').status).toBe('received');
    const whole = newCase('ceccc').received('2026-11-02T10:00:00Z');
    whole.events.push(...withLetterEvents([sent]));
    expect(whole.at('2026-11-28T12:00:00Z').status).toBe('responded');
  });
});
