/**
 * The engine held to its sources: each test names the sentence of the procedure it checks.
 */
import { describe, expect, test } from 'vitest';
import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { clock, newCase } from '../support/case-builder.ts';
import { seedProcedure } from '../support/procedures.ts';

const CECCC_PEOPLE: Record<string, string[]> = {
  coordinator: ['mary'],
  chair: ['chair-login'],
  trustees: ['chair-login', 'trustee-a', 'trustee-b'],
};
const people = (role: string) => CECCC_PEOPLE[role] ?? [];

describe('ceccc: "This person ... will not have been involved in stage 1 of the complaint"', () => {
  // A complaint about the Co-Ordinator goes to the Chair at stage 1 ("If the complaint is about the named person,
  // please make complaint to the Chair"), and the Chair is also stage 2's handler ("The Chair will consider").
  const aboutTheCoOrdinator = () =>
    newCase('ceccc')
      .received('2026-11-02T10:00:00Z', { aboutHandler: true })
      .add('acknowledged', '2026-11-03T10:00:00Z', { by: 'chair-login' })
      .add('responded', '2026-11-20T10:00:00Z', { outcome: 'not-upheld', sentBy: 'email', by: 'chair-login' })
      .add('escalation-requested', '2026-11-23T10:00:00Z', { by: 'mary' });

  test('stage 2 goes to the Trustees other than the Chair, and the case says so', () => {
    const timeline = aboutTheCoOrdinator().at('2026-11-23T11:00:00Z', people);
    expect(timeline.stages.map((s) => [s.stage, s.handler, s.insteadOf, s.excluded])).toEqual([
      ['stage-1', 'chair', undefined, []],
      ['stage-2', 'trustees', 'chair', ['chair']],
    ]);
    expect(timeline.findings).toContainEqual({
      code: 'independent-handler',
      subject: 'stage-2',
      message: 'The Chair of the Committee handled Stage 1, so Stage 2 is for the Trustees other than the Chair.',
    });
    expect(timeline.findings.map((f) => f.code)).not.toContain('independence-breach');
  });

  test('a stage 2 decision recorded by the Chair is flagged as a breach', () => {
    const timeline = aboutTheCoOrdinator()
      .add('acknowledged', '2026-11-24T10:00:00Z', { by: 'trustee-a' })
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'upheld', by: 'chair-login' })
      .at('2026-12-10T11:00:00Z', people);
    expect(timeline.findings).toContainEqual({
      code: 'independence-breach',
      subject: 'stage-2',
      message: 'Stage 2 was decided by someone involved in Stage 1, where the procedure requires someone not involved: The person handling stage 2 is separate from the running of the centre and was not involved at stage 1.',
    });
  });

  test('the Chair is involved because the Chair handled stage 1, even when someone else typed the stage 1 commands', () => {
    const timeline = newCase('ceccc')
      .received('2026-11-02T10:00:00Z', { aboutHandler: true })
      .add('responded', '2026-11-20T10:00:00Z', { outcome: 'not-upheld', sentBy: 'email', by: 'mary' })
      .add('escalation-requested', '2026-11-23T10:00:00Z')
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'upheld', by: 'chair-login' })
      .at('2026-12-10T11:00:00Z', people);
    expect(timeline.findings.map((f) => f.code)).toContain('independence-breach');
  });

  test('decided by a trustee not involved: no breach', () => {
    const timeline = aboutTheCoOrdinator()
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'upheld', by: 'trustee-b' })
      .at('2026-12-10T11:00:00Z', people);
    expect(timeline.findings.map((f) => f.code)).not.toContain('independence-breach');
  });

  test('the usual case: the Co-Ordinator at stage 1, the Chair at stage 2, independent as it is', () => {
    const timeline = newCase('ceccc')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-20T10:00:00Z', { outcome: 'not-upheld', sentBy: 'email', by: 'mary' })
      .add('escalation-requested', '2026-11-23T10:00:00Z', { by: 'mary' })
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'upheld', by: 'chair-login' })
      .at('2026-12-10T11:00:00Z', people);
    expect(timeline.stages.map((s) => [s.stage, s.handler, s.insteadOf])).toEqual([['stage-1', 'coordinator', undefined], ['stage-2', 'chair', undefined]]);
    expect(timeline.findings.filter((f) => f.code.includes('independ'))).toEqual([]);
  });

  test('the Code: "must not be the same person that considered the complaint at stage 1"', () => {
    const timeline = newCase('housing-ombudsman-code')
      .received('2026-11-02T10:00:00Z')
      .add('acknowledged', '2026-11-03T10:00:00Z', { by: 'officer' })
      .add('responded', '2026-11-12T10:00:00Z', { outcome: 'not-upheld', by: 'officer' })
      .add('escalation-requested', '2026-11-16T10:00:00Z')
      .add('acknowledged', '2026-11-17T10:00:00Z', { by: 'officer' })
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'not-upheld', by: 'officer' })
      .at('2026-12-10T11:00:00Z');
    expect(timeline.findings.map((f) => [f.code, f.subject])).toContainEqual(['independence-breach', 'stage-2']);
  });
});

