import { describe, expect, test } from 'vitest';
import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { formatInstant } from '../../scripts/core/calendar/london-time.ts';
import { clock, newCase } from '../support/case-builder.ts';

describe('ceccc: stage 1, stage 2, then NACCC', () => {
  // Received Monday 2 November 2026: acknowledge by Mon 9 Nov, respond by Mon 30 Nov (20 working days).
  // The stage 1 response is emailed on Friday 27 November at 15:00, within working hours: received that day.
  const story = () =>
    newCase('ceccc')
      .received('2026-11-02T10:00:00Z', { incidentDate: '2026-10-20' })
      .add('acknowledged', '2026-11-04T11:00:00Z')
      .add('responded', '2026-11-27T15:00:00Z', { outcome: 'not-upheld', sentBy: 'email' });

  test('stage 1 met, and the window to ask for stage 2 open', () => {
    const timeline = story().at('2026-11-30T12:00:00Z');
    expect(timeline.stage).toBe('stage-1');
    expect(timeline.status).toBe('responded');
    expect(clock(timeline, 'stage-1.acknowledge')).toEqual({ dueDate: '2026-11-09', due: '2026-11-09T23:59:59+00:00', state: 'met', late: 0 });
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2026-11-30', state: 'met', late: 0 });
    // "within 5 working days of receipt of the Stage 1 response": received by email on Friday 27 November, so
    // Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December.
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ dueDate: '2026-12-04', state: 'pending' });
    expect(clock(timeline, 'stage-2.respond')).toMatchObject({ state: 'not-applicable' });
    expect(timeline.findings).toEqual([]);
  });

  test.each([
    // sent                          by           received       ask by        why
    ['2026-11-27T15:00:00Z', 'email', '2026-11-27', '2026-12-04', 'an email within working hours is received that day'],
    ['2026-11-27T17:30:00Z', 'email', '2026-11-30', '2026-12-07', 'an email after working hours is received the next working day'],
    ['2026-11-28T10:00:00Z', 'email', '2026-11-30', '2026-12-07', 'an email on a Saturday is received on Monday'],
    ['2026-11-27T15:00:00Z', 'post', '2026-12-01', '2026-12-08', 'a letter posted on Friday is received on the second working day after: Tuesday'],
    ['2026-12-23T12:00:00Z', 'post', '2026-12-29', '2027-01-06', 'posted before Christmas: 24 and 29 December, then 30, 31 Dec, 4, 5, 6 Jan'],
    ['2026-11-27T15:00:00Z', 'hand', '2026-11-27', '2026-12-04', 'handed over within working hours: that day'],
    ['2026-11-27T15:00:00Z', undefined, '2026-12-01', '2026-12-08', 'how it was sent was not recorded: counted as posted, never shortening the window'],
  ] as const)('a response sent %s by %s counts as received %s: stage 2 asked for by %s (%s)', (sent, by, receivedOn, dueDate, _why) => {
    const timeline = newCase('ceccc')
      .received('2026-11-02T10:00:00Z')
      .add('acknowledged', '2026-11-04T11:00:00Z')
      .add('responded', sent, { outcome: 'not-upheld', ...(by ? { sentBy: by } : {}) })
      .at(sent);
    const request = timeline.clocks.find((c) => c.id === 'stage-2.request');
    expect(request?.from).toBe('previous-response-received');
    expect(request?.deemedReceipt?.day === undefined ? undefined : fromDayNumber(request.deemedReceipt.day)).toBe(receivedOn);
    expect(request?.deemedReceipt?.sentBy).toBe(by);
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ dueDate, state: 'pending' });
  });

  test('a request received within the window counted from receipt is on time, though late counted from sending', () => {
    // Posted Friday 27 November, received Tuesday 1 December: a request on Monday 7 December is in time (due Tue 8).
    const timeline = newCase('ceccc')
      .received('2026-11-02T10:00:00Z')
      .add('acknowledged', '2026-11-04T11:00:00Z')
      .add('responded', '2026-11-27T15:00:00Z', { outcome: 'not-upheld', sentBy: 'post' })
      .add('escalation-requested', '2026-12-07T10:00:00Z')
      .at('2026-12-07T11:00:00Z');
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ dueDate: '2026-12-08', state: 'met' });
    expect(timeline.findings).toEqual([]);
  });

  test('stage 2 requested, answered, and the NACCC window stated', () => {
    const timeline = story()
      .add('escalation-requested', '2026-12-02T09:30:00Z')
      .add('acknowledged', '2026-12-03T10:00:00Z')
      .add('responded', '2026-12-21T16:00:00Z', { outcome: 'partly-upheld', sentBy: 'email' })
      .at('2026-12-22T10:00:00Z');
    expect(timeline.stage).toBe('stage-2');
    expect(timeline.status).toBe('concluded');
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ state: 'met' });
    expect(clock(timeline, 'stage-2.acknowledge')).toMatchObject({ dueDate: '2026-12-09', state: 'met' });
    // 20 working days from Wednesday 2 December, over Christmas: due Monday 4 January 2027.
    expect(clock(timeline, 'stage-2.respond')).toMatchObject({ dueDate: '2027-01-04', state: 'met' });
    expect(timeline.stages.map((s) => [s.stage, s.handler, s.outcome])).toEqual([
      ['stage-1', 'coordinator', 'not-upheld'],
      ['stage-2', 'chair', 'partly-upheld'],
    ]);
    // "within a twelve-week timescale of the conclusion of stage 2": twelve weeks from its receipt, Monday 21 December.
    expect(timeline.externalWindows.map((w) => [w.body, fromDayNumber(w.dueDay), w.state])).toEqual([['naccc', '2027-03-15', 'open']]);
  });

  test('the NACCC window runs from the stage 2 response\'s receipt: posted, two working days later', () => {
    const timeline = story()
      .add('escalation-requested', '2026-12-02T09:30:00Z')
      .add('acknowledged', '2026-12-03T10:00:00Z')
      .add('responded', '2026-12-21T16:00:00Z', { outcome: 'partly-upheld', sentBy: 'post' })
      .at('2026-12-22T10:00:00Z');
    // Posted Monday 21 December, received Wednesday 23 December; twelve weeks later is Wednesday 17 March 2027.
    expect(timeline.externalWindows.map((w) => fromDayNumber(w.dueDay))).toEqual(['2027-03-17']);
  });

  test('an acknowledgement never sent is missed once the stage is answered, not overdue for ever', () => {
    const timeline = newCase('ceccc')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-20T10:00:00Z', { outcome: 'upheld' })
      .at('2026-12-20T10:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-09', state: 'missed' });
    expect(timeline.findings.map((f) => f.code)).toEqual(['response-without-acknowledgement']);
    const early = newCase('ceccc').received('2026-11-02T10:00:00Z').add('responded', '2026-11-05T10:00:00Z', { outcome: 'upheld' }).at('2026-11-20T10:00:00Z');
    expect(clock(early, 'stage-1.acknowledge')).toMatchObject({ state: 'not-applicable' });
  });

  test('an informal complaint taken on formally stops nothing that was running', () => {
    const timeline = newCase('op-performance')
      .received('2026-11-02T10:00:00Z', { channel: 'in-person' })
      .add('escalation-requested', '2026-11-05T10:00:00Z')
      .at('2026-12-05T11:00:00Z');
    expect(timeline.clocks.filter((c) => c.state === 'overdue').map((c) => c.id)).toEqual(['formal.acknowledge']);
  });

  test('stage 2 is final: there is nowhere further to escalate', () => {
    const timeline = story()
      .add('escalation-requested', '2026-12-02T09:30:00Z')
      .add('responded', '2026-12-21T16:00:00Z', { outcome: 'upheld' })
      .add('escalation-requested', '2026-12-22T09:00:00Z')
      .at('2026-12-22T10:00:00Z');
    expect(timeline.refused.map((r) => r.reason)).toEqual(['Stage 2 is the final stage of this procedure; there is no further stage.']);
    expect(timeline.findings.map((f) => f.code)).toEqual(['response-without-acknowledgement']);
  });

  test('a late request for stage 2 is recorded, not refused, with what the procedure says of late requests', () => {
    const timeline = story().add('escalation-requested', '2026-12-10T09:30:00Z').at('2026-12-10T10:00:00Z');
    expect(clock(timeline, 'stage-2.request')).toEqual({ dueDate: '2026-12-04', due: '2026-12-04T23:59:59+00:00', state: 'missed', late: 4 });
    expect(timeline.stage).toBe('stage-2');
    // "Requests received outside of this time frame will only be considered if exceptional circumstances apply."
    expect(timeline.findings).toEqual([
      {
        code: 'late-request',
        subject: 'stage-2.request',
        message: 'Stage 2 was asked for after the time limit (5 working days, by 2026-12-04). A later request is considered only if there are exceptional circumstances.',
      },
    ]);
  });

  test('the window lapses when no request comes, and the staff view says what a late request needs', () => {
    const timeline = story().at('2026-12-07T10:00:00Z');
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ state: 'missed' });
    expect(timeline.clocks.find((c) => c.id === 'stage-2.request')?.note).toBe(
      'The window to ask for this stage has passed. A later request is considered only if there are exceptional circumstances.',
    );
    expect(timeline.findings).toEqual([]);
  });
});

