import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { formatProblem, loadProcedures } from '../../scripts/core/procedure/load-procedures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const model = { path: 'workflows/naccc-model.yaml', text: readFileSync(path.join(ROOT, 'workflows/naccc-model.yaml'), 'utf8') };

test('the README\'s annotated example is a valid procedure', () => {
  const example = yamlBlocks.find((block) => block.includes('id: example-centre'));
  expect(example).toBeDefined();
  const { procedures, problems } = loadProcedures([{ path: 'workflows/example-centre.yaml', text: example ?? '' }]);
  expect(problems.map(formatProblem)).toEqual([]);
  expect(procedures.get('example-centre')?.stages.map((s) => s.id)).toEqual(['stage-1', 'stage-2']);
});

test('the README\'s model example is a valid procedure', () => {
  const example = yamlBlocks.find((block) => block.includes('extends: naccc-model'));
  const { procedures, problems } = loadProcedures([model, { path: 'workflows/riverside.yaml', text: example ?? '' }]);
  expect(problems.map(formatProblem)).toEqual([]);
  expect(procedures.get('riverside')?.roles.find((r) => r.id === 'service-manager')?.title).toBe('Centre Co-ordinator');
});
