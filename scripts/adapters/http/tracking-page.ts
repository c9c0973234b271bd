/**
 * `GET /track/<token>/`: a case's tracking page, opened by the signed link from the receipt email (or a receipt
 * page, or the look-up form). The token names the case and proves the server made the link; without a valid one
 * nothing about any case is read. What the page says for each answer, and with what status, lives here so the
 * page only renders it.
 */
import type { TrackingView } from '../../core/tracking/tracking-view.ts';
import type { TrackingLinkCheck } from '../tracking/tracking-link.ts';
import type { CaseLookup } from '../tracking/tracking-service.ts';

export type TrackingPage =
  | { kind: 'view'; status: 200; view: TrackingView; expiresAt: number }
  /** A link the server made, past its time: the reference is offered to the look-up form. */
  | { kind: 'expired'; status: 410; reference: string }
  /** Not a link the server made (mistyped, cut short, altered, or made with a key since replaced). */
  | { kind: 'invalid'; status: 404 }
  /** A good link to a case the store does not hold (yet: a complaint sent a moment ago may still be on its way). */
  | { kind: 'not-found'; status: 404 }
  | { kind: 'unreadable'; status: 500 }
  | { kind: 'unavailable'; status: 503 };

export interface TrackingPageDeps {
  tracking: {
    links: { check(token: unknown, now: number): TrackingLinkCheck };
    view(reference: string, now: number): Promise<CaseLookup>;
  };
  now(): number;
  log?: { error(message: string, fields?: object): void };
}

export async function loadTrackingPage(token: string | undefined, deps: TrackingPageDeps): Promise<TrackingPage> {
  const now = deps.now();
  const check = deps.tracking.links.check(token, now);
  if (!check.ok) return check.problem === 'expired' ? { kind: 'expired', status: 410, reference: check.reference } : { kind: 'invalid', status: 404 };
  let lookup: CaseLookup;
  try {
    lookup = await deps.tracking.view(check.reference, now);
  } catch (error) {
    deps.log?.error('Could not read a case for its tracking page', { error });
    return { kind: 'unavailable', status: 503 };
  }
  if (lookup.found) return { kind: 'view', status: 200, view: lookup.view, expiresAt: check.expiresAt };
  return lookup.problem === 'not-found' ? { kind: 'not-found', status: 404 } : { kind: 'unreadable', status: 500 };
}
