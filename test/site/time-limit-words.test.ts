import { describe, expect, test } from 'vitest';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { clockWords, entryWindowWords, externalWindowWords, memberNoun, roleInSentence, timeOfDay } from '../../site/lib/time-limit-words.ts';
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
