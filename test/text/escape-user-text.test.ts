import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeUserText } from '../../scripts/core/text/escape-user-text.ts';
import { unescapeUserText } from '../../scripts/core/text/unescape-user-text.ts';
import { markupOf, mentionsAndReferences } from '../support/markdown-safety.ts';

describe('escaping user text for GitHub', () => {
  test.each([
    ['a mention', '@admin please look'],
    ['a team mention', '@acme/staff'],
    ['an issue reference', 'see #12 and GH-3 and acme/complaints#4'],
    ['an email address', 'write to bob@example.com'],
    ['bare links', 'www.evil.example and https://evil.example/x'],
    ['HTML', '<img src=x onerror=alert(1)> <script>alert(1)</script> </details>'],
    ['an image and a link', '![x](https://evil.example/x.png) [click](https://evil.example)'],
    ['headings, lists, quotes, code and rules', '# Title\n- item\n1. first\n> quote\n```\ncode\n```\n    indented\n***\n---\n===\n| a | b |\n|---|---|'],
    ['emphasis, strike-through and footnotes', '**bold** _it_ ~~gone~~ [^1]\n\n[^1]: note'],
    ['comment markers', '<!-- redress:case v1 --> -->'],
  ])('%s stays text: no markup, no mention, no reference', (_name, text) => {
    const escaped = escapeUserText(text);
    expect(markupOf(escaped)).toEqual([]);
    expect(mentionsAndReferences(escaped)).toEqual([]);
  });

  test('reads the same once rendered, with GitHub’s triggers broken by zero-width spaces', () => {
    expect(escapeUserText('@admin see #12 <img src=x> **now**')).toBe('&#64;&#8203;admin see &#35;&#8203;12 &lt;img src&#61;x&gt; \\*\\*now\\*\\*');
    expect(escapeUserText('www.example.org, GH-7')).toBe('www&#8203;.example.org, GH\\-&#8203;7');
  });

  test('no line begins with "/", so no line of a complaint reads as a staff command; it still shows a slash', () => {
    expect(escapeUserText('Please\n/close\n  /respond upheld\nand/or')).toBe('Please<br>\n&#47;close<br>\n&#47;respond upheld<br>\nand/or');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('/', '\n/', '\r\n /', '\t/close', '\u200B/close', '\n\u00A0/close', '\n\u2003/close', '\n\u3000/x')), { maxLength: 20 }), (parts) => {
        const lines = escapeUserText(parts.join('')).split('\n');
        expect(lines.filter((line) => /^\s*\//.test(line))).toEqual([]);
      }),
    );
  });

  test('invisible characters are shown by their code point; line breaks are kept', () => {
    expect(escapeUserText('a\u202Eb\u200Bc\r\nd')).toBe('a&#91;U+202E&#93;b&#91;U+200B&#93;c<br>\nd');
  });
});

/**
 * What escaping changes for good, written out as the rule a reader of the case sees: control characters gone,
 * invisible ones shown by code point, no leading spaces or trailing space on a line, at most one blank line, no
 * blank lines at either end.
 */
function asKept(text: string): string {
  return text
    .toWellFormed()
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, '').trimEnd().replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, (c) => `[U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}]`))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

describe('unescaping for a terminal', () => {
  test('gives back what the person wrote', () => {
    expect(unescapeUserText(escapeUserText('jane@example.org, see #12 and www.example.org'))).toBe('jane@example.org, see #12 and www.example.org');
    expect(unescapeUserText(escapeUserText('**bold** <b>x</b> 1. first\n/close\n\\ &amp;#64;'))).toBe('**bold** <b>x</b> 1. first\n/close\n\\ &amp;#64;');
    expect(unescapeUserText(escapeUserText('a\u202Eb'))).toBe('a[U+202E]b');
  });

  test('is the inverse of escaping, up to what escaping removes for good', () => {
    const pieces = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('@a', '#1', 'GH-2', 'www.x', '&#64;', '&amp;', '\\', '\\*', '<br>', '<br>\n', '&#8203;', '[U+200B]', '&#91;U+200B&#93;', '1.', '/close', '\n', '\r\n', '  ', '\u202E', '\u200B', '😀', '=', ':'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        expect(unescapeUserText(escapeUserText(text))).toBe(asKept(text));
      }),
      { numRuns: 500 },
    );
  });
});
