import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { readProcedureFiles, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { readSourceDocumentsFrom, SOURCES_DIR } from '../../adapters/fs/source-documents.ts';
import { checkSources } from '../../core/procedure/check-sources.ts';
import { formatProblem, loadProcedures } from '../../core/procedure/load-procedures.ts';
import { UsageError, type Command } from '../command.ts';

export const proceduresCheck: Command = {
  name: 'procedures check',
  summary: 'Validate procedure files: structure, references between rules, and every quotation against its source document.',
  usage: '[files…]',
  details: `
Checks all of workflows/*.yaml, or only the files given (models they extend are read from workflows/).
Every problem is listed at once as file:line:column, with the path in the document and a hint.
Source quotations are checked when the source documents are found: in workflows/sources/ and
in REDRESS_SOURCES_DIR (default ../shared/seeds).

Exit status: 0 when every file is valid, 1 when any problem was found, 2 on a bad command line.

Examples:
  npx redress procedures check
  npx redress procedures check workflows/ceccc.yaml`,
  options: {},
  positionals: { min: 0, max: Infinity },
  async run({ positionals }, context) {
    const dir = path.resolve(context.cwd, WORKFLOWS_DIR);
    const all = await readProcedureFiles(dir, context.cwd);
    const wanted = positionals.map((file) => path.resolve(context.cwd, file));
    const extra = [];
    for (const file of wanted) {
      if (!all.some((f) => path.resolve(context.cwd, f.path) === file)) {
        try {
          extra.push({ path: path.relative(context.cwd, file), text: await readFile(file, 'utf8') });
        } catch {
          throw new UsageError(`Cannot read ${path.relative(context.cwd, file)}.`);
        }
      }
    }
    const { procedures, problems } = loadProcedures([...all, ...extra]);
    const chosen = (p: { path: string }) => wanted.length === 0 || wanted.includes(path.resolve(context.cwd, p.path));
    const shown = problems.filter(chosen);

    const documents = await readSourceDocumentsFrom([
      path.resolve(context.cwd, SOURCES_DIR),
      path.resolve(context.cwd, context.env.REDRESS_SOURCES_DIR ?? '../shared/seeds'),
    ]);
    let checked = 0;
    let unchecked = 0;
    for (const file of [...all, ...extra].filter(chosen)) {
      const procedure = [...procedures.values()].find((p) => file.path.endsWith(`${p.id}.yaml`));
      if (!procedure) continue;
      checked += 1;
      // Without its document a procedure's quotations cannot be checked: said below, not reported as wrong.
      if (!documents.has(procedure.document.file)) {
        unchecked += 1;
        continue;
      }
      for (const problem of checkSources(procedure, documents)) {
        shown.push({ path: file.path, line: 1, column: 1, at: problem.at, message: problem.message, hint: 'Copy the phrase word for word from the document.' });
      }
    }
    for (const problem of shown) context.stderr(`${formatProblem(problem)}\n`);
    if (unchecked > 0) context.stderr(`note: the source ${unchecked === 1 ? 'document of 1 procedure was' : `documents of ${unchecked} procedures were`} not found; their quotations were not checked.\n`);
    if (shown.length > 0) {
      context.stderr(`${shown.length} problem${shown.length === 1 ? '' : 's'} found.\n`);
      return 1;
    }
    context.stdout(`${checked} procedure${checked === 1 ? '' : 's'} valid.\n`);
    return 0;
  },
};
