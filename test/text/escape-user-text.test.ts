import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeUserText } from '../../scripts/core/text/escape-user-text.ts';
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
