/**
 * An addendum: the answers of a form sent again with other answers than the case was opened with, as comments on
 * the case. The person who goes back, changes their answers and sends the form again expects their words to count;
 * the case itself (its dates, flags and handler) stays as the first answers made it, and staff read both.
 * Pure: the template and the time are arguments.
 */
import type { Complaint } from '../complaint/complaint-schema.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { formatInstantLong } from '../text/plain-dates.ts';
import { answersView, BODY_BUDGET, longTexts } from './plan-new-case.ts';
import { splitLongText } from './split-long-text.ts';
import { addendumMarker } from './submission-markers.ts';

export interface AddendumInput {
  complaint: Complaint;
  reference: string;
  /** When these answers were received. */
  receivedAt: number;
  /** The digest of these answers (submission-digest.ts): the addendum's key, so it is posted once. */
  digest: string;
  template: string;
}

/**
 * The comments of an addendum, in order, each starting with its marker; one unless the answers are too long for
 * one comment.
 *
 * @example
 * planAddendum({ complaint, reference: 'RDR-7KX4-M9QP-2TW', receivedAt, digest, template })
 * //=> ['<!-- redress:addendum v1 case=RDR-7KX4-M9QP-2TW sha=… part=1 -->\n**Complaint RDR-7KX4-M9QP-2TW: sent again with other answers**…']
 */
export function planAddendum({ complaint, reference, receivedAt, digest, template }: AddendumInput): string[] {
  const view = {
    ...answersView(complaint, longTexts(complaint)),
    reference,
    received: formatInstantLong(receivedAt),
    aboutHandler: complaint.aboutHandler ? 'yes' : 'no',
  };
  const text = renderTemplate(template, view).trim();
  const parts = splitLongText(text, BODY_BUDGET - 500);
  return parts.map((part, i) => {
    const heading = i === 0 ? '' : `**Complaint ${reference}: sent again with other answers, continued (part ${i + 1} of ${parts.length})**\n\n`;
    return `${addendumMarker(reference, digest, i + 1)}\n${heading}${part}`;
  });
}