describe('ceccc: stage 1 deadlines running', () => {
  const received = () => newCase('ceccc').received('2026-11-02T10:00:00Z');

  test.each([
    // now                     acknowledge  respond     why
    ['2026-11-03T10:00:00Z', 'pending', 'pending', 'the day after receipt'],
    ['2026-11-05T10:00:00Z', 'due-soon', 'pending', 'two working days before the acknowledgement is due'],
    ['2026-11-09T23:59:58Z', 'due-soon', 'pending', 'the last second of the due day'],
    ['2026-11-10T00:00:00Z', 'overdue', 'pending', 'the next day'],
    ['2026-12-01T10:00:00Z', 'overdue', 'overdue', 'both past'],
  ])('at %s: acknowledge %s, respond %s (%s)', (now, acknowledge, respond) => {
    const timeline = received().at(now);
    expect([clock(timeline, 'stage-1.acknowledge').state, clock(timeline, 'stage-1.respond').state]).toEqual([acknowledge, respond]);
  });

  test('met late counts the working days late', () => {
    const timeline = received().add('acknowledged', '2026-11-12T10:00:00Z').at('2026-11-12T11:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toEqual({ dueDate: '2026-11-09', due: '2026-11-09T23:59:59+00:00', state: 'missed', late: 3 });
  });

  test('an extension given before the due date moves it, and is met', () => {
    const timeline = received()
      .add('acknowledged', '2026-11-03T10:00:00Z')
      .add('extended', '2026-11-25T10:00:00Z', { until: '2026-12-11', reason: 'investigation' })
      .add('responded', '2026-12-10T10:00:00Z', { outcome: 'upheld' })
      .at('2026-12-10T11:00:00Z');
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2026-12-11', state: 'met' });
    expect(timeline.clocks.find((c) => c.id === 'stage-1.respond')?.revised).toBe(true);
    expect(timeline.findings).toEqual([]);
  });

  test('an extension given after the due date is an extension without notice', () => {
    const timeline = received()
      .add('acknowledged', '2026-11-03T10:00:00Z')
      .add('extended', '2026-12-02T10:00:00Z', { until: '2026-12-11' })
      .at('2026-12-03T10:00:00Z');
    expect(timeline.findings.map((f) => [f.code, f.subject])).toEqual([['extension-without-notice', 'stage-1.respond']]);
  });

  test('a withdrawal stops the clocks; a reopening starts them again where they stopped', () => {
    const withdrawn = received().add('withdrawn', '2026-11-04T10:00:00Z', { inWriting: true });
    const stopped = withdrawn.at('2026-12-20T10:00:00Z');
    expect(stopped.status).toBe('withdrawn');
    expect(clock(stopped, 'stage-1.respond').state).toBe('not-applicable');
    expect(stopped.reminders).toEqual([]);
    expect(withdrawn.add('acknowledged', '2026-11-05T10:00:00Z').at('2026-11-06T10:00:00Z').refused[0]?.reason).toBe('The case is withdrawn; reopen it first.');
    // Withdrawn Wednesday 4, reopened Thursday 5 November: one working day stood still, so each date moves one on.
    const reopened = received().add('withdrawn', '2026-11-04T10:00:00Z', { inWriting: true }).add('reopened', '2026-11-05T10:00:00Z').at('2026-11-06T10:00:00Z');
    expect(reopened.status).toBe('received');
    expect(clock(reopened, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-10', state: 'due-soon' });
    expect(reopened.pauses).toEqual([{ from: Date.parse('2026-11-04T10:00:00Z'), to: Date.parse('2026-11-05T10:00:00Z'), kind: 'closed' }]);
  });

  test('a case reopened after weeks closed is not overdue at once: the time it was closed does not count', () => {
    // Closed Thursday 5 November with two working days of the acknowledgement's five left (Friday 6 and Monday 9);
    // reopened Monday 7 December, those two run on: Tuesday 8 and Wednesday 9 December.
    const timeline = received().add('closed', '2026-11-05T10:00:00Z').add('reopened', '2026-12-07T10:00:00Z').at('2026-12-07T11:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-12-09', state: 'due-soon' });
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2027-01-04', state: 'pending' });
    expect(timeline.clocks.filter((c) => c.state === 'overdue')).toEqual([]);
  });

  test('a case closed after a time limit passed is still overdue when reopened: closing did not stop that clock', () => {
    const timeline = received().add('closed', '2026-11-20T10:00:00Z').add('reopened', '2026-12-07T10:00:00Z').at('2026-12-07T11:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-09', state: 'overdue' });
  });

  test('"we will ask them to confirm this in writing": a withdrawal is recorded only once confirmed in writing', () => {
    const unconfirmed = received().add('withdrawn', '2026-11-04T10:00:00Z').at('2026-11-05T10:00:00Z');
    expect(unconfirmed.status).toBe('received');
    expect(unconfirmed.refused.map((r) => r.reason)).toEqual([
      'The procedure asks the complainant to confirm a withdrawal in writing ("we will ask them to confirm this in writing"). Ask them to; once they have, write /withdraw [date] in writing, with the date of their confirmation.',
    ]);
    // A procedure that does not ask for written confirmation records the withdrawal as it is told.
    expect(newCase('cms-vocational').received('2026-11-02T10:00:00Z').add('withdrawn', '2026-11-04T10:00:00Z').at('2026-11-05T10:00:00Z').status).toBe('withdrawn');
  });

  test('closing a case after a deadline passed records it as missed', () => {
    const timeline = received().add('closed', '2026-11-20T10:00:00Z').at('2026-11-21T10:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge').state).toBe('missed');
    expect(clock(timeline, 'stage-1.respond').state).toBe('not-applicable');
  });
});

