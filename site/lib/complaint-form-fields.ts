import type { ComplaintErrors, ComplaintField } from '../../scripts/core/complaint/complaint-schema.ts';

/** The form's questions in page order: the error summary lists problems in the order a person meets them. */
export const FORM_FIELDS: readonly ComplaintField[] = [
  'identity', 'name', 'email', 'phone', 'address', 'contactBy',
  'onBehalf', 'behalfName', 'behalfRelationship', 'childName', 'childRelationship',
  'incident', 'incidentDate', 'lateReason', 'spokenToSomeone', 'spokenToDetails',
  'complaint', 'outcomeWanted', 'aboutHandler', 'paperwork',
  'adjustments', 'interpreterLanguage', 'adjustmentsOther', 'privacy',
];

/** Fields the page fills in itself: a problem with them is not the person's to fix, so it is not linked. */
export const HIDDEN_FIELDS: readonly ComplaintField[] = ['procedure', 'submissionId', 'renderedAt', 'formToken', 'website'];

export interface ErrorItem {
  /** The field (and element id) to link to; absent for problems with no field of their own. */
  field?: ComplaintField;
  message: string;
}

/** The problems to list in the error summary, one per field (the first), in page order. */
export function errorItems(errors: ComplaintErrors): ErrorItem[] {
  const items: ErrorItem[] = [];
  const seen = new Set<string>();
  for (const message of errors.formErrors) items.push({ message });
  for (const field of HIDDEN_FIELDS) {
    const message = errors.fieldErrors[field]?.[0];
    if (message && !seen.has(message)) items.push({ message });
    if (message) seen.add(message);
  }
  for (const field of FORM_FIELDS) {
    const message = errors.fieldErrors[field]?.[0];
    if (message) items.push({ field, message });
  }
  return items;
}
