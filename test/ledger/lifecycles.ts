/**
 * Real case lifecycles for the ledger and audit tests: each case is opened as intake opens it, then staff write
 * commands in comments at given times and the sweep runs after each, with the real engine and a ledger writer.
 * Nothing here writes a ledger entry by hand.
 */
import { renderCaseBlock } from '../../scripts/core/case/case-block.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { sweep } from '../support/sweep-harness.ts';

export interface Recorder {
  record(entry: LedgerEntry, noticedAt: number): Promise<void>;
}

/** One thing that happens to a case: a staff comment, an edit or deletion of one, or only a sweep. */
export type Step =
  | { at: string; say: string; author?: string }
  | { at: string; edit: number; to: string }
  | { at: string; remove: number }
  | { at: string; sweep: true };

export interface Lifecycle {
  reference: string;
  procedure: string;
  received: string;
  /** The received event's extra fields (aboutHandler, stage…). */
  fields?: Record<string, unknown>;
  /** The procedure version the case is held to (default: a stand-in hash, no commit). */
  version?: { hash: string; commit?: string };
  /** The whole case body as intake wrote it, instead of a stand-in complaint and a block built here. */
  body?: string;
  steps: Step[];
}

/** A case body as intake writes it: the complaint (a stand-in here) and the hidden block. */
function caseBody(lifecycle: Lifecycle): string {
  const event = CaseEventSchema.parse({ type: 'received', at: lifecycle.received, channel: 'web', ...(lifecycle.fields ?? {}) });
  const block = renderCaseBlock({
    reference: lifecycle.reference,
    procedure: { id: lifecycle.procedure, version: lifecycle.version ?? { hash: '0123abcd' } },
    submissionId: `sub-${lifecycle.reference}`,
    received: lifecycle.received,
    channel: 'web',
    events: [event],
  });
  return `Complaint text.\n\n${block}\n`;
}

/** Case stories across the seed procedures: escalation, a target date and ladder, appeals, late, extended, withdrawn. */
export const LIFECYCLES: Record<string, Lifecycle> = {
  // ceccc stage 1 answered in part by the Co-Ordinator, stage 2 asked for and answered by the Chair, then closed.
  cecccEscalated: {
    reference: 'RDR-CEC1-0001',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge', author: 'mary-coordinator' },
      { at: '2026-11-20T15:00:00Z', say: '/respond partly-upheld by email', author: 'mary-coordinator' },
      { at: '2026-11-24T09:30:00Z', say: '/escalate', author: 'mary-coordinator' },
      { at: '2026-11-26T11:00:00Z', say: '/acknowledge', author: 'ceccc-chair' },
      { at: '2026-12-15T16:00:00Z', say: '/respond not-upheld', author: 'ceccc-chair' },
      { at: '2026-12-16T10:00:00Z', say: '/close', author: 'ceccc-chair' },
    ],
  },
  // ceccc acknowledged three working days late (due Monday 9 November), answered in time.
  cecccLate: {
    reference: 'RDR-CEC2-0002',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-10T09:00:00Z', sweep: true },
      { at: '2026-11-12T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-27T10:00:00Z', say: '/respond upheld' },
    ],
  },
  // ceccc given a revised date before the original passed, and answered by it.
  cecccExtended: {
    reference: 'RDR-CEC3-0003',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-25T10:00:00Z', say: '/extend 2026-12-11 investigation' },
      { at: '2026-12-10T10:00:00Z', say: '/respond not-upheld' },
    ],
  },
  // ceccc withdrawn by the complainant after acknowledgement, confirmed in writing as the procedure asks.
  cecccWithdrawn: {
    reference: 'RDR-CEC4-0004',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-05T14:00:00Z', say: '/withdraw in writing' },
    ],
  },
  // op-performance: acknowledged in time with a target date, target missed, the department head told on the Monday
  // morning (the first working hours after the Friday target), answered before anyone else had to be told.
  opTarget: {
    reference: 'RDR-OPP1-0005',
    procedure: 'op-performance',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-03T09:00:00Z', say: '/acknowledge target 2026-11-20' },
      { at: '2026-11-23T09:30:00Z', sweep: true },
      { at: '2026-11-24T10:00:00Z', say: '/respond upheld' },
    ],
  },
  // cms-vocational: answered, appealed within 10 working days, appeal answered.
  cmsAppeal: {
    reference: 'RDR-CMS1-0006',
    procedure: 'cms-vocational',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-13T10:00:00Z', say: '/respond not-upheld by email' },
      { at: '2026-11-16T10:00:00Z', say: '/escalate' },
      { at: '2026-11-27T10:00:00Z', say: '/respond upheld' },
    ],
  },
  // cecops sets no time limits: answered in part, appealed to the Appeal Board, appeal dismissed.
  cecopsAppeal: {
    reference: 'RDR-COP1-0008',
    procedure: 'cecops',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-04T11:30:00Z', say: '/acknowledge' },
      { at: '2026-11-20T11:30:00Z', say: '/respond partly-upheld' },
      { at: '2026-11-25T11:30:00Z', say: '/escalate' },
      { at: '2026-12-10T11:30:00Z', say: '/respond not-upheld' },
    ],
  },
  // ceccc: the acknowledgement's comment is corrected (dated a day earlier), then answered without any problem.
  cecccCorrected: {
    reference: 'RDR-CEC5-0007',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-04T10:00:00Z', say: '/acknowledge' },
      { at: '2026-11-04T11:00:00Z', edit: 0, to: '/acknowledge 2026-11-03' },
      { at: '2026-11-20T10:00:00Z', say: '/respond upheld' },
    ],
  },
};

