import path from 'node:path';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { compareProcedures, formatComparison } from '../../core/audit/compare-procedures.ts';
import { loadProcedureOrExplain } from '../load-for-cli.ts';
import { UsageError, type Command } from '../command.ts';

export const proceduresCompare: Command = {
  name: 'procedures compare',
  summary: "List where an organisation's procedure departs from a model or code it should follow.",
  usage: '<procedure> <model> [--json]',
  details: `
Compares stage by stage, pairing stages by what they are for (informal, formal first stage,
review, appeal) rather than by number: how many formal stages there are and which is final,
how each stage is entered, who handles it and whether the model requires that person to be
independent, each time limit (missing, longer, shorter, counted from something else, or set
where the model leaves it open), extensions, and the outside bodies named. For auditors, and
for an organisation checking itself against a code.

The second argument must be a model or code (kind: model in workflows/): naccc-model (NACCC's
model for child contact centres), housing-ombudsman-code (the Housing Ombudsman's Complaint
Handling Code 2024) and spso-model (the SPSO model complaints handling procedure).

Options:
  --json   print the differences as JSON: [{"kind", "aspect", "subject", "message"}]; kind is
           departure, stricter or note

Exit status: 0 (departures are findings, not errors), 2 on a bad command line (including a
second argument that is not a model).

Examples:
  npx redress procedures compare ceccc naccc-model
  npx redress procedures compare cms-vocational housing-ombudsman-code --json`,
  options: { json: { type: 'boolean', default: false } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }, context) {
    const [centreId = '', modelId = ''] = positionals;
    if (centreId === modelId) throw new UsageError('Name two different procedures.');
    const centre = await loadProcedureOrExplain(centreId, context);
    const model = await loadProcedureOrExplain(modelId, context);
    if (!centre || !model) return 1;
    if (model.kind !== 'model') {
      const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
      const models = [...procedures.values()].filter((p) => p.kind === 'model').map((p) => p.id).sort();
      throw new UsageError(`"${modelId}" is an organisation's procedure, not a model or code to measure against. Models: ${models.join(', ')}.`);
    }
    const differences = compareProcedures(centre, model);
    context.stdout(values.json ? `${JSON.stringify(differences, null, 2)}\n` : formatComparison(centre, model, differences));
    return 0;
  },
};
