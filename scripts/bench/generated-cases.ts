/**
 * Plausible generated cases for benchmarks and tests: each a life of a complaint (acknowledged and answered,
 * sometimes late, escalated, extended, withdrawn), run through the real deadline engine and written as the sweep
 * writes its ledger entry. Seeded, so the same seed gives the same cases.
 */
import type { CaseBlock } from '../core/case/case-block.ts';
import { CHANGES, type CaseEvent } from '../core/case/case-event-schema.ts';
import { computeTimeline } from '../core/deadlines/compute-timeline.ts';
import { calendarFor } from '../core/deadlines/procedure-calendar.ts';
import { procedureHash } from '../core/intake/procedure-version.ts';
import { buildLedgerEntry } from '../core/ledger/build-ledger-entry.ts';
import type { LedgerEntry } from '../core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../core/procedure/procedure-schema.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
const iso = (ms: number) => new Date(ms).toISOString();

export interface GeneratedCaseOptions {
  /** The first day complaints may arrive (UTC midnight), and over how many days they arrive. Default: 2024 to 2026. */
  window?: { start: number; days: number };
  /** The share of answered complaints that lead to a change recorded with /learning (default none). */
  learning?: number;
  /** The share of complaints opened directly at the procedure's second stage, where it takes complaints (default none). */
  direct?: number;
}

/**
 * A plausible life of a case, and the time of the sweep that last saw it.
 *
 * @example
 * generateCase(ceccc, seededRandom(1)).events.map((e) => e.type) //=> ['received', 'acknowledged', 'responded']
 */
export function generateCase(procedure: Procedure, next: () => number, options: GeneratedCaseOptions = {}): { events: CaseEvent[]; now: number; received: number; channel: string } {
  const window = options.window ?? { start: Date.UTC(2024, 0, 1), days: 3 * 365 };
  const received = window.start + Math.floor(next() * window.days) * DAY + Math.floor(next() * 10 + 8) * HOUR;
  const channel = procedure.channels.find((c) => c.entersStage === procedure.stages[0]?.id)?.id ?? procedure.channels[0]?.id ?? 'web';
  const second = procedure.stages[1];
  // Only where asked, so that the benchmarks' cases (and their random numbers) stay as they were.
  const direct = options.direct !== undefined && second?.entry.via === 'complaint' && next() < options.direct;
  let at = received;
  const events: CaseEvent[] = [
    { type: 'received', at: iso(at), actor: 'complainant', channel, exceptionalCircumstances: false, anonymous: false, aboutHandler: next() < 0.1, ...(direct && second ? { stage: second.id } : {}) },
  ];
  const first = direct ? 1 : procedure.stages.findIndex((s) => s.id === procedure.channels.find((c) => c.id === channel)?.entersStage);
  for (let stage = Math.max(0, first); stage < procedure.stages.length; stage += 1) {
    if (next() < 0.1) break;
    at += Math.floor(next() * 7 + 1) * DAY;
    const target = procedure.stages[stage]?.clocks.some((c) => c.setBy === 'target') ? { target: iso(at + 15 * DAY).slice(0, 10) } : {};
    events.push({ type: 'acknowledged', at: iso(at), actor: 'staff', ...target });
    if (next() < 0.1) events.push({ type: 'extended', at: iso(at + 2 * DAY), actor: 'staff', until: iso(at + 40 * DAY).slice(0, 10), reason: 'investigation' });
    at += Math.floor(next() * 35 + 2) * DAY;
    events.push({ type: 'responded', at: iso(at), actor: 'staff', outcome: OUTCOMES[Math.floor(next() * 3)] ?? 'upheld' });
    if (options.learning !== undefined && next() < options.learning) events.push({ type: 'change-made', at: iso(at + HOUR), actor: 'staff', change: CHANGES[Math.floor(next() * CHANGES.length)] ?? 'other' });
    if (stage + 1 >= procedure.stages.length || procedure.stages[stage]?.final || next() < 0.7) break;
    at += Math.floor(next() * 5 + 1) * DAY;
    events.push({ type: 'escalation-requested', at: iso(at), actor: 'complainant' });
  }
  if (next() < 0.05) events.push({ type: 'withdrawn', at: iso(at + DAY), actor: 'staff', inWriting: true });
  return { events, now: at + Math.floor(next() * 20 + 1) * DAY, received, channel };
}

/**
 * A generated case's ledger entry, as the sweep that last saw it wrote it.
 *
 * @example
 * generatedEntry({ procedure: ceccc, index: 0, next: seededRandom(1) }).reference //=> 'RDR-B000000'
 */
export function generatedEntry(request: { procedure: Procedure; index: number; next: () => number; options?: GeneratedCaseOptions; prefix?: string; reference?: string }): LedgerEntry {
  const { procedure, index, next } = request;
  const reference = request.reference ?? `RDR-${request.prefix ?? 'B'}${index.toString(36).toUpperCase().padStart(6, '0')}`;
  const { events, now, received, channel } = generateCase(procedure, next, request.options);
  const calendar = calendarFor(procedure);
  const timeline = computeTimeline({ procedure, events, now, calendar });
  const block: CaseBlock = {
    reference,
    procedure: { id: procedure.id, version: { hash: procedureHash(procedure) } },
    submissionId: `bench-${reference}`,
    received: iso(received),
    channel,
    flags: events[0]?.type === 'received' && events[0].aboutHandler ? ['about-handler'] : [],
    events,
  };
  return buildLedgerEntry({ block, timeline, calendar });
}
