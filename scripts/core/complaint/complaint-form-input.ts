/**
 * Between the HTML form and the complaint schema. A form sends strings: a ticked box as "yes", an unticked one
 * not at all, several ticked boxes as repeated names. The schema takes booleans and lists, as JSON clients send.
 */
import type { ComplaintField } from './complaint-schema.ts';

/** What the person entered, as the form sent it: kept to fill the form in again beside its errors. */
export type ComplaintFormValues = Partial<Record<string, string | string[]>>;

/** Form fields that may hold several values (a group of checkboxes). */
const LISTS: ReadonlySet<string> = new Set<ComplaintField>(['adjustments']);
/** Single checkboxes, sent as "yes" when ticked. */
const BOOLEANS: ReadonlySet<string> = new Set<ComplaintField>(['aboutHandler', 'privacy']);

/** The longest value kept from any one field, so an oversized post cannot grow the page rendered back. */
const MAX_KEPT_LENGTH = 25_000;

/**
 * The text values of a submitted form (files are ignored: the form has no file fields).
 *
 * @example
 * formValues(new URLSearchParams('adjustments=large-print&adjustments=other&name=Ann'))
 * //=> { adjustments: ['large-print', 'other'], name: 'Ann' }
 */
export function formValues(form: FormData | URLSearchParams): ComplaintFormValues {
  const values: ComplaintFormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((value): value is string => typeof value === 'string').map((value) => value.slice(0, MAX_KEPT_LENGTH));
    values[key] = LISTS.has(key) ? all : (all[0] ?? '');
  }
  return values;
}

/**
 * The schema's input from the form's values: ticked boxes become true, lists stay lists, and radio groups
 * left unanswered are absent, so the schema asks for them by name.
 *
 * @example
 * complaintInputFromForm({ privacy: 'yes', adjustments: ['other'], identity: '' })
 * //=> { privacy: true, aboutHandler: false, adjustments: ['other'] }
 */
export function complaintInputFromForm(values: ComplaintFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (LISTS.has(key) || BOOLEANS.has(key)) continue;
    if (typeof value === 'string' && value !== '') input[key] = value;
  }
  for (const key of LISTS) input[key] = [values[key] ?? []].flat();
  for (const key of BOOLEANS) input[key] = values[key] === 'yes';
  return input;
}
