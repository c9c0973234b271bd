/**
 * The GitHub issue form staff use for a complaint taken by phone, letter or in person
 * (`.github/ISSUE_TEMPLATE/complaint.yml`), generated from the complaint schema so its questions, choices, limits
 * and required answers cannot drift from the web form's; and the reader of the issues it makes.
 */
import * as z from 'zod/mini';
import { stringify } from 'yaml';
import { ComplaintSchema, type ComplaintField } from '../complaint/complaint-schema.ts';

/** How staff say a complaint reached them; the procedure's channel of that kind is used. */
export const STAFF_CHANNELS = ['phone', 'letter', 'in-person', 'email'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** Fields the page fills in itself; for a staff-opened case the command fills them in. */
export const MACHINE_FIELDS: ReadonlySet<string> = new Set(['procedure', 'submissionId', 'renderedAt', 'formToken', 'website']);

/** Each question in staff's words. A field the schema gains without words here stops generation, by design. */
export const QUESTIONS: Readonly<Record<Exclude<ComplaintField, 'procedure' | 'submissionId' | 'renderedAt' | 'formToken' | 'website'>, { label: string; description?: string }>> = {
  identity: { label: 'Does the complainant give their name?', description: '"named", or "anonymous" if they chose not to (their details below are then discarded).' },
  name: { label: 'Complainant’s name' },
  email: { label: 'Email address' },
  phone: { label: 'Telephone number' },
  address: { label: 'Postal address' },
  contactBy: { label: 'How they want to be contacted' },
  onBehalf: { label: 'Complaining for themselves or for someone else?' },
  behalfName: { label: 'Name of the person they complain for' },
  behalfRelationship: { label: 'Their relationship to that person' },
  childName: { label: 'Child’s name (child contact centres)' },
  childRelationship: { label: 'Their relationship to the child' },
  incident: { label: 'One incident or a series?' },
  incidentDate: { label: 'Date of the incident (the last, for a series)', description: 'YYYY-MM-DD, e.g. 2026-12-01.' },
  lateReason: { label: 'Exceptional circumstances, if the complaint is late' },
  spokenToSomeone: { label: 'Have they already raised it with someone?' },
  spokenToDetails: { label: 'Whom they spoke to, and what happened' },
  complaint: { label: 'The complaint, in their words' },
  outcomeWanted: { label: 'What they would like to happen' },
  aboutHandler: { label: 'Is the complaint about the person who would normally handle it?' },
  paperwork: { label: 'Paperwork they hold' },
  adjustments: { label: 'Help they need to take part' },
  interpreterLanguage: { label: 'Language for the interpreter' },
  adjustmentsOther: { label: 'Other help they need' },
  privacy: { label: 'Privacy notice' },
};

const CHECKBOX_WORDS: Readonly<Record<string, string>> = {
  aboutHandler: 'Yes, it is about the usual handler',
  privacy: 'The complainant has been told about the privacy notice',
};

export interface JsonProperty {
  type?: string;
  enum?: string[];
  maxLength?: number;
  const?: unknown;
  items?: { enum?: string[] };
}

/** The complaint schema's fields as JSON Schema (the object inside the schema's pipe). */
export function complaintProperties(): { properties: Record<string, JsonProperty>; required: string[] } {
  const inner = (ComplaintSchema as unknown as { _zod?: { def?: { out?: z.ZodMiniType } } })._zod?.def?.out;
  if (!inner) throw new Error('The complaint schema is no longer a pipe into an object: update issue-form.ts.');
  const json = z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonProperty>; required?: string[] };
  return { properties: json.properties, required: json.required ?? [] };
}

type Element = Record<string, unknown>;

/**
 * The issue form, as an object for YAML. `procedures` are those taking complaints (ids with their names).
 *
 * @example
 * issueForm([{ id: 'ceccc', name: 'Cambridge & Ely Child Contact Centres' }]).body[1]
 * //=> { type: 'dropdown', id: 'procedure', attributes: { label: 'Procedure', options: ['ceccc'], … }, … }
 */
