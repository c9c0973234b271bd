import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { NATIONS, type Nation } from '../../core/calendar/working-calendar.ts';
import { ORGANISATION_FILE } from '../../core/organisation/load-organisation.ts';
import { blankProcedureFiles, MEMBER_SECTORS, organisationFileText, procedureFileText, procedureIdFor, type Sector } from '../../core/organisation/init-files.ts';
import { IdSchema } from '../../core/procedure/fields.ts';
import { UsageError, type CliContext, type Command } from '../command.ts';
import { proceduresCheck } from './procedures-check.ts';

const SECTORS: readonly Sector[] = ['child-contact-centre', 'training-provider', 'code-of-practice', 'membership-body', 'housing', 'public-service'];

export const init: Command = {
  name: 'init',
  summary: 'Put Redress live as your organisation: write its organisation file and its own procedure, from a model or blank.',
  usage: '--name "<organisation>" --nation <england-and-wales|scotland|northern-ireland> --from <model|blank> --email <address> [--id <procedure id>] [--sector <sector>] [--yes]',
  details: `
Writes ${ORGANISATION_FILE} (the organisation's name, contact address and the procedures its site publishes) and
workflows/<id>.yaml, the organisation's own complaints procedure filling in a model, with each time limit the
model leaves to the organisation listed to set. The site then publishes that procedure only: the demonstration
procedures stay in workflows/ as examples. Finally it checks the procedure as "redress procedures check" does.
Asks for what is missing when run in a terminal.

Options:
  --name <organisation>   the organisation's name, as it heads every page
  --nation <nation>       whose bank holidays count: ${NATIONS.join(', ')}
  --from <model|blank>    the model or code the procedure fills in (the models in workflows/ are listed on error),
                          or blank: a starting document of a common two-stage procedure and the file encoding it,
                          for you to change into what your organisation does
  --email <address>       where complainants write to the organisation about a complaint
  --id <procedure id>     the procedure's id and file name (default: made from the name)
  --sector <sector>       ${SECTORS.join(', ')} (default: the model's members')
  --yes                   replace ${ORGANISATION_FILE} or the procedure file if they exist

Examples:
  npx redress init --name "Riverside Child Contact Centre" --nation scotland --from naccc-model --email complaints@riverside.example
  npx redress init        (in a terminal: asks for each answer)`,
  options: {
    name: { type: 'string' },
    nation: { type: 'string' },
    from: { type: 'string' },
    email: { type: 'string' },
    id: { type: 'string' },
    sector: { type: 'string' },
    yes: { type: 'boolean', default: false },
  },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    const models = [...procedures.values()].filter((p) => p.kind === 'model').map((p) => p.id).sort();
    const answer = async (option: string, question: string, given: unknown): Promise<string> => {
      if (typeof given === 'string' && given.trim() !== '') return given.trim();
      if (!context.ask) throw new UsageError(`--${option} is required (or run this in a terminal, which asks for it).`);
      return context.ask(question);
    };

    const name = await answer('name', 'Your organisation’s name: ', values.name);
    if (name.length < 2 || name.length > 200) throw new UsageError(`--name: "${name}" is not an organisation's name (2 to 200 characters).`);
    const nation = await answer('nation', `Whose bank holidays count (${NATIONS.join(', ')}): `, values.nation);
    if (!(NATIONS as readonly string[]).includes(nation)) throw new UsageError(`--nation: "${nation}" is not one of ${NATIONS.join(', ')}.`);
    const from = await answer('from', `The model your procedure follows (${models.join(', ')}), or blank: `, values.from);
    const model = from === 'blank' ? undefined : procedures.get(from);
    if (from !== 'blank' && (!model || model.kind !== 'model')) {
      throw new UsageError(`--from: "${from}" is not a model in workflows/. Models: ${models.join(', ')}, or blank for a procedure that follows none.`);
    }
    const email = await answer('email', 'The email address complainants write to: ', values.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email: "${email}" is not an email address.`);
    const id = typeof values.id === 'string' ? values.id : procedureIdFor(name);
    if (!IdSchema.safeParse(id).success) throw new UsageError(`--id: "${id}" is not an id: lower-case letters, digits and hyphens, starting with a letter.`);
    if (procedures.has(id) && procedures.get(id)?.kind === 'model') throw new UsageError(`--id: "${id}" is a model's id; choose another.`);
    const sector = (typeof values.sector === 'string' ? values.sector : model ? MEMBER_SECTORS[model.id] : await answer('sector', `Your sector (${SECTORS.join(', ')}): `, undefined)) as Sector | undefined;
    if (!sector || !SECTORS.includes(sector)) throw new UsageError(`--sector: ${sector ? `"${sector}" is not` : 'give'} one of ${SECTORS.join(', ')}.`);

    const organisationPath = path.join(context.cwd, ORGANISATION_FILE);
    const procedurePath = path.join(context.cwd, WORKFLOWS_DIR, `${id}.yaml`);
    const documentPath = path.join(context.cwd, WORKFLOWS_DIR, 'sources', `${id}.txt`);
    for (const file of model ? [organisationPath, procedurePath] : [organisationPath, procedurePath, documentPath]) {
      if (!values.yes && (await exists(file))) throw new UsageError(`${path.relative(context.cwd, file)} exists already: give --yes to replace it.`);
    }
    const answers = { name, nation: nation as Nation, id, sector, email };
    if (model) {
      await writeFile(procedurePath, procedureFileText({ ...answers, model }));
    } else {
      const blank = blankProcedureFiles(answers);
      await mkdir(path.dirname(documentPath), { recursive: true });
      await writeFile(documentPath, blank.document);
      await writeFile(procedurePath, blank.procedure);
    }
    await writeFile(organisationPath, organisationFileText(answers));
    const wrote = model ? `${path.relative(context.cwd, procedurePath)} (filling in ${model.title})` : `${path.relative(context.cwd, documentPath)} (a starting procedure to change), ${path.relative(context.cwd, procedurePath)} (encoding it)`;
    context.stdout(`Wrote ${wrote} and ${ORGANISATION_FILE} (publishing ${id} only).\n`);
    const checked = await proceduresCheck.run({ values: {}, positionals: [path.relative(context.cwd, procedurePath)] }, context);
    if (checked !== 0) return checked;
    return model ? nextSteps(context, { id, model: model.id, open: model.parameters.map((p) => p.id) }) : blankNextSteps(context, id);
  },
};

function nextSteps(context: CliContext, { id, model, open }: { id: string; model: string; open: string[] }): number {
  context.stdout(`
Next:
  1. ${open.length > 0 ? `Set the time limits ${model} leaves to you in workflows/${id}.yaml (${open.join(', ')}), and the titles your organisation gives its roles.` : `Give the roles in workflows/${id}.yaml the titles your organisation uses.`}
  2. Add the people who handle complaints to ${ORGANISATION_FILE} (people:), with their roles, GitHub logins and email addresses.
  3. npx redress procedures check, then npm start: the site is yours at http://127.0.0.1:4321/.
`);
  return 0;
}

function blankNextSteps(context: CliContext, id: string): number {
  context.stdout(`
Next:
  1. Change workflows/sources/${id}.txt to say what your organisation really does, then workflows/${id}.yaml to
     match it: each rule quotes a sentence of the document ("Writing a procedure file" in docs/procedure-authors.md says how).
  2. Add the people who handle complaints to ${ORGANISATION_FILE} (people:), with their roles (complaints-lead,
     reviewer), GitHub logins and email addresses.
  3. npx redress procedures check, then npm start: the site is yours at http://127.0.0.1:4321/.
`);
  return 0;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
