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

export type BlankAnswers = Omit<InitAnswers, 'model'>;

/**
 * A procedure for an organisation that follows no model: a short starting document in plain English (a common
 * two-stage procedure: a response, then a review by someone not involved) and the procedure file that encodes it,
 * each rule quoting its sentence, as every procedure does. The organisation changes the document to say what it
 * really does, and the file to match; until then the site publishes exactly what the document says.
 */
export function blankProcedureFiles(answers: BlankAnswers): { documentFile: string; document: string; procedure: string } {
  const documentFile = `${answers.id}.txt`;
  const { name, email } = answers;
  const document = [
    `${name}: complaints procedure`,
    '',
    `This is a starting point. Change it to say what ${name} really does, then change`,
    `workflows/${answers.id}.yaml to match: each rule there quotes a sentence of this document.`,
    '',
    'Anyone who uses our services can make a complaint.',
    `You can complain using the form on our website, or by email to ${email}.`,
    'Tell us if you do not want to give your name.',
    'We keep complaints confidential and share them only with those who need to know.',
    '',
    'Stage 1',
    'The Complaints Lead deals with your complaint at stage 1.',
    'We will acknowledge your complaint within 5 working days of receiving it.',
    'We will send you a full written response within 20 working days of receiving your complaint.',
    '',
    'Stage 2: review',
    'If you are not happy with our response, you can ask for a review.',
    'Ask for a review within 20 working days of receiving our response.',
    'A senior person who was not involved at stage 1 will carry out the review.',
    'We will acknowledge your request for a review within 5 working days.',
    'We will send you the outcome of the review within 20 working days of your request.',
    'The review is the final stage of our procedure.',
    '',
  ].join('\n');
  const source = (quote: string) => ({ file: documentFile, quote });
  const body = stringify(
    {
      id: answers.id,
      title: `${name} complaints procedure`,
      summary: `How to complain to ${name}: a response within 20 working days, then a review by someone not involved if you ask for one.`,
      organisation: { name, sector: answers.sector },
      nation: answers.nation,
      document: { file: documentFile, title: `${name}: complaints procedure` },
      roles: [
        { id: 'complaints-lead', title: 'Complaints Lead', summary: 'Deals with complaints at stage 1.', source: source('The Complaints Lead deals with your complaint at stage 1.') },
        { id: 'reviewer', title: 'A senior person not involved at stage 1', summary: 'Carries out the review.', source: source('A senior person who was not involved at stage 1 will carry out the review.') },
      ],
      eligibility: { summary: 'Anyone who uses our services can make a complaint.', source: source('Anyone who uses our services can make a complaint.') },
      channels: [
        { id: 'web', kind: 'web', inWriting: true, entersStage: 'stage-1', summary: 'The form on our website.', source: source('You can complain using the form on our website') },
        { id: 'email', kind: 'email', address: email, inWriting: true, entersStage: 'stage-1', source: source(`or by email to ${email}.`) },
      ],
      anonymous: { policy: 'accepted', summary: 'You do not have to give your name.', consequence: 'Without a way to reach you, we cannot tell you what we find.', source: source('Tell us if you do not want to give your name.') },
      confidentiality: { summary: 'Complaints are kept confidential and shared only with those who need to know.', source: source('We keep complaints confidential and share them only with those who need to know.') },
      stages: [
        {
          id: 'stage-1',
          kind: 'first',
          title: 'Stage 1',
          summary: 'The Complaints Lead acknowledges your complaint and sends you a full written response.',
          handler: { role: 'complaints-lead', source: source('The Complaints Lead deals with your complaint at stage 1.') },
          entry: { via: 'complaint', inWriting: true, summary: 'Use the form on our website, or email us.', source: source('You can complain using the form on our website') },
          clocks: [
            { id: 'acknowledge', label: 'Acknowledge the complaint', action: 'acknowledge', from: 'receipt', within: '5 working days', source: source('We will acknowledge your complaint within 5 working days of receiving it.') },
            { id: 'respond', label: 'Send a full written response', action: 'respond', from: 'receipt', within: '20 working days', source: source('We will send you a full written response within 20 working days') },
          ],
          final: false,
        },
        {
          id: 'review',
          kind: 'review',
          title: 'Stage 2: review',
          summary: 'If you are not happy with our response, a senior person not involved at stage 1 reviews your complaint.',
          handler: { role: 'reviewer', source: source('A senior person who was not involved at stage 1 will carry out the review.') },
          independence: { notInvolvedIn: ['stage-1'], summary: 'The review is carried out by someone who was not involved at stage 1.', source: source('A senior person who was not involved at stage 1 will carry out the review.') },
          entry: { via: 'escalation', inWriting: true, summary: 'Ask us for a review.', source: source('If you are not happy with our response, you can ask for a review.') },
          clocks: [
            { id: 'request', label: 'Ask for a review', action: 'request', from: 'previous-response-received', within: '20 working days', source: source('Ask for a review within 20 working days of receiving our response.') },
            { id: 'acknowledge', label: 'Acknowledge the request for a review', action: 'acknowledge', from: 'escalation-request', within: '5 working days', source: source('We will acknowledge your request for a review within 5 working days.') },
            { id: 'respond', label: 'Send the outcome of the review', action: 'respond', from: 'escalation-request', within: '20 working days', source: source('We will send you the outcome of the review within 20 working days') },
          ],
          final: true,
          finalSource: source('The review is the final stage of our procedure.'),
        },
      ],
    },
    { lineWidth: 0 },
  );
  const procedure = [
    `# ${name}'s complaints procedure, encoding workflows/sources/${documentFile}: a starting point to change into`,
    '# what the organisation really does. Change the document first, then this file to match, and check both with:',
    '# npx redress procedures check',
    body.trimEnd(),
    '',
  ].join('\n');
  return { documentFile, document, procedure };
}
