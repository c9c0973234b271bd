/**
 * The tracking view: what a complainant is told of their case, computed from its block alone. Each row is the story
 * of a case (events with literal dates) and what the page says at a moment of it.
 */
import { describe, expect, test } from 'vitest';
import { CaseBlockSchema, type CaseBlock } from '../../scripts/core/case/case-block.ts';
import type { CaseEventInput } from '../../scripts/core/case/case-event-schema.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import type { Correspondence } from '../../scripts/core/tracking/correspondence.ts';
import { trackingView } from '../../scripts/core/tracking/tracking-view.ts';
import { seedProcedure } from '../support/procedures.ts';

const REFERENCE = 'RDR-7KX4-M9QP-2TW';

function block(procedure: Procedure, events: CaseEventInput[], flags: CaseBlock['flags'] = []): CaseBlock {
  return CaseBlockSchema.parse({
    reference: REFERENCE,
    procedure: { id: procedure.id, version: { hash: '0123abcd' } },
    submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
    received: events[0]?.at,
    channel: 'web',
    flags,
    events,
  });
}

function view(procedure: Procedure, events: CaseEventInput[], now: string, options: { flags?: CaseBlock['flags']; correspondence?: Correspondence[] } = {}) {
  return trackingView({ procedure, block: block(procedure, events, options.flags), correspondence: options.correspondence ?? [], calendar: calendarFor(procedure), now: Date.parse(now) });
}

const ceccc = seedProcedure('ceccc');
/** Received on Monday 2 November 2026: acknowledge by Monday 9, respond by Monday 30 November. */
const received: CaseEventInput = { type: 'received', at: '2026-11-02T10:00:00Z', channel: 'web' };

/** A row of the table below: a case's story, and what its page says at `now`. */
interface StoryRow {
  story: string;
  events: CaseEventInput[];
  now: string;
  status: string;
  next: string[];
  limits: [string, string, string][];
  missed: string[];
}

