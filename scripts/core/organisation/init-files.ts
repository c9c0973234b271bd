/**
 * The files `redress init` writes for an organisation putting Redress live: its organisation file and its own
 * procedure, filling in a model. Pure: the model and the answers are arguments, the texts are the result; the
 * command writes them and checks them.
 */
import { stringify } from 'yaml';
import type { Nation } from '../calendar/working-calendar.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';

export type Sector = Procedure['organisation']['sector'];

/** The sector of the organisations that fill in each model (the model's own organisation is the body that wrote it). */
export const MEMBER_SECTORS: Readonly<Record<string, Sector>> = {
  'naccc-model': 'child-contact-centre',
  'housing-ombudsman-code': 'housing',
  'spso-model': 'public-service',
};

/**
 * A procedure id made from an organisation's name: lower case words joined by hyphens, at most five words.
 *
 * @example
 * procedureIdFor('Riverside Child Contact Centre') //=> 'riverside-child-contact-centre'
 * procedureIdFor('St. Anne’s & Co (Leeds)') //=> 'st-annes-co-leeds'
 */
export function procedureIdFor(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 5);
  const id = words.join('-');
  return /^[a-z]/.test(id) ? id : `org-${id || 'procedure'}`;
}

export interface InitAnswers {
  name: string;
  nation: Nation;
  /** The model filled in. */
  model: Procedure;
  /** The procedure's id: its file name in workflows/. */
  id: string;
  sector: Sector;
  /** The address complainants write to. */
  email: string;
}

/**
 * The organisation's procedure: the model, with the organisation's own details and each of the model's open time
 * limits listed for it to set (left unset, the public page says the organisation has not set it).
 *
 * @example
 * procedureFileText({ name: 'Riverside Child Contact Centre', nation: 'scotland', model: nacccModel, id: 'riverside', sector: 'child-contact-centre', email })
 * //=> '# Riverside Child Contact Centre's complaints procedure, filling in …\nid: riverside\nextends: naccc-model\n…'
 */
export function procedureFileText(answers: InitAnswers): string {
  const { model } = answers;
  const body = stringify(
    {
      id: answers.id,
      extends: model.id,
      title: `${answers.name} complaints procedure`,
      summary: `How to complain to ${answers.name}, and what happens next.`,
      organisation: { name: answers.name, sector: answers.sector },
      nation: answers.nation,
    },
    { lineWidth: 0 },
  );
  const parameters = model.parameters.map((parameter) => `#   ${parameter.id}: 10 working days    # ${parameter.label}: your own time limit`);
  return [
    `# ${answers.name}'s complaints procedure, filling in ${model.title}.`,
    '# Lists of things with ids (roles, stages, clocks) merge with the model by id: write only what differs, such as',
    '# the titles your organisation gives its roles. Check the file with: npx redress procedures check',
    body.trimEnd(),
    ...(parameters.length > 0
      ? [
          '# The time limits the model leaves to you. For each one your own procedure gives, remove the "#" from',
          '# "parameters:" and from its line, and write your time limit ("10 working days", "48 hours", "1 calendar',
          '# month"). One left unset shows on the public page as not set by the organisation.',
          '# parameters:',
          ...parameters,
        ]
      : []),
    '',
  ].join('\n');
}

/**
 * The organisation file, publishing the organisation's own procedure only: the demonstration procedures stay in
 * workflows/ as examples.
 */
export function organisationFileText(answers: Pick<InitAnswers, 'name' | 'id' | 'email'>): string {
  const body = stringify({ name: answers.name, contact: { email: answers.email }, publish: [answers.id], people: [] }, { lineWidth: 0 });
  return [
    `# ${answers.name}, as Redress runs it: its name on every page, how people reach it, what its site publishes`,
    '# and who handles complaints. docs/organisation.md describes every key; add your logo, accent',
    '# colour, site address and, under people, each handler with their roles, GitHub login and email address:',
    '#   - name: Mary Smith',
    '#     github: mary-smith',
    '#     email: mary@example.org',
    '#     roles: { <procedure id>: [<role id>] }',
    body.trimEnd(),
    '',
  ].join('\n');
}
