import { describe, expect, test } from 'vitest';
import { CaseBlockError, parseCaseBlock, renderCaseBlock, replaceCaseBlock, type CaseBlockInput } from '../../scripts/core/case/case-block.ts';

const block: CaseBlockInput = {
  reference: 'RDR-7KX4-M9QP-2TK',
  procedure: { id: 'ceccc', version: { hash: '0123abcd', commit: 'a1b2c3d' } },
  submissionId: '0b7e6c1e-5b8f-4d43-9f5e-7f2a1c3d4e5f',
  received: '2026-12-23T10:00:00Z',
  channel: 'web',
  flags: ['anonymous'],
  events: [{ type: 'received', at: '2026-12-23T10:00:00Z', channel: 'web', anonymous: true }],
};

describe('case block', () => {
  test('round-trips through a body, with instants normalised', () => {
    const body = `## Complaint\n\nText\n\n${renderCaseBlock(block)}\n`;
    const parsed = parseCaseBlock(body);
    expect(parsed).toMatchObject({ reference: 'RDR-7KX4-M9QP-2TK', received: '2026-12-23T10:00:00.000Z', flags: ['anonymous'] });
    expect(parsed?.events[0]).toMatchObject({ type: 'received', actor: 'complainant', anonymous: true, aboutHandler: false });
  });

  test('is one line, hidden in an HTML comment that "--" inside the data cannot close', () => {
    const rendered = renderCaseBlock({ ...block, submissionId: 'x-->y--!>z---' });
    expect(rendered).toMatch(/^<!-- redress:case v1 sha=[0-9a-f]{8} \{.*\} -->$/);
    expect(rendered.slice(4, -3)).not.toContain('--');
    expect(parseCaseBlock(rendered)?.submissionId).toBe('x-->y--!>z---');
  });

  test('a body without a block has none', () => {
    expect(parseCaseBlock('Just a complaint.')).toBeUndefined();
  });

  test.each([
    ['an edited value', (b: string) => b.replace('"web"', '"letter"'), /checksum is [0-9a-f]{8} but its content hashes to [0-9a-f]{8}/],
    ['a missing checksum', (b: string) => b.replace(/sha=[0-9a-f]{8}/, 'sha='), /checksum is \(missing\)/],
    ['an unknown version', (b: string) => b.replace('case v1', 'case v2'), /version 2; this version of Redress reads version 1/],
    ['two blocks', (b: string) => `${b}\n${b}`, /holds 2 case blocks/],
    ['an unclosed block', (b: string) => b.replace(/ -->$/, ''), /not closed/],
  ])('%s is an error saying what is wrong', (_name, damage, message) => {
    expect(() => parseCaseBlock(damage(renderCaseBlock(block)))).toThrow(message);
    expect(() => parseCaseBlock(damage(renderCaseBlock(block)))).toThrow(CaseBlockError);
  });

  test('JSON that hashes right but does not parse, or does not fit the schema, is named as such', async () => {
    const { fnv1aHash } = await import('../../scripts/core/calendar/fnv1a-hash.ts');
    const broken = '{"reference":';
    expect(() => parseCaseBlock(`<!-- redress:case v1 sha=${fnv1aHash(broken)} ${broken} -->`)).toThrow(/JSON is not valid/);
    const wrong = JSON.stringify({ reference: 'RDR-1', name: 'Ann' });
    expect(() => parseCaseBlock(`<!-- redress:case v1 sha=${fnv1aHash(wrong)} ${wrong} -->`)).toThrow(/does not fit its schema[\s\S]*name/);
  });

  test('refuses to render a block that holds anything beyond its schema, such as a name', () => {
    expect(() => renderCaseBlock({ ...block, name: 'Ann' } as CaseBlockInput)).toThrow(/name/);
  });

  test('replacing the block keeps the rest of the body; a body without one gets one appended', () => {
    const body = `Intro\n\n${renderCaseBlock(block)}\n\nOutro\n`;
    const next = replaceCaseBlock(body, { ...block, events: [...block.events, { type: 'acknowledged', at: '2026-12-24T09:00:00Z' }] });
    expect(next.startsWith('Intro\n\n<!-- redress:case')).toBe(true);
    expect(next.endsWith('\n\nOutro\n')).toBe(true);
    expect(parseCaseBlock(next)?.events.map((e) => e.type)).toEqual(['received', 'acknowledged']);
    expect(parseCaseBlock(replaceCaseBlock('Intro', block))?.reference).toBe(block.reference);
  });
});
