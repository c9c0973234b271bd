/**
 * What a receipt page's address opens for whoever holds it: with a valid receipt token, the sender's copy of what
 * they wrote (while it is kept) and a link to the case's tracking page; with an expired one, only whether the
 * complaint was anonymous; without one, nothing beyond what the procedure promises any complaint received then.
 */
import { ANONYMOUS_TRACKING_LINK_MAX_AGE_MS, TRACKING_LINK_MAX_AGE_MS } from './tracking-link.ts';
import type { StoredCopy } from './receipt-copies.ts';
import type { TrackingService } from './tracking-service.ts';

export interface ReceiptAccess {
  /** The complaint was made anonymously (as its signed token says; false when there is no token to say so). */
  anonymous: boolean;
  /** - `kept`: the copy is here; `gone`: the token is good but the copy is no longer kept; `closed`: no valid token. */
  copy: { state: 'kept'; stored: StoredCopy } | { state: 'gone' } | { state: 'closed' };
  /** The case's tracking page (a path on this site), and until when the link works. */
  tracking?: { path: string; expiresAt: number };
  /** Until when the token opens the copy and the link. */
  openUntil?: number;
}

export async function openReceipt(
  tracking: Pick<TrackingService, 'receipts' | 'copies' | 'links'>,
  { procedure, reference, at, token, now }: { procedure: string; reference: string; at: string; token: string | null; now: number },
): Promise<ReceiptAccess> {
  const check = tracking.receipts.check({ procedure, reference, at }, token ?? undefined, now);
  if (!check.ok) return { anonymous: check.problem === 'expired' ? check.anonymous : false, copy: { state: 'closed' } };
  const stored = check.copyId === undefined ? undefined : await tracking.copies.read(check.copyId);
  const kept = stored && stored.reference === reference && stored.procedure === procedure ? stored : undefined;
  const link = tracking.links.sign(reference, now, check.anonymous ? ANONYMOUS_TRACKING_LINK_MAX_AGE_MS : TRACKING_LINK_MAX_AGE_MS);
  return {
    anonymous: check.anonymous,
    copy: kept ? { state: 'kept', stored: kept } : { state: 'gone' },
    tracking: { path: `/track/${link.token}/`, expiresAt: link.expiresAt },
    openUntil: check.expiresAt,
  };
}
