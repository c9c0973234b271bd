import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { issueFormYaml } from '../../core/intake/issue-form.ts';
import type { Command } from '../command.ts';

/** Where GitHub looks for the issue form, relative to the project root. */
export const ISSUE_FORM_FILE = path.join('.github', 'ISSUE_TEMPLATE', 'complaint.yml');

export const issueFormGenerate: Command = {
  name: 'issue-form generate',
  summary: 'Write the GitHub issue form staff use for complaints taken by phone, letter or in person.',
  usage: '[--check]',
  details: `
Generates ${ISSUE_FORM_FILE} from the complaint schema and the procedures in workflows/, so its
questions, choices and required answers match the web form's.

Options:
  --check   write nothing; exit 1 if the committed file is not what would be generated

Examples:
  npx redress issue-form generate
  npx redress issue-form generate --check`,
  options: { check: { type: 'boolean', default: false } },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    const taking = [...procedures.values()]
      .filter((procedure) => procedure.kind === 'procedure')
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((procedure) => ({ id: procedure.id, name: procedure.organisation.name }));
    const yaml = issueFormYaml(taking);
    const file = path.resolve(context.cwd, ISSUE_FORM_FILE);
    if (values.check) {
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === yaml) {
        context.stdout(`${ISSUE_FORM_FILE} is up to date.\n`);
        return 0;
      }
      context.stderr(`${ISSUE_FORM_FILE} is ${current === undefined ? 'missing' : 'out of date'}: run "npx redress issue-form generate" and commit it.\n`);
      return 1;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, yaml);
    context.stdout(`Wrote ${ISSUE_FORM_FILE} (${taking.length} procedures).\n`);
    return 0;
  },
};
