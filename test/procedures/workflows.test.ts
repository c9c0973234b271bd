import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { readSourceDocumentsFrom } from '../../scripts/adapters/fs/source-documents.ts';
import { checkSources, collectSources } from '../../scripts/core/procedure/check-sources.ts';
import type { LoadedProcedures } from '../../scripts/core/procedure/load-procedures.ts';

const SEEDS = path.resolve(import.meta.dirname, '../../../shared/seeds');
// Excerpts of public codes kept with the procedures (the Housing Ombudsman's Code, the SPSO model).
const SOURCES = path.resolve(import.meta.dirname, '../../workflows/sources');
let loaded: LoadedProcedures;
let seeds: Map<string, string>;

beforeAll(async () => {
  loaded = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
  seeds = await readSourceDocumentsFrom([SEEDS, SOURCES]);
});

describe('the seed procedures', () => {
  test('all load without a problem', () => {
    expect(loaded.problems).toEqual([]);
    expect([...loaded.procedures.keys()]).toEqual(expect.arrayContaining(['ceccc', 'op-performance', 'cms-vocational', 'cecops', 'naccc-model']));
  });

  test.each([
    ['ceccc', ['stage-1', 'stage-2']],
    ['op-performance', ['informal', 'formal', 'appeal']],
    ['cms-vocational', ['complaint', 'appeal']],
    ['cecops', ['complaint', 'appeal']],
    ['naccc-model', ['stage-1', 'stage-2', 'stage-3']],
    ['housing-ombudsman-code', ['stage-1', 'stage-2']],
    ['spso-model', ['frontline', 'investigation']],
  ])('%s has stages %j', (id, stages) => {
    expect(loaded.procedures.get(id)?.stages.map((stage) => stage.id)).toEqual(stages);
  });

  // Clock ids and their time limits, as the source documents state them.
  test.each([
    ['ceccc', 'stage-1.acknowledge', '5 working-days'],
    ['ceccc', 'stage-1.respond', '20 working-days'],
    ['ceccc', 'stage-2.request', '5 working-days'],
    ['ceccc', 'stage-2.acknowledge', '5 working-days'],
    ['ceccc', 'stage-2.respond', '20 working-days'],
    ['op-performance', 'formal.acknowledge', '48 hours'],
    ['op-performance', 'formal.target', 'set by staff'],
    ['op-performance', 'appeal.request', '1 months'],
    ['op-performance', 'appeal.respond', '1 months'],
    ['cms-vocational', 'complaint.respond', '10 working-days'],
    ['cms-vocational', 'appeal.request', '10 working-days'],
    ['cms-vocational', 'appeal.respond', '10 working-days'],
    ['naccc-model', 'stage-1.acknowledge', '5 working-days'],
    ['naccc-model', 'stage-2.respond', 'parameter stage-2-respond'],
    ['housing-ombudsman-code', 'stage-1.acknowledge', '5 working-days'],
    ['housing-ombudsman-code', 'stage-1.respond', '10 working-days'],
    ['housing-ombudsman-code', 'stage-2.acknowledge', '5 working-days'],
    ['housing-ombudsman-code', 'stage-2.respond', '20 working-days'],
    ['spso-model', 'frontline.respond', '5 working-days'],
    ['spso-model', 'investigation.acknowledge', '3 working-days'],
    ['spso-model', 'investigation.respond', '20 working-days'],
  ])('%s %s is %s', (id, clockId, limit) => {
    const procedure = loaded.procedures.get(id);
    const [stageId, shortId] = clockId.split('.');
    const clock = procedure?.stages.find((stage) => stage.id === stageId)?.clocks.find((c) => c.id === shortId);
    expect(clock, `${id} has no clock ${clockId}`).toBeDefined();
    const described = clock?.within
      ? `${clock.within.amount} ${clock.within.unit}`
      : clock?.setBy
        ? 'set by staff'
        : `parameter ${clock?.parameter}`;
    expect(described).toBe(limit);
  });

  test('a web-form complaint enters the written stage', () => {
    const entry = (id: string) => loaded.procedures.get(id)?.channels.find((channel) => channel.id === 'web')?.entersStage;
    expect(entry('ceccc')).toBe('stage-1');
    expect(entry('op-performance')).toBe('formal');
    expect(entry('cms-vocational')).toBe('complaint');
    expect(entry('cecops')).toBe('complaint');
  });

  test('op-performance walks its escalation ladder from the target date', () => {
    const formal = loaded.procedures.get('op-performance')?.stages.find((stage) => stage.id === 'formal');
    expect(formal?.escalation?.trigger).toBe('target');
    expect(formal?.escalation?.steps.map((step) => [step.notify, step.after ? `${step.after.amount} ${step.after.unit}` : 'at once'])).toEqual([
      ['department-head', 'at once'],
      ['senior-manager', '24 hours'],
      ['managing-director', '24 hours'],
    ]);
  });

  test('ceccc states the NACCC window of twelve weeks from the end of stage 2', () => {
    const naccc = loaded.procedures.get('ceccc')?.externalBodies.find((body) => body.id === 'naccc');
    expect(naccc?.window?.within).toEqual({ amount: 12, unit: 'weeks' });
    expect(naccc?.window?.fromResponseOf).toBe('stage-2');
  });

  test('the Housing Ombudsman Code: no informal stage; stage 1 answered from acknowledgement, extension capped; stage 2 by someone else', () => {
    const code = loaded.procedures.get('housing-ombudsman-code');
    expect(code?.kind).toBe('model');
    expect(code?.informalResolution).toBeUndefined();
    const [stage1, stage2] = code?.stages ?? [];
    expect(stage1?.clocks.find((c) => c.id === 'respond')).toMatchObject({ from: 'acknowledgement', extension: { cap: { amount: 10, unit: 'working-days' } } });
    expect(stage2?.clocks.map((c) => [c.id, c.from])).toEqual([['acknowledge', 'escalation-request'], ['respond', 'acknowledgement']]);
    expect(stage2?.handler.role).not.toBe(stage1?.handler.role);
    expect(stage2?.independence?.source.quote).toMatch(/not be the same person/);
  });

  test('cecops sets no time limit, and says so', () => {
    const cecops = loaded.procedures.get('cecops');
    expect(cecops?.stages.flatMap((stage) => stage.clocks)).toEqual([]);
    expect(cecops?.noTimeLimits).toMatch(/does not set time limits/);
  });

  test('out-of-scope matters say where to go instead', () => {
    expect(loaded.procedures.get('op-performance')?.outOfScope[0]?.goInstead).toMatch(/Appeals Procedure/);
    expect(loaded.procedures.get('cms-vocational')?.outOfScope[0]?.goInstead).toMatch(/Grievance/);
  });
});

