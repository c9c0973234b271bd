import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { DEFAULT_ASSUMPTIONS } from '../../scripts/core/procedure/default-assumptions.ts';
import { formatProblem, loadProcedures } from '../../scripts/core/procedure/load-procedures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const guide = readFileSync(path.join(ROOT, 'docs/procedure-authors.md'), 'utf8');
const yamlBlocks = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const model = { path: 'workflows/naccc-model.yaml', text: readFileSync(path.join(ROOT, 'workflows/naccc-model.yaml'), 'utf8') };

test('the procedure authors\' guide\'s annotated example is a valid procedure', () => {
  const example = yamlBlocks.find((block) => block.includes('id: example-centre'));
  expect(example).toBeDefined();
  const { procedures, problems } = loadProcedures([{ path: 'workflows/example-centre.yaml', text: example ?? '' }]);
  expect(problems.map(formatProblem)).toEqual([]);
  expect(procedures.get('example-centre')?.stages.map((s) => s.id)).toEqual(['stage-1', 'stage-2']);
});

test('the procedure authors\' guide\'s model example is a valid procedure', () => {
  const example = yamlBlocks.find((block) => block.includes('extends: naccc-model'));
  const { procedures, problems } = loadProcedures([model, { path: 'workflows/riverside.yaml', text: example ?? '' }]);
  expect(problems.map(formatProblem)).toEqual([]);
  expect(procedures.get('riverside')?.roles.find((r) => r.id === 'service-manager')?.title).toBe('Centre Co-ordinator');
});

test('the procedure authors\' guide\'s Assumptions table lists every reading taken where a source is silent, and nothing else', async () => {
  const start = guide.indexOf('\n### Assumptions\n') + 1;
  expect(start).toBeGreaterThan(0);
  // The section runs to the next heading of its level or above, or to the end of the file.
  const next = guide.slice(start).search(/\n#{1,3} /);
  const section = guide.slice(start, next === -1 ? undefined : start + next);
  const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \|/gm)].map((match) => ({ id: match[1], appliesTo: match[2]?.trim(), rule: match[3]?.trim().replace(/`/g, '') }));
  const { procedures } = await loadWorkflows(path.join(ROOT, 'workflows'));
  const expected = [
    ...DEFAULT_ASSUMPTIONS.map((a) => ({ id: a.id, appliesTo: 'every procedure where it applies', rule: a.rule })),
    ...[...procedures.values()].flatMap((procedure) => procedure.assumptions.map((a) => ({ id: a.id, appliesTo: procedure.id, rule: a.rule }))),
  ];
  expect(rows.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
});
