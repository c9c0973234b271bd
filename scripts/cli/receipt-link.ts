/**
 * The way to the tracking page in a receipt email a command sends (`case open`, `case adopt`): the case's own link,
 * signed with the server's key so the server opens it. A command never makes a key of its own: a link the server
 * refuses is worse than none. Without the server's key the email points at the look-up page instead, where the
 * site's public address is known, and the command says how the complainant can find the case.
 */
import { openServersTrackingKeys, siteAddress } from '../adapters/tracking/tracking-keys.ts';
import type { Logger } from '../adapters/log/logger.ts';
import type { Config } from '../core/config/config-schema.ts';
import { getsReceiptEmail, type TrackingWay } from '../core/intake/receipt-email.ts';
import type { Organisation } from '../core/organisation/organisation-schema.ts';

export interface ReceiptLink {
  /** For the intake runtime: the way to the tracking page a receipt email gives, when there is one to give. */
  trackingLink?: (reference: string, now: number) => TrackingWay;
  /** What to tell staff of the receipt email `complaint` gets, or nothing when it gets none. */
  words(complaint: Parameters<typeof getsReceiptEmail>[0]): string | undefined;
}

export async function receiptLink({ config, organisation, log }: { config: Config; organisation?: Organisation; log: Logger }): Promise<ReceiptLink> {
  const keys = await openServersTrackingKeys({ config, ...(organisation ? { organisation } : {}), log });
  const address = siteAddress({ config, ...(organisation ? { organisation } : {}) });
  const lookupUrl = `${address.url}/track/`;
  // HOST and PORT are this machine's: a page the complainant could open only if they sat at it.
  const known = address.source !== 'HOST and PORT';
  const say = (text: string) => (complaint: Parameters<typeof getsReceiptEmail>[0]) => (getsReceiptEmail(complaint) ? `${text}\n` : undefined);
  const noKey = "the server's tracking secret is not here (set REDRESS_TRACKING_SECRET to the server's, or run this with the server's REDRESS_DATA_DIR)";
  if (keys) {
    return {
      trackingLink: (reference, now) => keys.linkFor(reference, now),
      words: say(`The receipt email links to the complainant's tracking page at ${lookupUrl}${known ? '' : ' (an address on this machine only: set site.url in redress.yaml or REDRESS_PUBLIC_URL)'}.`),
    };
  }
  if (known) {
    return {
      trackingLink: () => ({ lookupUrl }),
      words: say(`The receipt email has no link to the case's own page, since ${noKey}; it sends the complainant to ${lookupUrl} to look the case up with the reference and their email address.`),
    };
  }
  return {
    words: say(`The receipt email has no link to the tracking page: ${noKey}, and the site's public address is not set (site.url in redress.yaml, or REDRESS_PUBLIC_URL).`),
  };
}