describe('where the case stands and what happens next', () => {
  test.each<StoryRow>([
    {
      story: 'just received: the acknowledgement is next, both limits are listed',
      events: [received],
      now: '2026-11-03T10:00:00Z',
      status: 'Received',
      next: ['The Co-Ordinator should acknowledge the complaint in writing by Monday 9 November 2026.'],
      limits: [['Acknowledge the complaint in writing', 'due', 'by Monday 9 November 2026'], ['Send a formal written response', 'due', 'by Monday 30 November 2026']],
      missed: [],
    },
    {
      story: 'acknowledged on time: the response is next',
      events: [received, { type: 'acknowledged', at: '2026-11-04T10:00:00Z', by: 'mary-coordinator' }],
      now: '2026-11-05T10:00:00Z',
      status: 'Being looked into',
      next: ['The Co-Ordinator should send a formal written response by Monday 30 November 2026.'],
      limits: [['Acknowledge the complaint in writing', 'done', 'done on Wednesday 4 November 2026'], ['Send a formal written response', 'due', 'by Monday 30 November 2026']],
      missed: [],
    },
    {
      story: 'acknowledged 3 working days late: a missed limit, said with its dates',
      events: [received, { type: 'acknowledged', at: '2026-11-12T10:00:00Z' }],
      now: '2026-11-13T10:00:00Z',
      status: 'Being looked into',
      next: ['The Co-Ordinator should send a formal written response by Monday 30 November 2026.'],
      limits: [
        ['Acknowledge the complaint in writing', 'done-late', 'done on Thursday 12 November 2026, 3 working days late (it was due by Monday 9 November 2026)'],
        ['Send a formal written response', 'due', 'by Monday 30 November 2026'],
      ],
      missed: ['Stage 1: “Acknowledge the complaint in writing” was due by Monday 9 November 2026 and was done on Thursday 12 November 2026, 3 working days late.'],
    },
    {
      story: 'never acknowledged, past its date: late now, and said first',
      events: [received],
      now: '2026-11-11T10:00:00Z',
      status: 'Received',
      next: ['The Co-Ordinator is late: “Acknowledge the complaint in writing” was due by Monday 9 November 2026.', 'The Co-Ordinator should send a formal written response by Monday 30 November 2026.'],
      limits: [['Acknowledge the complaint in writing', 'late', 'was due by Monday 9 November 2026: not done yet'], ['Send a formal written response', 'due', 'by Monday 30 November 2026']],
      missed: ['Stage 1: “Acknowledge the complaint in writing” was due by Monday 9 November 2026 and has not been done yet.'],
    },
    {
      story: 'answered by email on Friday 20 November: the window for stage 2 runs from its receipt that day',
      events: [received, { type: 'acknowledged', at: '2026-11-03T10:00:00Z' }, { type: 'responded', at: '2026-11-20T11:00:00Z', outcome: 'not-upheld', sentBy: 'email' }],
      now: '2026-11-21T10:00:00Z',
      status: 'Answered',
      next: ['Your complaint has been answered at Stage 1.', 'If you are unhappy with the answer, you can ask for Stage 2 by Friday 27 November 2026.'],
      limits: [['Acknowledge the complaint in writing', 'done', 'done on Tuesday 3 November 2026'], ['Send a formal written response', 'done', 'done on Friday 20 November 2026']],
      missed: [],
    },
  ])('$story', ({ events, now, status, next, limits, missed }) => {
    const tracked = view(ceccc, events, now);
    expect(tracked.status.words).toBe(status);
    expect([...tracked.next, ...tracked.yourOptions]).toEqual(next);
    expect(tracked.stages[0]?.limits.map((limit) => [limit.label, limit.state, limit.words])).toEqual(limits);
    expect(tracked.missed).toEqual(missed);
    expect(tracked.stage).toMatchObject({ title: 'Stage 1', handler: 'the Co-Ordinator', number: 1, of: 2 });
  });

  test('after the window for stage 2 has passed, the page says so, with what the procedure says of a late request', () => {
    const tracked = view(ceccc, [received, { type: 'acknowledged', at: '2026-11-03T10:00:00Z' }, { type: 'responded', at: '2026-11-20T11:00:00Z', outcome: 'not-upheld', sentBy: 'email' }], '2026-12-07T10:00:00Z');
    expect(tracked.yourOptions).toEqual([expect.stringMatching(/^The time to ask for Stage 2 ended on Friday 27 November 2026\./)]);
  });

  test('at stage 2, after an escalation: its own limits, and who handles it', () => {
    const tracked = view(
      ceccc,
      [received, { type: 'acknowledged', at: '2026-11-03T10:00:00Z' }, { type: 'responded', at: '2026-11-20T11:00:00Z', outcome: 'not-upheld', sentBy: 'email' }, { type: 'escalation-requested', at: '2026-11-23T10:00:00Z' }],
      '2026-11-23T12:00:00Z',
    );
    expect(tracked.stage).toMatchObject({ title: 'Stage 2', number: 2 });
    expect(tracked.stages.map((stage) => stage.title)).toEqual(['Stage 1', 'Stage 2']);
    expect(tracked.history.map((event) => event.text)).toEqual(['Complaint received, at Stage 1', 'Stage 1: complaint acknowledged', 'Stage 1: answer sent by email', 'Stage 2 asked for']);
  });

  test.each([
    { type: 'withdrawn', inWriting: true, next: 'Your complaint was withdrawn, so nothing more happens to it under the procedure.', status: 'Withdrawn' },
    { type: 'closed', next: 'Your complaint is closed. If you think that is a mistake, contact Cambridge & Ely Child Contact Centres.', status: 'Closed' },
  ] as const)('$type: no limit is running, and nothing is promised', ({ next, status, ...event }) => {
    const tracked = view(ceccc, [received, { ...event, at: '2026-11-04T10:00:00Z' }], '2026-11-20T10:00:00Z');
    expect(tracked.status.words).toBe(status);
    expect(tracked.next).toEqual([next]);
    expect(tracked.yourOptions).toEqual([]);
  });

  test('passed on to an outside body (CECOPS): the page names the body', () => {
    const cecops = seedProcedure('cecops');
    const body = cecops.externalBodies.find((b) => b.passOn);
    const tracked = view(cecops, [{ type: 'received', at: '2026-11-02T10:00:00Z', channel: 'web' }, { type: 'passed-on', at: '2026-11-04T10:00:00Z', to: body?.id ?? '' }], '2026-11-05T10:00:00Z');
    expect(tracked.status.words).toBe('Passed on');
    expect(tracked.next).toEqual([`CECOPS passed your complaint on to ${body?.name}, which deals with it now.`.replace('CECOPS', cecops.organisation.name)]);
    expect(tracked.history.at(-1)?.text).toBe(`Passed on to ${body?.name}`);
  });
});

