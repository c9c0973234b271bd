// Benchmark: full deadline timelines for 100,000 generated cases across every procedure.
// Run with `npm run bench`. Prints cases per second; the aim is at least 100,000 a second.
import path from 'node:path';
import { loadWorkflows } from '../adapters/fs/procedure-files.ts';
import type { CaseEvent } from '../core/case/case-event-schema.ts';
import { computeTimeline } from '../core/deadlines/compute-timeline.ts';
import { calendarFor } from '../core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../core/procedure/procedure-schema.ts';
import { seededRandom } from './seeded-random.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;


const iso = (ms: number) => new Date(ms).toISOString();
const outcomes = ['upheld', 'partly-upheld', 'not-upheld'] as const;

/** A plausible life of a case: received, then each stage acknowledged and answered, sometimes escalated. */
function generateCase(procedure: Procedure, next: () => number): { events: CaseEvent[]; now: number } {
  const start = Date.UTC(2019, 0, 1) + Math.floor(next() * 15 * 365) * DAY + Math.floor(next() * 24) * HOUR;
  const channel = procedure.channels[Math.floor(next() * procedure.channels.length)]?.id ?? 'web';
  let at = start;
  const events: CaseEvent[] = [
    { type: 'received', at: iso(at), actor: 'complainant', channel, exceptionalCircumstances: false, anonymous: next() < 0.05, aboutHandler: next() < 0.1, incidentDate: iso(at - Math.floor(next() * 120) * DAY).slice(0, 10) },
  ];
  const stages = procedure.stages.length;
  for (let stage = 0; stage < stages; stage += 1) {
    if (next() < 0.15) break; // still open at this stage
    at += Math.floor(next() * 4 + 1) * DAY;
    // The acknowledgement gives the target date where the procedure says it does (op-performance).
    const target = procedure.stages[stage]?.clocks.some((c) => c.setBy === 'target') ? { target: iso(at + 15 * DAY).slice(0, 10) } : {};
    events.push({ type: 'acknowledged', at: iso(at), actor: 'staff', ...target });
    if (next() < 0.1) events.push({ type: 'extended', at: iso(at + 2 * DAY), actor: 'staff', until: iso(at + 40 * DAY).slice(0, 10), reason: 'investigation' });
    if (next() < 0.05) {
      // Closed for a while and reopened: the clocks stand still meanwhile (no seed procedure provides for pauses).
      events.push({ type: 'closed', at: iso(at + DAY), actor: 'staff' });
      events.push({ type: 'reopened', at: iso(at + 4 * DAY), actor: 'staff' });
      at += 4 * DAY;
    }
    at += Math.floor(next() * 30 + 2) * DAY;
    events.push({ type: 'responded', at: iso(at), actor: 'staff', outcome: outcomes[Math.floor(next() * 3)] ?? 'upheld', sentBy: next() < 0.5 ? 'email' : 'post' });
    if (stage + 1 >= stages || next() < 0.6) break;
    at += Math.floor(next() * 8 + 1) * DAY;
    events.push({ type: 'escalation-requested', at: iso(at), actor: 'complainant' });
  }
  if (next() < 0.05) events.push({ type: 'withdrawn', at: iso(at + DAY), actor: 'staff', inWriting: true });
  return { events, now: at + Math.floor(next() * 20) * DAY };
}

const { procedures, problems } = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
if (problems.length > 0) throw new Error('workflows/ has problems; run npx redress procedures check');
const all = [...procedures.values()];
const next = seededRandom(20261124);
const cases = Array.from({ length: CASES }, (_, i) => {
  const procedure = all[i % all.length] as Procedure;
  return { procedure, calendar: calendarFor(procedure), ...generateCase(procedure, next) };
});

// Warm up, then time one pass over every case.
for (const c of cases.slice(0, 2_000)) computeTimeline({ procedure: c.procedure, events: c.events, now: c.now, calendar: c.calendar });
let clocks = 0;
let refused = 0;
const began = performance.now();
for (const c of cases) {
  const timeline = computeTimeline({ procedure: c.procedure, events: c.events, now: c.now, calendar: c.calendar });
  clocks += timeline.clocks.length;
  refused += timeline.refused.length;
}
const seconds = (performance.now() - began) / 1000;
const events = cases.reduce((sum, c) => sum + c.events.length, 0);

console.log(`Deadline engine: ${CASES.toLocaleString('en-GB')} cases over ${all.length} procedures (${events.toLocaleString('en-GB')} events, ${clocks.toLocaleString('en-GB')} clocks, ${refused} refused events)`);
console.log(`  time:   ${seconds.toFixed(3)} s`);
console.log(`  speed:  ${Math.round(CASES / seconds).toLocaleString('en-GB')} cases per second (aim: at least 100,000)`);
