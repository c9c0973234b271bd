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
    // A notice of a new date sent before it was recorded takes the day it was sent.
    ['/extend 2026-12-11 investigation needs a site visit sent 2026-11-20', { type: 'extended', at: '2026-11-20T12:00:00.000Z', actor: 'staff', until: '2026-12-11', reason: 'investigation' }],
    ['/extend 11/12/2026 waiting for the letter sent by the school sent 20/11/2026 15:10', { type: 'extended', at: '2026-11-20T15:10:00.000Z', actor: 'staff', until: '2026-12-11', reason: 'other' }],
    ['/target 2026-12-04 sent 2026-11-23', { type: 'target-set', at: '2026-11-23T12:00:00.000Z', actor: 'staff', target: '2026-12-04' }],
    // The new date need only be after the day the notice went out.
    ['/target 2026-11-24 sent 2026-11-23', { type: 'target-set', at: '2026-11-23T12:00:00.000Z', actor: 'staff', target: '2026-11-24' }],
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
    ['/extend', 'Give the date. Usage: /extend <new date> <reason> [sent <date> [time]]'],
    ['/extend 2026-12-11', 'Give the reason for the new date.'],
    ['/extend 2026-11-20 late', '2026-11-20 is not after today.'],
    ['/extend 2026-12-11 sent 2026-11-20', 'Give the reason for the new date.'],
    ['/extend 2026-12-11 investigation sent', 'Give the date the notice was sent after "sent".'],
    ['/extend 2026-12-11 investigation sent 2026-11-31', '"2026-11-31" is not a date'],
    ['/extend 2026-12-11 investigation sent 2026-11-26', '2026-11-26 is in the future.'],
    ['/extend 2026-12-11 investigation sent 2026-11-24 11:30', '2026-11-24 at 11:30 is in the future.'],
    ['/extend 2026-11-20 investigation sent 2026-11-20', '2026-11-20 is not after the day the notice was sent.'],
    ['/target 2026-12-04 sent 2026-11-20 please', 'Unexpected "please".'],
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

describe('letter commands: /draft asks for a letter, /send sends one', () => {
  test.each([
    ['/draft acknowledgement', { kind: 'draft', word: 'acknowledgement' }],
    ['/draft Acknowledgement target 2026-12-11', { kind: 'draft', word: 'acknowledgement', target: '2026-12-11' }],
    ['/draft acknowledgement target 11/12/2026', { kind: 'draft', word: 'acknowledgement', target: '2026-12-11' }],
    ['/draft extension 2026-12-18 investigation needs a site visit', { kind: 'draft', word: 'extension', until: '2026-12-18', reason: 'investigation', words: 'investigation needs a site visit' }],
    ['/draft extension 18/12/2026 Mrs Smith is away', { kind: 'draft', word: 'extension', until: '2026-12-18', reason: 'other', words: 'Mrs Smith is away' }],
    ['/draft outcome upheld', { kind: 'draft', word: 'outcome', outcome: 'upheld' }],
    ['/draft outcome Partly-Upheld', { kind: 'draft', word: 'outcome', outcome: 'partly-upheld' }],
    ['/draft outcome not-upheld', { kind: 'draft', word: 'outcome', outcome: 'not-upheld' }],
    ['/send', { kind: 'send', again: false }],
    ['/send 2', { kind: 'send', draft: 2, again: false }],
    ['/send #3', { kind: 'send', draft: 3, again: false }],
    ['/send by email', { kind: 'send', channel: 'email', again: false }],
    ['/send 2 by email again', { kind: 'send', draft: 2, channel: 'email', again: true }],
    ['/send again 2', { kind: 'send', draft: 2, again: true }],
    // A letter posted or handed over takes its date as every command does: midday when no time is given.
    ['/send posted 2026-11-23', { kind: 'send', channel: 'post', at: '2026-11-23T12:00:00.000Z', again: false }],
    ['/send 2 posted 23/11/2026 16:30', { kind: 'send', draft: 2, channel: 'post', at: '2026-11-23T16:30:00.000Z', again: false }],
    ['/send 2 posted', { kind: 'send', draft: 2, channel: 'post', at: '2026-11-24T10:00:00.000Z', again: false }],
    ['/send by post', { kind: 'send', channel: 'post', at: '2026-11-24T10:00:00.000Z', again: false }],
    ['/send 1 by post 2026-11-20', { kind: 'send', draft: 1, channel: 'post', at: '2026-11-20T12:00:00.000Z', again: false }],
    ['/send 1 by hand 09:30', { kind: 'send', draft: 1, channel: 'hand', at: '2026-11-24T09:30:00.000Z', again: false }],
  ])('%s', (text, letter) => {
    const command = one(text);
    expect(command).toMatchObject({ ok: true });
    // Letter commands record no event themselves: the event is recorded when the letter goes.
    expect(command.ok && command.event).toBeUndefined();
    expect(command.ok && command.letter).toEqual(letter);
  });

  test.each([
    ['/draft', 'Say which letter: acknowledgement, extension or outcome. Usage: /draft acknowledgement [target <date>] | extension <new date> <reason> | outcome'],
    ['/draft apology', '"apology" is not a letter: say acknowledgement, extension or outcome.'],
    ['/draft acknowledgement soon', 'Unexpected "soon".'],
    ['/draft acknowledgement target', 'Give the target date after "target".'],
    ['/draft acknowledgement target next-week', '"next-week" is not a date; write it as 2026-12-11 or 11/12/2026.'],
    ['/draft acknowledgement target 2026-11-24', '2026-11-24 is not in the future.'],
    ['/draft acknowledgement target 2026-12-11 please', 'Unexpected "please".'],
    ['/draft extension', 'Give the new date for the response.'],
    ['/draft extension later we are busy', '"later" is not a date'],
    ['/draft extension 2026-11-20 we are busy', '2026-11-20 is not in the future.'],
    ['/draft extension 2026-12-18', 'Give the reason for the new date; it goes in the letter.'],
    ['/draft outcome', 'Say the outcome: upheld, partly-upheld or not-upheld.'],
    ['/draft outcome rejected', '"rejected" is not an outcome'],
    ['/draft outcome upheld with apology', 'Unexpected "with apology".'],
    ['/send 0', '"0" is not a draft\'s number.'],
    ['/send 2 by fax', '"fax" is not a way of sending: say by email, posted <date> or by hand <date>.'],
    ['/send by', 'Say how: by email, posted <date> or by hand <date>.'],
    ['/send 2 now', 'Unexpected "now".'],
    ['/send two', 'Unexpected "two".'],
    ['/send by email 2026-11-20', 'An email is sent when the command is carried out: remove "2026-11-20".'],
    ['/send posted tomorrow', '"tomorrow" is not a date'],
    ['/send posted 2026-11-25', '2026-11-25 is in the future.'],
    ['/send posted 2026-11-24 11:00', '2026-11-24 at 11:00 is in the future.'],
    ['/send posted 2026-11-20 first-class', 'Unexpected "first-class".'],
  ])('%s', (text, error) => {
    expect(one(text)).toMatchObject({ ok: false, error: expect.stringContaining(error) });
  });

  test('the words of an extension reason stay out of anything but the letter request', () => {
    const command = one('/draft extension 2026-12-18 Mr Jones is in hospital');
    expect(command.ok && command.event).toBeUndefined();
    expect(command.ok && command.letter).toMatchObject({ reason: 'other', words: 'Mr Jones is in hospital' });
  });
});
