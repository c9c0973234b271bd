import { describe, expect, test } from 'vitest';
import { submissionDigest } from '../../scripts/adapters/intake/submission-digest.ts';
import type { ComplaintInput } from '../../scripts/core/complaint/complaint-schema.ts';
import { complaint } from './complaint-fixture.ts';

describe('the digest of a complaint’s answers', () => {
  const digest = submissionDigest(complaint());

  test('is the same for the same answers, whatever the form’s own fields say', () => {
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(submissionDigest(complaint({ renderedAt: '2020-01-01T00:00:00.000Z', formToken: 'x', submissionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }))).toBe(digest);
  });

  test('is the same for answers that validate to the same: spaces around them, a blank optional answer', () => {
    expect(submissionDigest(complaint({ complaint: `  ${complaint().complaint}\n ` }))).toBe(digest);
    expect(submissionDigest(complaint({ paperwork: '   ' }))).toBe(digest);
    expect(submissionDigest(complaint({ email: 'ANN@example.com' }))).toBe(digest);
  });

  test.each<[string, Partial<ComplaintInput>]>([
    ['the complaint', { complaint: 'The handover was forty-one minutes late.' }],
    ['a contact detail', { phone: '01632 960 002' }],
    ['an added answer', { paperwork: 'A letter of 3 May.' }],
    ['the help asked for', { adjustments: ['large-print', 'advocate'] }],
    ['a tick', { aboutHandler: true }],
    ['the date', { incidentDate: '2026-12-02' }],
  ])('differs when %s changes', (_what, change) => {
    expect(submissionDigest(complaint(change))).not.toBe(digest);
  });
});
