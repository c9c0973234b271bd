import { readSweepTemplates } from '../../scripts/adapters/fs/templates.ts';
import { renderCaseBlock } from '../../scripts/core/case/case-block.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import type { CaseStore } from '../../scripts/core/case/case-store.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { runSweep, type SweepDeps } from '../../scripts/core/sweep/run-sweep.ts';
import { seedProcedure } from './procedures.ts';

export const templates = await readSweepTemplates();

/** Who holds each role in the tests' organisations. */
export const PEOPLE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  ceccc: { coordinator: ['mary-coordinator'], chair: ['ceccc-chair'], trustees: ['ceccc-chair', 'trustee-a', 'trustee-b'] },
  'op-performance': { 'quality-coordinator': ['qc'], 'department-head': ['dept-head'], 'senior-manager': ['senior'], 'managing-director': ['md'] },
  'cms-vocational': { 'operations-director': ['ops'], 'board-member': ['board'] },
};

const procedures = new Map<string, Procedure>(['ceccc', 'op-performance', 'cms-vocational', 'cecops'].map((id) => [id, seedProcedure(id)]));

/** A case's body as intake writes it: the complaint (not needed here) and the hidden block. */
export function caseBody(reference: string, procedure: string, received: string, fields: Record<string, unknown> = {}): string {
  const event = CaseEventSchema.parse({ type: 'received', at: received, channel: 'web', ...fields });
  return `Complaint text.\n\n${renderCaseBlock({ reference, procedure: { id: procedure, version: { hash: '0123abcd' } }, submissionId: `sub-${reference}`, received, channel: 'web', events: [event] })}\n`;
}

export function sweep(store: CaseStore & { requests: { reads: number; writes: number } }, now: string, overrides: Partial<SweepDeps> = {}) {
  return runSweep({
    store,
    procedures,
    calendarFor: (procedure) => calendarFor(procedure),
    now: Date.parse(now),
    templates,
    people: (procedure, role) => PEOPLE[procedure]?.[role] ?? [],
    mention: (person) => `@${person}`,
    dryRun: false,
    requestBudget: 10_000,
    requests: () => ({ ...store.requests }),
    holder: 'test-sweep',
    ...overrides,
  });
}
