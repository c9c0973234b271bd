import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODE_EXCERPTS_FILE, CODE_SECTIONS, quotedRequirements } from '../../scripts/core/reports/code-provisions.ts';

const EXCERPTS = readFileSync(path.resolve(import.meta.dirname, '../../workflows/sources', CODE_EXCERPTS_FILE), 'utf8');
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe("the Code's provisions in the self-assessment", () => {
  test.each(quotedRequirements())('$provision is quoted word for word from the excerpts', ({ requirement, copiedFrom }) => {
    expect(flat(EXCERPTS)).toContain(flat(requirement));
    // The page it was copied from is one the excerpts name, and the requirement comes after that heading.
    const page = EXCERPTS.indexOf(`Source: ${copiedFrom}\n`);
    expect(page, copiedFrom).toBeGreaterThan(-1);
    const next = EXCERPTS.indexOf('Source: ', page + 1);
    expect(flat(EXCERPTS.slice(page, next === -1 ? undefined : next))).toContain(flat(requirement));
  });

  test("the form's nine sections, in order, each with at least one row", () => {
    expect(CODE_SECTIONS.map((section) => section.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const section of CODE_SECTIONS) expect(section.provisions.length).toBeGreaterThan(0);
  });
});
