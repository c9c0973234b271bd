import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { readLedgerDir } from '../../scripts/adapters/ledger/ledger-files.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { buildAuditReport } from '../../scripts/core/audit/audit-report.ts';
import { auditCase } from '../../scripts/core/audit/case-audit.ts';
import { medianOf } from '../../scripts/core/audit/case-figures.ts';
import { OrganisationSchema } from '../../scripts/core/organisation/organisation-schema.ts';
import { procedureFidelity } from '../../scripts/core/procedure/procedure-fidelity.ts';
import { renderAuditHtml, renderAuditJson, renderAuditMarkdown } from '../../scripts/core/audit/render-audit-report.ts';
import { parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { LEGACY_FIXTURE } from '../ledger/legacy-form.ts';
import { LIFECYCLES, REFUSING, runLifecycles, type Lifecycle } from '../ledger/lifecycles.ts';
import { seedProcedure } from '../support/procedures.ts';

/** Lifecycles that depart from their procedure in the ways the engine can see. */
export const DEPARTING: Record<string, Lifecycle> = {
  // ceccc answered without ever being acknowledged.
  noAcknowledgement: {
    reference: 'RDR-DEP1-0001',
    procedure: 'ceccc',
    received: '2026-11-09T10:00:00Z',
    steps: [{ at: '2026-11-20T10:00:00Z', say: '/respond not-upheld' }],
  },
  // ceccc extended on 2 December, after its 30 November due date had passed.
  extendedLate: {
    reference: 'RDR-DEP2-0002',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
      { at: '2026-12-02T10:00:00Z', say: '/extend 2026-12-11 availability' },
      { at: '2026-12-08T10:00:00Z', say: '/respond upheld' },
    ],
  },
  // The SPSO model: moved on to investigation before the frontline response was given.
  spsoSkipped: {
    reference: 'RDR-DEP3-0003',
    procedure: 'spso-model',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/escalate' },
      { at: '2026-11-04T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-25T10:00:00Z', say: '/respond partly-upheld' },
    ],
  },
};

/** ceccc as it would be if its procedure provided for pauses of at most 5 working days: no source does. */
const PAUSING: Procedure = {
  ...seedProcedure('ceccc'),
  id: 'pausing-centre',
  title: 'Complaints Procedure with Pauses',
  pauses: {
    summary: 'The clocks stop for at most 5 working days while the centre waits for information from outside it.',
    source: { file: 'pausing-centre.txt', quote: 'we may pause for up to 5 working days' },
    reasons: ['investigation', 'external'],
    limit: { amount: 5, unit: 'working-days' },
  },
};

/** Lifecycles that depart from, or use, the rules this work made faithful to the sources. */
export const FIDELITY: Record<string, Lifecycle> = {
  // ceccc, about the Co-Ordinator: the Chair handled stage 1, then decided stage 2 too ("will not have been
  // involved in stage 1 of the complaint").
  notIndependent: {
    reference: 'RDR-DEP4-0004',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    fields: { aboutHandler: true },
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge', author: 'ceccc-chair' },
      { at: '2026-11-20T10:00:00Z', say: '/respond not-upheld by email', author: 'ceccc-chair' },
      { at: '2026-11-23T10:00:00Z', say: '/escalate', author: 'ceccc-chair' },
      { at: '2026-11-24T10:00:00Z', say: '/acknowledge', author: 'ceccc-chair' },
      { at: '2026-12-10T10:00:00Z', say: '/respond not-upheld by email', author: 'ceccc-chair' },
    ],
  },
  // ceccc: stage 2 asked for on Wednesday 25 November, after the five working days from receipt of the emailed
  // stage 1 response (Friday 13 November) ended on Friday 20 November.
  lateRequest: {
    reference: 'RDR-DEP5-0005',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-13T10:00:00Z', say: '/respond not-upheld by email' },
      { at: '2026-11-25T10:00:00Z', say: '/escalate' },
      { at: '2026-11-26T10:00:00Z', say: '/acknowledge', author: 'ceccc-chair' },
      { at: '2026-12-10T10:00:00Z', say: '/respond upheld by email', author: 'ceccc-chair' },
    ],
  },
  // cecops: a complaint about an Accredited User, passed on by CECOPS to the inspection body.
  passedOn: {
    reference: 'RDR-DEP6-0006',
    procedure: 'cecops',
    received: '2026-11-02T10:00:00Z',
    steps: [{ at: '2026-11-05T10:00:00Z', say: '/pass-on independent-regulator' }],
  },
  // A procedure that allows pauses of at most 5 working days, paused for 8.
  pausedTooLong: {
    reference: 'RDR-DEP7-0007',
    procedure: 'pausing-centre',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-04T10:00:00Z', say: '/pause investigation waiting for a report from outside' },
      { at: '2026-11-16T10:00:00Z', say: '/resume' },
      { at: '2026-12-04T10:00:00Z', say: '/respond upheld' },
    ],
  },
};

