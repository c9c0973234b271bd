import { describe, expect, test } from 'vitest';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { clockWords, countingRuleWords, deemedReceiptWords, entryWindowWords, externalWindowWords, memberNoun, roleInSentence, timeOfDay } from '../../site/lib/time-limit-words.ts';
import { seedProcedure } from '../support/procedures.ts';

function words(procedure: Procedure): Record<string, string> {
  return Object.fromEntries(procedure.stages.flatMap((stage) => stage.clocks.map((clock) => [`${stage.id}.${clock.id}`, clockWords(procedure, stage, clock)])));
}

describe('every clock of the seed procedures in plain words', () => {
  test('ceccc', () => {
    expect(words(seedProcedure('ceccc'))).toEqual({
      'stage-1.acknowledge': 'within 5 working days of receiving your complaint',
      'stage-1.respond': 'within 20 working days of receiving your complaint',
      'stage-2.request': 'within 5 working days of receiving the response to Stage 1',
      'stage-2.acknowledge': 'within 5 working days of receiving your request for Stage 2',
      'stage-2.respond': 'within 20 working days of receiving your request for Stage 2',
    });
  });

  test('op-performance: hours, a target date staff set, and an appeal', () => {
    expect(words(seedProcedure('op-performance'))).toEqual({
      'formal.acknowledge': 'within 48 hours of receiving your complaint',
      'formal.target': 'by the target date given in the acknowledgement',
      'appeal.request': 'within 1 calendar month of receiving the response to Stage 2 – formal complaint',
      'appeal.respond': 'within 1 calendar month of receiving your appeal',
    });
  });

  test('a model: the time limits it leaves open are set by each centre', () => {
    const model = seedProcedure('naccc-model');
    expect(memberNoun(model)).toBe('centre');
    expect(words(model)).toMatchObject({
      'stage-1.acknowledge': 'within 5 working days of receiving your complaint',
      'stage-1.respond': 'within a time limit set by each centre',
      'stage-3.respond': 'within a time limit set by each centre',
    });
  });

  test('windows for complaining and for outside bodies', () => {
    const ceccc = seedProcedure('ceccc');
    expect(entryWindowWords(ceccc.stages[0]!)).toBe('within 3 calendar months of the incident (for a series of incidents, the last one)');
    expect(entryWindowWords(ceccc.stages[1]!)).toBeUndefined();
    const naccc = ceccc.externalBodies.find((body) => body.id === 'naccc')!;
    expect(externalWindowWords(ceccc, naccc.window!)).toBe('within 12 weeks of receiving the response to Stage 2');
  });
});

test.each([
  ['Co-Ordinator', 'the Co-Ordinator'],
  ['The appropriate Director', 'the appropriate Director'],
  ['An impartial person named in the policy', 'an impartial person named in the policy'],
])('roleInSentence(%s) is "%s"', (title, sentence) => {
  expect(roleInSentence(title)).toBe(sentence);
});

test.each([
  [17 * 60, '5pm'],
  [9 * 60 + 30, '9:30am'],
  [12 * 60, 'midday'],
  [0, 'midnight'],
])('timeOfDay(%i) is "%s"', (minutes, text) => {
  expect(timeOfDay(minutes)).toBe(text);
});

describe('how the time limits are counted, as each page says it', () => {
  const stageClocks = (procedure: Procedure, stageId: string) => procedure.stages.find((s) => s.id === stageId)?.clocks ?? [];

  test('working days: the day of receipt, the 5pm cut-off, a receipt on a Saturday, the bank holidays', () => {
    const ceccc = seedProcedure('ceccc');
    expect(countingRuleWords(ceccc, stageClocks(ceccc, 'stage-1'))).toEqual([
      'The day your complaint is received is not counted.',
      'A complaint received at or after 5pm counts as received the next day.',
      'A complaint received on a day that is not a working day, such as a Saturday or a bank holiday, counts as received that day, so the next working day is the first working day counted.',
      'Working days are Monday to Friday, except bank holidays in England and Wales.',
    ]);
  });

  test('the other reading of a Saturday receipt, and another cut-off, are said as the procedure sets them', () => {
    const base = seedProcedure('spso-model');
    const procedure = { ...base, calendar: { ...base.calendar, cutOff: 16 * 60 + 30, nonWorkingDayReceipt: 'received-next-working-day' as const } };
    expect(countingRuleWords(procedure, stageClocks(procedure, 'frontline'))).toEqual([
      'The day your complaint is received is not counted.',
      'A complaint received at or after 4:30pm counts as received the next day.',
      'A complaint received on a day that is not a working day, such as a Saturday or a bank holiday, counts as received on the next working day, and counting starts the working day after.',
      'Working days are Monday to Friday, except bank holidays in Scotland.',
    ]);
  });

  test('a limit in hours: only that it runs through nights and weekends; no cut-off, no working days', () => {
    const op = seedProcedure('op-performance');
    expect(countingRuleWords(op, stageClocks(op, 'formal'))).toEqual(['A time limit in hours runs from the time your complaint is received, through nights, weekends and bank holidays.']);
    expect(countingRuleWords(op, stageClocks(op, 'informal'))).toEqual([]);
  });

  test('when a response counts as received, from the procedure\'s settings', () => {
    expect(deemedReceiptWords(seedProcedure('ceccc'))).toBe(
      'A response emailed or handed to you counts as received on the day it is sent if that is between 9am and 5pm on a working day, otherwise on the next working day; one posted counts as received on the second working day after it is posted. A response whose sending was not recorded counts as posted.',
    );
    const base = seedProcedure('cms-vocational');
    const nextDayPost = { ...base, calendar: { ...base.calendar, deemedReceipt: { email: 0, hand: 0, post: 1 } } };
    expect(deemedReceiptWords(nextDayPost)).toContain('one posted counts as received on the first working day after it is posted');
  });

  test('a window from the sending of a response says so', () => {
    const ceccc = seedProcedure('ceccc');
    expect(externalWindowWords(ceccc, { within: { amount: 12, unit: 'weeks' }, fromResponseOf: 'stage-2', from: 'response-sent' })).toBe('within 12 weeks of the date the response to Stage 2 is sent');
  });
});
