/**
 * Tracking links: the server's signature on a case reference and the time the link stops working, so that the
 * link in a receipt email (or on an anonymous complainant's receipt page) opens that case's tracking page and no
 * other. A token is an HMAC-SHA256, under a key only the server holds (tracking-secret.ts), cut to 128 bits, which
 * is as hard to forge and keeps the link short enough for an email line.
 *
 * The reference alone opens nothing: it is no secret (it is in every letter, in the case's title, in the ledger's
 * file names and commit messages). Replacing the key withdraws every link at once.
 *
 * Form: `1.<reference>.<expires, seconds since 1970>.<HMAC, base64url>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isReference } from '../../core/complaint/reference.ts';

const DAY_MS = 86_400_000;

/**
 * How long a link from a receipt email works: long enough for a case to run through its stages (a two-stage
 * procedure with its windows takes about three months), short enough that an old email, forwarded or found in a
 * mailbox years later, no longer opens the case. After it, the reference and the email address open the page again,
 * with a new link.
 */
export const TRACKING_LINK_MAX_AGE_MS = 90 * DAY_MS;

/**
 * How long an anonymous complainant's link works. They have no email address to open the page again with, so
 * theirs lasts a year; their page shows less (where the case stands, never a date it promises).
 */
export const ANONYMOUS_TRACKING_LINK_MAX_AGE_MS = 365 * DAY_MS;

const TOKEN = /^1\.(RDR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/;

export type TrackingLinkCheck =
  | { ok: true; reference: string; expiresAt: number }
  /** Made by this server, for this reference, but past its time: the person may open the page again another way. */
  | { ok: false; problem: 'expired'; reference: string }
  | { ok: false; problem: 'invalid' };

export class TrackingLinks {
  readonly #secret: Uint8Array;

  constructor({ secret }: { secret: Uint8Array }) {
    if (secret.length < 32) throw new RangeError('A tracking secret is at least 32 bytes.');
    this.#secret = secret;
  }

  /** A token for `reference`, made at `now`, that works for `maxAgeMs` (rounded up to the second). */
  sign(reference: string, now: number, maxAgeMs: number = TRACKING_LINK_MAX_AGE_MS): { token: string; expiresAt: number } {
    if (!isReference(reference)) throw new RangeError(`"${reference}" is not a case reference.`);
    const expires = Math.ceil((now + maxAgeMs) / 1000);
    return { token: `1.${reference}.${expires}.${this.#mac(reference, expires).toString('base64url')}`, expiresAt: expires * 1000 };
  }

  /**
   * Whether `token` was made by this server (with its key as it is now), and for which reference. The signature is
   * checked before the time, so "expired" is only ever said of a link the server made.
   */
  check(token: unknown, now: number): TrackingLinkCheck {
    const match = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!match) return { ok: false, problem: 'invalid' };
    const [, reference = '', expiresText = '', mac = ''] = match;
    if (!isReference(reference)) return { ok: false, problem: 'invalid' };
    const expires = Number(expiresText);
    const given = Buffer.from(mac, 'base64url');
    // One spelling per token: base64 leaves the last character's low bits free, which would let a token be varied.
    if (given.toString('base64url') !== mac) return { ok: false, problem: 'invalid' };
    const expected = this.#mac(reference, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalid' };
    if (expires * 1000 <= now) return { ok: false, problem: 'expired', reference };
    return { ok: true, reference, expiresAt: expires * 1000 };
  }

  #mac(reference: string, expires: number): Buffer {
    // JSON keeps the parts apart; the label keeps these signatures apart from any other the key makes.
    return createHmac('sha256', this.#secret).update(JSON.stringify(['redress-tracking-link/1', reference, expires])).digest().subarray(0, 16);
  }
}