/** Cases with commands the procedure refused, kept apart from the figures-bearing stories above. */
export const REFUSING: Record<string, Lifecycle> = {
  // ceccc: an acknowledgement, then another dated two days before it (so the first is now the second, and refused),
  // an answer, a second answer the procedure refuses, and a pause it does not provide for.
  cecccRefused: {
    reference: 'RDR-CEC6-0009',
    procedure: 'ceccc',
    received: '2026-11-02T10:00:00Z',
    steps: [
      { at: '2026-11-05T09:00:00Z', say: '/acknowledge', author: 'mary-coordinator' },
      { at: '2026-11-06T10:00:00Z', say: '/acknowledge 2026-11-03', author: 'mary-coordinator' },
      { at: '2026-11-19T10:00:00Z', say: '/respond upheld by email', author: 'mary-coordinator' },
      { at: '2026-11-23T10:00:00Z', say: '/respond not-upheld', author: 'mary-coordinator' },
      { at: '2026-11-24T10:00:00Z', say: '/pause investigation', author: 'mary-coordinator' },
    ],
  },
};

/**
 * Runs lifecycles in one store, sweeping after every step (all cases each time, as the hourly sweep does), and
 * returns the store. Steps of all cases are run in time order. Given the store of an earlier run, the cases it holds
 * go on from where they were (their steps here are the later ones), as after an upgrade.
 */
export async function runLifecycles(
  lifecycles: readonly Lifecycle[],
  ledger: Recorder,
  options: { procedures?: ReadonlyMap<string, Procedure>; store?: MemoryStore } = {},
): Promise<MemoryStore> {
  let clock = Date.parse('2026-11-02T09:00:00Z');
  const store = options.store ?? new MemoryStore(() => clock);
  store.clock = () => clock;
  const comments = new Map<string, string[]>();
  const timeline = lifecycles
    .flatMap((lifecycle) => [
      ...(store.cases.has(lifecycle.reference) ? [] : [{ at: lifecycle.received, lifecycle, step: undefined as Step | undefined }]),
      ...lifecycle.steps.map((step) => ({ at: step.at, lifecycle, step })),
    ])
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const { at, lifecycle, step } of timeline) {
    clock = Date.parse(at);
    const id = lifecycle.reference;
    if (!step) {
      await store.createCase({ reference: id, title: `${id} (${lifecycle.procedure})`, body: lifecycle.body ?? caseBody(lifecycle), labels: ['complaint', `procedure:${lifecycle.procedure}`], assignees: [] });
      comments.set(id, []);
    } else if ('say' in step) {
      const said = store.comment(id, step.say, { author: step.author ?? 'staff-login' }).id;
      comments.set(id, [...(comments.get(id) ?? []), said]);
    } else if ('edit' in step) {
      await store.updateComment(id, comments.get(id)?.[step.edit] ?? '', step.to);
    } else if ('remove' in step) {
      const removed = comments.get(id)?.[step.remove];
      store.comments.set(id, (store.comments.get(id) ?? []).filter((c) => c.id !== removed));
      store.cases.get(id)!.updatedAt = new Date(clock).toISOString();
    }
    clock += 5 * 60_000;
    const now = new Date(clock).toISOString();
    // Every case is read in full each time (no `since`): steps of different cases may share an instant, and a case
    // touched at an instant before the last sweep's would otherwise be taken as unchanged.
    const summary = await sweep(store, now, { ledger, ...(options.procedures ? { procedures: options.procedures } : {}) });
    if (summary.problems.length > 0) throw new Error(`sweep problems: ${JSON.stringify(summary.problems)}`);
  }
  return store;
}
