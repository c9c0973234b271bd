/**
 * Generated ledgers for benchmarks and tests: plausible cases over 2024 to 2026 (acknowledged and answered, sometimes
 * late, escalated, extended, withdrawn), each run through the deadline engine and recorded as the sweep records it.
 * Seeded (seeded-random.ts), so every run generates the same ledger.
 */
import type { CaseBlock } from '../core/case/case-block.ts';
import type { CaseEvent } from '../core/case/case-event-schema.ts';
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

/** A plausible life of a case over 2024 to 2026: acknowledged and answered (sometimes late), escalated, extended, withdrawn. */
export function generateCase(procedure: Procedure, next: () => number): { events: CaseEvent[]; now: number; received: number; channel: string } {
  const received = Date.UTC(2024, 0, 1) + Math.floor(next() * 3 * 365) * DAY + Math.floor(next() * 10 + 8) * HOUR;
  const channel = procedure.channels.find((c) => c.entersStage === procedure.stages[0]?.id)?.id ?? procedure.channels[0]?.id ?? 'web';
  let at = received;
  const events: CaseEvent[] = [{ type: 'received', at: iso(at), actor: 'complainant', channel, exceptionalCircumstances: false, anonymous: false, aboutHandler: next() < 0.1 }];
  const first = procedure.stages.findIndex((s) => s.id === procedure.channels.find((c) => c.id === channel)?.entersStage);
  for (let stage = Math.max(0, first); stage < procedure.stages.length; stage += 1) {
    if (next() < 0.1) break;
    at += Math.floor(next() * 7 + 1) * DAY;
    const target = procedure.stages[stage]?.clocks.some((c) => c.setBy === 'target') ? { target: iso(at + 15 * DAY).slice(0, 10) } : {};
    events.push({ type: 'acknowledged', at: iso(at), actor: 'staff', ...target });
    if (next() < 0.1) events.push({ type: 'extended', at: iso(at + 2 * DAY), actor: 'staff', until: iso(at + 40 * DAY).slice(0, 10), reason: 'investigation' });
    at += Math.floor(next() * 35 + 2) * DAY;
    events.push({ type: 'responded', at: iso(at), actor: 'staff', outcome: OUTCOMES[Math.floor(next() * 3)] ?? 'upheld' });
    if (stage + 1 >= procedure.stages.length || procedure.stages[stage]?.final || next() < 0.7) break;
    at += Math.floor(next() * 5 + 1) * DAY;
    events.push({ type: 'escalation-requested', at: iso(at), actor: 'complainant' });
  }
  if (next() < 0.05) events.push({ type: 'withdrawn', at: iso(at + DAY), actor: 'staff', inWriting: true });
  return { events, now: at + Math.floor(next() * 20 + 1) * DAY, received, channel };
}

/**
 * A generated case's ledger entry, as the sweep last wrote it (at the case's last event plus a few days).
 *
 * @example
 * generateLedgerEntry({ procedure, next: seededRandom(1), reference: 'RDR-B000001' }).reference //=> 'RDR-B000001'
 */
export function generateLedgerEntry(input: { procedure: Procedure; next: () => number; reference: string }): LedgerEntry {
  const { procedure, next, reference } = input;
  const { events, now, received, channel } = generateCase(procedure, next);
  const calendar = calendarFor(procedure);
  const timeline = computeTimeline({ procedure, events, now, calendar });
  const block: CaseBlock = {
    reference,
    procedure: { id: procedure.id, version: { hash: procedureHash(procedure) } },
    submissionId: `generated-${reference}`,
    received: iso(received),
    channel,
    flags: events[0]?.type === 'received' && events[0].aboutHandler ? ['about-handler'] : [],
    events,
  };
  return buildLedgerEntry({ block, timeline, calendar });
}
