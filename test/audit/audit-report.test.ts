import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { readLedgerDir } from '../../scripts/adapters/ledger/ledger-files.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { buildAuditReport } from '../../scripts/core/audit/audit-report.ts';
import { auditCase } from '../../scripts/core/audit/case-audit.ts';
import { medianOf } from '../../scripts/core/audit/case-figures.ts';
import { renderAuditHtml, renderAuditJson, renderAuditMarkdown } from '../../scripts/core/audit/render-audit-report.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { LIFECYCLES, runLifecycles, type Lifecycle } from '../ledger/lifecycles.ts';
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

const PROCEDURES = new Map<string, Procedure>(['ceccc', 'op-performance', 'cms-vocational', 'cecops', 'spso-model'].map((id) => [id, seedProcedure(id)]));
const AS_OF = Date.parse('2026-12-31T12:00:00Z');
let entries: LedgerEntry[] = [];
const byReference = (reference: string) => entries.find((entry) => entry.reference === reference)!;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-audit-'));
  await runLifecycles([...Object.values(LIFECYCLES), ...Object.values(DEPARTING)], createLedgerWriter({ dir, git: false }), { procedures: PROCEDURES });
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
      { kind: 'time-limit-missed', subject: 'stage-1.acknowledge', detail: 'met 3 working days late (due 2026-11-09, met 2026-11-12)' },
    ]);
  });

  test('a target date missed, on op-performance', () => {
    expect(auditCase(byReference(LIFECYCLES.opTarget!.reference), AS_OF).departures).toEqual([
      { kind: 'time-limit-missed', subject: 'formal.target', detail: 'met 2 working days late (due 2026-11-20, met 2026-11-24)' },
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
    expect(audit.departures).toContainEqual({ kind: 'stage-skipped', subject: 'investigation', detail: 'investigation began on 2026-11-03 before frontline was answered' });
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
    expect(auditCase(running, AS_OF).departures).toEqual([{ kind: 'time-limit-overdue', subject: 'formal.target', detail: 'due 2026-11-20, not met' }]);
  });
});

describe('figures by procedure and by month', () => {
  test('ceccc: volumes, time limits on time, median working days, outcomes, escalation and extension rates', () => {
    const report = buildAuditReport(entries, { asOf: AS_OF, procedure: 'ceccc' });
    expect(report.procedures).toHaveLength(1);
    expect(report.procedures[0]).toEqual({
      procedure: 'ceccc',
      received: 7,
      answered: 6,
      withdrawn: 1,
      open: 5,
      acknowledged: { onTime: 6, due: 8, share: 0.75 },
      respondedTo: { onTime: 7, due: 7, share: 1 },
      medianWorkingDaysToRespond: 16.5,
      outcomes: { upheld: 3, 'partly-upheld': 0, 'not-upheld': 3 },
      escalated: 1,
      escalationRate: 1 / 6,
      extended: 2,
      extensionRate: 2 / 7,
      withDepartures: 3,
    });
    // Late, extended late, answered without acknowledgement; the extension given in time is no departure.
  });

  test('from and to select by the UK date of receipt; trends are by month', () => {
    const november = buildAuditReport(entries, { asOf: AS_OF, from: '2026-11-03', to: '2026-11-30' });
    expect(november.cases.map((c) => c.reference)).toEqual([DEPARTING.noAcknowledgement!.reference]);
    const all = buildAuditReport(entries, { asOf: AS_OF });
    expect(all.months.map((m) => [m.month, m.received])).toEqual([['2026-11', 11]]);
    expect(all.procedures.map((p) => [p.procedure, p.received])).toEqual([['ceccc', 7], ['cecops', 1], ['cms-vocational', 1], ['op-performance', 1], ['spso-model', 1]]);
  });

  test('median of an even and an odd count', () => {
    expect(medianOf([])).toBeUndefined();
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('the report in each format', () => {
  test('Markdown: the figures and every case, in a stable form', async () => {
    const text = renderAuditMarkdown(await readTemplate('audit-report-markdown'), buildAuditReport(entries, { asOf: AS_OF }));
    await expect(text).toMatchFileSnapshot('./__snapshots__/audit.md');
    expect(text).toContain('6 of 11 cases followed the procedure throughout; 5 departed from it at least once.');
    expect(text).toContain('| stage-1.acknowledge | 2026-11-09 | **met 3 working days late** |');
  });

  test('HTML: charts drawn inline as SVG, no script, print styles, every value escaped', async () => {
    const html = renderAuditHtml(await readTemplate('audit-report-html'), buildAuditReport(entries, { asOf: AS_OF }));
    await expect(html).toMatchFileSnapshot('./__snapshots__/audit.html');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    expect(html).toContain('@media print');
    expect(html).toContain('<td class="departed">met 3 working days late</td>');
  });

  test('JSON: the report as data', () => {
    const json = JSON.parse(renderAuditJson(buildAuditReport(entries, { asOf: AS_OF })));
    expect(json.totals.received).toBe(11);
    expect(json.cases).toHaveLength(11);
  });
});