describe('events that make no sense are refused with a reason', () => {
  test.each([
    ['acknowledged before anything was received', newCase('ceccc').add('acknowledged', '2026-11-02T10:00:00Z'), 'The complaint has not been received yet.'],
    ['a second receipt', newCase('ceccc').received('2026-11-02T10:00:00Z').received('2026-11-03T10:00:00Z'), 'The complaint was already received; a case is received once.'],
    ['dated before receipt', newCase('ceccc').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-01T10:00:00Z'), 'This is dated before the complaint was received.'],
    ['acknowledged twice', newCase('ceccc').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-03T10:00:00Z').add('acknowledged', '2026-11-04T10:00:00Z'), 'Stage 1 was already acknowledged.'],
    ['stage 2 asked for before stage 1 is answered', newCase('ceccc').received('2026-11-02T10:00:00Z').add('escalation-requested', '2026-11-03T10:00:00Z'), 'Stage 2 can be asked for once Stage 1 has been answered.'],
    ['an extension the procedure does not provide', newCase('cms-vocational').received('2026-11-02T10:00:00Z').add('extended', '2026-11-03T10:00:00Z', { until: '2026-12-01' }), 'This procedure makes no provision for extending the time limit at Complaint.'],
    ['a target date where there is none', newCase('ceccc').received('2026-11-02T10:00:00Z').add('target-set', '2026-11-03T10:00:00Z', { target: '2026-12-01' }), 'Stage 1 has no target completion date.'],
    ['resumed without a pause', newCase('ceccc').received('2026-11-02T10:00:00Z').add('resumed', '2026-11-03T10:00:00Z'), 'The case is not paused.'],
    ['an unknown channel', newCase('ceccc').received('2026-11-02T10:00:00Z', { channel: 'fax' }), 'Unknown channel "fax"; this procedure\'s channels are web, email.'],
    ['a letter to ceccc, which takes written complaints by email', newCase('ceccc').received('2026-11-02T10:00:00Z', { channel: 'letter' }), 'Unknown channel "letter"; this procedure\'s channels are web, email.'],
    ['reopening an open case', newCase('ceccc').received('2026-11-02T10:00:00Z').add('reopened', '2026-11-03T10:00:00Z'), 'The case is not closed, withdrawn or passed on.'],
    ['a pause the procedure does not provide', newCase('ceccc').received('2026-11-02T10:00:00Z').add('paused', '2026-11-03T10:00:00Z'), 'This procedure makes no provision for pausing its time limits.'],
    ['an extension that brings the date forward', newCase('ceccc').received('2026-11-02T10:00:00Z').add('extended', '2026-11-03T10:00:00Z', { until: '2026-11-20' }), 'The revised date must be later than the date it replaces (2026-11-30): an extension cannot bring a time limit forward.'],
    ['an extension to the date already set', newCase('ceccc').received('2026-11-02T10:00:00Z').add('extended', '2026-11-03T10:00:00Z', { until: '2026-11-30' }), 'The revised date must be later than the date it replaces (2026-11-30): an extension cannot bring a time limit forward.'],
  ])('%s', (_name, builder, reason) => {
    const timeline = builder.at('2026-11-10T10:00:00Z');
    expect(timeline.refused.map((r) => r.reason)).toEqual([reason]);
  });

  test('a refused event leaves the case as it was', () => {
    const timeline = newCase('ceccc').received('2026-11-02T10:00:00Z').add('escalation-requested', '2026-11-03T10:00:00Z').at('2026-11-03T11:00:00Z');
    expect(timeline.stage).toBe('stage-1');
    expect(timeline.stages).toHaveLength(1);
  });
});

describe('op-performance: target date and the three-step escalation ladder', () => {
  // Received Monday 2 November, acknowledged the next morning with a target date of Friday 20 November.
  const story = () =>
    newCase('op-performance')
      .received('2026-11-02T10:00:00Z')
      .add('acknowledged', '2026-11-03T09:00:00Z', { target: '2026-11-20' });
  const notified = (builder: ReturnType<typeof story>, level: number, at: string) =>
    builder.add('escalation-notified', at, { clock: 'formal.target', level });

  test('"This acknowledgement will provide an estimated target date": an acknowledgement without one is refused', () => {
    const timeline = newCase('op-performance').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-03T09:00:00Z').at('2026-11-03T10:00:00Z');
    expect(timeline.status).toBe('received');
    expect(timeline.refused.map((r) => r.reason)).toEqual([
      'The acknowledgement gives the complainant an estimated target date for resolving the complaint ("This acknowledgement will provide an estimated target date for resolution of the complaint."). Write /acknowledge [date] target <date>.',
    ]);
    // A target set first, then the acknowledgement, is accepted too.
    const setFirst = newCase('op-performance')
      .received('2026-11-02T10:00:00Z')
      .add('target-set', '2026-11-03T09:00:00Z', { target: '2026-11-20' })
      .add('acknowledged', '2026-11-03T09:05:00Z')
      .at('2026-11-03T10:00:00Z');
    expect(setFirst.refused).toEqual([]);
    expect(clock(setFirst, 'formal.target')).toMatchObject({ dueDate: '2026-11-20', state: 'pending' });
  });

  test('the target date given with the acknowledgement is the formal stage\'s time limit', () => {
    const timeline = story().at('2026-11-03T10:00:00Z');
    expect(timeline.status).toBe('acknowledged');
    expect(clock(timeline, 'formal.target')).toMatchObject({ dueDate: '2026-11-20', state: 'pending' });
    expect(newCase('op-performance').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-03T09:00:00Z', { target: '2026-11-03' }).at('2026-11-03T10:00:00Z').refused.map((r) => r.reason))
      .toEqual(['The target date 2026-11-03 must be after the acknowledgement.']);
  });

  test.each([
    // now (UTC)                steps notified before          due now              level  why
    ['2026-11-20T23:00:00Z', [], undefined, 0, 'the target day has not ended'],
    ['2026-11-21T00:00:00Z', [], 'department-head', 0, 'Saturday: step 1 is due, but nobody is told at a weekend'],
    ['2026-11-23T09:00:00Z', [], 'department-head', 1, 'Monday morning after a Friday target: step 1 only, not all three'],
    ['2026-11-24T08:59:00Z', [[1, '2026-11-23T09:00:00Z']], undefined, 1, 'the department head has 24 hours from their email'],
    ['2026-11-24T09:00:00Z', [[1, '2026-11-23T09:00:00Z']], 'senior-manager', 2, '24 hours after the department head was told'],
    ['2026-11-25T09:00:00Z', [[1, '2026-11-23T09:00:00Z'], [2, '2026-11-24T09:00:00Z']], 'managing-director', 3, '24 hours after the Senior Manager was told'],
    ['2026-11-30T09:00:00Z', [[1, '2026-11-23T09:00:00Z'], [2, '2026-11-24T09:00:00Z'], [3, '2026-11-25T09:00:00Z']], undefined, 3, 'the ladder ends with the Managing Director'],
  ] as [string, [number, string][], string | undefined, number, string][])('at %s, notified %j: %s due, level %i (%s)', (now, before, due, level) => {
    const builder = story();
    for (const [step, at] of before) notified(builder, step, at);
    const timeline = builder.at(now);
    expect(timeline.escalations.map((step) => step.notify)).toEqual(due ? [due] : []);
    expect(timeline.escalationsNotified.map((step) => step.level)).toEqual(before.map(([step]) => step));
    expect(timeline.escalationLevel).toBe(level);
  });

  test('a sweep that did not run for days still tells one more person, never two at once', () => {
    const timeline = notified(story(), 1, '2026-11-23T09:00:00Z').at('2026-12-10T10:00:00Z');
    expect(timeline.escalations.map((step) => [step.level, step.notify, new Date(step.at).toISOString()])).toEqual([[2, 'senior-manager', '2026-11-24T09:00:00.000Z']]);
  });

  test('the ladder runs only while the complaint is unresolved', () => {
    const resolved = notified(story(), 1, '2026-11-23T09:00:00Z').add('responded', '2026-11-23T15:00:00Z', { outcome: 'upheld' }).at('2026-11-24T10:00:00Z');
    expect(resolved.escalations).toEqual([]);
    // A new target date stops it; when that one passes too, the ladder starts again at the department head.
    const retargeted = notified(story(), 1, '2026-11-23T09:00:00Z').add('target-set', '2026-11-23T11:00:00Z', { target: '2026-11-27' });
    expect(retargeted.at('2026-11-24T10:00:00Z').escalations).toEqual([]);
    expect(retargeted.at('2026-11-30T10:00:00Z').escalations.map((step) => step.notify)).toEqual(['department-head']);
    expect(retargeted.at('2026-11-30T10:00:00Z').escalationsNotified).toEqual([]);
  });

  test('acknowledged within 48 hours, target met late by one working day', () => {
    const timeline = story().add('responded', '2026-11-23T10:00:00Z', { outcome: 'upheld' }).at('2026-11-23T11:00:00Z');
    expect(clock(timeline, 'formal.acknowledge')).toEqual({ dueDate: '2026-11-04', due: '2026-11-04T10:00:00+00:00', state: 'met', late: 0 });
    expect(clock(timeline, 'formal.target')).toMatchObject({ dueDate: '2026-11-20', state: 'missed', late: 1 });
    expect(timeline.escalations).toEqual([]);
  });

  test('a target date moved later is a revised date', () => {
    const timeline = story().add('target-set', '2026-11-18T09:00:00Z', { target: '2026-11-27' }).at('2026-11-24T10:00:00Z');
    expect(clock(timeline, 'formal.target')).toMatchObject({ dueDate: '2026-11-27', state: 'pending' });
    expect(timeline.escalationLevel).toBe(0);
  });

  test('an appeal within one calendar month, answered within one calendar month', () => {
    // Responded Monday 31 January 2028; a month later is Tuesday 29 February 2028 (a leap year).
    // "no later than one calendar month from receipt of the written response": emailed in working hours, received that day.
    const timeline = newCase('op-performance')
      .received('2028-01-10T10:00:00Z')
      .add('acknowledged', '2028-01-11T10:00:00Z', { target: '2028-01-31' })
      .add('responded', '2028-01-31T10:00:00Z', { outcome: 'not-upheld', sentBy: 'email' })
      .at('2028-02-01T10:00:00Z');
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2028-02-29', state: 'pending' });
    // Posted on Monday 31 January, received Wednesday 2 February: the month runs to Thursday 2 March.
    const posted = newCase('op-performance')
      .received('2028-01-10T10:00:00Z')
      .add('acknowledged', '2028-01-11T10:00:00Z', { target: '2028-01-31' })
      .add('responded', '2028-01-31T10:00:00Z', { outcome: 'not-upheld', sentBy: 'post' })
      .at('2028-02-01T10:00:00Z');
    expect(clock(posted, 'appeal.request')).toMatchObject({ dueDate: '2028-03-02', state: 'pending' });
    const appealed = newCase('op-performance')
      .received('2030-01-10T10:00:00Z')
      .add('acknowledged', '2030-01-11T10:00:00Z', { target: '2030-01-30' })
      .add('responded', '2030-01-30T10:00:00Z', { outcome: 'not-upheld' })
      .add('escalation-requested', '2030-01-31T10:00:00Z')
      .at('2030-02-01T10:00:00Z');
    // Appeal received Thursday 31 January 2030: a calendar month later is Thursday 28 February 2030.
    expect(clock(appealed, 'appeal.respond')).toMatchObject({ dueDate: '2030-02-28', state: 'pending' });
    expect(appealed.stages.at(-1)?.handler).toBe('managing-director');
  });

  test('an informal complaint can be taken on as a formal one', () => {
    const timeline = newCase('op-performance')
      .received('2026-11-02T10:00:00Z', { channel: 'in-person' })
      .add('escalation-requested', '2026-11-05T10:00:00Z')
      .at('2026-11-05T11:00:00Z');
    expect(timeline.stages.map((s) => s.stage)).toEqual(['informal', 'formal']);
    expect(clock(timeline, 'formal.acknowledge')).toMatchObject({ due: '2026-11-07T10:00:00+00:00' });
  });
});

describe('cms-vocational: complaint and appeal', () => {
  test('appeal within 10 working days of the outcome, answered within 10 working days', () => {
    // "within 10 working days of receipt of a final outcome": emailed on Friday 13 November in working hours.
    const timeline = newCase('cms-vocational')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-13T10:00:00Z', { outcome: 'not-upheld', sentBy: 'email' })
      .add('escalation-requested', '2026-11-20T10:00:00Z')
      .at('2026-11-23T10:00:00Z');
    expect(clock(timeline, 'complaint.respond')).toMatchObject({ dueDate: '2026-11-16', state: 'met' });
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2026-11-27', state: 'met' });
    expect(clock(timeline, 'appeal.respond')).toMatchObject({ dueDate: '2026-12-04', state: 'pending' });
    expect(timeline.stages.at(-1)?.handler).toBe('board-member');
  });

  test('an appeal on the eleventh working day after sending, but the tenth after a posted outcome arrived, is in time', () => {
    // Posted Friday 13 November, received Tuesday 17 November; 10 working days from then end Tuesday 1 December.
    const timeline = newCase('cms-vocational')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-13T10:00:00Z', { outcome: 'not-upheld', sentBy: 'post' })
      .add('escalation-requested', '2026-12-01T10:00:00Z')
      .at('2026-12-01T11:00:00Z');
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2026-12-01', state: 'met' });
    expect(timeline.findings).toEqual([]);
  });
});

describe('admissibility findings', () => {
  test('a complaint more than three months after the incident is out of time, not refused', () => {
    const timeline = newCase('ceccc').received('2026-06-01T10:00:00Z', { incidentDate: '2026-01-10', exceptionalCircumstances: true }).at('2026-06-01T11:00:00Z');
    expect(timeline.findings.map((f) => f.code)).toEqual(['out-of-time', 'exceptional-circumstances-claimed']);
    expect(timeline.findings[0]?.message).toMatch(/more than 3 calendar months after the incident.*exceptional circumstances/);
    expect(timeline.stage).toBe('stage-1');
  });

  test('an incident from before the working calendar begins is out of time, not an error', () => {
    const timeline = newCase('op-performance').received('2026-11-02T10:00:00Z', { incidentDate: '2017-06-01' }).at('2026-11-02T11:00:00Z');
    expect(timeline.findings.map((f) => f.code)).toEqual(['out-of-time']);
  });

  test('three months to the day is in time', () => {
    const timeline = newCase('ceccc').received('2026-04-10T16:00:00Z', { incidentDate: '2026-01-10' }).at('2026-04-10T17:00:00Z');
    expect(timeline.findings).toEqual([]);
  });

  test('op-performance: a formal complaint 10 working days after the issue arose is in time, 11 is late', () => {
    // Issue arose Monday 2 November 2026: 10 working days later is Monday 16 November.
    expect(newCase('op-performance').received('2026-11-16T16:00:00Z', { incidentDate: '2026-11-02' }).at('2026-11-17T10:00:00Z').findings).toEqual([]);
    expect(newCase('op-performance').received('2026-11-17T10:00:00Z', { incidentDate: '2026-11-02' }).at('2026-11-17T11:00:00Z').findings.map((f) => f.code)).toEqual(['out-of-time']);
  });

  test('a complaint about the Co-Ordinator goes to the Chair', () => {
    const timeline = newCase('ceccc').received('2026-11-02T10:00:00Z', { aboutHandler: true }).at('2026-11-02T11:00:00Z');
    expect(timeline.stages[0]?.handler).toBe('chair');
    expect(timeline.findings).toEqual([{ code: 'about-handler', subject: 'stage-1', message: 'The complaint is about the Co-Ordinator; the Chair of the Committee handles it.' }]);
  });

  test('where no one else is named, the finding says so', () => {
    const timeline = newCase('cms-vocational').received('2026-11-02T10:00:00Z', { aboutHandler: true }).at('2026-11-02T11:00:00Z');
    expect(timeline.findings.map((f) => f.code)).toEqual(['no-alternate-handler']);
    expect(timeline.stages[0]?.handler).toBe('operations-director');
  });

  test('an anonymous complaint carries the procedure\'s consequence', () => {
    const timeline = newCase('ceccc').received('2026-11-02T10:00:00Z', { anonymous: true }).at('2026-11-02T11:00:00Z');
    expect(timeline.findings).toEqual([{ code: 'anonymous', message: expect.stringContaining('will not normally investigate') }]);
  });

  test('an out-of-scope matter says where to go instead', () => {
    const timeline = newCase('op-performance').received('2026-11-02T10:00:00Z', { outOfScope: 'assessment-decisions' }).at('2026-11-02T11:00:00Z');
    expect(timeline.findings).toEqual([{ code: 'out-of-scope', message: expect.stringContaining('Appeals Procedure') }]);
  });
});

describe('reminders', () => {
  const received = () => newCase('ceccc').received('2026-11-02T10:00:00Z').add('acknowledged', '2026-11-03T10:00:00Z');

  test.each([
    // now                      level                        why
    ['2026-11-25T16:00:00Z', undefined, 'nothing due yet'],
    ['2026-11-26T09:00:00Z', 'before-2-working-days', 'two working days before Monday 30 November, at the start of work'],
    ['2026-11-30T09:00:00Z', 'due-today', 'the due day'],
    ['2026-12-01T00:00:00Z', 'overdue', 'past due'],
  ] as [string, string | undefined, string][])('at %s: %s (%s)', (now, level) => {
    const reminders = received().at(now).reminders;
    expect(reminders.map((r) => [r.clock, r.level, r.notify])).toEqual(level ? [['stage-1.respond', level, 'coordinator']] : []);
  });

  test('only the highest level reached is due, so a missed sweep does not send three at once', () => {
    expect(received().at('2026-12-05T10:00:00Z').reminders.map((r) => r.level)).toEqual(['overdue']);
  });

  test('a complaint about the handler reminds the alternate handler', () => {
    const timeline = newCase('ceccc').received('2026-11-02T10:00:00Z', { aboutHandler: true }).at('2026-11-10T10:00:00Z');
    expect(timeline.reminders.map((r) => [r.clock, r.level, r.notify])).toEqual([['stage-1.acknowledge', 'overdue', 'chair']]);
  });

  test('people are notified only in working hours on working days', () => {
    expect(received().at('2026-11-30T09:00:00Z').withinWorkingHours).toBe(true);
    expect(received().at('2026-11-30T17:00:00Z').withinWorkingHours).toBe(false);
    expect(received().at('2026-11-29T12:00:00Z').withinWorkingHours).toBe(false); // Sunday
    expect(received().at('2026-12-25T12:00:00Z').withinWorkingHours).toBe(false); // Christmas Day
    expect(received().at('2026-06-01T08:30:00Z').withinWorkingHours).toBe(true); // 09:30 BST
  });

  test('times are shown with the UK offset', () => {
    expect(formatInstant(Date.parse('2026-07-01T12:00:00Z'))).toBe('2026-07-01T13:00:00+01:00');
  });
});
