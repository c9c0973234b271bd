/**
 * The minimum fill time on the real server (`npm start`), with the local store: it rests on the form token the
 * server signs, never on the renderedAt a client sends. Forms and tokens come from the server itself (the form
 * page, GET /api/form-token); cases are counted in the store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FormTokens } from '../../scripts/adapters/http/form-token.ts';
import { FORM_SECRET_FILE } from '../../scripts/adapters/intake/form-secret.ts';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { buildSite } from '../e2e/support/site-server.ts';
import { GOOD_COMPLAINT } from './complaint-fixture.ts';
import { postComplaint, startIntakeServer, type IntakeServer } from './support/intake-server.ts';

const MIN_FILL_MS = 1_000;
const SECRET = 'f3a1c9e27b5d40c8a6e1f2d3b4c5a697';

let build: { outDir: string; remove: () => Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  build = await buildSite();
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await build?.remove();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-form-token-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dir: string, env: Record<string, string> = {}): Promise<IntakeServer> {
  // No sweep: its status comments would come between the cases and what these tests read of them.
  const server = await startIntakeServer(build.outDir, { REDRESS_DATA_DIR: dir, REDRESS_MIN_FILL_SECONDS: String(MIN_FILL_MS / 1000), REDRESS_COMMIT_INTERVAL_MS: '20', REDRESS_SWEEP_INTERVAL_MINUTES: '0', ...env });
  cleanups.push(() => server.stop());
  return server;
}

/** The references of the cases in a local store. */
async function cases(dir: string): Promise<string[]> {
  const names = await readdir(path.join(dir, 'complaints')).catch(() => []);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length)).sort();
}

/** A complete complaint's answers, without the form's own fields. */
function answers(): Record<string, unknown> {
  const { submissionId: _id, renderedAt: _at, ...rest } = GOOD_COMPLAINT;
  return { ...rest, incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) };
}

async function formToken(url: string, procedure = 'ceccc'): Promise<{ procedure: string; submissionId: string; renderedAt: string; formToken: string; sendAfter: string }> {
  const response = await fetch(`${url}/api/form-token?procedure=${procedure}`);
  expect(response.status).toBe(200);
  return response.json();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the minimum fill time rests on the server’s signature', () => {
  let dir: string;
  let server: IntakeServer;
  beforeAll(async () => {
    dir = await dataDir();
    server = await start(dir);
  }, 60_000);

  test('a complaint claiming it was shown in 2020, without a valid token, makes no case', async () => {
    const response = await postComplaint(server.url, { ...answers(), submissionId: randomUUID(), renderedAt: '2020-01-01T00:00:00.000Z' });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.fieldErrors).toEqual({ formToken: ['Send a form token: get one from GET /api/form-token?procedure=ceccc and send its submissionId, renderedAt and formToken with the complaint.'] });
    expect(await cases(dir)).toEqual([]);
  });

  test('a token signed with another secret, or made for another procedure or form, makes no case', async () => {
    const form = await formToken(server.url);
    await sleep(MIN_FILL_MS + 100);
    const stranger = new FormTokens({ secret: Buffer.alloc(32, 3), minFillMs: MIN_FILL_MS });
    const shownAt = Date.now() - 60_000;
    const forged = { ...answers(), submissionId: form.submissionId, renderedAt: new Date(shownAt).toISOString(), formToken: stranger.sign({ procedure: 'ceccc', submissionId: form.submissionId, shownAt }) };
    const cecops = await formToken(server.url, 'cecops');
    const elsewhere = { ...answers(), ...cecops, procedure: 'ceccc' };
    const otherForm = { ...answers(), ...form, submissionId: randomUUID() };
    for (const sent of [forged, elsewhere, otherForm]) {
      const response = await postComplaint(server.url, sent);
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).errors.fieldErrors)).toEqual(['formToken']);
    }
    expect(await cases(dir)).toEqual([]);
  });

  test('a token sent back within the fill time is answered like any complaint, and makes no case', async () => {
    const form = await formToken(server.url);
    const response = await postComplaint(server.url, { ...answers(), ...form });
    expect(response.status).toBe(201);
    expect((await response.json()).reference).toBe(referenceForSubmission(form.submissionId));
    await sleep(200);
    expect(await cases(dir)).toEqual([]);
    // The same token again, still within the fill time, with renderedAt moved back: still nothing.
    const again = await postComplaint(server.url, { ...answers(), ...form, renderedAt: '2020-01-01T00:00:00.000Z' });
    expect(again.status).toBe(201);
    await sleep(200);
    expect(await cases(dir)).toEqual([]);
  });

  test('a valid token sent after the fill time makes exactly one case, however often it is sent', async () => {
    const form = await formToken(server.url);
    expect(Date.parse(form.sendAfter) - Date.parse(form.renderedAt)).toBe(MIN_FILL_MS);
    await sleep(Date.parse(form.sendAfter) - Date.now() + 50);
    const reference = referenceForSubmission(form.submissionId);
    for (let i = 0; i < 3; i += 1) {
      const response = await postComplaint(server.url, { ...answers(), ...form });
      expect(response.status).toBe(201);
      expect((await response.json()).reference).toBe(reference);
    }
    expect(await cases(dir)).toEqual([reference]);
  });

  test('the same form sent again with other answers: the same reference and case, the new answers added once', async () => {
    const form = await formToken(server.url);
    await sleep(Date.parse(form.sendAfter) - Date.now() + 50);
    const reference = referenceForSubmission(form.submissionId);
    const first = await postComplaint(server.url, { ...answers(), ...form });
    const firstAnswer = await first.json();
    for (let i = 0; i < 2; i += 1) {
      const again = await postComplaint(server.url, { ...answers(), ...form, complaint: 'The handover was late, and I forgot to say: it was the third time.' });
      expect(again.status).toBe(201);
      expect(await again.json()).toMatchObject({ reference, receivedAt: firstAnswer.receivedAt });
    }
    const file = JSON.parse(await readFile(path.join(dir, 'complaints', `${reference}.json`), 'utf8')) as { comments: { body: string }[] };
    // Beside the record of the receipt email, the addendum, once.
    const added = file.comments.filter((c) => !c.body.startsWith('<!-- redress:mail '));
    expect(added.map((c) => c.body.split('\n')[0])).toEqual([expect.stringMatching(new RegExp(`^<!-- redress:addendum v1 case=${reference} sha=[0-9a-f]{64} part=1 -->$`))]);
    expect(added[0]?.body).toContain('it was the third time.');
  });

  test('the form page carries a token the server will take, for its own submission id', async () => {
    const page = await (await fetch(`${server.url}/procedures/ceccc/complain/`)).text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
    const secret = Buffer.from((await readFile(path.join(dir, FORM_SECRET_FILE), 'utf8')).trim(), 'hex');
    const shownAt = new FormTokens({ secret, minFillMs: MIN_FILL_MS }).check({ procedure: 'ceccc', submissionId: field('submissionId'), formToken: field('formToken') }, Date.now());
    expect(shownAt).toEqual({ ok: true, shownAt: Date.parse(field('renderedAt') ?? '') });
  });

  test('a form post without a token gets the form back with the answers, a plain message and a new token', async () => {
    const body = new URLSearchParams({ ...(answers() as Record<string, string>), privacy: 'yes', submissionId: randomUUID(), renderedAt: '2020-01-01T00:00:00.000Z', complaint: 'Words I must not lose.' });
    body.delete('adjustments');
    body.append('adjustments', 'large-print');
    const response = await fetch(`${server.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body, redirect: 'manual' });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Your complaint has not been sent yet, because the form had expired. Your answers are still here: check them and select “Send complaint” again.');
    expect(page).toContain('>Words I must not lose.</textarea>');
    const fresh = /name="formToken" value="(1\.\d+\.[\w-]{43})"/.exec(page)?.[1];
    const submissionId = /name="submissionId" value="([^"]+)"/.exec(page)?.[1];
    expect(fresh).toBeDefined();
    expect(submissionId).not.toBe(body.get('submissionId'));
    // Sent again, after the fill time, as the person would: one case.
    await sleep(MIN_FILL_MS + 100);
    body.set('submissionId', submissionId ?? '');
    body.set('renderedAt', /name="renderedAt" value="([^"]+)"/.exec(page)?.[1] ?? '');
    body.set('formToken', fresh ?? '');
    const sent = await fetch(`${server.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body, redirect: 'manual' });
    expect(sent.status).toBe(303);
    expect(await cases(dir)).toContain(referenceForSubmission(submissionId ?? ''));
  });
});

