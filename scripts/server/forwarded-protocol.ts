/**
 * Behind a reverse proxy that ends HTTPS, every request reaches this server over plain HTTP from the proxy, so the
 * Astro adapter builds each request's URL as `http://…`. A browser posting the complaint form sends
 * `Origin: https://…`, which then matches neither Astro's own origin check nor the intake's, and every complaint
 * would be refused as coming from another site. The proxy says which scheme the browser used in
 * `X-Forwarded-Proto`; the adapter takes the scheme from the socket's `encrypted` flag (as it does for a TLS
 * socket), so the flag is set from the header, for each request, when the proxy is trusted.
 */
import type http from 'node:http';

/**
 * Marks the request's connection as encrypted when the proxy says the browser used HTTPS, and as not encrypted
 * otherwise: a connection from the proxy carries requests of many browsers one after another, so the flag is set
 * every time rather than left from the last request.
 *
 * @example
 * adoptForwardedProtocol(request) // request.headers['x-forwarded-proto'] === 'https' → new URL(astroRequest.url).protocol === 'https:'
 */
export function adoptForwardedProtocol(request: http.IncomingMessage): void {
  const header = request.headers['x-forwarded-proto'];
  // A proxy that appends rather than sets: the last value is the one the nearest proxy, the trusted one, wrote.
  const scheme = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((part) => part.trim().toLowerCase()).filter(Boolean).at(-1);
  (request.socket as { encrypted?: boolean }).encrypted = scheme === 'https';
}
