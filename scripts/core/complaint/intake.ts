import type { Complaint } from './complaint-schema.ts';
import { createReference, type RandomBytes, type Reference } from './reference.ts';

/**
 * Where a valid complaint goes: the case store records it and gives it a reference. The site's endpoint depends
 * on this interface only, so the store can change without touching the form.
 */
export interface ComplaintIntake {
  /**
   * `shownAt`: when the form was shown, as its signed token proves (absent when the complaint carries no valid
   * token): the minimum fill time and the look-up for an earlier delivery count from it, never from the
   * complaint's own `renderedAt`.
   */
  submit(complaint: Complaint, receipt: { receivedAt: number; shownAt?: number }): Promise<IntakeReceipt>;
}

export interface IntakeReceipt {
  reference: Reference;
  /** The case store could not take it yet: it waits in the durable outbox and will be delivered (answered 202). */
  queued?: boolean;
  /** When the complaint counts as received, if not this submission's time: a resubmitted form keeps the first. */
  receivedAt?: number;
}

/**
 * An intake that records nothing and only gives a reference: what the site runs with until a case store is
 * configured. The person still gets a receipt with the dates the procedure promises.
 */
export function receiptOnlyIntake(randomBytes: RandomBytes): ComplaintIntake {
  return {
    submit: async () => ({ reference: createReference(randomBytes) }),
  };
}
