// Small HTTP details GitHub is particular about: tokens, weak ETags, request ids, body limits.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Bodies above this are refused before parsing (GitHub's own limit is far above any issue). */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** Reads the whole request body; `undefined` when it exceeds `MAX_REQUEST_BYTES`. */
export async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(buffer);
  }
  return size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks);
}

/** The token of `authorization: token X` or `Bearer X`, as GitHub accepts both. */
export function tokenFrom(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** A weak ETag over the response body, in GitHub's `W/"<sha256>"` form. */
export function etagOf(json: string): string {
  return `W/"${createHash('sha256').update(json).digest('hex')}"`;
}

/** Whether `If-None-Match` names this ETag (weak comparison, lists and `*` allowed). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

let requestCounter = 0;

/** An `x-github-request-id` in GitHub's `XXXX:XXXXXX:XXXXXX:XXXXXXX:XXXXXXXX` shape. */
export function nextRequestId(now: number): string {
  requestCounter += 1;
  const hex = (value: number, width: number): string => (value >>> 0).toString(16).toUpperCase().padStart(width, '0').slice(-width);
  return `${hex(0xc0de, 4)}:${hex(requestCounter * 7919, 6)}:${hex(requestCounter, 6)}:${hex(requestCounter * 104729, 7)}:${hex(Math.floor(now / 1000), 8)}`;
}
