import { describe, expect, test } from 'vitest';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import { parseCommands } from '../../scripts/core/commands/parse-commands.ts';

// Comments written on Tuesday 24 November 2026 at 10:00 UK time.
const NOW = Date.parse('2026-11-24T10:00:00Z');
const one = (body: string) => {
  const [first, ...rest] = parseCommands(body, NOW);
  expect(rest).toEqual([]);
  if (!first) throw new Error('no command found');
  return first;
};

describe('commands that record an event', () => {
  test.each([
    ['/acknowledge', { type: 'acknowledged', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/acknowledge 2026-11-20', { type: 'acknowledged', at: '2026-11-20T12:00:00.000Z', actor: 'staff' }],
    ['/acknowledge 20/11/2026', { type: 'acknowledged', at: '2026-11-20T12:00:00.000Z', actor: 'staff' }],
    ['/acknowledge 2026-11-24', { type: 'acknowledged', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/respond upheld', { type: 'responded', at: '2026-11-24T10:00:00.000Z', actor: 'staff', outcome: 'upheld' }],
    ['/respond partly-upheld 2026-07-01', { type: 'responded', at: '2026-07-01T11:00:00.000Z', actor: 'staff', outcome: 'partly-upheld' }],
    // How and when the response was sent, from which the complainant's deemed receipt is worked out.
    ['/respond not-upheld by email', { type: 'responded', at: '2026-11-24T10:00:00.000Z', actor: 'staff', outcome: 'not-upheld', sentBy: 'email' }],
    ['/respond upheld 2026-11-20 by post', { type: 'responded', at: '2026-11-20T12:00:00.000Z', actor: 'staff', outcome: 'upheld', sentBy: 'post' }],
    ['/respond upheld 20/11/2026 17:30 by email', { type: 'responded', at: '2026-11-20T17:30:00.000Z', actor: 'staff', outcome: 'upheld', sentBy: 'email' }],
    ['/respond upheld 2026-07-01 16:45 BY Hand', { type: 'responded', at: '2026-07-01T15:45:00.000Z', actor: 'staff', outcome: 'upheld', sentBy: 'hand' }],
    ['/respond upheld 09:15 by post', { type: 'responded', at: '2026-11-24T09:15:00.000Z', actor: 'staff', outcome: 'upheld', sentBy: 'post' }],
    ['/acknowledge target 2026-12-04', { type: 'acknowledged', at: '2026-11-24T10:00:00.000Z', actor: 'staff', target: '2026-12-04' }],
    ['/acknowledge 2026-11-20 target 04/12/2026', { type: 'acknowledged', at: '2026-11-20T12:00:00.000Z', actor: 'staff', target: '2026-12-04' }],
    ['/acknowledge 2026-11-23 16:00', { type: 'acknowledged', at: '2026-11-23T16:00:00.000Z', actor: 'staff' }],
    ['/withdraw 2026-11-23 in writing', { type: 'withdrawn', at: '2026-11-23T12:00:00.000Z', actor: 'staff', inWriting: true }],
    ['/withdraw in writing', { type: 'withdrawn', at: '2026-11-24T10:00:00.000Z', actor: 'staff', inWriting: true }],
    ['/pass-on independent-regulator', { type: 'passed-on', at: '2026-11-24T10:00:00.000Z', actor: 'staff', to: 'independent-regulator' }],
    ['/pass-on independent-regulator 2026-11-20', { type: 'passed-on', at: '2026-11-20T12:00:00.000Z', actor: 'staff', to: 'independent-regulator' }],
    ['/extend 2026-12-11 investigation needs a site visit', { type: 'extended', at: '2026-11-24T10:00:00.000Z', actor: 'staff', until: '2026-12-11', reason: 'investigation' }],
    ['/extend 11/12/2026 Mrs Smith is on holiday', { type: 'extended', at: '2026-11-24T10:00:00.000Z', actor: 'staff', until: '2026-12-11', reason: 'other' }],
    ['/target 2026-12-04', { type: 'target-set', at: '2026-11-24T10:00:00.000Z', actor: 'staff', target: '2026-12-04' }],
    ['/escalate', { type: 'escalation-requested', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/withdraw 2026-11-23', { type: 'withdrawn', at: '2026-11-23T12:00:00.000Z', actor: 'staff' }],
    ['/pause complainant-request', { type: 'paused', at: '2026-11-24T10:00:00.000Z', actor: 'staff', reason: 'complainant-request' }],
    ['/resume', { type: 'resumed', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/close', { type: 'closed', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/reopen', { type: 'reopened', at: '2026-11-24T10:00:00.000Z', actor: 'staff' }],
    ['/learning training Volunteers briefed', { type: 'change-made', at: '2026-11-24T10:00:00.000Z', actor: 'staff', change: 'training' }],
  ])('%s', (text, event) => {
    const command = one(text);
    expect(command).toMatchObject({ ok: true, event });
    // Every event a command makes is a valid case event.
    expect(CaseEventSchema.safeParse(command.ok ? command.event : undefined).success).toBe(true);
  });

  test('a note records nothing but is a valid command', () => {
    expect(one('/note Called the complainant back')).toEqual({ ok: true, name: 'note', line: 1, text: '/note Called the complainant back', event: undefined });
  });

  test('the words of a reason never reach the event', () => {
    const command = one('/pause Mr Jones is in hospital');
    expect(JSON.stringify(command.ok && command.event)).not.toMatch(/Jones|hospital/);
  });
});

describe('bad commands get an error that says what is wrong and how to write it', () => {
  test.each([
    ['/acknowlege', 'Unknown command "/acknowlege". Commands: /acknowledge, /respond'],
    ['/acknowledge yesterday', '"yesterday" is not a date; write it as 2026-11-20 or 20/11/2026. Usage: /acknowledge [date [time]] [target <date>]'],
    ['/acknowledge 2026-11-31', '"2026-11-31" is not a date'],
    ['/acknowledge 2026-11-25', '2026-11-25 is in the future. Usage: /acknowledge [date [time]] [target <date>]'],
    ['/acknowledge 2026-11-24 11:30', '2026-11-24 at 11:30 is in the future.'],
    ['/acknowledge 2026-11-20 25:00', '"25:00" is not a time; write it as 16:45.'],
    ['/acknowledge 2026-11-20 extra', 'Unexpected "extra".'],
    ['/acknowledge target', 'Give the target date after "target".'],
    ['/acknowledge target soon', '"soon" is not a date; write it as 2026-12-11 or 11/12/2026.'],
    ['/acknowledge target 2026-12-04 please', 'Unexpected "please".'],
    ['/respond', 'Say the outcome. Usage: /respond upheld|partly-upheld|not-upheld [date [time]] [by email|post|hand]'],
    ['/respond rejected', '"rejected" is not an outcome: say upheld, partly-upheld or not-upheld.'],
    ['/respond upheld by fax', '"fax" is not a way of sending: say by email, by post, by hand.'],
    ['/respond upheld by', 'Say how it was sent: by email, by post, by hand.'],
    ['/respond upheld via email', '"via" is not a date'],
    ['/respond upheld by email today', 'Unexpected "today".'],
    ['/withdraw 2026-11-23 in person', 'Unexpected "in person". Usage: /withdraw [date [time]] [in writing]'],
    ['/pass-on', 'Name the outside body by its id in the procedure. Usage: /pass-on <outside body> [date [time]]'],
    ['/pass-on regulator tomorrow', '"tomorrow" is not a date'],
    ['/extend', 'Give the date. Usage: /extend <new date> <reason>'],
    ['/extend 2026-12-11', 'Give the reason for the new date.'],
    ['/extend 2026-11-20 late', '2026-11-20 is not in the future.'],
    ['/target soon', '"soon" is not a date'],
    ['/pause', 'Give the reason for pausing.'],
    ['/close now', 'Unexpected "now".'],
    ['/note', 'Write the note after /note.'],
    ['/learning', 'Say what kind of change was made. Usage: /learning policy|procedure|training'],
    ['/learning everything', '"everything" is not a kind of change: say policy, procedure, training, communication, staffing, facilities, service, other.'],
  ])('%s', (text, error) => {
    expect(one(text)).toMatchObject({ ok: false, error: expect.stringContaining(error) });
  });
});

describe('finding commands in a comment', () => {
  test('several commands, each on its own line, with their line numbers', () => {
    const commands = parseCommands('Letter sent on Friday.\n\n/acknowledge 2026-11-20\n/target 2026-12-04\n', NOW);
    expect(commands.map((c) => [c.ok, c.name, c.line])).toEqual([
      [true, 'acknowledge', 3],
      [true, 'target', 4],
    ]);
  });

  test('one bad command does not lose the others', () => {
    const commands = parseCommands('/acknowledge\n/respond maybe', NOW);
    expect(commands.map((c) => c.ok)).toEqual([true, false]);
  });

  test('text that merely mentions a command is not one', () => {
    expect(parseCommands('Please /close this when done.\nSee https://example.org/close\n> /close\n', NOW)).toEqual([]);
  });

  test('commands inside code blocks are not run', () => {
    expect(parseCommands('Example:\n```\n/close\n```\n', NOW)).toEqual([]);
  });

  test('leading spaces and upper case are forgiven', () => {
    expect(one('   /ACKNOWLEDGE')).toMatchObject({ ok: true, name: 'acknowledge' });
  });
});
