/**
 * The tracking page and its look-up form over HTTP, with real cases made by the intake in the local store and in
 * GitHub (the test server): a signed link opens its own case and nothing else; the reference with the email address
 * given opens it too; an unknown reference and a wrong address get the same answer, after the same least time; the
 * form is limited per client address and per reference; and the page never shows a staff note or the complainant's
 * own words.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readConfig } from '../../scripts/adapters/config/read-config.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { NOT_FOUND_MESSAGE, handleTrackLookup, type LookupAnswer } from '../../scripts/adapters/http/track-lookup.ts';
import { loadTrackingPage } from '../../scripts/adapters/http/tracking-page.ts';
import { CaseIntake } from '../../scripts/adapters/intake/case-intake.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { openTrackingKeys } from '../../scripts/adapters/tracking/tracking-keys.ts';
import { TRACKING_LINK_MAX_AGE_MS } from '../../scripts/adapters/tracking/tracking-link.ts';
import { LOOKUP_ANSWER_MS, REFERENCE_LOOKUP_LIMIT, trackingService, type TrackingService } from '../../scripts/adapters/tracking/tracking-service.ts';
import type { CaseStore } from '../../scripts/core/case/case-store.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { renderMailRecord } from '../../scripts/core/mail/mail-record.ts';
import { casesServer } from '../case-store/cases-server.ts';
import { complaint } from '../intake/complaint-fixture.ts';
import { seedProcedure } from '../support/procedures.ts';

const SITE = 'http://127.0.0.1:4321';
const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
/** A well-formed reference that no case has. */
const UNKNOWN = referenceForSubmission('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f');
const STAFF_NOTE = 'Internal: the volunteer at the door was Bob; check his rota before replying.';
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter'), addendum: await readTemplate('addendum') };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(kind: 'local' | 'github', dir: string, clock: { now: number }): Promise<CaseStore> {
  if (kind === 'local') {
    const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 10 });
    cleanups.push(() => store.close());
    return store;
  }
  const server = await casesServer(clock);
  cleanups.push(async () => {
    server.assertNoViolations();
    await server.close();
  });
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: 'ghs_contracttesttoken', apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 1, timeoutMs: 2_000, retries: 1 });
  return new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', settleMs: 1 });
}

/** A store holding one case made by the intake from a named complaint, with a staff note and the receipt email's record. */
async function setup(kind: 'local' | 'github', env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-tracking-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const clock = { now: RECEIVED };
  const store = await openStore(kind, dir, clock);
  const outbox = await new Outbox(dir).open();
  cleanups.push(() => outbox.close());
  const intake = new CaseIntake({
    store,
    outbox,
    procedure: async (id) => seedProcedure(id),
    calendarFor: (procedure) => calendarFor(procedure),
    templates: async () => templates,
    assignees: { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } },
    minFillMs: 0,
    // Long enough that the case is made while the test waits, however busy the machine.
    deliveryWaitMs: 60_000,
    log: silentLogger,
  });
  const named = complaint({ email: 'Ann@Example.com' });
  const { reference, queued } = await intake.submit(named, { receivedAt: RECEIVED, shownAt: RECEIVED - 600_000 });
  if (queued) throw new Error('the intake queued the complaint instead of making its case');
  const stored = await store.findByReference(reference);
  if (!stored) throw new Error('the intake made no case');
  await store.addComment(stored.id, STAFF_NOTE);
  const subject = `We have received your complaint ${reference}`;
  await store.addComment(stored.id, renderMailRecord({ id: '3f9a0c1d2e4b5a69', key: `receipt:${reference}`, caseReference: reference, kind: 'receipt', to: 'ann@example.com', subject, status: 'sent', at: RECEIVED + 60_000 }));

  const config = readConfig({ REDRESS_DATA_DIR: dir, REDRESS_TRACKING_SECRET: randomBytes(32).toString('hex'), ...env }, dir);
  const keys = await openTrackingKeys({ config, log: silentLogger });
  const tracking = trackingService({ keys, config, store, procedure: async (id) => seedProcedure(id), calendarFor: (procedure) => calendarFor(procedure), log: silentLogger, now: () => clock.now });
  return { dir, clock, store, tracking, reference, subject, words: named.complaint };
}

