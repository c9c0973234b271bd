/**
 * Cuts escaped Markdown into parts of at most `limit` characters without breaking what the escaping made: a cut
 * falls at a line break when there is one, and never inside a character reference ("&#64;") or after the
 * backslash of an escaped character.
 *
 * @example
 * splitLongText('one<br>\ntwo<br>\nthree', 12) //=> ['one<br>\n', 'two<br>\n', 'three']
 */
export function splitLongText(text: string, limit: number): string[] {
  if (limit < 32) throw new RangeError('A part must hold at least 32 characters.');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit - 1) + 1;
    if (cut < limit / 2) cut = safeCut(rest, limit);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** A cut at most `limit` characters in that splits no reference, escape or surrogate pair. */
function safeCut(text: string, limit: number): number {
  let cut = limit;
  // Character references are at most 16 characters ("&#91;U+200B&#93;" is two); back off to before an open one.
  const ampersand = text.lastIndexOf('&', cut - 1);
  if (ampersand >= 0 && cut - ampersand < 16 && !text.slice(ampersand, cut).includes(';')) cut = ampersand;
  const tag = text.lastIndexOf('<', cut - 1);
  if (tag >= 0 && cut - tag < 5 && !text.slice(tag, cut).includes('>')) cut = tag;
  // An odd run of backslashes before the cut means the last one escapes the character after the cut.
  let slashes = 0;
  while (cut - slashes - 1 >= 0 && text[cut - slashes - 1] === '\\') slashes += 1;
  if (slashes % 2 === 1) cut -= 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}
