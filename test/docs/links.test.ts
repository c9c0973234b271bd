/**
 * The README and the guides in docs/ link to each other, to their own sections and to files of the repository.
 * A moved section or a renamed file breaks a link; this names each one.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { brokenLinks, headingAnchors, linksOf } from './support/markdown-links.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('the README and the guides', () => {
  test('every relative link leads to a file of the repository and, with an anchor, to a heading there', () => {
    expect(DOCS.length).toBeGreaterThan(1);
    expect(DOCS.flatMap((file) => linksOf(ROOT, file)).length).toBeGreaterThan(50);
    expect(brokenLinks(ROOT, DOCS)).toEqual([]);
  });
});

describe('the link check', () => {
  function checkout(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'redress-links-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  test("gives headings GitHub's anchors: punctuation dropped, code kept as text, repeats numbered", () => {
    const root = checkout({ 'a.md': "# For staff: working a case\n\n## The complainant's `/track` page\n\n## Notes\n\n## Notes\n\n```md\n# not a heading\n```\n" });
    expect(headingAnchors(path.join(root, 'a.md'))).toEqual(['for-staff-working-a-case', 'the-complainants-track-page', 'notes', 'notes-1']);
  });

  test('finds links in text, tables and definitions, and leaves code and other sites alone', () => {
    const root = checkout({
      'README.md': '# Top\n\n| a | b |\n| --- | --- |\n| [x](docs/gone.md) | y |\n\n[ref]: docs/also-gone.md\n\nSee [ref] and [site](https://example.org/missing.md#nowhere) and `[code](nowhere.md)`.\n',
    });
    expect(brokenLinks(root, ['README.md'])).toEqual([
      'README.md:5 docs/gone.md: there is no docs/gone.md',
      'README.md:7 docs/also-gone.md: there is no docs/also-gone.md',
    ]);
  });

  test('resolves a path from the linking file, and checks an anchor against the target or the file itself', () => {
    const root = checkout({
      'README.md': '# Redress\n\n## Quick start\n',
      'scripts/run.ts': '',
      'docs/staff.md': [
        '# For staff',
        '',
        '[good](../README.md#quick-start) [good too](#for-staff) [folder](../scripts/) [file](../scripts/run.ts)',
        '[not from the root](README.md) [no heading](../README.md#commands) [no own heading](#letters)',
        '[anchor on code](../scripts/run.ts#L1) [outside](../../elsewhere.md) [site path](/docs/staff.md)',
        '',
      ].join('\n'),
    });
    expect(brokenLinks(root, ['docs/staff.md'])).toEqual([
      'docs/staff.md:4 README.md: there is no docs/README.md',
      'docs/staff.md:4 ../README.md#commands: README.md has no heading with the anchor #commands',
      'docs/staff.md:4 #letters: docs/staff.md has no heading with the anchor #letters',
      'docs/staff.md:5 ../scripts/run.ts#L1: #L1 on scripts/run.ts, which has no headings',
      'docs/staff.md:5 ../../elsewhere.md: ../elsewhere.md is outside the repository',
      'docs/staff.md:5 /docs/staff.md: a path from the root of the site, which GitHub does not resolve in a repository',
    ]);
  });
});