/** ceccc as if its procedure provided for pauses: none of the sources does, so the rule is tested on a copy. */
function withPauses(pauses: Procedure['pauses']): Procedure {
  return { ...seedProcedure('ceccc'), id: 'ceccc-with-pauses', pauses };
}
const PAUSE_SOURCE = { file: 'example.txt', quote: 'we may stop the clock' };

describe('pauses: only where the procedure provides them', () => {
  test.each(['ceccc', 'op-performance', 'cms-vocational', 'cecops'])('%s makes no provision for pausing: a pause is refused and the clocks run on', (id) => {
    const timeline = newCase(id).received('2026-11-02T10:00:00Z').add('paused', '2026-11-03T10:00:00Z', { reason: 'complainant-request' }).at('2026-11-20T10:00:00Z');
    expect(timeline.refused.map((r) => r.reason)).toEqual(['This procedure makes no provision for pausing its time limits.']);
    expect(timeline.status).not.toBe('paused');
    expect(timeline.pauses).toEqual([]);
  });

  test('where provided, a pause stops the clocks for the working days it lasts and shows on the case', () => {
    // Paused from Wednesday 4 to Monday 9 November: three working days (Thu 5, Fri 6, Mon 9).
    const procedure = withPauses({ summary: 'We may stop the clock.', source: PAUSE_SOURCE });
    const timeline = newCase(procedure)
      .received('2026-11-02T10:00:00Z')
      .add('paused', '2026-11-04T10:00:00Z', { reason: 'complainant-request' })
      .add('resumed', '2026-11-09T10:00:00Z')
      .at('2026-11-09T11:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-12', state: 'pending' });
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2026-12-03', state: 'pending' });
    expect(timeline.pauses).toEqual([{ from: Date.parse('2026-11-04T10:00:00Z'), to: Date.parse('2026-11-09T10:00:00Z'), kind: 'pause', reason: 'complainant-request' }]);
  });

  test('while paused, clocks show as paused and no reminder is due', () => {
    const procedure = withPauses({ summary: 'We may stop the clock.', source: PAUSE_SOURCE });
    const timeline = newCase(procedure).received('2026-11-02T10:00:00Z').add('paused', '2026-11-04T10:00:00Z').at('2026-11-20T11:00:00Z');
    expect(timeline.status).toBe('paused');
    expect(clock(timeline, 'stage-1.acknowledge').state).toBe('paused');
    expect(timeline.reminders).toEqual([]);
  });

  test('a pause for a reason the procedure does not allow is refused, naming the reasons it does', () => {
    const procedure = withPauses({ summary: 'We may stop the clock.', source: PAUSE_SOURCE, reasons: ['external'] });
    const timeline = newCase(procedure).received('2026-11-02T10:00:00Z').add('paused', '2026-11-04T10:00:00Z', { reason: 'availability' }).at('2026-11-05T10:00:00Z');
    expect(timeline.refused.map((r) => r.reason)).toEqual(['The procedure allows a pause only for external: start the reason with one of those words.']);
  });

  test('a pause beyond the limit: the clocks run again when it is reached, and it is a finding', () => {
    const procedure = withPauses({ summary: 'We may stop the clock.', source: PAUSE_SOURCE, limit: { amount: 5, unit: 'working-days' } });
    const paused = newCase(procedure).received('2026-11-02T10:00:00Z').add('paused', '2026-11-04T10:00:00Z');
    // Five working days from Wednesday 4 November end on Wednesday 11: still paused on the 10th, running on the 12th.
    expect(paused.at('2026-11-10T10:00:00Z').findings).toEqual([]);
    expect(clock(paused.at('2026-11-10T10:00:00Z'), 'stage-1.acknowledge').state).toBe('paused');
    const over = paused.at('2026-11-16T10:00:00Z');
    expect(over.status).toBe('paused');
    expect(over.pauses[0]?.limitReachedAt).toBe(Date.parse('2026-11-11T23:59:59Z'));
    // The acknowledgement was due Monday 9; 5 working days on, Monday 16: due today, not paused.
    expect(clock(over, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-16', state: 'due-soon' });
    expect(over.findings.map((f) => [f.code, f.subject])).toEqual([['pause-over-limit', 'stage-1']]);
    expect(over.findings[0]?.message).toBe('The case was paused for longer than the 5 working days the procedure allows; the time beyond it counts against the time limits.');
  });

  test('the limit counts all the pauses of a case together', () => {
    const procedure = withPauses({ summary: 'We may stop the clock.', source: PAUSE_SOURCE, limit: { amount: 5, unit: 'working-days' } });
    const timeline = newCase(procedure)
      .received('2026-11-02T10:00:00Z')
      .add('paused', '2026-11-03T10:00:00Z')
      .add('resumed', '2026-11-06T10:00:00Z') // Wed 4, Thu 5, Fri 6: three working days
      .add('paused', '2026-11-10T10:00:00Z')
      .add('resumed', '2026-11-16T10:00:00Z') // Wed 11 to Mon 16: four more, of which two count
      .at('2026-11-16T11:00:00Z');
    expect(timeline.pauses[1]?.limitReachedAt).toBe(Date.parse('2026-11-12T23:59:59Z'));
    expect(clock(timeline, 'stage-1.respond').dueDate).toBe('2026-12-07');
    expect(timeline.findings.map((f) => f.code)).toEqual(['pause-over-limit']);
  });
});

describe('cecops: "this may be passed to the independent regulator"', () => {
  test('staff record that CECOPS passed it on; the case stops there, and can be reopened', () => {
    const passed = newCase('cecops').received('2026-11-02T10:00:00Z').add('passed-on', '2026-11-05T10:00:00Z', { to: 'independent-regulator' });
    const timeline = passed.at('2026-11-05T11:00:00Z');
    expect(timeline.status).toBe('passed-on');
    expect(timeline.passedOn).toEqual({ to: 'independent-regulator', at: Date.parse('2026-11-05T10:00:00Z') });
    expect(timeline.findings).toEqual([
      {
        code: 'passed-on',
        subject: 'independent-regulator',
        message: 'Passed on to The independent inspection body for Accredited Users. A complaint that relates specifically to an Accredited User may be passed by CECOPS to the independent inspection body that assesses Accredited Users. You do not need to send it there yourself: make your complaint to CECOPS as usual.',
      },
    ]);
    expect(passed.add('reopened', '2026-11-10T10:00:00Z').at('2026-11-10T11:00:00Z').status).toBe('received');
  });

  test('an Accredited User complaint is no longer "out of scope" with a "go elsewhere" for the complainant', () => {
    const cecops = seedProcedure('cecops');
    expect(cecops.outOfScope.map((e) => e.id)).not.toContain('accredited-users');
    expect(cecops.externalBodies.find((b) => b.id === 'independent-regulator')?.passOn?.source.quote).toBe('relates specifically to Accredited Users this may be passed to the independent regulator');
  });

  test.each([
    ['cecops', 'awarding-body', 'This procedure provides for passing a complaint on to The independent inspection body for Accredited Users (independent-regulator), not to "awarding-body".'],
    ['ceccc', 'naccc', 'This procedure makes no provision for passing a complaint on to an outside body.'],
  ])('%s: passing on to %s is refused', (id, to, reason) => {
    const timeline = newCase(id).received('2026-11-02T10:00:00Z').add('passed-on', '2026-11-05T10:00:00Z', { to }).at('2026-11-05T11:00:00Z');
    expect(timeline.refused.map((r) => r.reason)).toEqual([reason]);
    expect(timeline.status).toBe('received');
  });
});

describe('extensions and reopening', () => {
  test('"they will provide the complainant with an update and revised response date": a revised date is a later one', () => {
    const base = () => newCase('ceccc').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-03T10:00:00Z');
    const later = base().add('extended', '2026-11-20T10:00:00Z', { until: '2026-12-11' }).at('2026-11-20T11:00:00Z');
    expect(clock(later, 'stage-1.respond')).toMatchObject({ dueDate: '2026-12-11' });
    const earlier = base().add('extended', '2026-11-20T10:00:00Z', { until: '2026-11-25' }).at('2026-11-20T11:00:00Z');
    expect(clock(earlier, 'stage-1.respond')).toMatchObject({ dueDate: '2026-11-30' });
    expect(earlier.refused[0]?.reason).toMatch(/^The revised date must be later than the date it replaces \(2026-11-30\)/);
  });
});

describe('the complainant\'s windows count from receipt of the response, as the sources say', () => {
  test.each([
    // procedure        clock                 quote
    ['ceccc', 'stage-2.request', 'within 5 working days of receipt of the Stage 1 response'],
    ['op-performance', 'appeal.request', 'no later than one calendar month from receipt of the written response to their complaint'],
    ['cms-vocational', 'appeal.request', 'within 10 working days of receipt of a final outcome'],
  ])('%s %s: "%s"', (id, clockId, quote) => {
    const procedure = seedProcedure(id);
    const [stageId, shortId] = clockId.split('.');
    const found = procedure.stages.find((s) => s.id === stageId)?.clocks.find((c) => c.id === shortId);
    expect(found?.source.quote).toBe(quote);
    expect(found?.from).toBe('previous-response-received');
  });

  test('a response emailed on a Friday evening: the window starts from Monday, the day it counts as received', () => {
    const timeline = newCase('cms-vocational')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-13T18:30:00Z', { outcome: 'not-upheld', sentBy: 'email' })
      .at('2026-11-14T10:00:00Z');
    const request = timeline.clocks.find((c) => c.id === 'appeal.request');
    expect(request?.deemedReceipt && fromDayNumber(request.deemedReceipt.day)).toBe('2026-11-16');
    // Ten working days after Monday 16 November: Monday 30 November.
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2026-11-30', state: 'pending' });
  });

  test('a procedure can set its own deemed receipt: post received the next working day', () => {
    const base = seedProcedure('ceccc');
    const procedure: Procedure = { ...base, id: 'ceccc-next-day-post', calendar: { ...base.calendar, deemedReceipt: { ...base.calendar.deemedReceipt, post: 1 } } };
    const timeline = newCase(procedure)
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-27T15:00:00Z', { outcome: 'not-upheld', sentBy: 'post' })
      .at('2026-11-28T10:00:00Z');
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ dueDate: '2026-12-07' });
  });
});

describe('item 7: a receipt on a day that is not a working day', () => {
  test('the procedure can take the other reading, and counts from the next working day after the deemed one', () => {
    const base = seedProcedure('ceccc');
    const procedure: Procedure = { ...base, id: 'ceccc-other-reading', calendar: { ...base.calendar, nonWorkingDayReceipt: 'received-next-working-day' } };
    // Received Saturday 28 November: by default day one is Monday 30 (due Friday 4 December); the other reading
    // treats it as received on Monday, so Tuesday is day one (due Monday 7 December).
    expect(clock(newCase('ceccc').received('2026-11-28T10:00:00Z').at('2026-11-28T11:00:00Z'), 'stage-1.acknowledge').dueDate).toBe('2026-12-04');
    expect(clock(newCase(procedure).received('2026-11-28T10:00:00Z').at('2026-11-28T11:00:00Z'), 'stage-1.acknowledge').dueDate).toBe('2026-12-07');
  });
});
