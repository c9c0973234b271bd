/**
 * The complaint's fields as staff meet them when they type a complaint in (`redress case open`): each with its
 * question, the values it takes and when it is needed, and problems worded for the member of staff, naming the
 * field and what it takes. Built from the complaint schema (through the issue form's reading of it), so the help
 * cannot drift from what is checked.
 */
import { WRITTEN_DATE_FORMS } from '../calendar/written-date.ts';
import type { ComplaintErrors } from '../complaint/complaint-schema.ts';
import { complaintProperties, MACHINE_FIELDS, QUESTIONS, type JsonProperty } from './issue-form.ts';

/** When a field the schema leaves optional is needed after all (the schema's cross-field rules, in words). */
const NEEDED_WHEN: Readonly<Record<string, string>> = {
  name: 'identity is "named"',
  contactBy: 'identity is "named"',
  email: 'contactBy is "email"',
  phone: 'contactBy is "phone", or adjustments include "phone-call"',
  address: 'contactBy is "post"',
  behalfName: 'onBehalf is "someone-else"',
  behalfRelationship: 'onBehalf is "someone-else"',
  childRelationship: 'childName is given',
  interpreterLanguage: 'adjustments include "interpreter"',
  adjustmentsOther: 'adjustments include "other"',
};

export interface StaffField {
  field: string;
  question: string;
  /** What it takes, in words: "one of: named, anonymous", "text, at most 200 characters", "a date (…)". */
  takes: string;
  /** "required", "needed when …", or "optional". */
  need: string;
}

/**
 * @example
 * staffFields().find((f) => f.field === 'identity')
 * //=> { field: 'identity', question: 'Does the complainant give their name?', takes: 'one of: named, anonymous', need: 'required' }
 */
export function staffFields(): StaffField[] {
  const { properties, required } = complaintProperties();
  return Object.entries(properties)
    .filter(([field]) => !MACHINE_FIELDS.has(field))
    .map(([field, property]) => ({
      field,
      question: QUESTIONS[field as keyof typeof QUESTIONS]?.label ?? field,
      takes: takes(field, property),
      need: property.const === true ? 'required' : required.includes(field) && property.type !== 'boolean' && property.type !== 'array' ? 'required' : NEEDED_WHEN[field] ? `needed when ${NEEDED_WHEN[field]}` : 'optional',
    }));
}

function takes(field: string, property: JsonProperty): string {
  if (field === 'incidentDate') return `a date, ${WRITTEN_DATE_FORMS}`;
  if (property.const === true) return 'true (the complainant has been told about the privacy notice)';
  if (property.type === 'boolean') return 'true or false';
  if (property.type === 'array') return `a list of any of: ${(property.items?.enum ?? []).join(', ')}`;
  if (property.enum) return `one of: ${property.enum.join(', ')}`;
  if (field === 'email') return 'an email address';
  if (field === 'phone') return 'a telephone number (digits, spaces, brackets, hyphens, a leading +)';
  return `text, at most ${(property.maxLength ?? 0).toLocaleString('en-GB')} characters`;
}

/**
 * The problems with a complaint's answers, one line per field, for staff: the field's name and question, what is
 * wrong with the value given, and what it takes.
 *
 * @example
 * staffProblems({ identity: 'nameless' }, errors)
 * //=> ['identity (Does the complainant give their name?): "nameless" is not allowed; it takes one of: named, anonymous.', …]
 */
export function staffProblems(input: Readonly<Record<string, unknown>>, errors: ComplaintErrors): string[] {
  const fields = new Map(staffFields().map((field) => [field.field, field]));
  const lines = errors.formErrors.map((message) => `${message}.`);
  for (const [field, messages] of Object.entries(errors.fieldErrors)) {
    const known = fields.get(field);
    if (!known) {
      lines.push(`${field}: ${(messages ?? []).join('; ')}.`);
      continue;
    }
    const value = input[field];
    const given = value === undefined || value === '' ? 'no answer was given' : `${JSON.stringify(value)} is not allowed`;
    // The schema's own words say what to do for rules that tie fields together or limit length.
    const detail = value === undefined || value === '' || known.takes.startsWith('one of') || known.takes.startsWith('a list') || known.takes.startsWith('true') ? '' : ` (${(messages ?? []).join('; ')})`;
    lines.push(`${field} (${known.question}): ${given}${detail}; it takes ${known.takes}${known.need.startsWith('needed') ? `, ${known.need}` : ''}.`);
  }
  return lines;
}