const PROCEDURES = new Map<string, Procedure>([...['ceccc', 'op-performance', 'cms-vocational', 'cecops', 'spso-model'].map((id) => [id, seedProcedure(id)] as const), ['pausing-centre', PAUSING]]);
const AS_OF = Date.parse('2026-12-31T12:00:00Z');
/** A roster naming two of the logins the ledger holds; `staff-login` it does not know. */
const ORGANISATION = OrganisationSchema.parse({
  name: 'Fenland Complaints Partnership',
  contact: { email: 'complaints@example.org' },
  publish: ['ceccc'],
  people: [
    { name: 'Mary Coordinator', github: 'Mary-Coordinator', roles: { ceccc: ['coordinator'] } },
    { name: 'Chris Chair', github: 'ceccc-chair', roles: { ceccc: ['chair'] } },
    { name: 'Nobody Here', github: 'someone-else' },
  ],
});
const NAMES = { organisation: ORGANISATION, procedures: PROCEDURES };
let entries: LedgerEntry[] = [];
const byReference = (reference: string) => entries.find((entry) => entry.reference === reference)!;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-audit-'));
  await runLifecycles([...Object.values(LIFECYCLES), ...Object.values(REFUSING), ...Object.values(DEPARTING), ...Object.values(FIDELITY)], createLedgerWriter({ dir, git: false }), { procedures: PROCEDURES });
  const read = await readLedgerDir(dir);
  expect(read.problems).toEqual([]);
  entries = read.files.map((file) => file.entry);
}, 60_000);

