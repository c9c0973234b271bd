import { describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { buildAuditReport } from '../../scripts/core/audit/audit-report.ts';
import { auditCase } from '../../scripts/core/audit/case-audit.ts';
import { formatLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { countOrNone, publishColumn } from '../../scripts/core/umbrella/held-back.ts';
import { readMemberEntry, type MemberEntry } from '../../scripts/core/umbrella/member-entry-schema.ts';
import { renderUmbrellaHtml, renderUmbrellaJson, renderUmbrellaMarkdown } from '../../scripts/core/umbrella/render-umbrella-report.ts';
import { buildUmbrellaReport, type MemberLedger } from '../../scripts/core/umbrella/umbrella-report.ts';
import { memberEntries } from './support/member-ledgers.ts';

const AS_OF = Date.parse('2027-01-31T12:00:00Z');

function read(entries: readonly LedgerEntry[]): MemberEntry[] {
  return entries.map((entry) => {
    const result = readMemberEntry(formatLedgerEntry(entry));
    if (!result.entry) throw new Error(result.problem);
    return result.entry;
  });
}

/** Entries of a generated ledger chosen to have `departed` cases with departures and `followed` without. */
function ledgerWith(member: number, departed: number, followed: number): LedgerEntry[] {
  const pool = memberEntries(member, 200);
  const withDepartures = pool.filter((entry) => auditCase(entry, AS_OF).departures.length > 0);
  const without = pool.filter((entry) => auditCase(entry, AS_OF).departures.length === 0);
  if (withDepartures.length < departed || without.length < followed) throw new Error('the generated pool is too small');
  return [...withDepartures.slice(0, departed), ...without.slice(0, followed)];
}

function member(name: string, entries: readonly LedgerEntry[]): MemberLedger {
  return { name, source: { kind: 'repository', repository: `naccc/${name.toLowerCase().replaceAll(' ', '-')}` }, read: { entries: read(entries), damaged: 0 } };
}

describe('small numbers held back', () => {
  test('a count of 1 to 4 is held back; none and 5 or more are given', () => {
    expect([0, 1, 4, 5, 12].map((n) => countOrNone(n).text)).toEqual(['none', 'fewer than 5', 'fewer than 5', '5', '12']);
    expect(countOrNone(3)).toEqual({ shown: false, text: 'fewer than 5' });
  });

  test('where one member alone would be held back, the next smallest is held back with it, so the total does not give it away', () => {
    const column = publishColumn([7, 2, 0, 9]);
    expect(column.members.map((p) => p.text)).toEqual(['not published', 'fewer than 5', 'none', '9']);
    expect(column.total.text).toBe('18');
    // Two held back already protect each other; a hidden total protects them all.
    expect(publishColumn([7, 2, 3, 9]).members.map((p) => p.text)).toEqual(['7', 'fewer than 5', 'fewer than 5', '9']);
    expect(publishColumn([2, 0, 1]).total.text).toBe('fewer than 5');
    expect(publishColumn([2, 0, 1]).members.map((p) => p.text)).toEqual(['fewer than 5', 'none', 'fewer than 5']);
  });
});

describe('the umbrella report', () => {
  const large = ledgerWith(0, 8, 30);
  const small = ledgerWith(1, 2, 1);
  const clean = ledgerWith(2, 0, 9);
  const members: MemberLedger[] = [
    member('Large Centre', large),
    member('Small Centre', small),
    member('Clean Centre', clean),
    { name: 'Silent Centre', source: { kind: 'repository', repository: 'naccc/silent' }, read: { failed: 'the repository was not found, or the token cannot read it' } },
    { name: 'New Centre', source: { kind: 'folder', folder: 'ledgers/new' }, read: { entries: [], damaged: 0, noLedger: true } },
  ];
  const report = buildUmbrellaReport(members, { umbrella: 'NACCC member centres', asOf: AS_OF });

  test('says for each member whether it followed its procedure, from the audit of its own ledger', () => {
    expect(report.rows.map((row) => [row.name, row.verdict])).toEqual([
      // 8 of 38, held back with the small centre's 2: the total of 10 would give the 2 away.
      ['Large Centre', 'Departures from the procedure in some of 38 complaints.'],
      ['Small Centre', 'Departures from the procedure in at least one of fewer than 5 complaints.'],
      ['Clean Centre', 'Procedure followed in every complaint.'],
      ['Silent Centre', 'Not read: the repository was not found, or the token cannot read it.'],
      ['New Centre', 'No ledger yet: the member has recorded no complaint.'],
    ]);
    expect(report.members).toEqual({ listed: 5, read: 4, notRead: 1, followedThroughout: 2 });
    expect(report.rows[0]?.procedures).toEqual(['ceccc']);
    expect(report.rows[2]?.procedures).toEqual(['cms-vocational']);
  });

  test('agrees with the audit of the same ledgers, and holds back what is small', () => {
    const audit = buildAuditReport([...large, ...small, ...clean], { asOf: AS_OF });
    expect(report.overall.received).toEqual({ shown: true, value: audit.totals.received, text: String(audit.totals.received) });
    expect(report.overall.withDepartures).toEqual({ shown: true, value: audit.totals.withDepartures, text: '10' });
    const largeAudit = buildAuditReport(large, { asOf: AS_OF }).totals;
    const answered = largeAudit.respondedTo;
    expect(answered.due - answered.onTime).toBeGreaterThanOrEqual(5);
    expect(report.rows[0]?.figures?.answeredOnTime).toEqual({ shown: true, value: answered.share, text: `${Math.round((answered.share ?? 0) * 100)}%` });
    expect(report.rows[0]?.figures?.medianWorkingDaysToAnswer).toEqual({ shown: true, value: largeAudit.medianWorkingDaysToRespond, text: String(largeAudit.medianWorkingDaysToRespond) });
    // The small centre: 3 complaints, 2 with departures; nothing from which a complaint could be told apart.
    const smallFigures = report.rows[1]?.figures;
    expect(smallFigures?.received).toEqual({ shown: false, text: 'fewer than 5' });
    expect(smallFigures?.withDepartures).toEqual({ shown: false, text: 'fewer than 5' });
    expect(smallFigures?.followedThroughout.shown).toBe(false);
    expect(smallFigures?.answeredOnTime.shown).toBe(false);
    expect(smallFigures?.medianWorkingDaysToAnswer).toEqual({ shown: false, text: 'fewer than 5 answered' });
    // Held back alone in its column, the small centre's count would follow from the total: the next smallest goes too.
    expect(report.rows[2]?.figures?.received).toEqual({ shown: false, text: 'not published' });
    expect(report.rows[0]?.figures?.withDepartures.text).toBe('not published');
    expect(report.rows[2]?.figures?.withDepartures.text).toBe('none');
  });

  test('counts complaints by kind of departure, held back alike', () => {
    const count = (entries: readonly LedgerEntry[]) => {
      const kinds = new Map<string, number>();
      for (const entry of entries) for (const kind of new Set(auditCase(entry, AS_OF).departures.map((d) => d.kind))) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      return kinds;
    };
    // Without the small centre, whose counts hold others back, the large centre's counts of 5 or more are given.
    const both = buildUmbrellaReport([member('Large Centre', large), member('Clean Centre', clean)], { umbrella: 'NACCC', asOf: AS_OF });
    const inLarge = count(large);
    expect([...inLarge.values()].some((n) => n >= 5)).toBe(true);
    for (const [kind, n] of inLarge) {
      const published = both.rows[0]?.figures?.departures[kind as keyof typeof report.overall.departures];
      expect(published?.shown ? published.value : published?.text).toBe(n >= 5 ? n : 'fewer than 5');
      // With it, each is held back: the small centre's 1 to 4 would otherwise follow from the total.
      expect(report.rows[0]?.figures?.departures[kind as keyof typeof report.overall.departures].shown).toBe(false);
    }
    const overall = count([...large, ...small, ...clean]);
    for (const [kind, n] of overall) {
      const total = report.overall.departures[kind as keyof typeof report.overall.departures];
      expect(total.shown ? total.value : total.text).toBe(n >= 5 ? n : 'fewer than 5');
    }
    expect(report.rows[2]?.figures?.departures['time-limit-missed'].text).toBe('none');
  });

  test('takes only the complaints received in the period', () => {
    const within = buildUmbrellaReport(members, { umbrella: 'NACCC', asOf: AS_OF, from: '2025-04-01', to: '2026-03-31' });
    const expected = buildAuditReport(large, { asOf: AS_OF, from: '2025-04-01', to: '2026-03-31' }).totals.received;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(large.length);
    const received = within.rows[0]?.figures?.received;
    expect(received?.shown ? received.value : received?.text).toBe(expected >= 5 ? expected : 'fewer than 5');
    expect(within).toMatchObject({ from: '2025-04-01', to: '2026-03-31' });
  });

  test('renders the same published figures as Markdown, HTML and JSON, and no figure held back', async () => {
    const markdown = renderUmbrellaMarkdown(await readTemplate('umbrella-report-markdown'), report);
    const html = renderUmbrellaHtml(await readTemplate('umbrella-report-html'), report);
    const json = renderUmbrellaJson(report);
    expect(markdown).toContain('| Large Centre | GitHub naccc/large-centre | ceccc | 38 |');
    expect(markdown).toContain('**Departures from the procedure in some of 38 complaints.**');
    expect(markdown).toContain('- **Silent Centre** (GitHub naccc/silent): Not read: the repository was not found, or the token cannot read it.');
    expect(html).toContain('<th scope="row">Small Centre</th><td>GitHub naccc/small-centre</td><td>op-performance</td><td class="n">fewer than 5</td>');
    // A held-back figure has no value anywhere in the JSON.
    const parsed = JSON.parse(json) as typeof report;
    expect(parsed.rows[1]?.figures?.received).toEqual({ shown: false, text: 'fewer than 5' });
    expect(json).not.toMatch(/"shown": false,\s*"value"/);
  });

  test('a member\'s name from the members file cannot break the Markdown table or the HTML', async () => {
    const odd = buildUmbrellaReport([member('Left | Right <b>', clean)], { umbrella: 'A & B', asOf: AS_OF });
    expect(renderUmbrellaMarkdown(await readTemplate('umbrella-report-markdown'), odd)).toContain('| Left \\| Right <b> |');
    const html = renderUmbrellaHtml(await readTemplate('umbrella-report-html'), odd);
    expect(html).toContain('Left | Right &lt;b&gt;');
    expect(html).toContain('<title>Umbrella view: A &amp; B</title>');
  });
});
