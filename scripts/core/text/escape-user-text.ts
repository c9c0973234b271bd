/**
 * Makes text a member of the public wrote safe to place in GitHub-flavoured Markdown: it reads the same, but cannot
 * mention anyone, link an issue, run HTML, load an image or change the layout of the page around it.
 */

// Characters that start or end markup, mentions, references, links or HTML, and what stands in for each.
// GitHub finds @mentions, #references and bare links in the text *after* decoding character references, so a
// reference alone does not stop them: a zero-width space (written &#8203;, so the source shows it) after "@", "#"
// and ":" breaks the pattern while the text reads the same.
const ZWSP = '&#8203;';
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '@': `&#64;${ZWSP}`, '#': `&#35;${ZWSP}`, ':': `&#58;${ZWSP}`, '=': '&#61;' };
const SPECIAL = /[&<>"@#:=\\`*_{}[\]()!|~^+-]/g;
// Invisible characters that reorder or hide text (zero-width, bidirectional overrides and isolates, BOM).
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Other control characters, except tab and newline: matching them is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Escapes one piece of user text. Paragraphs and line breaks are kept; invisible formatting characters are shown
 * as their code point so a reader can see they were there.
 *
 * @example
 * escapeUserText('@admin see #12 <img src=x> **now**')
 * //=> '&#64;&#8203;admin see &#35;&#8203;12 &lt;img src&#61;x&gt; \\*\\*now\\*\\*'
 */
export function escapeUserText(text: string): string {
  return text
    .toWellFormed()
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) =>
      line
        // Leading spaces or tabs would make an indented code block.
        .replace(/^[ \t]+/, '')
        .trimEnd()
        .replace(SPECIAL, (c) => ENTITIES[c] ?? `\\${c}`)
        // A number and a full stop at the start of a line would make a list.
        .replace(/^(\d+)\./, '$1\\.')
        // A line starting with "/" (after any space, a no-break space too) reads as a staff command if it is
        // ever copied into a comment: the slash is written as a character reference, so it shows the same.
        .replace(/^(\s*)\//, '$1&#47;')
        // GitHub links "www." addresses and "GH-123" references found in the text.
        // (Also after "_" or "*", which GFM allows before a "www." link.)
        .replace(/(www)\./gi, `$1${ZWSP}.`)
        .replace(/(GH)\\-(?=\d)/gi, `$1\\-${ZWSP}`)
        .replace(INVISIBLE, (c) => `&#91;U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}&#93;`),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/([^\n])\n(?=[^\n])/g, '$1<br>\n')
    .trim();
}
