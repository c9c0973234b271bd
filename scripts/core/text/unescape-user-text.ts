/**
 * The text a person wrote, back from the form escapeUserText gave it for GitHub: for reading in a terminal,
 * where Markdown means nothing and `jane&#64;&#8203;example.org` should read `jane@example.org`.
 *
 * What escaping removed for good stays removed (control characters, leading spaces, runs of blank lines), and an
 * invisible character stays shown by its code point ("[U+202E]"): written out raw, a bidirectional override would
 * reorder the terminal's line just as it would a web page.
 *
 * @example
 * unescapeUserText('&#64;&#8203;admin see &#35;&#8203;12 &lt;img src&#61;x&gt; \\*\\*now\\*\\*<br>\n&#47;close')
 * //=> '@admin see #12 <img src=x> **now**\n/close'
 */
export function unescapeUserText(text: string): string {
  return text.replace(TOKEN, (token, codePoint: string | undefined, decimal: string | undefined, named: string | undefined, escaped: string | undefined) => {
    if (token === ZWSP) return '';
    if (codePoint !== undefined) return `[U+${codePoint}]`;
    if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
    if (named !== undefined) return NAMED[named] ?? token;
    if (escaped !== undefined) return escaped;
    return '\n';
  });
}

const ZWSP = '&#8203;';
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };
// The zero-width space escaping adds, an invisible character's code point, a character reference, a backslash
// escape, or a line break. One pass, so that text which itself looks like an escape ("&amp;#64;") comes back as typed.
const TOKEN = /&#8203;|&#91;U\+([0-9A-F]{4,6})&#93;|&#(\d{1,7});|&(amp|lt|gt|quot);|\\([\\`*_{}[\]()!|~^+\-.#&<>"@:=/])|<br>\n/g;
