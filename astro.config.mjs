// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  // Pages are linked with a trailing slash; 'ignore' also lets API clients post to /api/complaints as written,
  // where 'always' would answer a POST without the slash with a redirect that clients follow as a GET.
  trailingSlash: 'ignore',
  // Static by default: only the complaint form, the receipt and the intake endpoint opt out with
  // `export const prerender = false`, so procedure pages stay plain files a person can save or print.
  output: 'static',
  // Standalone: `node dist/server/entry.mjs` is the whole server (HOST and PORT override these defaults).
  adapter: node({
    mode: 'standalone',
    // A backstop above the intake's own limit (MAX_BODY_BYTES, 512 KiB), which answers 413 before this is reached.
    bodySizeLimit: 1024 * 1024,
  }),
  // Loopback by default, so `npm start` does not expose a form collecting personal data to the network.
  server: { host: '127.0.0.1', port: 4321 },
  // Pages carry their own few hundred bytes of CSS rather than a render-blocking request.
  build: { inlineStylesheets: 'always' },
});
