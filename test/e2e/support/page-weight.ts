import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';

export interface PageWeight {
  /** Bytes as stored: HTML, CSS and JavaScript loaded from the site. */
  raw: number;
  /** The same compressed with gzip, for comparison. */
  gzip: number;
  /** Bytes of body that crossed the network from the server as it runs (compressed where the server compressed). */
  transferred: number;
  files: { url: string; raw: number; gzip: number; transferred: number; encoding: string }[];
}

/** Loads `url` and weighs everything the page fetched from the site itself. */
export async function weighPage(page: Page, url: string): Promise<PageWeight> {
  const origin = new URL(url).origin;
  const bodies: Promise<PageWeight['files'][number] | undefined>[] = [];
  const onResponse = (response: Response) => {
    if (!response.url().startsWith(origin)) return;
    bodies.push(
      Promise.all([response.body(), response.request().sizes(), response.headerValue('content-encoding')])
        .then(([body, sizes, encoding]) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body).length, transferred: sizes.responseBodySize, encoding: encoding ?? 'identity' }))
        .catch(() => undefined),
    );
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  const files = (await Promise.all(bodies)).filter((file) => file !== undefined);
  return { raw: sum(files.map((f) => f.raw)), gzip: sum(files.map((f) => f.gzip)), transferred: sum(files.map((f) => f.transferred)), files };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
