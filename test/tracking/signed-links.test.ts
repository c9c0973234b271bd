/**
 * The links that open a complainant's pages: tracking links (a case's page, for months) and receipt tokens (their
 * copy and link on the receipt page, for an hour). Only the server's key makes them; any change to one, a link made
 * for another case, or one past its time opens nothing; replacing the key withdraws them all.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ReceiptTokens, RECEIPT_TOKEN_MAX_AGE_MS } from '../../scripts/adapters/tracking/receipt-token.ts';
import { ANONYMOUS_TRACKING_LINK_MAX_AGE_MS, TRACKING_LINK_MAX_AGE_MS, TrackingLinks } from '../../scripts/adapters/tracking/tracking-link.ts';
import { loadTrackingSecret, TRACKING_SECRET_FILE } from '../../scripts/adapters/tracking/tracking-secret.ts';

const NOW = Date.parse('2026-12-23T10:00:00Z');
const REFERENCE = 'RDR-7KX4-M9QP-2TW';
const OTHER = 'RDR-2345-6789-ABX';
const secret = randomBytes(32);
const links = new TrackingLinks({ secret });

/** Every token that differs from `token` in one character, within the characters a token is written in. */
function oneCharacterChanges(token: string): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  const changed = new Set<string>();
  for (let i = 0; i < token.length; i += 1) {
    for (const c of alphabet) if (c !== token[i]) changed.add(token.slice(0, i) + c + token.slice(i + 1));
  }
  return [...changed];
}

describe('tracking links', () => {
  test('a link opens its own case until it expires: 90 days, or a year for an anonymous complainant', () => {
    const { token, expiresAt } = links.sign(REFERENCE, NOW);
    expect(token).toMatch(/^1\.RDR-7KX4-M9QP-2TW\.\d+\.[A-Za-z0-9_-]{22}$/);
    expect(expiresAt).toBe(NOW + TRACKING_LINK_MAX_AGE_MS);
    expect(links.check(token, NOW)).toEqual({ ok: true, reference: REFERENCE, expiresAt });
    expect(links.check(token, expiresAt - 1)).toMatchObject({ ok: true });
    expect(links.check(token, expiresAt)).toEqual({ ok: false, problem: 'expired', reference: REFERENCE });
    expect(links.sign(REFERENCE, NOW, ANONYMOUS_TRACKING_LINK_MAX_AGE_MS).expiresAt).toBe(NOW + 365 * 86_400_000);
  });

  test('any one character changed, anywhere in the link, opens nothing (and is never taken for expired)', () => {
    const { token } = links.sign(REFERENCE, NOW);
    const answers = new Set(oneCharacterChanges(token).map((changed) => JSON.stringify(links.check(changed, NOW))));
    expect([...answers]).toEqual([JSON.stringify({ ok: false, problem: 'invalid' })]);
  });

  test('the reference swapped for another, or a later expiry written in, opens nothing', () => {
    const { token } = links.sign(REFERENCE, NOW);
    expect(links.check(token.replace(REFERENCE, OTHER), NOW)).toEqual({ ok: false, problem: 'invalid' });
    const [version, reference, expires, mac] = token.split('.');
    expect(links.check([version, reference, Number(expires) + 86_400 * 365, mac].join('.'), NOW)).toEqual({ ok: false, problem: 'invalid' });
    // Cut short, padded, or not a string at all.
    for (const bad of [token.slice(0, -1), `${token}A`, `${token}.`, '', undefined, 42, `0${token.slice(1)}`]) expect(links.check(bad, NOW)).toEqual({ ok: false, problem: 'invalid' });
  });

  test('a link made with another key, or before the key was replaced, opens nothing', () => {
    const { token } = links.sign(REFERENCE, NOW);
    expect(new TrackingLinks({ secret: randomBytes(32) }).check(token, NOW)).toEqual({ ok: false, problem: 'invalid' });
  });

  test('only references are signed, and only with a key of 32 bytes or more', () => {
    expect(() => links.sign('RDR-7KX4-M9QP-2TX', NOW)).toThrow('not a case reference');
    expect(() => new TrackingLinks({ secret: randomBytes(31) })).toThrow('at least 32 bytes');
  });
});

