/**
 * Every letter template, for each seed procedure where the letter applies, rendered by the core's template function
 * as staff see the draft on GitHub (Markdown, the complainant's words escaped). The email and the printed page are
 * made from that draft by undoing GitHub's escaping, which must give exactly the letter rendered as plain text.
 */
import { describe, expect, test } from 'vitest';
import { readLetterTemplates } from '../../scripts/adapters/fs/templates.ts';
import { DRAFT_WORDS } from '../../scripts/core/letters/letter-kinds.ts';
import { renderLetter } from '../../scripts/core/letters/letter-view.ts';
import { unescapeUserText } from '../../scripts/core/text/unescape-user-text.ts';
import { BY_POST, LETTER_PROCEDURES, letterInput } from './letter-scenarios.ts';

const templates = await readLetterTemplates();

const cases = LETTER_PROCEDURES.flatMap((procedureId) =>
  [false, true].flatMap((later) => DRAFT_WORDS.flatMap((word) => {
    const input = letterInput({ procedureId, word, later });
    return input ? [{ name: `${procedureId}: ${input.kind}`, input }] : [];
  })),
);

describe('the letters of each seed procedure', () => {
  test('every procedure has an acknowledgement and an outcome letter, and every later stage its own', () => {
    const names = cases.map((c) => c.name);
    for (const id of LETTER_PROCEDURES) {
      expect(names).toContain(`${id}: acknowledgement`);
      expect(names).toContain(`${id}: outcome`);
      expect(names).toContain(`${id}: review-acknowledgement`);
      expect(names).toContain(`${id}: review-outcome`);
    }
    // An extension notice only where the procedure provides for a revised date (ceccc's stage 1).
    expect(names.filter((name) => name.endsWith(': extension'))).toEqual(['ceccc: extension']);
  });

  test.each(cases)('$name', ({ input }) => {
    const draft = renderLetter(templates.default[input.kind], input, 'markdown');
    expect(draft).toMatchSnapshot();
    expect(unescapeUserText(draft)).toBe(renderLetter(templates.default[input.kind], input, 'text'));
  });
});

describe('what the templates are given', () => {
  const hostile = { status: 'found' as const, contact: { name: '@admin <img src=x> **Ann**', contactBy: 'post' as const, address: '1 [High](http://x) Street\n/close\nEly' } };

  test('the complainant’s name and address are escaped in the draft and come back as written in the email', () => {
    const input = letterInput({ procedureId: 'ceccc', word: 'outcome', later: false, contact: hostile });
    if (!input) throw new Error('no letter');
    const draft = renderLetter(templates.default.outcome, input, 'markdown');
    expect(draft).not.toMatch(/@admin|<img|\*\*Ann|\[High\]\(|^\/close/m);
    expect(draft).toContain('Dear &#64;&#8203;admin &lt;img src&#61;x&gt; \\*\\*Ann\\*\\*,');
    const plain = unescapeUserText(draft);
    expect(plain).toContain('Dear @admin <img src=x> **Ann**,');
    expect(plain.split('\n').slice(0, 3)).toEqual(['1 [High](http://x) Street', '/close', 'Ely']);
  });

  test('a letter that goes by post is headed with the address, one line each', () => {
    const input = letterInput({ procedureId: 'ceccc', word: 'acknowledgement', later: false, contact: BY_POST });
    if (!input) throw new Error('no letter');
    const draft = renderLetter(templates.default.acknowledgement, input, 'markdown');
    expect(draft.split('\n').slice(0, 5)).toEqual(['1 High Street<br>', 'Ely<br>', 'CB7 4AA', '', '16 November 2026']);
  });

  test('a case with no contact record shows staff where the address goes', () => {
    const input = letterInput({ procedureId: 'cms-vocational', word: 'acknowledgement', later: false, contact: { status: 'missing' } });
    if (!input) throw new Error('no letter');
    const draft = renderLetter(templates.default.acknowledgement, input, 'markdown');
    expect(draft.split('\n')[0]).toBe("[[The complainant's postal address, if this letter goes by post: copy it from the complaint.]]");
    expect(draft).toContain('To the complainant,');
  });

  test('strict templates: a template naming a field the view does not have fails loudly', () => {
    const input = letterInput({ procedureId: 'ceccc', word: 'acknowledgement', later: false });
    if (!input) throw new Error('no letter');
    expect(() => renderLetter('Dear {{complainantName}}', input, 'markdown')).toThrow(/complainantName/);
  });
});
