import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  checkCharacter,
  createReference,
  isReference,
  parseReference,
  REFERENCE_ALPHABET,
  REFERENCE_RANDOM_LENGTH,
} from '../../scripts/core/complaint/reference.ts';

const secure = (length: number) => new Uint8Array(randomBytes(length));

/** A source that replays the given bytes, so a reference can be written down in a test. */
function replay(...bytes: number[]) {
  let next = 0;
  return (length: number) => Uint8Array.from({ length }, () => bytes[next++ % bytes.length] ?? 0);
}

describe('the alphabet', () => {
  test('has 30 characters, none of them easily confused', () => {
    expect(REFERENCE_ALPHABET).toHaveLength(30);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(30);
    for (const confusable of '01ILOU') expect(REFERENCE_ALPHABET).not.toContain(confusable);
    expect(REFERENCE_ALPHABET).toBe(REFERENCE_ALPHABET.toUpperCase());
  });
});

describe('createReference', () => {
  test('formats ten random characters and a check character as RDR-XXXX-XXXX-XXC', () => {
    const reference = createReference(secure);
    expect(reference).toMatch(/^RDR-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{3}$/);
    expect(isReference(reference)).toBe(true);
  });

  test('is a pure function of its random source', () => {
    // bytes 7, 18, 27, 2, … index the alphabet: 9, M, X, 4, …
    expect(createReference(replay(7, 18, 27, 2, 10, 7, 21, 14, 0, 16))).toBe('RDR-9MX4-C9QG-2JZ');
  });

  test('discards bytes 240 to 255 so that every character is equally likely', () => {
    // 240 % 30 would be 0 ("2") again: a biased draw. It is skipped, and the 5 after it ("7") is used.
    expect(createReference(replay(240, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)).slice(0, 8)).toBe('RDR-7777');
  });

  test('is unique over 100,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) seen.add(createReference(secure));
    expect(seen.size).toBe(100_000);
  });
});

describe('parseReference', () => {
  const reference = createReference(replay(3, 9, 14, 29, 0, 21, 11, 6, 25, 17));
  const compact = reference.replace(/^RDR-|-/g, '');

  test.each([
    ['as printed', reference],
    ['in lower case', reference.toLowerCase()],
    ['with spaces', `RDR ${compact.slice(0, 4)} ${compact.slice(4, 8)} ${compact.slice(8)}`],
    ['without the prefix', compact],
    ['with an en dash', reference.replace(/-/g, '–')],
  ])('reads a reference %s', (_how, text) => {
    expect(parseReference(text)).toEqual({ ok: true, reference });
  });

  test('catches every single mistyped character', () => {
    for (let position = 0; position < compact.length; position += 1) {
      for (const wrong of REFERENCE_ALPHABET) {
        if (wrong === compact[position]) continue;
        const typo = compact.slice(0, position) + wrong + compact.slice(position + 1);
        expect(parseReference(typo).ok, typo).toBe(false);
      }
    }
  });

  test('catches almost every swap of two neighbouring characters', () => {
    let swaps = 0;
    let caught = 0;
    for (let draw = 0; draw < 2_000; draw += 1) {
      const body = createReference(secure).replace(/^RDR-|-/g, '');
      for (let i = 0; i < body.length - 1; i += 1) {
        if (body[i] === body[i + 1]) continue;
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        swaps += 1;
        if (!parseReference(swapped).ok) caught += 1;
      }
    }
    // Luhn mod 30 misses only the swaps of one pair of characters whose doubled values wrap the same way.
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  test('explains a reference of the wrong length', () => {
    expect(parseReference('RDR-7KX4-M9QP')).toEqual({ ok: false, message: expect.stringMatching(/^A reference has 11 letters and numbers/) });
  });

  test('names a character references never contain', () => {
    expect(parseReference(`${compact.slice(0, 10)}0`)).toEqual({ ok: false, message: expect.stringContaining('"0"') });
    expect(parseReference(`O${compact.slice(1)}`)).toEqual({ ok: false, message: expect.stringContaining('"O"') });
  });

  test('check character: the documented example', () => {
    expect(checkCharacter('7KX4M9QP2T')).toBe('W');
    expect(parseReference('RDR-7KX4-M9QP-2TW').ok).toBe(true);
  });

  test('isReference accepts only the printed form', () => {
    expect(isReference(reference)).toBe(true);
    expect(isReference(reference.toLowerCase())).toBe(false);
    expect(REFERENCE_RANDOM_LENGTH).toBe(10);
  });
});
