/**
 * A tiny, dependency-free content hash for labelling data versions.
 *
 * Calendar versions carry a hash of the data behind them so that an auditor can tell whether a
 * timeline was computed with the same holidays and closures. This identifies; it does not protect
 * (no adversary chooses the input), so 32-bit FNV-1a is enough and runs the same in the browser.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * 32-bit FNV-1a of the UTF-8 bytes of `text`, as 8 lowercase hex digits.
 *
 * @example
 * fnv1aHash('');       // => '811c9dc5'
 * fnv1aHash('a');      // => 'e40c292c'
 * fnv1aHash('foobar'); // => 'bf9cf968'
 */
export function fnv1aHash(text: string): string {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
