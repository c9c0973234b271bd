/**
 * Bodies over the limit, sent to the real server (`npm start`'s scripts/server/start.ts in front of the built site)
 * with raw `node:http` requests, the way a client library or a script sends them: with a Content-Length over the
 * limit, or chunked and growing past it, quickly or slowly. Each gets 413 with its message, and the client never
 * sees its connection reset or its writes refused (ECONNRESET, EPIPE) before it has read the answer.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../scripts/adapters/http/complaints-endpoint.ts';
import { buildSite } from '../e2e/support/site-server.ts';
import { GOOD_COMPLAINT } from './complaint-fixture.ts';
import { startIntakeServer, type IntakeServer } from './support/intake-server.ts';

let build: { outDir: string; remove: () => Promise<void> };
let server: IntakeServer;
let dataDir: string;

beforeAll(async () => {
  build = await buildSite();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-body-limit-'));
  server = await startIntakeServer(build.outDir, { REDRESS_DATA_DIR: dataDir, REDRESS_SWEEP_INTERVAL_MINUTES: '0' });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await build?.remove();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Sent {
  /** How the body is framed. */
  framing: 'content-length' | 'chunked';
  /** Bytes the client means to send (with Content-Length, the length it declares). */
  total: number;
  /** Bytes per write. */
  chunk: number;
  /** Pause between writes, in ms (0: write as fast as the socket takes them). */
  pauseMs: number;
  /** Stop writing once the answer has arrived (a chunked sender can; a Content-Length sender owes the rest). */
  stopOnAnswer: boolean;
  headers?: Record<string, string>;
}

interface Outcome {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  /** Bytes the client managed to write. */
  written: number;
  /** Socket errors the client saw, by code. */
  errors: string[];
}

/** Sends a body as described and waits until the connection has closed, recording what the client saw. */
function send(url: string, sent: Sent, body?: Buffer): Promise<Outcome> {
  const target = new URL('/api/complaints', url);
  const outcome: Outcome = { written: 0, errors: [] };
  return new Promise((resolve) => {
    const request = http.request(target, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        origin: url,
        ...(sent.framing === 'content-length' ? { 'content-length': String(body?.length ?? sent.total) } : { 'transfer-encoding': 'chunked' }),
        ...sent.headers,
      },
    });
    let answered = false;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      resolve(outcome);
    };
    request.on('error', (error: NodeJS.ErrnoException) => {
      outcome.errors.push(error.code ?? error.message);
      done();
    });
    request.on('response', (response) => {
      answered = true;
      outcome.status = response.statusCode;
      outcome.headers = response.headers;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => outcome.errors.push(error.code ?? error.message));
      response.on('end', () => {
        outcome.body = Buffer.concat(chunks).toString('utf8');
      });
    });
    request.on('close', () => setTimeout(done, 50));

    const filler = Buffer.alloc(sent.chunk, 'x');
    const write = async () => {
      for (let at = 0; at < sent.total && !request.destroyed; at += sent.chunk) {
        if (answered && sent.stopOnAnswer) break;
        const piece = body ? body.subarray(at, at + sent.chunk) : filler.subarray(0, Math.min(sent.chunk, sent.total - at));
        const drained = request.write(piece);
        outcome.written += piece.length;
        if (!drained) {
          await new Promise((next) => {
            request.once('drain', next);
            request.once('close', next);
          });
        }
        if (sent.pauseMs > 0) await new Promise((next) => setTimeout(next, sent.pauseMs));
      }
      if (!request.destroyed) request.end();
    };
    void write().catch((error: Error) => outcome.errors.push(error.message));
  });
}

const TOO_LARGE = { error: 'The complaint is too long to send: shorten the longest answers and send it again.' };

describe('a body over the limit gets 413 and its message, and the client sees no reset', () => {
  test.each([
    ['declared with Content-Length and sent at once', { framing: 'content-length', total: 3 * MAX_BODY_BYTES, chunk: 64 * 1024, pauseMs: 0, stopOnAnswer: false }],
    ['declared with Content-Length and sent slowly', { framing: 'content-length', total: MAX_BODY_BYTES + 50_000, chunk: 16 * 1024, pauseMs: 15, stopOnAnswer: false }],
    ['chunked, growing past the limit quickly', { framing: 'chunked', total: 5 * MAX_BODY_BYTES / 2, chunk: 64 * 1024, pauseMs: 0, stopOnAnswer: false }],
    ['chunked, growing past the limit slowly, the sender stopping at the answer', { framing: 'chunked', total: 10 * MAX_BODY_BYTES, chunk: 8 * 1024, pauseMs: 5, stopOnAnswer: true }],
    ['chunked, one byte over the limit', { framing: 'chunked', total: MAX_BODY_BYTES + 1, chunk: 50_000, pauseMs: 0, stopOnAnswer: false }],
  ] as const)('%s', async (_name, sent) => {
    const outcome = await send(server.url, sent);
    expect(outcome.errors).toEqual([]);
    expect(outcome.status).toBe(413);
    expect(outcome.headers?.connection).toBe('close');
    expect(JSON.parse(outcome.body ?? '')).toEqual(TOO_LARGE);
  }, 30_000);

  test('a sender that will not stop is cut off once the server has thrown away a few megabytes', async () => {
    const total = 256 * 1024 * 1024;
    const outcome = await send(server.url, { framing: 'chunked', total, chunk: 256 * 1024, pauseMs: 0, stopOnAnswer: false });
    expect(outcome.written).toBeLessThan(total / 4);
  }, 30_000);

  test('a form post over the limit is answered in words, not JSON', async () => {
    const outcome = await send(server.url, { framing: 'chunked', total: 2 * MAX_BODY_BYTES, chunk: 32 * 1024, pauseMs: 0, stopOnAnswer: false, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
    expect(outcome.errors).toEqual([]);
    expect(outcome.status).toBe(413);
    expect(outcome.headers?.['content-type']).toMatch(/^text\/plain/);
    expect(outcome.body).toBe(TOO_LARGE.error);
  }, 30_000);

  test('a client that asks first (Expect: 100-continue) is refused before it sends the body', async () => {
    const outcome = await new Promise<{ status?: number; continued: boolean; body: string }>((resolve, reject) => {
      const request = http.request(new URL('/api/complaints', server.url), {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(10 * MAX_BODY_BYTES), expect: '100-continue' },
      });
      let continued = false;
      request.on('continue', () => (continued = true));
      request.on('error', reject);
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode, continued, body });
        });
      });
      request.flushHeaders();
    });
    expect(outcome).toEqual({ status: 413, continued: false, body: JSON.stringify(TOO_LARGE) });
  });

  test('the server still answers afterwards, and a chunked complaint within the limit becomes a case', async () => {
    const complaint = Buffer.from(JSON.stringify({ ...GOOD_COMPLAINT, submissionId: randomUUID(), incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }));
    const outcome = await send(server.url, { framing: 'chunked', total: complaint.length, chunk: 100, pauseMs: 1, stopOnAnswer: false }, complaint);
    expect(outcome.errors).toEqual([]);
    expect(outcome.status).toBe(201);
    expect(JSON.parse(outcome.body ?? '{}').reference).toMatch(/^RDR-/);
  }, 30_000);

  test('a body of exactly the limit is read, not refused', async () => {
    const outcome = await send(server.url, { framing: 'chunked', total: MAX_BODY_BYTES, chunk: 40_000, pauseMs: 0, stopOnAnswer: false });
    expect(outcome.errors).toEqual([]);
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body ?? '{}')).toEqual({ error: 'The body is not valid JSON.' });
  }, 30_000);
});