describe('the secret', () => {
  test('is kept in the data directory, private, and survives a restart: a form shown before it is taken after', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const form = await formToken(first.url);
    const secret = await readFile(path.join(dir, FORM_SECRET_FILE), 'utf8');
    expect((await stat(path.join(dir, FORM_SECRET_FILE))).mode & 0o777).toBe(0o600);
    await first.stop();

    const second = await start(dir);
    expect(await readFile(path.join(dir, FORM_SECRET_FILE), 'utf8')).toBe(secret);
    await sleep(Math.max(0, Date.parse(form.sendAfter) - Date.now() + 50));
    const response = await postComplaint(second.url, { ...answers(), ...form });
    expect(response.status).toBe(201);
    expect(await cases(dir)).toEqual([referenceForSubmission(form.submissionId)]);
    expect(second.output()).not.toContain(secret.trim());
  }, 60_000);

  test('two servers sharing a data directory take each other’s forms', async () => {
    const dir = await dataDir();
    // One after the other: both at once would race on the secret, which form-token.test.ts covers with processes
    // that do nothing else (two servers starting at once on a busy machine can outlast the start-up timeout).
    const a = await start(dir);
    const b = await start(dir);
    const form = await formToken(a.url);
    await sleep(MIN_FILL_MS + 100);
    const response = await postComplaint(b.url, { ...answers(), ...form });
    expect(response.status).toBe(201);
    await sleep(300);
    expect(await cases(dir)).toEqual([referenceForSubmission(form.submissionId)]);
  }, 60_000);

  test('from REDRESS_FORM_SECRET: servers with separate data directories take each other’s forms, no file is made, and the value is never logged', async () => {
    const [dirA, dirB] = await Promise.all([dataDir(), dataDir()]);
    const a = await start(dirA, { REDRESS_FORM_SECRET: SECRET });
    const b = await start(dirB, { REDRESS_FORM_SECRET: SECRET });
    const form = await formToken(a.url);
    expect(new FormTokens({ secret: Buffer.from(SECRET), minFillMs: MIN_FILL_MS }).check(form, Date.now())).toEqual({ ok: true, shownAt: Date.parse(form.renderedAt) });
    await sleep(MIN_FILL_MS + 100);
    expect((await postComplaint(b.url, { ...answers(), ...form })).status).toBe(201);
    expect(await cases(dirB)).toEqual([referenceForSubmission(form.submissionId)]);
    expect(await readdir(dirA)).not.toContain(FORM_SECRET_FILE);
    expect(await readdir(dirB)).not.toContain(FORM_SECRET_FILE);
    expect(a.output() + b.output()).not.toContain(SECRET);
  }, 60_000);
});
