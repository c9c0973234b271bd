/**
 * Form tokens: the server's signature on when a complaint form was shown, so the minimum fill time rests on a time
 * the server chose rather than one the client sends. A token is an HMAC-SHA256, under a secret only the server
 * holds (form-secret.ts), of the procedure, the form's submission id and the time it was shown; a token made for
 * one form is worthless for another, and nobody without the secret can make one that says "shown long ago".
 *
 * Form: `1.<shown at, ms since 1970>.<HMAC, base64url>`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { LOOKUP_WINDOW_MS } from '../../core/intake/plan-new-case.ts';

/**
 * How long a form stays valid after it is shown. The same as the store's look-up window for an earlier creation
 * of a case: a resubmission with a valid token then always falls inside it, so it is never taken for new.
 */
export const FORM_TOKEN_MAX_AGE_MS = LOOKUP_WINDOW_MS;

/** How far ahead of this server's clock a token may say it was made (another server's clock, a little fast). */
const CLOCK_SKEW_MS = 60_000;

const TOKEN = /^1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

/** What a form carries to prove when it was shown: the fields a page or a JSON client sends with the complaint. */
export interface IssuedForm {
  procedure: string;
  /** A new submission id: the token is valid for this form only. */
  submissionId: string;
  /** When the form was shown (ISO 8601), as the token says. */
  renderedAt: string;
  formToken: string;
}

export type FormTokenCheck = { ok: true; shownAt: number } | { ok: false; problem: 'missing' | 'invalid' | 'expired' };

export interface FormTokensOptions {
  /** The key: at least 32 bytes that only the server knows. */
  secret: Uint8Array;
  /** The minimum fill time; 0 turns the check off, and with it the need for a token. */
  minFillMs: number;
  maxAgeMs?: number;
  /** New submission ids (random UUIDs unless a test says otherwise). */
  newId?: () => string;
}

export class FormTokens {
  readonly #secret: Uint8Array;
  readonly #newId: () => string;
  readonly minFillMs: number;
  readonly maxAgeMs: number;

  constructor(options: FormTokensOptions) {
    if (options.secret.length < 32) throw new RangeError('A form secret is at least 32 bytes.');
    this.#secret = options.secret;
    this.#newId = options.newId ?? randomUUID;
    this.minFillMs = options.minFillMs;
    this.maxAgeMs = options.maxAgeMs ?? FORM_TOKEN_MAX_AGE_MS;
  }

  /** Whether web submissions must carry a valid token: only while there is a minimum fill time to enforce. */
  get required(): boolean {
    return this.minFillMs > 0;
  }

  /** A new form for `procedure`, shown at `now`: a fresh submission id and the token for it. */
  issue(procedure: string, now: number): IssuedForm {
    const submissionId = this.#newId();
    return { procedure, submissionId, renderedAt: new Date(now).toISOString(), formToken: this.sign({ procedure, submissionId, shownAt: now }) };
  }

  sign({ procedure, submissionId, shownAt }: { procedure: string; submissionId: string; shownAt: number }): string {
    return `1.${shownAt}.${this.#mac(procedure, submissionId, shownAt).toString('base64url')}`;
  }

  /**
   * Whether `formToken` was made by this server for this procedure and submission id, and when, as of `now`.
   * The signature is checked before the age, so "expired" is only ever said of a token the server made.
   */
  check({ procedure, submissionId, formToken }: { procedure: unknown; submissionId: unknown; formToken: unknown }, now: number): FormTokenCheck {
    if (typeof formToken !== 'string' || formToken === '') return { ok: false, problem: 'missing' };
    const match = TOKEN.exec(formToken);
    if (!match || typeof procedure !== 'string' || typeof submissionId !== 'string') return { ok: false, problem: 'invalid' };
    const shownAt = Number(match[1]);
    const given = Buffer.from(match[2] as string, 'base64url');
    const expected = this.#mac(procedure, submissionId, shownAt);
    // One spelling per token: base64 leaves the last character's low bits free, which would let a token be varied.
    if (given.toString('base64url') !== match[2]) return { ok: false, problem: 'invalid' };
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalid' };
    if (shownAt > now + CLOCK_SKEW_MS) return { ok: false, problem: 'invalid' };
    if (now - shownAt > this.maxAgeMs) return { ok: false, problem: 'expired' };
    return { ok: true, shownAt };
  }

  #mac(procedure: string, submissionId: string, shownAt: number): Buffer {
    // JSON keeps the parts apart: no choice of procedure and id can spell another pair's message.
    return createHmac('sha256', this.#secret).update(JSON.stringify(['redress-form-token/1', procedure, submissionId, shownAt])).digest();
  }
}
