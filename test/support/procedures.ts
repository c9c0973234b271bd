import path from 'node:path';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';

const loaded = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
if (loaded.problems.length > 0) throw new Error(`workflows/ has problems: ${JSON.stringify(loaded.problems, null, 2)}`);

/** A seed procedure by id, loaded from workflows/ as the product loads it. */
export function seedProcedure(id: string): Procedure {
  const procedure = loaded.procedures.get(id);
  if (!procedure) throw new Error(`No procedure ${id}`);
  return procedure;
}
