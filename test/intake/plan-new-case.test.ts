import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { BODY_BUDGET, planDates, planNewCase, type NewCaseInput } from '../../scripts/core/intake/plan-new-case.ts';
import { planAddendum } from '../../scripts/core/intake/plan-addendum.ts';
import { madeFromDigest } from '../../scripts/core/intake/submission-markers.ts';
import { renderAcknowledgementLetter } from '../../scripts/core/intake/acknowledgement-letter.ts';
import { escapeUserText } from '../../scripts/core/text/escape-user-text.ts';
import { readContactBlock } from '../../scripts/core/letters/contact-record.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';

const ceccc = seedProcedure('ceccc');
const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
const templates = { issueBody: await readTemplate('issue-body', 'ceccc'), letter: await readTemplate('acknowledgement-letter', 'ceccc') };

function plan(overrides: Partial<NewCaseInput> = {}) {
  return planNewCase({
    complaint: complaint(),
    procedure: ceccc,
    calendar: calendarFor(ceccc),
    channel: 'web',
    reference: 'RDR-7KX4-M9QP-2TW',
    receivedAt: RECEIVED,
    shownAt: Date.parse('2026-12-23T09:50:00Z'),
    procedureCommit: 'abc1234',
    assignees: { ceccc: { coordinator: ['mary-ceccc'], chair: ['chair-ceccc'] } },
    templates,
    ...overrides,
  });
}

