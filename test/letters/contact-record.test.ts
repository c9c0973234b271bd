/**
 * The complainant's contact details kept for letters: read back exactly as given, whatever they hold; reported, not
 * guessed at, when damaged; and kept in the case's body when its complaint moves to comments to make room.
 */
import { describe, expect, test } from 'vitest';
import { renderCaseBlock } from '../../scripts/core/case/case-block.ts';
import { readContactBlock, renderContactBlock } from '../../scripts/core/letters/contact-record.ts';
import { fitCaseBody } from '../../scripts/core/sweep/fit-case-body.ts';
import { caseBody } from '../support/sweep-harness.ts';

describe('the contact block', () => {
  test.each([
    ['plain', { name: 'Ann Example', contactBy: 'email' as const, email: 'ann@example.com' }],
    ['an address over several lines', { name: 'Bob', contactBy: 'post' as const, address: 'Flat 2\n1 High Street\nEly CB7 4AA' }],
    ['text that would end an HTML comment or start markup', { name: 'Eve --> <script>alert(1)</script> <!-- @admin', contactBy: 'phone' as const, phone: '+44 7700-900-000' }],
    ['other scripts', { name: 'Zoë Ðorđević 李小龍 🙂', contactBy: 'email' as const, email: 'zoe@example.org' }],
  ])('%s: read back exactly as written, from one hidden line', (_name, contact) => {
    const block = renderContactBlock(contact);
    expect(block).not.toContain('\n');
    expect(block.slice('<!-- redress:contact v1 '.length, -' -->'.length)).not.toMatch(/--|<|>/);
    expect(readContactBlock(`Complaint.\n\n${block}\n`)).toEqual({ status: 'found', contact });
  });

  test.each([
    ['no block', 'Complaint text only.', { status: 'missing' }],
    ['not closed on its line', '<!-- redress:contact v1 {"name":"Ann"}\n-->', { status: 'damaged', problem: 'The contact block is not closed with " -->" on the same line.' }],
    ['two blocks', '<!-- redress:contact v1 {} -->\n<!-- redress:contact v1 {} -->', { status: 'damaged', problem: 'The case holds 2 contact blocks; keep only one.' }],
    ['broken JSON', '<!-- redress:contact v1 {"name": -->', { status: 'damaged', problem: expect.stringContaining("The contact block's JSON is not valid") }],
    ['an address that is not an email address', '<!-- redress:contact v1 {"email":"ann at example"} -->', { status: 'damaged', problem: expect.stringContaining('email') }],
    ['an unknown field', '<!-- redress:contact v1 {"name":"Ann","nino":"QQ123456C"} -->', { status: 'damaged', problem: expect.stringContaining('nino') }],
  ])('%s', (_name, body, expected) => {
    expect(readContactBlock(body)).toEqual(expected);
  });

  test('a staff correction by hand (no checksum to break) is read as corrected', () => {
    const body = `x\n${renderContactBlock({ name: 'Ann', contactBy: 'email', email: 'ann@exmaple.com' })}\n`.replace('exmaple', 'example');
    expect(readContactBlock(body)).toEqual({ status: 'found', contact: { name: 'Ann', contactBy: 'email', email: 'ann@example.com' } });
  });

  test('when the complaint moves to comments to make room, the contact block stays in the body', () => {
    const body = `${caseBody('RDR-7K', 'ceccc', '2026-11-02T10:00:00Z').replace('Complaint text.', 'Complaint text. '.repeat(4_000))}\n${renderContactBlock({ name: 'Ann', contactBy: 'post', address: '1 High Street' })}\n`;
    const block = { reference: 'RDR-7K', procedure: { id: 'ceccc', version: { hash: '0123abcd' } }, submissionId: 's', received: '2026-11-02T10:00:00.000Z', channel: 'web', flags: [], events: [{ type: 'received' as const, at: '2026-11-02T10:00:00.000Z', actor: 'complainant' as const, channel: 'web', exceptionalCircumstances: false, anonymous: false, aboutHandler: false }] };
    const fitted = fitCaseBody({ body, block, reference: 'RDR-7K', limit: 20_000 });
    if ('problem' in fitted) throw new Error(fitted.problem);
    expect(fitted.moved.length).toBeGreaterThan(0);
    expect(fitted.moved.map((m) => m.body).join('')).not.toContain('redress:contact');
    expect(fitted.body.startsWith(renderCaseBlock(block))).toBe(true);
    expect(readContactBlock(fitted.body)).toEqual({ status: 'found', contact: { name: 'Ann', contactBy: 'post', address: '1 High Street' } });
  });
});