function lookupRequest(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/track/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A look-up at the clock's time, answered at once (the least answer time is tested on its own below). */
function lookup(tracking: TrackingService, clock: { now: number }, fields: Record<string, string>, client = '203.0.113.7', headers: Record<string, string> = {}): Promise<LookupAnswer> {
  return handleTrackLookup(lookupRequest(fields, headers), { tracking, client, now: () => clock.now, sleep: async () => undefined });
}

describe.each(['local', 'github'] as const)('tracking with the %s store', (kind) => {
  test('the signed link opens the case’s page: its stage, what is next, the email sent, and never a staff note or what was written', async () => {
    const { tracking, clock, reference, subject, words } = await setup(kind);
    clock.now = RECEIVED + 86_400_000;
    const { token } = tracking.links.sign(reference, clock.now);
    const page = await loadTrackingPage(token, { tracking, now: () => clock.now });
    expect(page).toMatchObject({ kind: 'view', status: 200, expiresAt: clock.now + TRACKING_LINK_MAX_AGE_MS });
    if (page.kind !== 'view') throw new Error(page.kind);
    expect(page.view).toMatchObject({ reference, anonymous: false, stage: { title: 'Stage 1', number: 1, of: 2 } });
    expect(page.view.next).toEqual(['The Co-Ordinator should acknowledge the complaint in writing by Monday 4 January 2027.']);
    expect(page.view.correspondence).toEqual([{ dayText: 'Wednesday 23 December 2026', date: '2026-12-23T10:01:00.000Z', subject, by: 'Email' }]);
    const shown = JSON.stringify(page.view);
    for (const secret of [STAFF_NOTE, 'Bob', words, 'forty minutes', 'Ann Example', 'ann@example.com', 'octocat']) expect(shown).not.toContain(secret);
  });

  test('a link changed, made with another key or for no case opens nothing; one past its time offers the look-up form', async () => {
    const { tracking, clock, reference } = await setup(kind);
    const deps = { tracking, now: () => clock.now };
    const { token, expiresAt } = tracking.links.sign(reference, clock.now);
    expect(await loadTrackingPage(`${token.slice(0, -2)}AA`, deps)).toEqual({ kind: 'invalid', status: 404 });
    expect(await loadTrackingPage(token.replace(reference, UNKNOWN), deps)).toEqual({ kind: 'invalid', status: 404 });
    expect(await loadTrackingPage(undefined, deps)).toEqual({ kind: 'invalid', status: 404 });
    // Signed by this server for a reference no case has (yet): said apart from a bad link, since only the server made it.
    expect(await loadTrackingPage(tracking.links.sign(UNKNOWN, clock.now).token, deps)).toEqual({ kind: 'not-found', status: 404 });
    clock.now = expiresAt;
    expect(await loadTrackingPage(token, deps)).toEqual({ kind: 'expired', status: 410, reference });
  });

  test('the reference and the email address given (in any case) open the page with a fresh signed link', async () => {
    const { tracking, clock, reference } = await setup(kind);
    const answer = await lookup(tracking, clock, { reference: reference.toLowerCase(), email: '  ann@EXAMPLE.com ' });
    expect(answer).toMatchObject({ kind: 'redirect', location: expect.stringMatching(/^\/track\/1\.RDR-[^/]+\/$/) });
    if (answer.kind !== 'redirect') throw new Error('no redirect');
    const token = answer.location.slice('/track/'.length, -1);
    await expect(loadTrackingPage(token, { tracking, now: () => clock.now })).resolves.toMatchObject({ kind: 'view', view: { reference } });
  });

  test('an unknown reference and a known one with another address get the same answer', async () => {
    const { tracking, clock, reference } = await setup(kind);
    const unknown = await lookup(tracking, clock, { reference: UNKNOWN, email: 'ann@example.com' });
    const wrongAddress = await lookup(tracking, clock, { reference, email: 'someone@example.com' });
    const strip = (answer: LookupAnswer) => (answer.kind === 'form' ? { ...answer, values: undefined } : answer);
    expect(strip(unknown)).toEqual({ kind: 'form', status: 404, values: undefined, errors: { form: NOT_FOUND_MESSAGE } });
    expect(strip(wrongAddress)).toEqual(strip(unknown));
    // What was typed is given back, to be corrected.
    expect(wrongAddress).toMatchObject({ values: { reference, email: 'someone@example.com' } });
  });

  test('both answers come after the same least time, whether the reference exists or not', async () => {
    const { tracking, reference } = await setup(kind);
    const timed = async (fields: Record<string, string>) => {
      const started = performance.now();
      const answer = await handleTrackLookup(lookupRequest(fields), { tracking, client: `198.51.100.${Math.random()}`, now: Date.now });
      return { status: answer.kind === 'form' ? answer.status : 303, ms: performance.now() - started };
    };
    const unknown = await timed({ reference: UNKNOWN, email: 'ann@example.com' });
    const wrong = await timed({ reference, email: 'someone@example.com' });
    const right = await timed({ reference, email: 'ann@example.com' });
    expect([unknown.status, wrong.status, right.status]).toEqual([404, 404, 303]);
    for (const { ms } of [unknown, wrong, right]) expect(ms).toBeGreaterThanOrEqual(LOOKUP_ANSWER_MS - 5);
    // Both come within a case read of the floor: nothing long happens for one and not the other.
    expect(Math.abs(unknown.ms - wrong.ms)).toBeLessThan(300);
  });
});

describe('the look-up form', () => {
  test('per client address: the eleventh look-up in ten minutes is refused with how long to wait; another address is not held up', async () => {
    const { tracking, clock, reference } = await setup('local');
    for (let i = 0; i < 10; i += 1) expect(await lookup(tracking, clock, { reference: UNKNOWN, email: `n${i}@example.com` })).toMatchObject({ status: 404 });
    const refused = await lookup(tracking, clock, { reference, email: 'ann@example.com' });
    expect(refused).toMatchObject({ kind: 'form', status: 429, headers: { 'retry-after': '60' }, errors: { form: 'Too many look-ups have been made. Wait 60 seconds and try again.' } });
    expect(await lookup(tracking, clock, { reference, email: 'ann@example.com' }, '203.0.113.8')).toMatchObject({ kind: 'redirect' });
    clock.now += 60_000;
    expect(await lookup(tracking, clock, { reference, email: 'ann@example.com' })).toMatchObject({ kind: 'redirect' });
  });

  test('per reference: guessing addresses for one reference from many connections is held to the reference’s limit', async () => {
    const { tracking, clock, reference } = await setup('local');
    for (let i = 0; i < REFERENCE_LOOKUP_LIMIT.count; i += 1) {
      expect(await lookup(tracking, clock, { reference, email: `guess${i}@example.com` }, `192.0.2.${i}`)).toMatchObject({ status: 404 });
    }
    expect(await lookup(tracking, clock, { reference, email: 'ann@example.com' }, '192.0.2.200')).toMatchObject({ status: 429 });
    // Another reference is not held up by it.
    expect(await lookup(tracking, clock, { reference: UNKNOWN, email: 'ann@example.com' }, '192.0.2.201')).toMatchObject({ status: 404 });
  });

  test('REDRESS_TRACK_RATE_LIMIT=off lifts both limits', async () => {
    const { tracking, clock, reference } = await setup('local', { REDRESS_TRACK_RATE_LIMIT: 'off' });
    for (let i = 0; i < 25; i += 1) expect(await lookup(tracking, clock, { reference, email: `guess${i}@example.com` })).toMatchObject({ status: 404 });
  });

  test.each([
    ['no reference or address', { reference: '', email: '' }, { reference: 'Enter your complaint reference, like RDR-7KX4-M9QP-2TW', email: 'Enter the email address you gave with your complaint' }],
    ['a reference of the wrong shape', { reference: 'RDR-1234', email: 'ann@example.com' }, { reference: expect.stringContaining('RDR-') }],
    ['an address of the wrong shape', { reference: UNKNOWN, email: 'ann at example' }, { email: 'Enter an email address in the correct format, like name@example.com' }],
  ])('%s: 400, naming the field, before anything is looked up or counted', async (_, fields, errors) => {
    const { tracking, clock } = await setup('local');
    for (let i = 0; i < 12; i += 1) expect(await lookup(tracking, clock, fields)).toEqual({ kind: 'form', status: 400, values: fields, errors });
  });

  test('sent from another site, as something other than a form, or too long: refused, nothing looked up', async () => {
    const { tracking, clock, reference } = await setup('local');
    const fields = { reference, email: 'ann@example.com' };
    expect(await lookup(tracking, clock, fields, undefined, { origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await lookup(tracking, clock, fields, undefined, { 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403 });
    expect(await lookup(tracking, clock, fields, undefined, { origin: 'null', 'sec-fetch-site': 'same-site' })).toMatchObject({ status: 403 });
    expect(await lookup(tracking, clock, fields, undefined, { origin: 'null' })).toMatchObject({ status: 403 });
    expect(await lookup(tracking, clock, fields, undefined, { 'content-type': 'application/json' })).toMatchObject({ status: 415 });
    expect(await lookup(tracking, clock, { ...fields, padding: 'x'.repeat(5_000) })).toMatchObject({ status: 413 });
  });

  test('a post from the site’s own page is taken, with its origin or with “null” where the page sends no referrer', async () => {
    const { tracking, clock, reference } = await setup('local');
    const fields = { reference, email: 'ann@example.com' };
    expect(await lookup(tracking, clock, fields, undefined, { origin: 'null', 'sec-fetch-site': 'same-origin' })).toMatchObject({ kind: 'redirect' });
    expect(await lookup(tracking, clock, fields, undefined, { 'sec-fetch-site': 'same-origin' })).toMatchObject({ kind: 'redirect' });
  });

  test('a store that cannot be read is answered 503 and logged, never taken for “not found”', async () => {
    const { tracking, clock, reference } = await setup('local');
    const errors: string[] = [];
    const broken = { ...tracking, matches: () => Promise.reject(new Error('disk on fire')) };
    const answer = await handleTrackLookup(lookupRequest({ reference, email: 'ann@example.com' }), { tracking: broken, client: '203.0.113.7', now: () => clock.now, sleep: async () => undefined, log: { error: (message) => errors.push(message) } });
    expect(answer).toMatchObject({ kind: 'form', status: 503, headers: { 'retry-after': '60' } });
    expect(errors).toEqual(['Could not look up a case for the tracking page']);
  });
});