describe('planning a new case', () => {
  test('title: the reference and procedure only; labels from the timeline; the handler’s assignees', () => {
    const { newCase } = plan();
    expect(newCase).toMatchObject({
      reference: 'RDR-7KX4-M9QP-2TW',
      title: 'RDR-7KX4-M9QP-2TW · ceccc',
      labels: ['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received'],
      assignees: ['mary-ceccc'],
      notCreatedBefore: '2026-12-23T09:50:00.000Z',
    });
  });

  test('the store looks for an earlier creation from when the form was shown, and at most a week back', () => {
    const weekBack = '2026-12-16T10:00:00.000Z';
    // Without a signed time (whatever the complaint's own renderedAt says): a week back.
    expect(plan({ shownAt: undefined, complaint: complaint({ renderedAt: '2026-12-23T09:59:59.000Z' }) }).newCase.notCreatedBefore).toBe(weekBack);
    expect(plan({ shownAt: Date.parse('2020-01-01T00:00:00Z') }).newCase.notCreatedBefore).toBe(weekBack);
    expect(plan({ shownAt: RECEIVED + 60_000 }).newCase.notCreatedBefore).toBe('2026-12-23T10:00:00.000Z');
  });

  test('a complaint about the handler goes to the alternate handler, and is flagged', () => {
    const { newCase, block } = plan({ complaint: complaint({ aboutHandler: true }) });
    expect(newCase.assignees).toEqual(['chair-ceccc']);
    expect(newCase.labels).toContain('flag:about-handler');
    expect(block.flags).toEqual(['about-handler']);
    expect(newCase.body).toContain('handled by the Chair of the Committee');
  });

  test('anonymous and late complaints are flagged; the case says what the procedure makes of them', () => {
    const { newCase, block } = plan({
      complaint: complaint({ identity: 'anonymous', incidentDate: '2026-01-05', lateReason: 'I was in hospital.' }),
    });
    expect(newCase.labels).toEqual(expect.arrayContaining(['flag:out-of-time', 'flag:anonymous']));
    expect(block.flags.sort()).toEqual(['anonymous', 'out-of-time']);
    expect(block.events[0]).toMatchObject({ anonymous: true, exceptionalCircumstances: true, incidentDate: '2026-01-05' });
    expect(newCase.body).toContain('Anonymous: the complainant chose not to give their name');
    expect(newCase.body).not.toContain('Ann Example');
  });

  test('no one is assigned when the map names no one for the handling role', () => {
    expect(plan({ assignees: {} }).newCase.assignees).toEqual([]);
  });

  test('the hidden block holds the case data and nothing personal', () => {
    const { newCase, block } = plan();
    const parsed = parseCaseBlock(newCase.body);
    expect(parsed).toEqual(block);
    expect(parsed).toMatchObject({
      reference: 'RDR-7KX4-M9QP-2TW',
      procedure: { id: 'ceccc', version: { hash: expect.stringMatching(/^[0-9a-f]{8}$/), commit: 'abc1234' } },
      submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
      received: '2026-12-23T10:00:00.000Z',
      channel: 'web',
      flags: [],
    });
    const blockText = newCase.body.split('\n')[0] ?? '';
    for (const personal of ['Ann', 'ann@example', '01632', 'forty minutes', 'volunteer']) expect(blockText).not.toContain(personal);
  });

  test('the contact details, as the complainant gave them, are in a hidden block of their own, for letters only', () => {
    const { newCase } = plan({ complaint: complaint({ name: 'Ann <Example> @admin', address: '1 High St\nEly --> <!--' }) });
    expect(readContactBlock(newCase.body)).toEqual({
      status: 'found',
      contact: { name: 'Ann <Example> @admin', contactBy: 'email', email: 'ann@example.com', phone: '01632 960 001', address: '1 High St\nEly --> <!--' },
    });
    // Hidden and one line: nothing in it can end the comment or show on the page.
    const line = newCase.body.split('\n').find((l) => l.startsWith('<!-- redress:contact v1 ')) ?? '';
    expect(line.slice('<!-- redress:contact v1 '.length, -' -->'.length)).not.toMatch(/--|<|>/);
    // The case block, which the ledger copies, holds none of it.
    expect(JSON.stringify(parseCaseBlock(newCase.body))).not.toMatch(/Ann|High St|01632/);
    expect(readContactBlock(plan({ complaint: complaint({ identity: 'anonymous', name: undefined, email: undefined, phone: undefined, contactBy: undefined }) }).newCase.body)).toEqual({ status: 'missing' });
  });

  test('the dates are the deadline engine’s, over Christmas', () => {
    expect(planDates(plan(), ceccc)).toEqual([
      { id: 'stage-1.acknowledge', label: 'Acknowledge the complaint in writing', dueDate: '2027-01-04', dueText: 'Monday 4 January 2027' },
      { id: 'stage-1.respond', label: 'Send a formal written response', dueDate: '2027-01-25', dueText: 'Monday 25 January 2027' },
    ]);
  });

  test('the issue body: the complaint in sections, dates, and the draft letter (snapshot)', async () => {
    await expect(plan().newCase.body).toMatchFileSnapshot('__snapshots__/issue-body.ceccc.md');
  });

  test('the body ends with the digest of the answers it was made from, whatever the template', () => {
    const digest = 'ab'.repeat(32);
    const { newCase } = plan({ submissionDigest: digest });
    expect(newCase.body.endsWith(`\n<!-- redress:submission v1 case=RDR-7KX4-M9QP-2TW sha=${digest} -->\n`)).toBe(true);
    expect(madeFromDigest(newCase.body)).toBe(digest);
    expect(newCase.body.replace(`\n<!-- redress:submission v1 case=RDR-7KX4-M9QP-2TW sha=${digest} -->\n`, '')).toBe(plan().newCase.body);
    expect(madeFromDigest(plan().newCase.body)).toBeUndefined();
    expect(() => plan({ submissionDigest: 'not-hex' })).toThrow('A submission digest is 64 lower-case hex digits.');
  });

  test('an addendum: the answers sent again, escaped as in the body, with its marker (snapshot)', async () => {
    const addendumTemplate = await readTemplate('addendum');
    const again = complaint({ name: 'Ann @admin Example', complaint: 'Also: #3 <b>was</b> late.\n\nAnd **nobody** called.', onBehalf: 'someone-else', behalfName: 'Bea', behalfRelationship: 'daughter', aboutHandler: true, adjustments: ['interpreter'], interpreterLanguage: 'Polish' });
    const parts = planAddendum({ complaint: again, reference: 'RDR-7KX4-M9QP-2TW', receivedAt: RECEIVED + 3_600_000, digest: 'cd'.repeat(32), template: addendumTemplate });
    expect(parts).toHaveLength(1);
    await expect(parts[0]).toMatchFileSnapshot('__snapshots__/addendum.ceccc.md');
    expect(parts[0]).toContain(escapeUserText('Also: #3 <b>was</b> late.\n\nAnd **nobody** called.'));
    expect(parts[0]).toContain(`**Name:** ${escapeUserText('Ann @admin Example')}`);
  });

  test('the acknowledgement letter (snapshot), with the person’s name escaped for where it goes', async () => {
    const p = plan({ complaint: complaint({ name: 'Ann @admin <b>Example</b>' }) });
    const input = { procedure: ceccc, timeline: p.timeline, complaint: complaint({ name: 'Ann @admin <b>Example</b>' }), reference: 'RDR-7KX4-M9QP-2TW', receivedAt: RECEIVED };
    await expect(renderAcknowledgementLetter(templates.letter, input, 'text')).toMatchFileSnapshot('__snapshots__/acknowledgement-letter.ceccc.txt');
    expect(renderAcknowledgementLetter(templates.letter, input, 'markdown')).toContain(`Dear ${escapeUserText('Ann @admin <b>Example</b>')},`);
    expect(renderAcknowledgementLetter(templates.letter, input, 'html')).toContain('Dear Ann @admin &lt;b&gt;Example&lt;/b&gt;,');
  });

  test('a procedure with no time limits says so in the letter (snapshot)', async () => {
    const cecops = seedProcedure('cecops');
    const p = plan({ procedure: cecops, calendar: calendarFor(cecops), complaint: complaint({ procedure: 'cecops' }), channel: cecops.channels[0]?.id ?? 'web', assignees: {} });
    await expect(p.newCase.body).toMatchFileSnapshot('__snapshots__/issue-body.cecops.md');
  });

  test('a complaint too long for one issue continues in comments, losing nothing', () => {
    const long = `${'@mention #1 <img src=x>\n'.repeat(300)}\n${'\u200B@'.repeat(6_000)}`;
    const p = plan({ complaint: complaint({ complaint: long.slice(0, 20_000) }) });
    expect(p.newCase.body.length).toBeLessThanOrEqual(BODY_BUDGET);
    expect(p.newCase.body).toContain('continues in the first');
    expect(p.continuation.length).toBeGreaterThan(1);
    p.continuation.forEach((part, i) => {
      expect(part.startsWith(`<!-- redress:continuation v1 case=RDR-7KX4-M9QP-2TW part=${i + 1} -->`)).toBe(true);
      expect(part.length).toBeLessThanOrEqual(BODY_BUDGET);
    });
    const joined = p.continuation.map((part) => part.split('\n').slice(3).join('\n')).join('');
    expect(joined).toContain(escapeUserText(long.slice(0, 20_000)));
  });

  test('a channel the procedure does not have is an error', () => {
    expect(() => plan({ channel: 'pigeon' })).toThrow(/Unknown channel "pigeon"/);
  });
});

test('the per-procedure letter template falls back to the default', async () => {
  const fallback = await readTemplate('acknowledgement-letter', 'no-such-procedure');
  expect(fallback).toBe(await readFile(path.resolve(import.meta.dirname, '../../scripts/templates/acknowledgement-letter.hbs'), 'utf8'));
});
