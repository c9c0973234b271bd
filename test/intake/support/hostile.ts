/** Hostile text for complaint fields, and the harmless twin a hostile complaint's case is compared with. */
import fc from 'fast-check';
import { ComplaintSchema, type Complaint } from '../../../scripts/core/complaint/complaint-schema.ts';
import { escapeUserText } from '../../../scripts/core/text/escape-user-text.ts';
import { GOOD_COMPLAINT } from '../complaint-fixture.ts';

/** Pieces that mean something to Markdown, HTML or GitHub. */
const NASTY = [
  '@admin', '@acme/staff', '#1', '#123', 'GH-12', 'acme/complaints#4', 'bob@example.com', 'www.evil.example', 'https://evil.example/x',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '</details>', '<details open>', '<!--', '-->', '<br>', '&amp;', '&#64;', '&commat;',
  '![x](https://evil.example/x.png)', '[click](https://evil.example)', '<https://evil.example>', '[ref]: https://evil.example',
  '```', '~~~', '    indented', '\t', '# ', '## Heading', '---', '***', '===', '| a | b |', '|---|', '> ', '- ', '* ', '+ ', '1. ', '2) ',
  '**', '__', '_', '*', '~~', '[^1]', '[^1]: note', ':smile:', '$x$', '\\', '\\\\', '`', '\n', '\n\n', '\r\n', '\r', '  \n',
  '\u200B', '\u200D', '\u202E', '\u202D', '\u2066', '\u2069', '\uFEFF', '\u0000', '\u0007', '\u001B[31m', '\uD800', '\uDFFF', '😀', 'é', 'ﷺ',
  'x'.repeat(300), '@'.repeat(50),
];

export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 30 })
  .map((parts) => parts.join(''));

/** The free-text fields, with the longest each takes (longer is a 400 before any case, tested elsewhere). */
export const FIELDS = { name: 200, address: 500, behalfName: 200, behalfRelationship: 200, childName: 200, childRelationship: 200, lateReason: 5_000, spokenToDetails: 2_000, complaint: 20_000, outcomeWanted: 5_000, paperwork: 5_000, interpreterLanguage: 100, adjustmentsOther: 1_000 } as const;
export type TextField = keyof typeof FIELDS;

export const hostileComplaint = fc.record(Object.fromEntries(Object.entries(FIELDS).map(([field, max]) => [field, hostileText.map((t) => t.slice(0, max))])) as Record<TextField, fc.Arbitrary<string>>);

/** The complaint's input with the hostile texts in every free-text field. */
export function hostileInput(texts: Record<TextField, string>): Record<string, unknown> {
  return { ...GOOD_COMPLAINT, ...texts, onBehalf: 'someone-else', adjustments: ['interpreter', 'other'], incidentDate: '2026-01-05' };
}

/** A valid complaint carrying the hostile texts, or undefined when they make it invalid (a blank complaint). */
export function withTexts(texts: Record<TextField, string>): Complaint | undefined {
  const result = ComplaintSchema.safeParse(hostileInput(texts));
  return result.success ? result.data : undefined;
}

/** The same complaint with harmless words wherever it has text: the markup every body must have. */
export function harmless(complaint: Complaint): Complaint {
  const copy: Record<string, unknown> = { ...complaint };
  // Text that escapes to nothing (only control characters) shows as nothing, as in the hostile body.
  for (const field of Object.keys(FIELDS)) if (copy[field] !== undefined) copy[field] = escapeUserText(copy[field] as string) === '' ? '\u0000' : 'plain words';
  return copy as Complaint;
}