describe('was the procedure followed? case by case', () => {
  test('a case handled in time has no departure', () => {
    const audit = auditCase(byReference(LIFECYCLES.cecccEscalated!.reference), AS_OF);
    expect(audit.departures).toEqual([]);
    expect(audit.clocks.map((c) => [c.id, c.verdict])).toEqual([
      ['stage-1.acknowledge', 'met'],
      ['stage-1.respond', 'met'],
      ['stage-2.request', 'met'],
      ['stage-2.acknowledge', 'met'],
      ['stage-2.respond', 'met'],
    ]);
  });

  test('a late acknowledgement: missed, and by how much', () => {
    expect(auditCase(byReference(LIFECYCLES.cecccLate!.reference), AS_OF).departures).toEqual([
      { kind: 'time-limit-missed', subject: 'stage-1.acknowledge', detail: 'met 3 working days late (due 2026-11-09, met 2026-11-12)', due: '2026-11-09', met: '2026-11-12', lateWorkingDays: 3 },
    ]);
  });

  test('a target date missed, on op-performance', () => {
    expect(auditCase(byReference(LIFECYCLES.opTarget!.reference), AS_OF).departures).toEqual([
      { kind: 'time-limit-missed', subject: 'formal.target', detail: 'met 2 working days late (due 2026-11-20, met 2026-11-24)', due: '2026-11-20', met: '2026-11-24', lateWorkingDays: 2 },
    ]);
  });

  test('an extension given in time is no departure; one given after the date had passed is', () => {
    expect(auditCase(byReference(LIFECYCLES.cecccExtended!.reference), AS_OF)).toMatchObject({ extended: true, departures: [] });
    expect(auditCase(byReference(DEPARTING.extendedLate!.reference), AS_OF).departures).toEqual([
      { kind: 'extension-without-notice', subject: 'stage-1.respond', detail: 'extended after the time limit had passed, so the complainant was not told in time' },
    ]);
  });

  test('a response without acknowledgement', () => {
    const audit = auditCase(byReference(DEPARTING.noAcknowledgement!.reference), AS_OF);
    expect(audit.departures.map((d) => [d.kind, d.subject])).toEqual([
      ['time-limit-missed', 'stage-1.acknowledge'],
      ['response-without-acknowledgement', 'stage-1'],
    ]);
  });

  test('a stage skipped: investigation begun before the frontline response', () => {
    const audit = auditCase(byReference(DEPARTING.spsoSkipped!.reference), AS_OF);
    expect(audit.departures).toContainEqual({ kind: 'stage-skipped', subject: 'investigation', detail: 'investigation began on 2026-11-03 before frontline was answered', began: '2026-11-03', before: 'frontline' });
  });

  test('a withdrawn case: no departure, its answer no longer due', () => {
    const audit = auditCase(byReference(LIFECYCLES.cecccWithdrawn!.reference), AS_OF);
    expect(audit).toMatchObject({ status: 'withdrawn', departures: [] });
    expect(audit.clocks.find((c) => c.id === 'stage-1.respond')?.verdict).toBe('not-applicable');
  });

  test('a clock still running at the last sweep is overdue once the report date passes it', () => {
    const entry = byReference(LIFECYCLES.opTarget!.reference);
    const running = { ...entry, clocks: entry.clocks.map((c) => (c.id === 'formal.target' ? { ...c, state: 'pending' as const, met: undefined, late: undefined } : c)) };
    expect(auditCase(running, Date.parse('2026-11-19T12:00:00Z')).clocks.find((c) => c.id === 'formal.target')?.verdict).toBe('running');
    expect(auditCase(running, AS_OF).departures).toEqual([{ kind: 'time-limit-overdue', subject: 'formal.target', detail: 'due 2026-11-20, not met', due: '2026-11-20' }]);
  });
});

