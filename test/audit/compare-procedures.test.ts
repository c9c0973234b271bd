import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { compareProcedures } from '../../scripts/core/audit/compare-procedures.ts';
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
  test('ceccc against NACCC\'s model: a stage short, an impartiality the model asks for, and the Chair at both stages', () => {
    expect(departures('ceccc', 'naccc-model')).toEqual([
      'stages stages',
      'stages final stage',
      'independence stage 1 (stage-1)',
      'independence stage 2 (stage-2)',
      'stages stage 3',
    ]);
    const notes = compareProcedures(seedProcedure('ceccc'), seedProcedure('naccc-model')).filter((d) => d.kind === 'note').map((d) => d.message);
    expect(notes).toContain('ceccc sets the time limit naccc-model leaves open: 20 working days from receipt.');
    expect(notes).toContain('ceccc gives 12 weeks from stage-2\'s answer to go to National Association of Child Contact Centres (NACCC); naccc-model sets none.');
  });

  test('ceccc against the Housing Ombudsman Code: an informal step, longer and differently counted limits, no Ombudsman', () => {
    expect(departures('ceccc', 'housing-ombudsman-code')).toEqual([
      'informal informal resolution',
      'timescale stage-1.respond',
      'timescale stage-1.respond',
      'extension stage-1.respond',
      'independence stage 2 (stage-2)',
      'timescale stage-2.respond',
      'external-body housing-ombudsman',
    ]);
  });

  test('op-performance against the Code: three stages where the Code allows exactly two', () => {
    const found = compareProcedures(seedProcedure('op-performance'), seedProcedure('housing-ombudsman-code'));
    expect(found[0]).toEqual({ kind: 'departure', aspect: 'stages', subject: 'stages', message: 'housing-ombudsman-code has 2 stages (stage-1, stage-2); op-performance has 3 (informal, formal, appeal).' });
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
    expect(result.stdout).toMatch(/\n5 departures from the model\.\n$/);
  });

  test('--json gives the differences as data', async () => {
    const result = await run(['procedures', 'compare', 'ceccc', 'housing-ombudsman-code', '--json']);
    expect(JSON.parse(result.stdout).filter((d: { kind: string }) => d.kind === 'departure')).toHaveLength(7);
  });

  test.each([
    [['procedures', 'compare', 'ceccc'], 'Missing arguments.'],
    [['procedures', 'compare', 'ceccc', 'ceccc'], 'Name two different procedures.'],
    [['procedures', 'compare', 'ceccc', 'nope'], 'Unknown procedure "nope".'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
