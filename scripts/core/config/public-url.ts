/**
 * The site's public address: where the links Redress sends (to a case's tracking page) point. From the
 * organisation's redress.yaml (`site.url`) when it gives one, else REDRESS_PUBLIC_URL, else the address the server
 * listens on, which only works on the same machine (fine for a demonstration, and said so at start-up).
 */
import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An address people can reach the site at: `https://` anywhere, or `http://` on this machine only (a link to a
 * plain-http address elsewhere would send a complainant's tracking link unencrypted). No path: the site is served
 * from the root of its address.
 */
export const PublicUrlSchema = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Write the site’s address, such as https://complaints.example.org.' });
    return z.NEVER;
  }
  const problem =
    url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))
      ? 'Use https:// (http:// only for 127.0.0.1 or localhost, on this machine).'
      : url.username || url.password
        ? 'Give the address without a user name or password.'
        : url.pathname !== '/' || url.search || url.hash
          ? 'Give the address alone, without a path, query or #: the site is served from its root.'
          : undefined;
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return url.origin;
});

export interface PublicAddress {
  /** Without a trailing slash: "https://complaints.example.org". */
  url: string;
  /** Where it came from, for the start-up message. */
  source: 'redress.yaml' | 'REDRESS_PUBLIC_URL' | 'HOST and PORT';
}

/**
 * @example
 * publicAddress({ siteUrl: undefined, configured: undefined, host: '127.0.0.1', port: 4321 })
 * //=> { url: 'http://127.0.0.1:4321', source: 'HOST and PORT' }
 * publicAddress({ siteUrl: 'https://complaints.example.org/', configured: 'https://other.example', host, port })
 * //=> { url: 'https://complaints.example.org', source: 'redress.yaml' }
 */
export function publicAddress({ siteUrl, configured, host, port }: { siteUrl: string | undefined; configured: string | undefined; host: string; port: number }): PublicAddress {
  if (siteUrl) return { url: siteUrl.replace(/\/+$/, ''), source: 'redress.yaml' };
  if (configured) return { url: configured, source: 'REDRESS_PUBLIC_URL' };
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, source: 'HOST and PORT' };
}
