/**
 * The complainant's copy of what they sent (receipt page, download), and what an anonymous complainant is told. The
 * copy holds their words as they wrote them, everything they answered and nothing they left blank.
 */
import { describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { anonymousNotice } from '../../scripts/core/complaint/anonymous-notice.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { copySections, renderComplaintCopy } from '../../scripts/core/intake/complaint-copy.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { planReceiptEmail } from '../../scripts/core/intake/receipt-email.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';

const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
const REFERENCE = 'RDR-7KX4-M9QP-2TW';
const ceccc = seedProcedure('ceccc');
const template = await readTemplate('complaint-copy');

describe('the complainant’s copy', () => {
  test('everything they answered, in the order of the form (snapshot)', async () => {
    const text = renderComplaintCopy(template, {
      procedure: ceccc,
      reference: REFERENCE,
      receivedAt: RECEIVED,
      complaint: complaint({
        onBehalf: 'someone-else',
        behalfName: 'Cal Example',
        behalfRelationship: 'Son',
        childName: 'Cal Example',
        childRelationship: 'Mother',
        address: '1 Example Road\nCambridge',
        adjustments: ['large-print', 'interpreter', 'other'],
        interpreterLanguage: 'Polish',
        adjustmentsOther: 'Meetings after 4pm',
        paperwork: 'A letter of 3 May.',
        aboutHandler: true,
      }),
    });
    expect(text).toContain('Reference: RDR-7KX4-M9QP-2TW\nReceived: Wednesday 23 December 2026 at 10:00am');
    expect(text).toContain('Postal address:\n\n1 Example Road\nCambridge');
    expect(text).toContain('Help: An interpreter (Polish)\nHelp: Something else: Meetings after 4pm');
    await expect(text).toMatchFileSnapshot('__snapshots__/complaint-copy.ceccc.txt');
  });

  test('what was left blank is left out; an anonymous complainant’s details are not there to copy', () => {
    const sections = copySections(complaint({ identity: 'anonymous', outcomeWanted: undefined, spokenToSomeone: 'no', spokenToDetails: undefined }), ceccc);
    expect(sections.map((section) => section.heading)).toEqual(['About you', 'What happened', 'Your complaint', 'Help to take part']);
    expect(sections[0]?.items).toEqual([{ label: 'Name', text: 'Not given: you chose to stay anonymous', long: false }]);
    expect(JSON.stringify(sections)).not.toContain('ann@example.com');
  });

  test('their words as typed: no template syntax runs, control characters go, line breaks are kept', () => {
    const text = renderComplaintCopy(template, { procedure: ceccc, reference: REFERENCE, receivedAt: RECEIVED, complaint: complaint({ complaint: 'Costs {{organisation}} £40 & <b>more</b>\u0007\r\nSecond line', name: 'Ann {{reference}}' }) });
    expect(text).toContain('Costs {{organisation}} £40 & <b>more</b>\nSecond line');
    expect(text).toContain('Name: Ann {{reference}}');
  });
});

describe('the receipt email’s tracking link', () => {
  test('the link, until when it works, and where to go after that', () => {
    const c = complaint();
    const templates = { issueBody: '{{reference}}', letter: '{{reference}}', addendum: '' };
    const plan = planNewCase({ complaint: c, procedure: ceccc, calendar: calendarFor(ceccc), channel: 'web', reference: REFERENCE, receivedAt: RECEIVED, assignees: {}, templates });
    return readTemplate('receipt-email').then((source) => {
      const input = { procedure: ceccc, timeline: plan.timeline, complaint: c, reference: REFERENCE, receivedAt: RECEIVED };
      const url = 'https://complaints.example.org/track/1.RDR-7KX4-M9QP-2TW.1806400800.abcdefghijklmnopqrstuv/';
      const text = planReceiptEmail(source, input, { url, expiresAt: Date.parse('2027-03-23T10:00:00Z'), lookupUrl: 'https://complaints.example.org/track/' })?.text ?? '';
      expect(text).toContain(`on its own page:\n\n${url}\n\nThe link works until Tuesday 23 March 2027.`);
      expect(text).toContain('go to https://complaints.example.org/track/ and enter your reference and this email address.');
      // Without a link (a process that cannot sign one), the email says nothing of one.
      expect(planReceiptEmail(source, input)?.text).not.toContain('/track/');
    });
  });
});

describe('an anonymous complainant is told', () => {
  test.each([
    ['ceccc', 'It is still recorded as a complaint and the Co-Ordinator reads it, although it may not be investigated. The centre will not normally investigate a complaint made anonymously.'],
    ['cms-vocational', 'It is still recorded as a complaint, and'],
  ])('%s: nobody can reply, no dates are promised, and what still happens', (id, still) => {
    const notice = anonymousNotice(seedProcedure(id));
    expect(notice.noReply).toMatch(/^Because you have not given your name or contact details, .+ cannot reply to you: you will not get an acknowledgement, updates or the outcome, and no dates are promised to you\.$/);
    expect(notice.noReplyIf).toMatch(/^If you stay anonymous, .+ cannot reply to you:/);
    expect(notice.stillHappens).toContain(still);
    expect(notice.toGetAReply).toContain('quote your reference');
  });
});
