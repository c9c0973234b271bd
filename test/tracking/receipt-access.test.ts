/**
 * What a receipt page's address opens: with the sender's token, their copy (while it is kept) and the tracking link;
 * with the token of another receipt, an expired one or none, nothing but what any receipt shows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openReceipt } from '../../scripts/adapters/tracking/receipt-access.ts';
import { RECEIPT_COPIES_DIR, ReceiptCopies } from '../../scripts/adapters/tracking/receipt-copies.ts';
import { RECEIPT_TOKEN_MAX_AGE_MS, ReceiptTokens } from '../../scripts/adapters/tracking/receipt-token.ts';
import { ANONYMOUS_TRACKING_LINK_MAX_AGE_MS, TRACKING_LINK_MAX_AGE_MS, TrackingLinks } from '../../scripts/adapters/tracking/tracking-link.ts';

const NOW = Date.parse('2026-12-23T10:00:00Z');
const REFERENCE = 'RDR-7KX4-M9QP-2TW';
const AT = '2026-12-23T10:00:00.000Z';
const secret = randomBytes(32);

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function setup() {
  dir = await mkdtemp(path.join(os.tmpdir(), 'redress-receipt-'));
  const clock = { now: NOW };
  const tracking = { receipts: new ReceiptTokens({ secret }), links: new TrackingLinks({ secret }), copies: new ReceiptCopies({ dataDir: dir, now: () => clock.now }) };
  const copyId = await tracking.copies.keep({ procedure: 'ceccc', reference: REFERENCE, receivedAt: AT, text: 'What you told us: the handover was late.', sections: [{ heading: 'Your complaint', items: [{ label: 'Your complaint', text: 'The handover was late.', long: true }] }] });
  return { tracking, clock, copyId, dir };
}

describe('the receipt page’s address', () => {
  test('with the sender’s token: the copy and a tracking link for the case, until the token expires', async () => {
    const { tracking, clock, copyId } = await setup();
    const token = tracking.receipts.sign({ procedure: 'ceccc', reference: REFERENCE, at: AT, copyId, anonymous: false }, NOW);
    const access = await openReceipt(tracking, { procedure: 'ceccc', reference: REFERENCE, at: AT, token, now: clock.now });
    expect(access).toMatchObject({ anonymous: false, copy: { state: 'kept', stored: { reference: REFERENCE, text: 'What you told us: the handover was late.' } }, openUntil: NOW + RECEIPT_TOKEN_MAX_AGE_MS });
    const link = access.tracking?.path.slice('/track/'.length, -1);
    expect(tracking.links.check(link, clock.now)).toEqual({ ok: true, reference: REFERENCE, expiresAt: NOW + TRACKING_LINK_MAX_AGE_MS });

    clock.now = NOW + RECEIPT_TOKEN_MAX_AGE_MS;
    expect(await openReceipt(tracking, { procedure: 'ceccc', reference: REFERENCE, at: AT, token, now: clock.now })).toEqual({ anonymous: false, copy: { state: 'closed' } });
  });

  test('without a token, or with one for another receipt, nothing is opened', async () => {
    const { tracking, copyId } = await setup();
    const token = tracking.receipts.sign({ procedure: 'ceccc', reference: REFERENCE, at: AT, copyId, anonymous: false }, NOW);
    for (const address of [{ procedure: 'cecops', at: AT }, { procedure: 'ceccc', at: '2026-12-23T10:00:01.000Z' }]) {
      expect(await openReceipt(tracking, { ...address, reference: REFERENCE, token, now: NOW })).toEqual({ anonymous: false, copy: { state: 'closed' } });
    }
    expect(await openReceipt(tracking, { procedure: 'ceccc', reference: REFERENCE, at: AT, token: null, now: NOW })).toEqual({ anonymous: false, copy: { state: 'closed' } });
  });

  test('an anonymous sender’s link lasts a year, and the page still knows them anonymous once the token has expired', async () => {
    const { tracking } = await setup();
    const token = tracking.receipts.sign({ procedure: 'ceccc', reference: REFERENCE, at: AT, anonymous: true }, NOW);
    const access = await openReceipt(tracking, { procedure: 'ceccc', reference: REFERENCE, at: AT, token, now: NOW });
    expect(access).toMatchObject({ anonymous: true, copy: { state: 'gone' } });
    expect(tracking.links.check(access.tracking?.path.slice('/track/'.length, -1), NOW)).toMatchObject({ ok: true, expiresAt: NOW + ANONYMOUS_TRACKING_LINK_MAX_AGE_MS });
    expect(await openReceipt(tracking, { procedure: 'ceccc', reference: REFERENCE, at: AT, token, now: NOW + RECEIPT_TOKEN_MAX_AGE_MS })).toEqual({ anonymous: true, copy: { state: 'closed' } });
  });

  test('a copy is kept readable by this account only, and deleted once past its time', async () => {
    const { tracking, clock, copyId, dir } = await setup();
    const folder = path.join(dir, RECEIPT_COPIES_DIR);
    expect((await stat(path.join(folder, `${copyId}.json`))).mode & 0o777).toBe(0o600);
    expect(await tracking.copies.read('../../etc/passwd')).toBeUndefined();
    clock.now = NOW + RECEIPT_TOKEN_MAX_AGE_MS;
    expect(await tracking.copies.read(copyId)).toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
  });
});