describe('receipt tokens', () => {
  const receipts = new ReceiptTokens({ secret });
  const address = { procedure: 'ceccc', reference: REFERENCE, at: '2026-12-23T10:00:00.000Z' };
  const copyId = 'a'.repeat(32);

  test('open the copy for an hour, and say whether the complaint was anonymous even after', () => {
    const token = receipts.sign({ ...address, copyId, anonymous: true }, NOW);
    expect(receipts.check(address, token, NOW)).toEqual({ ok: true, copyId, anonymous: true, expiresAt: NOW + RECEIPT_TOKEN_MAX_AGE_MS });
    expect(receipts.check(address, token, NOW + RECEIPT_TOKEN_MAX_AGE_MS)).toEqual({ ok: false, problem: 'expired', anonymous: true });
    expect(receipts.check(address, receipts.sign({ ...address, anonymous: false }, NOW), NOW)).toEqual({ ok: true, anonymous: false, expiresAt: NOW + RECEIPT_TOKEN_MAX_AGE_MS });
  });

  test('a token is good for its own receipt only: another reference, procedure or time of receipt opens nothing', () => {
    const token = receipts.sign({ ...address, copyId, anonymous: false }, NOW);
    for (const other of [{ ...address, reference: OTHER }, { ...address, procedure: 'cecops' }, { ...address, at: '2026-12-23T10:00:01.000Z' }]) {
      expect(receipts.check(other, token, NOW)).toEqual({ ok: false, problem: 'invalid' });
    }
  });

  test('any one character changed opens nothing: a named complaint cannot be made to read as anonymous, nor another copy named', () => {
    const token = receipts.sign({ ...address, copyId, anonymous: false }, NOW);
    const answers = new Set(oneCharacterChanges(token).map((changed) => JSON.stringify(receipts.check(address, changed, NOW))));
    expect([...answers]).toEqual([JSON.stringify({ ok: false, problem: 'invalid' })]);
    expect(receipts.check(address, null, NOW)).toEqual({ ok: false, problem: 'missing' });
    // A tracking link is not a receipt token, though the same key signs both.
    expect(receipts.check(address, links.sign(REFERENCE, NOW).token, NOW)).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('the tracking secret', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('made once in the data directory, readable by this account only, and kept across restarts', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'redress-tracking-secret-'));
    const first = await loadTrackingSecret({ dataDir: dir });
    expect(first.secret).toHaveLength(32);
    expect((await stat(path.join(dir, TRACKING_SECRET_FILE))).mode & 0o777).toBe(0o600);
    expect((await loadTrackingSecret({ dataDir: dir })).secret.equals(first.secret)).toBe(true);
  });

  test('configured, it is used as given and nothing is written; a damaged file is named, with how to replace it', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'redress-tracking-secret-'));
    const configured = 'f'.repeat(8) + '0123456789abcdef0123456789abcdef';
    expect((await loadTrackingSecret({ dataDir: dir, configured })).secret.toString('utf8')).toBe(configured);
    await expect(readFile(path.join(dir, TRACKING_SECRET_FILE))).rejects.toThrow('ENOENT');
    await writeFile(path.join(dir, TRACKING_SECRET_FILE), 'password\n', { mode: 0o600 });
    await expect(loadTrackingSecret({ dataDir: dir })).rejects.toThrow(
      `${path.join(dir, TRACKING_SECRET_FILE)} does not hold a tracking secret (64 hex digits). Delete it to have a new one made (every tracking link sent until then stops working), or set REDRESS_TRACKING_SECRET.`,
    );
  });
});
