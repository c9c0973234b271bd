import { describe, expect, test } from 'vitest';
import { fromDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { formatInstant } from '../../scripts/core/calendar/london-time.ts';
import { clock, newCase } from '../support/case-builder.ts';

describe('ceccc: stage 1, stage 2, then NACCC', () => {
  // Received Monday 2 November 2026: acknowledge by Mon 9 Nov, respond by Mon 30 Nov (20 working days).
  const story = () =>
    newCase('ceccc')
      .received('2026-11-02T10:00:00Z', { incidentDate: '2026-10-20' })
      .add('acknowledged', '2026-11-04T11:00:00Z')
      .add('responded', '2026-11-27T15:00:00Z', { outcome: 'not-upheld' });

  test('stage 1 met, and the window to ask for stage 2 open', () => {
    const timeline = story().at('2026-11-30T12:00:00Z');
    expect(timeline.stage).toBe('stage-1');
    expect(timeline.status).toBe('responded');
    expect(clock(timeline, 'stage-1.acknowledge')).toEqual({ dueDate: '2026-11-09', due: '2026-11-09T23:59:59+00:00', state: 'met', late: 0 });
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2026-11-30', state: 'met', late: 0 });
    // 5 working days from Friday 27 November's response: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December.
    expect(clock(timeline, 'stage-2.request')).toMatchObject({ dueDate: '2026-12-04', state: 'pending' });
    expect(clock(timeline, 'stage-2.respond')).toMatchObject({ state: 'not-applicable' });
    expect(timeline.findings).toEqual([]);
  });

  test('stage 2 requested, answered, and the NACCC window stated', () => {
    const timeline = story()
      .add('escalation-requested', '2026-12-02T09:30:00Z')
      .add('acknowledged', '2026-12-03T10:00:00Z')
      .add('responded', '2026-12-21T16:00:00Z', { outcome: 'partly-upheld' })
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
    // Twelve weeks from the stage 2 response on Monday 21 December 2026.
    expect(timeline.externalWindows.map((w) => [w.body, fromDayNumber(w.dueDay), w.state])).toEqual([['naccc', '2027-03-15', 'open']]);
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

  test('a late request for stage 2 is recorded, not refused', () => {
    const timeline = story().add('escalation-requested', '2026-12-10T09:30:00Z').at('2026-12-10T10:00:00Z');
    expect(clock(timeline, 'stage-2.request')).toEqual({ dueDate: '2026-12-04', due: '2026-12-04T23:59:59+00:00', state: 'missed', late: 4 });
    expect(timeline.stage).toBe('stage-2');
  });

  test('the window lapses when no request comes', () => {
    expect(clock(story().at('2026-12-07T10:00:00Z'), 'stage-2.request')).toMatchObject({ state: 'missed' });
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

  test('a pause stops the clocks for the working days it lasts', () => {
    // Paused from Wednesday 4 to Monday 9 November: three working days (Thu 5, Fri 6, Mon 9).
    const timeline = received().add('paused', '2026-11-04T10:00:00Z').add('resumed', '2026-11-09T10:00:00Z').at('2026-11-09T11:00:00Z');
    expect(clock(timeline, 'stage-1.acknowledge')).toMatchObject({ dueDate: '2026-11-12', state: 'pending' });
    expect(clock(timeline, 'stage-1.respond')).toMatchObject({ dueDate: '2026-12-03', state: 'pending' });
  });

  test('while paused, clocks show as paused and no reminder is due', () => {
    const timeline = received().add('paused', '2026-11-04T10:00:00Z').at('2026-11-20T11:00:00Z');
    expect(timeline.status).toBe('paused');
    expect(clock(timeline, 'stage-1.acknowledge').state).toBe('paused');
    expect(timeline.reminders).toEqual([]);
  });

  test('a withdrawal stops the clocks; a reopening starts them again', () => {
    const withdrawn = received().add('withdrawn', '2026-11-04T10:00:00Z');
    const stopped = withdrawn.at('2026-12-20T10:00:00Z');
    expect(stopped.status).toBe('withdrawn');
    expect(clock(stopped, 'stage-1.respond').state).toBe('not-applicable');
    expect(stopped.reminders).toEqual([]);
    expect(withdrawn.add('acknowledged', '2026-11-05T10:00:00Z').at('2026-11-06T10:00:00Z').refused[0]?.reason).toBe('The case is withdrawn; reopen it first.');
    const reopened = received().add('withdrawn', '2026-11-04T10:00:00Z').add('reopened', '2026-11-05T10:00:00Z').at('2026-11-06T10:00:00Z');
    expect(reopened.status).toBe('received');
    expect(clock(reopened, 'stage-1.acknowledge').state).toBe('due-soon');
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
    ['an unknown channel', newCase('ceccc').received('2026-11-02T10:00:00Z', { channel: 'fax' }), 'Unknown channel "fax"; this procedure\'s channels are web, email, letter.'],
    ['reopening an open case', newCase('ceccc').received('2026-11-02T10:00:00Z').add('reopened', '2026-11-03T10:00:00Z'), 'The case is not closed or withdrawn.'],
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
      .add('acknowledged', '2026-11-03T09:00:00Z')
      .add('target-set', '2026-11-03T09:00:00Z', { target: '2026-11-20' });

  test.each([
    // now                     level  notified
    ['2026-11-20T23:00:00Z', 0, []],
    ['2026-11-21T00:00:00Z', 1, ['department-head']],
    ['2026-11-21T23:59:58Z', 1, ['department-head']],
    ['2026-11-21T23:59:59Z', 2, ['department-head', 'senior-manager']],
    ['2026-11-23T00:00:00Z', 3, ['department-head', 'senior-manager', 'managing-director']],
  ])('at %s the ladder is at level %i', (now, level, notified) => {
    const timeline = story().at(now);
    expect(timeline.escalationLevel).toBe(level);
    expect(timeline.escalations.map((step) => step.notify)).toEqual(notified);
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
    const timeline = newCase('op-performance')
      .received('2028-01-10T10:00:00Z')
      .add('acknowledged', '2028-01-11T10:00:00Z')
      .add('target-set', '2028-01-11T10:00:00Z', { target: '2028-01-31' })
      .add('responded', '2028-01-31T10:00:00Z', { outcome: 'not-upheld' })
      .at('2028-02-01T10:00:00Z');
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2028-02-29', state: 'pending' });
    const appealed = newCase('op-performance')
      .received('2030-01-10T10:00:00Z')
      .add('acknowledged', '2030-01-11T10:00:00Z')
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
    const timeline = newCase('cms-vocational')
      .received('2026-11-02T10:00:00Z')
      .add('responded', '2026-11-13T10:00:00Z', { outcome: 'not-upheld' })
      .add('escalation-requested', '2026-11-20T10:00:00Z')
      .at('2026-11-23T10:00:00Z');
    expect(clock(timeline, 'complaint.respond')).toMatchObject({ dueDate: '2026-11-16', state: 'met' });
    expect(clock(timeline, 'appeal.request')).toMatchObject({ dueDate: '2026-11-27', state: 'met' });
    expect(clock(timeline, 'appeal.respond')).toMatchObject({ dueDate: '2026-12-04', state: 'pending' });
    expect(timeline.stages.at(-1)?.handler).toBe('board-member');
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
