/**
 * What signs the complainant's links, and where they point: the tracking secret (tracking-secret.ts), the tracking
 * links and receipt tokens made with it, and the site's public address. Opened by the server, and by any command
 * that sends a receipt email, before the case store is, since the receipt email is planned with the case.
 */
import type { Config } from '../../core/config/config-schema.ts';
import { publicAddress, type PublicAddress } from '../../core/config/public-url.ts';
import type { TrackingLink } from '../../core/intake/receipt-email.ts';
import type { Organisation } from '../../core/organisation/organisation-schema.ts';
import type { Logger } from '../log/logger.ts';
import { ReceiptTokens } from './receipt-token.ts';
import { ANONYMOUS_TRACKING_LINK_MAX_AGE_MS, TrackingLinks } from './tracking-link.ts';
import type { LoadedSecret } from '../fs/secret-file.ts';
import { loadServersTrackingSecret, loadTrackingSecret } from './tracking-secret.ts';

/** Makes a case's tracking link at `now`: for a receipt email, or an anonymous complainant's receipt page. */
export type TrackingLinkMaker = (reference: string, now: number, options?: { anonymous?: boolean }) => TrackingLink;

export interface TrackingKeys {
  /** The site's public address, for links that leave the site (in emails). */
  address: PublicAddress;
  links: TrackingLinks;
  receipts: ReceiptTokens;
  linkFor: TrackingLinkMaker;
}

export async function openTrackingKeys({ config, organisation, log }: { config: Config; organisation?: Organisation; log: Logger }): Promise<TrackingKeys> {
  const loaded = await loadTrackingSecret({ dataDir: config.dataDir, configured: config.trackingSecret });
  return keysOf(loaded, { config, organisation, log });
}

/**
 * The server's keys, for a command that sends a receipt email outside it: undefined when the server's key is not
 * to be had here (no REDRESS_TRACKING_SECRET, and no server has made one in this data directory), so the email goes
 * without a link rather than with one the server would refuse.
 */
export async function openServersTrackingKeys({ config, organisation, log }: { config: Config; organisation?: Organisation; log: Logger }): Promise<TrackingKeys | undefined> {
  const loaded = await loadServersTrackingSecret({ dataDir: config.dataDir, configured: config.trackingSecret });
  return loaded ? keysOf(loaded, { config, organisation, log }) : undefined;
}

/** The site's public address, which links that leave the site (in emails) point at: see publicAddress. */
export function siteAddress({ config, organisation }: { config: Config; organisation?: Organisation }): PublicAddress {
  return publicAddress({ siteUrl: organisation?.site?.url, configured: config.publicUrl, host: config.host, port: config.port });
}

function keysOf({ secret, tightened }: LoadedSecret, { config, organisation, log }: { config: Config; organisation?: Organisation; log: Logger }): TrackingKeys {
  if (tightened) log.warn('The tracking secret in the data directory was readable by others; it is now readable by this account only');
  const address = siteAddress({ config, ...(organisation ? { organisation } : {}) });
  const links = new TrackingLinks({ secret });
  return {
    address,
    links,
    receipts: new ReceiptTokens({ secret }),
    linkFor: (reference, now, { anonymous = false } = {}) => {
      const { token, expiresAt } = anonymous ? links.sign(reference, now, ANONYMOUS_TRACKING_LINK_MAX_AGE_MS) : links.sign(reference, now);
      return { url: `${address.url}/track/${token}/`, expiresAt, lookupUrl: `${address.url}/track/` };
    },
  };
}
