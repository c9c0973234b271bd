import { createHash } from 'node:crypto';
import type { Complaint } from '../../core/complaint/complaint-schema.ts';

/** What the form fills in itself: the same answers sent from a re-shown or re-issued form are the same answers. */
const NOT_ANSWERS: ReadonlySet<string> = new Set(['submissionId', 'renderedAt', 'formToken', 'website']);

/**
 * The digest (SHA-256, hex) of a complaint's answers as validated (trimmed, blank answers dropped), in a fixed order
 * of fields: equal exactly when the answers are. It tells a form sent again from the same form sent with other
 * answers (submission-markers.ts).
 *
 * @example
 * submissionDigest(complaint) === submissionDigest({ ...complaint, renderedAt: later }) //=> true
 * submissionDigest(complaint) === submissionDigest({ ...complaint, complaint: 'Other words.' }) //=> false
 */
export function submissionDigest(complaint: Complaint): string {
  const answers = Object.entries(complaint)
    .filter(([field, value]) => !NOT_ANSWERS.has(field) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(`redress-submission/1\n${JSON.stringify(answers)}`).digest('hex');
}
