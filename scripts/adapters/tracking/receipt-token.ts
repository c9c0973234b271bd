/**
 * Receipt tokens: the server's signature on the receipt page's address, given only to whoever sent the complaint
 * (in the redirect, or the `location` of the JSON answer, of the post that sent it). The page's `ref` and `at` alone
 * can be typed by anyone, so they show only what the procedure promises any complaint received then; with a valid
 * token the page also gives the sender their copy of what they wrote and the link to the case's tracking page.
 *
 * The token also says whether the complaint was anonymous, so the page promises an anonymous complainant no dates
 * (signed, it is trusted even once the token has expired).
 *
 * Form: `1.<expires, seconds since 1970>.<copy id, or "-" when no copy was kept>.<"a" anonymous, "n" named>.<HMAC,
 * base64url>`, the HMAC (under the tracking secret, cut to 128 bits) covering the procedure, the reference, the time
 * of receipt and the rest of the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How long the receipt page keeps offering the copy and the tracking link: the receipt page is for the moment after
 * sending, long enough to print or download the copy, and short enough that the address, left in a shared
 * computer's history, soon shows no more than the reference and the dates.
 */
export const RECEIPT_TOKEN_MAX_AGE_MS = 60 * 60_000;

const TOKEN = /^1\.(\d{1,12})\.([0-9a-f]{32}|-)\.([an])\.([A-Za-z0-9_-]{22})$/;

/** What a receipt's address says, and what the token is checked against. */
export interface ReceiptAddress {
  procedure: string;
  reference: string;
  /** The `at` of the address, as written there. */
  at: string;
}

export type ReceiptTokenCheck =
  | { ok: true; copyId?: string; anonymous: boolean; expiresAt: number }
  /** Made by this server for this receipt, past its time: what it says is still true, but it opens nothing more. */
  | { ok: false; problem: 'expired'; anonymous: boolean }
  | { ok: false; problem: 'missing' | 'invalid' };

export class ReceiptTokens {
  readonly #secret: Uint8Array;
  readonly maxAgeMs: number;

  constructor({ secret, maxAgeMs = RECEIPT_TOKEN_MAX_AGE_MS }: { secret: Uint8Array; maxAgeMs?: number }) {
    if (secret.length < 32) throw new RangeError('A tracking secret is at least 32 bytes.');
    this.#secret = secret;
    this.maxAgeMs = maxAgeMs;
  }

  sign(address: ReceiptAddress & { copyId?: string; anonymous: boolean }, now: number): string {
    const expires = Math.ceil((now + this.maxAgeMs) / 1000);
    const copy = address.copyId ?? '-';
    const identity = address.anonymous ? 'a' : 'n';
    return `1.${expires}.${copy}.${identity}.${this.#mac(address, expires, copy, identity).toString('base64url')}`;
  }

  check(address: ReceiptAddress, token: unknown, now: number): ReceiptTokenCheck {
    if (token === undefined || token === null || token === '') return { ok: false, problem: 'missing' };
    const match = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!match) return { ok: false, problem: 'invalid' };
    const [, expiresText = '', copy = '', identity = '', mac = ''] = match;
    const expires = Number(expiresText);
    const given = Buffer.from(mac, 'base64url');
    // One spelling per token: base64 leaves the last character's low bits free, which would let a token be varied.
    if (given.toString('base64url') !== mac) return { ok: false, problem: 'invalid' };
    const expected = this.#mac(address, expires, copy, identity);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalid' };
    const anonymous = identity === 'a';
    if (expires * 1000 <= now) return { ok: false, problem: 'expired', anonymous };
    return { ok: true, anonymous, expiresAt: expires * 1000, ...(copy === '-' ? {} : { copyId: copy }) };
  }

  #mac({ procedure, reference, at }: ReceiptAddress, expires: number, copy: string, identity: string): Buffer {
    // JSON keeps the parts apart; the label keeps these signatures apart from the tracking links made with the key.
    return createHmac('sha256', this.#secret).update(JSON.stringify(['redress-receipt/1', procedure, reference, at, expires, copy, identity])).digest().subarray(0, 16);
  }
}