describe('source quotations', () => {
  test('the seed documents and the excerpts of the codes are available', () => {
    expect(seeds.size).toBeGreaterThanOrEqual(7);
    expect([...seeds.keys()]).toEqual(expect.arrayContaining(['housing-ombudsman-code-2024.txt', 'spso-model-chp.txt']));
  });

  test('every rule of every procedure quotes its document word for word', () => {
    const problems = [...loaded.procedures.values()].flatMap((procedure) =>
      checkSources(procedure, seeds).map((problem) => `${procedure.id} ${problem.at}: ${problem.message}`),
    );
    expect(problems).toEqual([]);
  });

  test('each procedure carries many quoted rules, all from its own document', () => {
    for (const procedure of loaded.procedures.values()) {
      const sources = collectSources(procedure);
      expect(sources.length, procedure.id).toBeGreaterThan(10);
      expect(new Set(sources.map((s) => s.source.file)), procedure.id).toEqual(new Set([procedure.document.file]));
    }
  });

  test('a quote that is not in the document is caught', () => {
    const ceccc = loaded.procedures.get('ceccc');
    if (!ceccc) throw new Error('ceccc missing');
    const altered = structuredClone(ceccc);
    const clock = altered.stages[0]?.clocks[0];
    if (!clock) throw new Error('no clock');
    clock.source = { ...clock.source, quote: 'within 10 working days' };
    expect(checkSources(altered, seeds).map((p) => p.at)).toEqual(['stages[0].clocks[0].source']);
  });
});
