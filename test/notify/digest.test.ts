import { describe, expect, test } from 'vitest';
import { toDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { createWorkingCalendar } from '../../scripts/core/calendar/working-calendar.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import { computeTimeline } from '../../scripts/core/deadlines/compute-timeline.ts';
import { buildDigests, digestDue, digestMail, isoWeek, type DigestCase } from '../../scripts/core/notify/digest.ts';
import type { StaffMember } from '../../scripts/core/organisation/roster.ts';
import { seedProcedure } from '../support/procedures.ts';

const ceccc = seedProcedure('ceccc');
const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
const MARY: StaffMember = { name: 'Mary Smith', github: 'mary', email: 'mary@example.org' };
const SAM: StaffMember = { name: 'Sam Jones' };
const staff = (procedure: string, role: string) => (procedure === 'ceccc' && role === 'coordinator' ? [MARY, SAM] : []);

function aCase(reference: string, received: string, now: number, more: Record<string, unknown>[] = []): DigestCase {
  const events = [{ type: 'received', at: received, channel: 'web' }, ...more].map((e) => CaseEventSchema.parse(e));
  return { reference, procedure: ceccc, timeline: computeTimeline({ procedure: ceccc, calendar, events, now }), link: `npx redress case show ${reference}` };
}

describe('ISO weeks and when the digest is due', () => {
  test.each([
    ['2026-12-07', '2026-W50'], // a Monday
    ['2026-12-13', '2026-W50'], // its Sunday
    ['2026-12-31', '2026-W53'], // 2026 has 53 ISO weeks (it starts on a Thursday)
    ['2027-01-03', '2026-W53'], // a Sunday still in the last week of 2026
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'], // a Monday already in 2026's first week
  ])('%s is in %s', (day, week) => {
    expect(isoWeek(toDayNumber(day))).toBe(week);
  });

  test.each([
    ['2026-12-07T07:59:00Z', '2026-W49', false], // Monday before 08:00
    ['2026-12-07T08:00:00Z', '2026-W49', true], // Monday 08:00
    ['2026-12-09T15:00:00Z', '2026-W49', true], // the first sweep after a Monday with none
    ['2026-12-09T15:00:00Z', '2026-W50', false], // already sent this week
    ['2026-12-12T10:00:00Z', '2026-W49', false], // a Saturday: not at a weekend, even when none went that week
    ['2026-06-01T06:59:00Z', '2026-W22', false], // 07:59 BST on Monday 1 June
    ['2026-06-01T07:00:00Z', '2026-W22', true], // 08:00 BST
  ])('at %s, last sent for %s: due %s', (now, last, due) => {
    expect(digestDue(Date.parse(now), last).due).toBe(due);
  });
});

describe('the digest', () => {
  const now = Date.parse('2026-12-07T08:05:00Z'); // Monday 7 December 2026
  const cases = [
    // Received Monday 23 November: its acknowledgement was due before this week, and is overdue.
    aCase('RDR-OVER', '2026-11-23T10:00:00Z', now),
    // Received Thursday 3 December: its acknowledgement falls due this week.
    aCase('RDR-WEEK', '2026-12-03T10:00:00Z', now),
    // Received today: nothing due before next week.
    aCase('RDR-LATE', '2026-12-07T08:00:00Z', now),
    // Closed: never in a digest.
    aCase('RDR-SHUT', '2026-11-23T10:00:00Z', now, [{ type: 'closed', at: '2026-11-24T10:00:00Z', actor: 'staff' }]),
  ];

  test('one per person holding the handling role, with what is overdue and what is due this week, dates in words', () => {
    const digests = buildDigests({ cases, staff, now, prefix: 'EC' });
    expect(digests.map((d) => d.person.name)).toEqual(['Mary Smith', 'Sam Jones']);
    const [mary] = digests;
    expect(mary?.week).toBe('2026-W50');
    expect(mary?.overdue.map((i) => i.reference)).toContain('RDR-OVER');
    expect(mary?.dueThisWeek.map((i) => i.reference)).toContain('RDR-WEEK');
    const all = [...(mary?.overdue ?? []), ...(mary?.dueThisWeek ?? [])].map((i) => i.reference);
    expect(all).not.toContain('RDR-LATE');
    expect(all).not.toContain('RDR-SHUT');
    const text = mary?.text ?? '';
    expect(text.split('\n')[0]).toBe('Cases for Mary Smith, week beginning Monday 7 December.');
    expect(text).toMatch(/- RDR-OVER \(.+\): .+, was due \w+day \d{1,2} (November|December)\n {2}npx redress case show RDR-OVER/);
    expect(text).toMatch(/- RDR-WEEK \(.+\): .+, due \w+day \d{1,2} December\n {2}npx redress case show RDR-WEEK/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(mary?.subject).toMatch(/^\[EC\] Your cases this week: \d+ overdue, \d+ due$/);
  });

  test('holds no complaint text and no complainant details: only references, procedures, stages, dates and links', () => {
    const text = buildDigests({ cases, staff, now })[0]?.text ?? '';
    expect(text).not.toMatch(/@|Complaint text|Ann/);
  });

  test('nobody with nothing overdue or due gets one', () => {
    expect(buildDigests({ cases: [cases[2] as DigestCase, cases[3] as DigestCase], staff, now })).toEqual([]);
  });

  test('a message once per person per week; none for a person without an address', () => {
    const [mary, sam] = buildDigests({ cases, staff, now });
    const mail = digestMail(mary as NonNullable<typeof mary>);
    expect(mail?.key).toMatch(/^digest:2026-W50\.[0-9a-f]{8}$/);
    expect(mail).toMatchObject({ kind: 'digest', to: 'mary@example.org' });
    expect(digestMail(sam as NonNullable<typeof sam>)).toBeUndefined();
    const nextWeek = buildDigests({ cases: cases.map((c) => ({ ...c })), staff, now: Date.parse('2026-12-14T09:00:00Z') })[0];
    expect(nextWeek?.week).toBe('2026-W51');
    expect(digestMail(nextWeek as NonNullable<typeof nextWeek>)?.key).not.toBe(mail?.key);
  });
});
