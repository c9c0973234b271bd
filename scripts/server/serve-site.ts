import http from 'node:http';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import compression from 'compression';
import { MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from '../adapters/http/complaints-endpoint.ts';
import { continueWithinLimit, limitRequestBody, type BodyLimit } from './body-limit.ts';
import { adoptForwardedProtocol } from './forwarded-protocol.ts';

export type NodeHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
 * Serves the built site (its static pages and its on-demand routes, through the Astro Node adapter's own handler)
 * with responses compressed. The adapter's standalone server sends every file as it is, so a procedure page would
 * cross the network at twice its compressed weight; `compression` (the Express project's middleware) negotiates
 * gzip or deflate with the browser and streams, which is all a Node server needs here. Request bodies are read
 * (and refused over the limit) before either, in body-limit.ts. Behind a trusted reverse proxy, each request takes
 * the scheme the browser used from the proxy (forwarded-protocol.ts).
 */
export async function serveSite({
  outDir,
  host,
  port,
  routes = {},
  trustProxy = false,
}: {
  outDir: string;
  host: string;
  port: number;
  routes?: Readonly<Record<string, NodeHandler>>;
  trustProxy?: boolean;
}): Promise<http.Server> {
  // The adapter's entry starts its own server on import unless told not to.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(path.resolve(outDir, 'server', 'entry.mjs')).href)) as { handler: NodeHandler };
  const compress = compression();
  const limit: BodyLimit = { maxBytes: MAX_BODY_BYTES, message: TOO_LARGE_MESSAGE };
  const readBody = limitRequestBody(limit);
  const server = http.createServer((request, response) => {
    if (trustProxy) adoptForwardedProtocol(request);
    // The server's own routes (/healthz) answer before the site, uncompressed: they are small and must not be cached.
    const own = routes[new URL(request.url ?? '/', 'http://localhost').pathname.replace(/(.)\/$/, '$1')];
    if (own) return own(request, response);
    readBody(request, response, () => compress(request as never, response as never, () => handler(request, response)));
  });
  // With this listener Node no longer answers "100 Continue" by itself: a body too large is refused unsent.
  server.on('checkContinue', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (continueWithinLimit(limit, request, response)) server.emit('request', request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