describe('the fidelity rules, as the audit reports them', () => {
  test('a stage 2 decided by the Chair who handled stage 1 is not independent', () => {
    const audit = auditCase(byReference(FIDELITY.notIndependent!.reference), AS_OF);
    expect(audit.stages.map((run) => [run.stage, run.handler, run.insteadOf])).toEqual([
      ['stage-1', 'chair', undefined],
      ['stage-2', 'trustees', 'chair'],
    ]);
    expect(audit.departures).toEqual([
      { kind: 'not-independent', subject: 'stage-2', detail: 'decided by someone involved in an earlier stage, where the procedure requires someone not involved' },
    ]);
  });

  test('a late request for stage 2 is the complainant\'s, so a note, not a departure of the centre', () => {
    const audit = auditCase(byReference(FIDELITY.lateRequest!.reference), AS_OF);
    expect(audit.clocks.find((c) => c.id === 'stage-2.request')).toMatchObject({ dueDate: '2026-11-20', verdict: 'late' });
    expect(audit.departures).toEqual([]);
    expect(audit.lateRequests).toEqual(['stage-2.request']);
  });

  test('a complaint passed on is not open and not a departure', () => {
    const audit = auditCase(byReference(FIDELITY.passedOn!.reference), AS_OF);
    expect(audit).toMatchObject({ status: 'passed-on', passedOn: 'independent-regulator', departures: [] });
    const figures = buildAuditReport(entries, { asOf: AS_OF, procedure: 'cecops' }).procedures[0];
    expect(figures).toMatchObject({ received: 2, passedOn: 1, open: 0 });
  });

  test('a pause beyond the procedure\'s limit is a departure, and the pause is counted', () => {
    const audit = auditCase(byReference(FIDELITY.pausedTooLong!.reference), AS_OF);
    expect(audit.pauses).toBe(1);
    expect(audit.departures).toEqual([{ kind: 'pause-over-limit', subject: 'stage-1', detail: 'paused for longer than the procedure allows' }]);
    // Paused Wednesday 4 to Monday 16 November: 8 working days, of which 5 stop the clocks.
    expect(audit.clocks.find((c) => c.id === 'stage-1.respond')?.dueDate).toBe('2026-12-07');
  });

  test('escalation notices and reminders are facts of the case the audit lists', () => {
    const audit = auditCase(byReference(LIFECYCLES.opTarget!.reference), AS_OF);
    expect(audit.escalationNotices).toEqual([
      { clock: 'formal.target', level: 1, at: '2026-11-23T09:35:00.000Z' },
      { clock: 'formal.target', level: 2, at: '2026-11-24T09:35:00.000Z' },
    ]);
    expect(audit.clocks.find((c) => c.id === 'formal.target')?.warnings).toEqual([
      { level: 'before-2-working-days', due: '2026-11-20', at: '2026-11-19T10:05:00.000Z' },
      { level: 'due-today', due: '2026-11-20', at: '2026-11-20T10:05:00.000Z' },
      { level: 'overdue', due: '2026-11-20', at: '2026-11-23T09:35:00.000Z' },
    ]);
  });

  test('refused commands are listed apart from what was done, with who wrote them and why they were refused', () => {
    const audit = auditCase(byReference(REFUSING.cecccRefused!.reference), AS_OF);
    expect(audit.refused).toBe(3);
    expect(audit.refusedCommands.map((c) => [c.type, c.by, c.refusal])).toEqual([
      ['acknowledged', 'mary-coordinator', 'Stage 1 was already acknowledged.'],
      ['responded', 'mary-coordinator', 'Stage 1 has already been answered.'],
      ['paused', 'mary-coordinator', 'This procedure makes no provision for pausing its time limits.'],
    ]);
    expect(audit.acts.map((act) => [act.type, act.at])).toEqual([
      ['acknowledged', '2026-11-03T12:00:00.000Z'],
      ['responded', '2026-11-19T10:00:00.000Z'],
    ]);
    expect(audit).toMatchObject({ pauses: 0, departures: [] });
  });

  test('an entry written before refused commands were kept apart: its refused lines are refusals in the report, not acts', async () => {
    const old = parseLedgerEntry(await readFile(LEGACY_FIXTURE, 'utf8'));
    const audit = auditCase(old, AS_OF);
    expect(audit.acts.map((act) => [act.seq, act.type])).toEqual([[2, 'acknowledged'], [3, 'responded']]);
    expect(audit.refusedCommands.map((c) => [c.seq, c.type, c.refusal])).toEqual([
      [4, 'responded', 'Stage 1 has already been answered.'],
      [5, 'paused', 'This procedure makes no provision for pausing its time limits.'],
    ]);
    const text = renderAuditMarkdown(await readTemplate('audit-report-markdown'), buildAuditReport([old], { asOf: AS_OF, names: NAMES }));
    expect(text).toContain('Refused by the procedure:\n- Mon 23 Nov 2026: answered: not upheld, by Mary Coordinator. Stage 1 has already been answered.\n');
  });

  test('the report says how each procedure was read from its source', async () => {
    const fidelity = new Map([...PROCEDURES].map(([id, procedure]) => [id, procedureFidelity(procedure)]));
    const report = buildAuditReport(entries, { asOf: AS_OF, procedure: 'ceccc', fidelity });
    expect(report.fidelity).toHaveLength(1);
    const [ceccc] = report.fidelity ?? [];
    expect(ceccc?.source).toBeGreaterThan(30);
    expect(ceccc?.assumptions.filter((a) => !a.inherited).map((a) => a.id)).toEqual(['ceccc-online-form', 'ceccc-stage-2-instead', 'ceccc-naccc-window']);
    expect(ceccc?.assumptions.filter((a) => a.inherited).map((a) => a.id)).toContain('non-working-day-receipt');
    const text = renderAuditMarkdown(await readTemplate('audit-report-markdown'), report);
    expect(text).toContain('## How the procedures were read');
    expect(text).toContain('\n- When the Chair handled stage 1 because the complaint is about the Co-Ordinator, the Trustees other than the Chair decide stage 2.\n');
    expect(text).not.toContain('ceccc-stage-2-instead');
    // A procedure whose file is gone is said to be so, not silently skipped.
    const gone = buildAuditReport(entries, { asOf: AS_OF, procedure: 'ceccc', fidelity: new Map() });
    expect(gone.fidelity).toEqual([{ procedure: 'ceccc', found: false, source: 0, assumptions: [] }]);
  });
});

