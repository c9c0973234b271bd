import path from 'node:path';
import { loadWorkflows, WORKFLOWS_DIR } from '../adapters/fs/procedure-files.ts';
import { formatProblem } from '../core/procedure/load-procedures.ts';
import type { Procedure } from '../core/procedure/procedure-schema.ts';
import { UsageError, type CliContext } from './command.ts';

/** Loads one procedure by id; an unknown id is a usage error listing the known ones, a broken file prints its problems. */
export async function loadProcedureOrExplain(id: string, context: CliContext): Promise<Procedure | undefined> {
  const { procedures, problems } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
  const procedure = procedures.get(id);
  if (procedure) return procedure;
  const own = problems.filter((problem) => problem.path.endsWith(`${id}.yaml`));
  if (own.length > 0) {
    for (const problem of own) context.stderr(`${formatProblem(problem)}\n`);
    context.stderr(`Procedure "${id}" is not valid; fix the problems above.\n`);
    return undefined;
  }
  throw new UsageError(`Unknown procedure "${id}". Known: ${[...procedures.keys()].sort().join(', ')}.`);
}
