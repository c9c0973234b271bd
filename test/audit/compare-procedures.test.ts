import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { compareProcedures, pairStages } from '../../scripts/core/audit/compare-procedures.ts';
import { seedProcedure } from '../support/procedures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, env: {}, now: () => 0 });
  return { code, stdout, stderr };
}

const departures = (centre: string, model: string) =>
  compareProcedures(seedProcedure(centre), seedProcedure(model))
    .filter((d) => d.kind === 'departure')
    .map((d) => `${d.aspect} ${d.subject}`);

describe('a procedure against the model it should follow', () => {
  test('ceccc against NACCC\'s model: no appeal panel, an impartiality the model asks for at stage 1', () => {
    expect(departures('ceccc', 'naccc-model')).toEqual([
      'stages stages',
      'stages final stage',
      'independence formal first stage (stage-1)',
      'stages appeal',
    ]);
    const notes = compareProcedures(seedProcedure('ceccc'), seedProcedure('naccc-model')).filter((d) => d.kind === 'note').map((d) => d.message);
    expect(notes).toContain('ceccc sets the time limit naccc-model leaves open: 20 working days from receipt.');
    expect(notes).toContain('ceccc gives 12 weeks from stage-2\'s answer to go to National Association of Child Contact Centres (NACCC); naccc-model sets none.');
    // The Chair handles stage 1 of a complaint about the Co-Ordinator; stage 2 then goes to the other Trustees.
    expect(notes).toContain('When a complaint is about the Co-Ordinator, the Chair of the Committee handles stage-1, so stage-2 goes to the Trustees other than the Chair, as naccc-model requires someone not involved before.');
  });

  test('ceccc against the Housing Ombudsman Code: an informal step, longer and differently counted limits, no Ombudsman', () => {
    expect(departures('ceccc', 'housing-ombudsman-code')).toEqual([
      'informal informal resolution',
      'timescale stage-1.respond',
      'timescale stage-1.respond',
      'extension stage-1.respond',
      'timescale stage-2.respond',
      'external-body housing-ombudsman',
    ]);
  });

  test('stages are paired by what they are for, not by position: op-performance\'s informal stage is not the Code\'s stage 1', () => {
    const op = seedProcedure('op-performance');
    const code = seedProcedure('housing-ombudsman-code');
    expect(pairStages(op, code).map((pair) => [pair.ours?.id, pair.theirs?.id])).toEqual([
      ['informal', undefined],
      ['formal', 'stage-1'],
      ['appeal', 'stage-2'],
    ]);
    const found = compareProcedures(op, code);
    // Two formal stages each: no difference in number; the informal stage is the Code's objection.
    expect(found.filter((d) => d.aspect === 'stages' && d.kind === 'departure')).toEqual([]);
    expect(found).toContainEqual({ kind: 'departure', aspect: 'informal', subject: 'informal resolution', message: 'op-performance invites informal resolution before its formal stages; housing-ombudsman-code has no informal step.' });
    // The formal stage's clocks are held against stage 1's: the 48-hour acknowledgement against 5 working days.
    expect(found).toContainEqual({ kind: 'note', aspect: 'timescale', subject: 'formal.acknowledge', message: 'op-performance allows 48 hours; housing-ombudsman-code 5 working days (different units).' });
    expect(found).toContainEqual({ kind: 'note', aspect: 'stages', subject: 'appeal (appeal)', message: 'op-performance\'s appeal is an appeal where housing-ombudsman-code\'s stage-2 is a review; both are the stage after the formal first stage, so they are compared.' });
  });

  test('a procedure with a stage the model lacks: cms-vocational against NACCC\'s model pairs the appeals, and has no review', () => {
    const cms = seedProcedure('cms-vocational');
    expect(pairStages(cms, seedProcedure('naccc-model')).map((pair) => [pair.ours?.id, pair.theirs?.id])).toEqual([
      ['complaint', 'stage-1'],
      [undefined, 'stage-2'],
      ['appeal', 'stage-3'],
    ]);
    expect(departures('cms-vocational', 'naccc-model')).toContain('stages review');
  });

  test('a shorter time limit is stricter, not a departure', () => {
    const cms = seedProcedure('cms-vocational');
    const found = compareProcedures(cms, seedProcedure('spso-model'));
    expect(found.filter((d) => d.subject === 'complaint.respond')).toEqual([
      { kind: 'departure', aspect: 'timescale', subject: 'complaint.respond', message: 'cms-vocational allows 10 working days; spso-model 5 working days.' },
    ]);
    expect(found).toContainEqual({ kind: 'stricter', aspect: 'timescale', subject: 'appeal.respond', message: 'cms-vocational allows 10 working days; spso-model 20 working days.' });
  });

  test('a model compared with itself: no departure', () => {
    expect(departures('spso-model', 'spso-model')).toEqual([]);
  });
});

describe('redress procedures compare', () => {
  test('lists the departures for people', async () => {
    const result = await run(['procedures', 'compare', 'ceccc', 'naccc-model']);
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('./__snapshots__/compare-ceccc-naccc-model.txt');
    expect(result.stdout).toMatch(/\n4 departures from the model\.\n$/);
  });

  test('--json gives the differences as data', async () => {
    const result = await run(['procedures', 'compare', 'ceccc', 'housing-ombudsman-code', '--json']);
    expect(JSON.parse(result.stdout).filter((d: { kind: string }) => d.kind === 'departure')).toHaveLength(6);
  });

  test.each([
    [['procedures', 'compare', 'ceccc'], 'Missing arguments.'],
    [['procedures', 'compare', 'ceccc', 'ceccc'], 'Name two different procedures.'],
    [['procedures', 'compare', 'ceccc', 'nope'], 'Unknown procedure "nope".'],
    [['procedures', 'compare', 'ceccc', 'op-performance'], '"op-performance" is an organisation\'s procedure, not a model or code to measure against. Models: housing-ombudsman-code, naccc-model, spso-model.'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