describe('figures by procedure and by month', () => {
  test('ceccc: volumes, time limits on time, median working days, outcomes, escalation and extension rates', () => {
    const report = buildAuditReport(entries, { asOf: AS_OF, procedure: 'ceccc' });
    expect(report.procedures).toHaveLength(1);
    expect(report.procedures[0]).toEqual({
      procedure: 'ceccc',
      received: 10,
      answered: 9,
      withdrawn: 1,
      open: 6,
      passedOn: 0,
      paused: 0,
      acknowledged: { onTime: 11, due: 13, share: 11 / 13 },
      respondedTo: { onTime: 12, due: 12, share: 1 },
      medianWorkingDaysToRespond: 14,
      outcomes: { upheld: 5, 'partly-upheld': 0, 'not-upheld': 4 },
      escalated: 3,
      escalationRate: 3 / 9,
      extended: 2,
      extensionRate: 2 / 10,
      withDepartures: 4,
    });
    // Late, extended late, answered without acknowledgement, decided by the Chair involved at stage 1; the
    // extension given in time, the late request (the complainant's) and the refused commands are no departure.
  });

  test('from and to select by the UK date of receipt; trends are by month', () => {
    const november = buildAuditReport(entries, { asOf: AS_OF, from: '2026-11-03', to: '2026-11-30' });
    expect(november.cases.map((c) => c.reference)).toEqual([DEPARTING.noAcknowledgement!.reference]);
    const all = buildAuditReport(entries, { asOf: AS_OF });
    expect(all.months.map((m) => [m.month, m.received])).toEqual([['2026-11', 16]]);
    expect(all.procedures.map((p) => [p.procedure, p.received])).toEqual([['ceccc', 10], ['cecops', 2], ['cms-vocational', 1], ['op-performance', 1], ['pausing-centre', 1], ['spso-model', 1]]);
  });

  test('median of an even and an odd count', () => {
    expect(medianOf([])).toBeUndefined();
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('the report in each format', () => {
  test('Markdown: the figures and every case, in a stable form', async () => {
    const text = renderAuditMarkdown(await readTemplate('audit-report-markdown'), buildAuditReport(entries, { asOf: AS_OF, names: NAMES }));
    await expect(text).toMatchFileSnapshot('./__snapshots__/audit.md');
    expect(text).toMatch(/^# Complaints audit: Fenland Complaints Partnership\n/);
    expect(text).toContain('9 of 16 cases followed the procedure throughout; 7 departed from it at least once.');
    expect(text).toContain('| Acknowledge the complaint in writing | Mon 9 Nov 2026 | **met 3 working days late** | 2 working days before, on Thu 5 Nov 2026; on the due day, Mon 9 Nov 2026; once overdue, on Tue 10 Nov 2026 |');
    // People by the roster's names (whatever the case of the login), and by login where the roster does not name them.
    expect(text).toContain('- Thu 26 Nov 2026: acknowledged, by Chris Chair');
    expect(text).toContain('- Thu 5 Nov 2026: acknowledged, by Mary Coordinator. Stage 1 was already acknowledged.');
    expect(text).toContain('- Tue 24 Nov 2026: the complainant asked for the next stage, recorded by Mary Coordinator');
    expect(text).toContain('acknowledged, by staff-login');
    expect(text).not.toContain('mary-coordinator');
    expect(text).not.toContain('Nobody Here');
    // Ids are for the JSON report: no clock, stage or procedure id in the words.
    expect(text).not.toMatch(/stage-1\.|formal\.target|: ceccc\n|\| ceccc \|/);
    expect(text).toContain('### RDR-OPP1-0005: Customer Complaints Procedure, OP Performance Limited\n');
    expect(text).toContain('- Thu 5 Nov 2026: passed on to the independent inspection body for Accredited Users, by staff-login');
    expect(text).toContain('Held to the procedure as it stood when the complaint was received, since changed (procedure version 0123abcd).');
    expect(text).toMatch(/Staff warned up the escalation ladder, step 1, the [A-Z][a-z]+.*, told Monday 23 November 2026 at 9:35am; step 2, the .+, told Tuesday 24 November 2026 at 9:35am/i);
  });

  test('HTML: charts drawn inline as SVG, no script, print styles, every value escaped', async () => {
    const html = renderAuditHtml(await readTemplate('audit-report-html'), buildAuditReport(entries, { asOf: AS_OF, names: NAMES }));
    await expect(html).toMatchFileSnapshot('./__snapshots__/audit.html');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    expect(html).toContain('@media print');
    expect(html).toContain('<td class="departed">met 3 working days late</td>');
    expect(html).toContain('<h1>Complaints audit: Fenland Complaints Partnership</h1>');
  });

  test('without the procedure files and the organisation file: the ids as they are, and the demonstration named', async () => {
    const report = buildAuditReport(entries, { asOf: AS_OF, procedure: 'op-performance' });
    expect(report.organisation).toBeUndefined();
    const text = renderAuditMarkdown(await readTemplate('audit-report-markdown'), report);
    expect(text).toMatch(/^# Complaints audit: Redress demonstration\n\nop-performance, every case in the ledger\./);
    expect(text).toContain('The procedure file is no longer in workflows/ (procedure version 0123abcd).');
    expect(text).toContain('| formal.target | Fri 20 Nov 2026 | **met 2 working days late** |');
    expect(text).toContain('formal.target: staff warned up the escalation ladder, step 1 told Monday 23 November 2026 at 9:35am; step 2 told Tuesday 24 November 2026 at 9:35am');
    // One procedure's file and no organisation file: the organisation the procedure names.
    const one = buildAuditReport(entries, { asOf: AS_OF, procedure: 'op-performance', names: { procedures: PROCEDURES } });
    expect(one.organisation).toBe(seedProcedure('op-performance').organisation.name);
  });

  test('JSON: the report as data', () => {
    const json = JSON.parse(renderAuditJson(buildAuditReport(entries, { asOf: AS_OF, names: NAMES })));
    expect(json.totals.received).toBe(16);
    expect(json.cases).toHaveLength(16);
    // The ids, with the names beside them.
    const refused = json.cases.find((c: { reference: string }) => c.reference === REFUSING.cecccRefused!.reference);
    expect(refused.clocks[0].id).toBe('stage-1.acknowledge');
    expect(refused.refusedCommands[0]).toMatchObject({ type: 'acknowledged', by: 'mary-coordinator' });
    expect(json.organisation).toBe('Fenland Complaints Partnership');
    expect(json.names.people).toEqual({ 'ceccc-chair': 'Chris Chair', 'mary-coordinator': 'Mary Coordinator' });
    expect(json.names.procedures.ceccc.clocks['stage-1.acknowledge']).toBe('Acknowledge the complaint in writing');
  });
});
