import { createHash } from 'node:crypto';
import { createReference, type Reference } from '../../core/complaint/reference.ts';

/**
 * The reference of a submission, derived from its submission id: a retried or double-clicked submission gets the
 * same reference without any shared counter or lookup, even after its case was delivered and its outbox entry
 * removed, and the store recognises the case by it. Submission ids are random UUIDs made when the form is shown,
 * so references stay as unpredictable as random ones.
 *
 * @example
 * referenceForSubmission('0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b') //=> always the same 'RDR-XXXX-XXXX-XXX'
 */
export function referenceForSubmission(submissionId: string): Reference {
  let counter = 0;
  return createReference((length) => {
    const bytes = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const block = createHash('sha256').update(`redress-reference/1:${submissionId}:${counter}`).digest();
      counter += 1;
      const take = Math.min(block.length, length - filled);
      bytes.set(block.subarray(0, take), filled);
      filled += take;
    }
    return bytes;
  });
}