export function issueForm(procedures: readonly { id: string; name: string }[]): Element {
  const { properties, required } = complaintProperties();
  const body: Element[] = [
    {
      type: 'markdown',
      attributes: {
        value:
          'Use this form for a complaint you took by telephone, letter, email or in person. Redress turns it into a case with a reference, the dates the procedure promises and the right handler.\n\n**Do not put names or other personal details in the title.**',
      },
    },
    dropdown('procedure', 'Procedure', procedures.map((p) => p.id), true, procedures.map((p) => `${p.id}: ${p.name}`).join('; ')),
    dropdown('channel', 'How it was received', [...STAFF_CHANNELS], true),
    input('received', 'When it was received', true, 'UK date and time, e.g. 2026-12-23T10:00; a letter counts from when it arrived.'),
  ];
  for (const [field, property] of Object.entries(properties)) {
    if (MACHINE_FIELDS.has(field)) continue;
    const question = QUESTIONS[field as keyof typeof QUESTIONS];
    if (!question) throw new Error(`The complaint schema has a field "${field}" the issue form has no question for: add it to QUESTIONS.`);
    const isRequired = required.includes(field) && property.type !== 'boolean' && property.type !== 'array';
    if (property.type === 'boolean') {
      const mustTick = property.const === true;
      body.push({ type: 'checkboxes', id: field, attributes: { label: question.label, options: [{ label: CHECKBOX_WORDS[field] ?? 'Yes', ...(mustTick ? { required: true } : {}) }] } });
    } else if (property.type === 'array') {
      body.push({ type: 'checkboxes', id: field, attributes: { label: question.label, options: (property.items?.enum ?? []).map((value) => ({ label: value })) } });
    } else if (property.enum) {
      body.push(dropdown(field, question.label, property.enum, isRequired, question.description));
    } else if ((property.maxLength ?? 0) > 300) {
      body.push({ type: 'textarea', id: field, attributes: { label: question.label, ...(question.description ? { description: question.description } : {}) }, validations: { required: isRequired } });
    } else {
      body.push(input(field, question.label, isRequired, question.description));
    }
  }
  return {
    name: 'Complaint received by staff',
    description: 'Record a complaint received by telephone, letter, email or in person.',
    title: 'Complaint received (no names here)',
    labels: ['intake:staff'],
    body,
  };
}

/** The issue form as the YAML file, with a header saying where it comes from. */
export function issueFormYaml(procedures: readonly { id: string; name: string }[]): string {
  return `# Generated by \`npx redress issue-form generate\` from the complaint schema; do not edit by hand.\n${stringify(issueForm(procedures), { lineWidth: 0 })}`;
}

function dropdown(id: string, label: string, options: string[], required: boolean, description?: string): Element {
  return { type: 'dropdown', id, attributes: { label, ...(description ? { description } : {}), options }, validations: { required } };
}

function input(id: string, label: string, required: boolean, description?: string): Element {
  return { type: 'input', id, attributes: { label, ...(description ? { description } : {}) }, validations: { required } };
}

export interface IssueFormAnswers {
  procedure: string;
  channel: string;
  received: string;
  /** The complaint's fields, as the complaint schema takes them (not yet validated). */
  complaint: Record<string, unknown>;
}

/**
 * Reads the body GitHub makes from the form: a "### <label>" heading per question, then the answer, "_No response_"
 * or "- [X] option" lines.
 *
 * @example
 * readIssueForm('### Procedure\n\nceccc\n\n### How it was received\n\nphone\n…').channel //=> 'phone'
 */
export function readIssueForm(body: string): IssueFormAnswers {
  const form = issueForm([]);
  const elements = (form.body as Element[]).filter((e) => e.type !== 'markdown') as { type: string; id: string; attributes: { label: string; options?: unknown[] } }[];
  const sections = new Map<string, string>();
  const parts = `\n${body.replace(/\r\n?/g, '\n')}`.split(/\n### /);
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    const label = (newline < 0 ? part : part.slice(0, newline)).trim();
    sections.set(label, newline < 0 ? '' : part.slice(newline + 1).trim());
  }
  const answers: Record<string, unknown> = {};
  for (const element of elements) {
    const raw = sections.get(element.attributes.label);
    if (raw === undefined || raw === '_No response_' || raw === '') continue;
    if (element.type === 'checkboxes') {
      const ticked = [...raw.matchAll(/^- \[[xX]\] (.+)$/gm)].map((m) => (m[1] ?? '').trim());
      const options = element.attributes.options as { label: string }[];
      answers[element.id] = options.length === 1 && (element.id === 'aboutHandler' || element.id === 'privacy') ? ticked.length > 0 : ticked;
    } else {
      answers[element.id] = raw;
    }
  }
  const { procedure = '', channel = '', received = '', ...complaint } = answers as Record<string, string>;
  return { procedure, channel, received, complaint: { ...complaint, procedure } };
}
