import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatProblem, loadProcedures } from '../../scripts/core/procedure/load-procedures.ts';

const workflows = path.resolve(import.meta.dirname, '../../workflows');
const model = { path: 'workflows/naccc-model.yaml', text: readFileSync(path.join(workflows, 'naccc-model.yaml'), 'utf8') };
const ceccc = readFileSync(path.join(workflows, 'ceccc.yaml'), 'utf8');

describe('a bad procedure file', () => {
  // Three mistakes in one file: a misspelt duration, an unknown key and a reference to a role that does not exist.
  const broken = ceccc
    .replace('within: 5 working days\n        source: { file: 003_c027d20709cdcec4.txt, quote: "receipt of the complaint', 'within: 5 workin days\n        source: { file: 003_c027d20709cdcec4.txt, quote: "receipt of the complaint')
    .replace('    final: false\n', '    final: false\n    finall: true\n')
    .replace('role: chair\n      source: { file: 003_c027d20709cdcec4.txt, quote: "If the complaint', 'role: chairman\n      source: { file: 003_c027d20709cdcec4.txt, quote: "If the complaint');
  const { problems, procedures } = loadProcedures([{ path: 'workflows/ceccc.yaml', text: broken }]);

  test('is not loaded', () => {
    expect(procedures.has('ceccc')).toBe(false);
  });

  test('reports every structural problem at once, each located', () => {
    const lineOf = (needle: string) => broken.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'workflows/ceccc.yaml',
          line: lineOf('5 workin days'),
          at: 'stages[0].clocks[0].within',
          message: expect.stringContaining('"5 workin days"'),
          hint: expect.stringContaining('working days'),
        }),
        expect.objectContaining({ line: lineOf('finall: true'), at: 'stages[0].finall', message: 'Unknown key "finall".' }),
        expect.objectContaining({ line: lineOf('role: chairman'), at: 'stages[0].alternate.role', message: expect.stringContaining('Unknown role "chairman"') }),
      ]),
    );
    expect(problems.every((problem) => problem.line > 0 && problem.column > 0)).toBe(true);
  });

  test('formats problems as file:line:column with the path and a hint', () => {
    const first = problems.find((p) => p.at === 'stages[0].clocks[0].within');
    expect(first && formatProblem(first)).toMatch(/^workflows\/ceccc\.yaml:\d+:\d+ stages\[0\]\.clocks\[0\]\.within: .*\n {2}hint: /);
  });

  test('reports references to things that do not exist once the shape is right', () => {
    const onlyRole = ceccc.replace('role: chair\n      source: { file: 003_c027d20709cdcec4.txt, quote: "If the complaint', 'role: chairman\n      source: { file: 003_c027d20709cdcec4.txt, quote: "If the complaint');
    const result = loadProcedures([{ path: 'workflows/ceccc.yaml', text: onlyRole }]);
    expect(result.problems).toEqual([
      expect.objectContaining({ at: 'stages[0].alternate.role', message: expect.stringContaining('Unknown role "chairman"') }),
    ]);
  });

  test('YAML syntax errors are located too', () => {
    const result = loadProcedures([{ path: 'workflows/x.yaml', text: 'id: x\ntitle: [unclosed\n' }]);
    expect(result.problems[0]).toMatchObject({ path: 'workflows/x.yaml', at: '(yaml)', line: expect.any(Number) });
  });

  test('a file whose id does not match its name is refused', () => {
    const result = loadProcedures([{ path: 'workflows/other.yaml', text: ceccc }]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 4, message: 'The id "ceccc" does not match the file name.' })]);
  });

  test('a quotation longer than 15 words is refused', () => {
    const long = ceccc.replace(
      'quote: "We will not normally investigate anonymous complaints." }',
      'quote: "We will not normally investigate anonymous complaints. Time scales You must raise the complaint within three months" }',
    );
    const result = loadProcedures([{ path: 'workflows/ceccc.yaml', text: long }]);
    expect(result.problems).toEqual([expect.objectContaining({ at: 'anonymous.source.quote', message: expect.stringContaining('at most 15 words') })]);
  });
});

describe('a centre that extends the NACCC model', () => {
  const centre = (extra = '') => ({
    path: 'workflows/riverside.yaml',
    text: `id: riverside
extends: naccc-model
title: Riverside Child Contact Centre complaints procedure
summary: How to complain to Riverside Child Contact Centre.
organisation: { name: Riverside Child Contact Centre, sector: child-contact-centre }
nation: scotland
parameters:
  stage-1-respond: 20 working days
  stage-2-request: 10 working days
${extra}`,
  });

  test('inherits the stages and fills in its timescales', () => {
    const { procedures, problems } = loadProcedures([model, centre()]);
    expect(problems).toEqual([]);
    const riverside = procedures.get('riverside');
    expect(riverside?.kind).toBe('procedure');
    expect(riverside?.nation).toBe('scotland');
    expect(riverside?.stages.map((s) => s.id)).toEqual(['stage-1', 'stage-2', 'stage-3']);
    const clock = (stage: number, id: string) => riverside?.stages[stage]?.clocks.find((c) => c.id === id);
    expect(clock(0, 'acknowledge')?.within).toEqual({ amount: 5, unit: 'working-days' });
    expect(clock(0, 'respond')?.within).toEqual({ amount: 20, unit: 'working-days' });
    expect(clock(1, 'request')?.within).toEqual({ amount: 10, unit: 'working-days' });
    // Timescales the centre did not set stay unset: nothing invents a number.
    expect(clock(1, 'respond')?.within).toBeUndefined();
  });

  test('can name its own people by merging roles by id', () => {
    const { procedures } = loadProcedures([
      model,
      centre(`roles:
  - id: service-manager
    title: Centre Co-ordinator
`),
    ]);
    const roles = procedures.get('riverside')?.roles;
    expect(roles?.find((r) => r.id === 'service-manager')?.title).toBe('Centre Co-ordinator');
    expect(roles?.find((r) => r.id === 'panel')?.title).toBe('Impartial panel');
  });

  test('an unknown parameter is an error naming the model\'s parameters', () => {
    const bad = centre().text.replace('stage-2-request: 10 working days', 'stage-9-respond: 10 working days');
    const result = loadProcedures([model, { path: 'workflows/riverside.yaml', text: bad }]);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: 'workflows/riverside.yaml', at: 'extends', message: expect.stringContaining('"stage-9-respond"'), hint: expect.stringContaining('stage-1-respond') }),
    ]);
  });

  test('extending something that is not a model is refused', () => {
    const result = loadProcedures([
      { path: 'workflows/ceccc.yaml', text: ceccc },
      { path: 'workflows/riverside.yaml', text: centre().text.replace('extends: naccc-model', 'extends: ceccc') },
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'workflows/riverside.yaml', message: expect.stringContaining('not a model') })]);
  });

  test('a bad duration in a parameter is reported in the centre\'s file', () => {
    const bad = centre().text.replace('stage-1-respond: 20 working days', 'stage-1-respond: 20 days');
    const result = loadProcedures([model, { path: 'workflows/riverside.yaml', text: bad }]);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: 'workflows/riverside.yaml', line: 8, at: 'parameters.stage-1-respond', message: expect.stringContaining('"20 days"') }),
    ]);
  });
});