describe('a pause', () => {
  /** ceccc as if it provided for pauses: none of the sources does. */
  const paused = { ...ceccc, id: 'ceccc-with-pauses', pauses: { summary: 'We may stop the clock.', source: { file: 'example.txt', quote: 'we may stop the clock' } } } as Procedure;

  test('while paused: since when and why, the limits shown paused, and history says when', () => {
    const tracked = view(paused, [received, { type: 'paused', at: '2026-11-04T10:00:00Z', reason: 'external' }], '2026-11-20T10:00:00Z');
    expect(tracked.status.words).toBe('Paused');
    expect(tracked.pause).toEqual({ sinceText: 'Wednesday 4 November 2026 at 10:00am', reason: 'the organisation is waiting for someone outside it' });
    expect(tracked.stages[0]?.limits.map((limit) => limit.state)).toEqual(['paused', 'paused']);
    expect(tracked.missed).toEqual([]);
    expect(tracked.next).toEqual(['The time limits are paused. The Co-Ordinator carries on with your complaint when the pause ends, and the dates move on by the time it lasted.']);
    expect(tracked.history.map((event) => [event.dayText, event.text])).toContainEqual(['Wednesday 4 November 2026', 'Time limits paused: the organisation is waiting for someone outside it']);
  });

  test('once resumed: no pause shown, the dates moved on by the working days it lasted', () => {
    // Paused Wednesday 4 to Monday 9 November: three working days, so the acknowledgement is due Thursday 12.
    const tracked = view(paused, [received, { type: 'paused', at: '2026-11-04T10:00:00Z', reason: 'other' }, { type: 'resumed', at: '2026-11-09T10:00:00Z' }], '2026-11-09T11:00:00Z');
    expect(tracked.pause).toBeUndefined();
    expect(tracked.stages[0]?.limits[0]?.words).toBe('by Thursday 12 November 2026');
    // "other" says nothing rather than something vague.
    expect(tracked.history.map((event) => event.text)).toEqual(['Complaint received, at Stage 1', 'Time limits paused', 'Time limits restarted']);
  });
});

describe('an anonymous complaint', () => {
  test('promises no dates: no limits, nothing missed, no options; it still says where the case stands and what happened', () => {
    const events: CaseEventInput[] = [{ ...received, anonymous: true }, { type: 'acknowledged', at: '2026-11-12T10:00:00Z' }];
    const tracked = view(ceccc, events, '2026-12-10T10:00:00Z', { flags: ['anonymous'] });
    expect(tracked.anonymous).toBe(true);
    expect(tracked.stages.flatMap((stage) => stage.limits)).toEqual([]);
    expect(tracked.missed).toEqual([]);
    expect(tracked.yourOptions).toEqual([]);
    expect(tracked.next).toEqual(['The Co-Ordinator deals with your complaint under the procedure. Because nobody can reply to you, no dates are promised.']);
    expect(tracked.history.map((event) => event.text)).toEqual(['Complaint received, at Stage 1', 'Stage 1: complaint acknowledged']);
    expect(JSON.stringify(tracked)).not.toMatch(/Monday 9 November|Monday 30 November/);
  });
});

describe('what the complainant is never shown', () => {
  test('no login, no outcome, no refused event, no change the organisation recorded, no notice to staff', () => {
    const events: CaseEventInput[] = [
      received,
      { type: 'acknowledged', at: '2026-11-03T10:00:00Z', by: 'mary-coordinator', comment: '1234' },
      // Refused: the procedure makes no provision for pausing.
      { type: 'paused', at: '2026-11-04T10:00:00Z', reason: 'investigation', by: 'mary-coordinator' },
      { type: 'escalation-notified', at: '2026-11-10T09:00:00Z', clock: 'stage-1.respond', level: 1 },
      { type: 'responded', at: '2026-11-20T11:00:00Z', outcome: 'partly-upheld', sentBy: 'post', by: 'mary-coordinator' },
      { type: 'change-made', at: '2026-11-21T11:00:00Z', change: 'training', by: 'mary-coordinator' },
    ];
    const tracked = view(ceccc, events, '2026-11-23T10:00:00Z');
    const text = JSON.stringify(tracked);
    for (const hidden of ['mary-coordinator', '1234', 'partly', 'upheld', 'training', 'paused', 'notified']) expect(text).not.toContain(hidden);
    expect(tracked.history.map((event) => event.text)).toEqual(['Complaint received, at Stage 1', 'Stage 1: complaint acknowledged', 'Stage 1: answer sent by post']);
  });
});

describe('what was sent', () => {
  test('listed by day, with its subject and how it went', () => {
    const sent: Correspondence = { at: Date.parse('2026-11-02T10:01:00Z'), subject: `We have received your complaint ${REFERENCE}`, by: 'email', what: 'acknowledgement of receipt' };
    const tracked = view(ceccc, [received], '2026-11-03T10:00:00Z', { correspondence: [sent] });
    expect(tracked.correspondence).toEqual([{ dayText: 'Monday 2 November 2026', date: '2026-11-02T10:01:00.000Z', subject: `We have received your complaint ${REFERENCE}`, by: 'Email' }]);
  });
});

describe('time limits in hours (op-performance)', () => {
  test('a limit in hours is due at a time of day, and the target date comes once it is set', () => {
    const op = seedProcedure('op-performance');
    const tracked = view(op, [{ type: 'received', at: '2026-07-01T11:00:00Z', channel: op.channels.find((c) => c.kind === 'web')?.id ?? 'web' }], '2026-07-01T12:00:00Z');
    expect(tracked.stages[0]?.limits.map((limit) => [limit.state, limit.words])).toEqual([
      ['due', 'by Friday 3 July 2026 at 12:00pm'],
      ['no-date', 'by the target date, once it is set'],
    ]);
  });
});
