import http from 'node:http';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import compression from 'compression';

type NodeHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
 * Serves the built site (its static pages and its on-demand routes, through the Astro Node adapter's own handler)
 * with responses compressed. The adapter's standalone server sends every file as it is, so a procedure page would
 * cross the network at twice its compressed weight; `compression` (the Express project's middleware) negotiates
 * gzip or deflate with the browser and streams, which is all a Node server needs here.
 */
export async function serveSite({ outDir, host, port }: { outDir: string; host: string; port: number }): Promise<http.Server> {
  // The adapter's entry starts its own server on import unless told not to.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(path.resolve(outDir, 'server', 'entry.mjs')).href)) as { handler: NodeHandler };
  const compress = compression();
  const server = http.createServer((request, response) => {
    compress(request as never, response as never, () => handler(request, response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
