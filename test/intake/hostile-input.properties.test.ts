/**
 * Hostile input, generated: Markdown, HTML, @mentions, #references, bare links, zero-width and right-to-left
 * characters, lone surrogates, long strings. Whatever a person types must come out of the case as text only: the
 * body of the issue has exactly the markup it has for harmless words, and no mention or reference.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import type { Complaint } from '../../scripts/core/complaint/complaint-schema.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { planAddendum } from '../../scripts/core/intake/plan-addendum.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { addedMarkup, markupOf, mentionsAndReferences, withoutContactBlock } from '../support/markdown-safety.ts';
import { seedProcedure } from '../support/procedures.ts';
import { FIELDS, harmless, hostileComplaint, withTexts, type TextField } from './support/hostile.ts';

const ceccc = seedProcedure('ceccc');
const calendar = calendarFor(ceccc);
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter') };
const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
const addendumTemplate = await readTemplate('addendum');

function plan(complaint: Complaint) {
  return planNewCase({ complaint, procedure: ceccc, calendar, channel: 'web', reference: 'RDR-7KX4-M9QP-2TW', receivedAt: RECEIVED, assignees: {}, templates });
}

// Hundreds of whole cases are planned and parsed: on a busy machine that takes longer than a unit test's default.
describe('hostile text in a complaint', () => {
  test('never adds markup, a mention or a reference to the case, and never breaks its block or its size', () => {
    fc.assert(
      fc.property(hostileComplaint, (texts) => {
        const complaint = withTexts(texts);
        if (!complaint) return;
        const hostile = plan(complaint);
        const expected = plan(harmless(complaint));
        // The contact details for letters sit in one hidden comment, which differs with them; the rest must not.
        const body = withoutContactBlock(hostile.newCase.body);
        expected.newCase.body = withoutContactBlock(expected.newCase.body);
        if (hostile.continuation.length === 0) {
          expect(addedMarkup(body, expected.newCase.body)).toEqual([]);
          expect(markupOf(body)).toEqual(markupOf(expected.newCase.body));
        } else {
          expect(addedMarkup(body, expected.newCase.body).filter((m) => m !== 'emphasis')).toEqual([]);
        }
        expect(mentionsAndReferences(body)).toEqual([]);
        expect(body.length).toBeLessThanOrEqual(65_536);
        expect(parseCaseBlock(body)?.reference).toBe('RDR-7KX4-M9QP-2TW');
        expect(hostile.newCase.title).toBe('RDR-7KX4-M9QP-2TW · ceccc');
        for (const part of hostile.continuation) {
          const allowed = new Set(['heading3', 'strong']);
          expect(markupOf(part).filter((m) => !allowed.has(m) && !m.startsWith('html:<!-- redress:continuation v1 '))).toEqual([]);
          expect(mentionsAndReferences(part)).toEqual([]);
          expect(part.length).toBeLessThanOrEqual(65_536);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  test('sent again as an addendum, never adds markup, a mention or a reference either', () => {
    const addendum = (complaint: Complaint) => planAddendum({ complaint, reference: 'RDR-7KX4-M9QP-2TW', receivedAt: RECEIVED, digest: 'ab'.repeat(32), template: addendumTemplate });
    fc.assert(
      fc.property(hostileComplaint, (texts) => {
        const complaint = withTexts(texts);
        if (!complaint) return;
        const parts = addendum(complaint);
        const expected = addendum(harmless(complaint));
        if (parts.length === 1) expect(markupOf(parts[0] as string)).toEqual(markupOf(expected[0] as string));
        for (const part of parts) {
          expect(mentionsAndReferences(part)).toEqual([]);
          expect(part.length).toBeLessThanOrEqual(65_536);
          if (parts.length > 1) expect(addedMarkup(part, expected[0] as string).filter((m) => m !== 'emphasis' && !m.startsWith('html:<!-- redress:addendum v1 '))).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  test('very long hostile text of every kind continues in comments that are all text', () => {
    // Zero-width spaces with a letter between them: text of nothing but invisible characters is refused as blank.
    for (const piece of ['@a ', '#1 ', '\u200B\u200Bx', '<b>', '\n- x\n', '|']) {
      const complaint = withTexts({ ...Object.fromEntries(Object.keys(FIELDS).map((f) => [f, 'x'])), complaint: piece.repeat(Math.floor(20_000 / piece.length)) } as Record<TextField, string>);
      if (!complaint) throw new Error('invalid');
      const hostile = plan(complaint);
      expect(hostile.newCase.body.length).toBeLessThanOrEqual(65_536);
      for (const part of hostile.continuation) {
        expect(mentionsAndReferences(part)).toEqual([]);
        expect(markupOf(part).filter((m) => !['heading3', 'strong'].includes(m) && !m.startsWith('html:<!-- redress:continuation'))).toEqual([]);
      }
    }
  }, 120_000);
});
