/**
 * Complaint references: short enough to read over the phone, unambiguous to type, unique without a central
 * counter, and self-checking so that a mistyped reference is caught rather than matched to someone else's case.
 *
 * Ten random characters from a 30-character alphabet (about 49 bits) make a clash between two references
 * vanishingly unlikely (under one in a million after 30,000 complaints). An eleventh character is a Luhn mod 30
 * check character: it catches every single mistyped character and almost every swap of two neighbours.
 */

/** Digits and capitals without 0, O, 1, I, L and U: the characters people confuse with each other or misread. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Marks a Redress reference in an email or a phone call. */
export const REFERENCE_PREFIX = 'RDR';

/** Random characters in a reference, before the check character. */
export const REFERENCE_RANDOM_LENGTH = 10;

/** A formatted reference: "RDR-7KX4-M9QP-2TW" (the last character is the check character). */
export type Reference = `${typeof REFERENCE_PREFIX}-${string}`;

/** A source of random bytes, such as `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (length: number) => Uint8Array;

const BASE = REFERENCE_ALPHABET.length;
/** Bytes at or above this are discarded, so every character is equally likely (256 is not a multiple of 30). */
const UNBIASED_LIMIT = 256 - (256 % BASE);

/**
 * A new reference from the given source of randomness.
 *
 * @example
 * createReference((n) => crypto.getRandomValues(new Uint8Array(n))) //=> e.g. 'RDR-7KX4-M9QP-2TW'
 */
export function createReference(randomBytes: RandomBytes): Reference {
  let body = '';
  while (body.length < REFERENCE_RANDOM_LENGTH) {
    for (const byte of randomBytes(REFERENCE_RANDOM_LENGTH)) {
      if (byte >= UNBIASED_LIMIT) continue;
      body += REFERENCE_ALPHABET[byte % BASE];
      if (body.length === REFERENCE_RANDOM_LENGTH) break;
    }
  }
  return format(body + checkCharacter(body));
}

/**
 * The Luhn mod N check character of `body` (characters of the reference alphabet).
 *
 * @example
 * checkCharacter('7KX4M9QP2T') //=> 'W'
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    sum += luhnAddend(codePoint(body[i] ?? ''), factor);
    factor = factor === 2 ? 1 : 2;
  }
  return REFERENCE_ALPHABET[(BASE - (sum % BASE)) % BASE] ?? '';
}

export type ParsedReference = { ok: true; reference: Reference } | { ok: false; message: string };

/**
 * Reads a reference as a person typed or said it: any case, with or without the prefix, spaces or hyphens.
 * The messages are written for the person who typed it.
 *
 * @example
 * parseReference(' rdr 7kx4 m9qp 2tw ') //=> { ok: true, reference: 'RDR-7KX4-M9QP-2TW' }
 * parseReference('RDR-7KX4-M9QP-2TX')   //=> { ok: false, message: 'This reference has a mistake in it: check each character.' }
 */
export function parseReference(text: string): ParsedReference {
  const upper = text.trim().toUpperCase();
  let compact = upper.replace(/[\s\-–—]/g, '');
  // The prefix is there if it is set apart ("RDR-…", "RDR …") or if the rest is exactly a reference's length.
  const separated = new RegExp(`^${REFERENCE_PREFIX}[\\s\\-–—]`).test(upper);
  if (compact.startsWith(REFERENCE_PREFIX) && (separated || compact.length === REFERENCE_PREFIX.length + REFERENCE_RANDOM_LENGTH + 1)) {
    compact = compact.slice(REFERENCE_PREFIX.length);
  }
  if (compact.length !== REFERENCE_RANDOM_LENGTH + 1) {
    return { ok: false, message: `A reference has ${REFERENCE_RANDOM_LENGTH + 1} letters and numbers after ${REFERENCE_PREFIX}, like RDR-7KX4-M9QP-2TW.` };
  }
  const stray = [...compact].find((character) => !REFERENCE_ALPHABET.includes(character));
  if (stray !== undefined) {
    return { ok: false, message: `References never contain "${stray}": they use the digits 2 to 9 and letters other than I, L, O and U.` };
  }
  const body = compact.slice(0, REFERENCE_RANDOM_LENGTH);
  if (checkCharacter(body) !== compact.slice(REFERENCE_RANDOM_LENGTH)) {
    return { ok: false, message: 'This reference has a mistake in it: check each character.' };
  }
  return { ok: true, reference: format(compact) };
}

/** Whether `text` is a well-formed reference with a matching check character. */
export function isReference(text: string): text is Reference {
  const parsed = parseReference(text);
  return parsed.ok && parsed.reference === text;
}

function format(compact: string): Reference {
  return `${REFERENCE_PREFIX}-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

function codePoint(character: string): number {
  return REFERENCE_ALPHABET.indexOf(character);
}

function luhnAddend(value: number, factor: number): number {
  const product = value * factor;
  return Math.floor(product / BASE) + (product % BASE);
}
