/**
 * Every working-day time limit of every procedure, started on a Saturday, a Sunday and a bank holiday. By default a
 * non-working day can itself be the date of receipt, so the next working day is day one (the Information
 * Commissioner's reading of working-day limits): received on a Saturday, "within 5 working days" ends on the Friday,
 * not the Monday after. A letter sent to the complainant on such a day counts as received on the next working day
 * (email) or the second working day after posting (post), and its window counts from then.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { clock, newCase, type CaseBuilder } from '../support/case-builder.ts';

// England and Wales: Saturday 28 and Sunday 29 November 2026; the summer bank holiday, Monday 31 August 2026.
// Scotland (spso-model): the same weekend, but Monday 30 November is St Andrew's Day; the summer bank holiday is
// Monday 3 August 2026.
const SATURDAY = '2026-11-28T10:00:00Z';
const SUNDAY = '2026-11-29T10:00:00Z';
const HOLIDAY = '2026-08-31T09:00:00Z'; // 10:00 BST
const SCOTTISH_HOLIDAY = '2026-08-03T09:00:00Z';

type On = 'Saturday' | 'Sunday' | 'bank holiday';
const AT: Record<string, Record<On, string>> = {
  default: { Saturday: SATURDAY, Sunday: SUNDAY, 'bank holiday': HOLIDAY },
  'spso-model': { Saturday: SATURDAY, Sunday: SUNDAY, 'bank holiday': SCOTTISH_HOLIDAY },
};

// procedure, clock, started on, due — with the count.
const TABLE: [string, string, On, string][] = [
  // ceccc: "acknowledge receipt of the complaint in writing ... within 5 working days"
  ['ceccc', 'stage-1.acknowledge', 'Saturday', '2026-12-04'], // Mon 30 is day one … Fri 4 Dec day five
  ['ceccc', 'stage-1.acknowledge', 'Sunday', '2026-12-04'],
  ['ceccc', 'stage-1.acknowledge', 'bank holiday', '2026-09-07'], // Tue 1 Sep day one … Mon 7 Sep day five
  // "a formal written response within 20 working days of the date of receipt of the complaint"
  ['ceccc', 'stage-1.respond', 'Saturday', '2026-12-29'], // 30 Nov … 24 Dec is 19; 25 and 28 Dec holidays; 29 Dec
  ['ceccc', 'stage-1.respond', 'Sunday', '2026-12-29'],
  ['ceccc', 'stage-1.respond', 'bank holiday', '2026-09-28'], // 1 Sep … 28 Sep
  // "within 5 working days of receipt of the Stage 1 response": emailed on the day, received the next working day
  ['ceccc', 'stage-2.request', 'Saturday', '2026-12-07'], // received Mon 30 Nov; Tue 1 … Mon 7 Dec
  ['ceccc', 'stage-2.request', 'Sunday', '2026-12-07'],
  ['ceccc', 'stage-2.request', 'bank holiday', '2026-09-08'], // received Tue 1 Sep; Wed 2 … Tue 8 Sep
  // "The Chair will record the date the complaint is received and acknowledge receipt ... within 5 working days"
  ['ceccc', 'stage-2.acknowledge', 'Saturday', '2026-12-04'],
  ['ceccc', 'stage-2.acknowledge', 'Sunday', '2026-12-04'],
  ['ceccc', 'stage-2.acknowledge', 'bank holiday', '2026-09-07'],
  // "... the reason(s) for it, in writing, within 20 working days"
  ['ceccc', 'stage-2.respond', 'Saturday', '2026-12-29'],
  ['ceccc', 'stage-2.respond', 'Sunday', '2026-12-29'],
  ['ceccc', 'stage-2.respond', 'bank holiday', '2026-09-28'],
  // cms-vocational: "investigated and responded to within 10 working days"
  ['cms-vocational', 'complaint.respond', 'Saturday', '2026-12-11'], // Mon 30 Nov … Fri 11 Dec
  ['cms-vocational', 'complaint.respond', 'Sunday', '2026-12-11'],
  ['cms-vocational', 'complaint.respond', 'bank holiday', '2026-09-14'], // Tue 1 … Mon 14 Sep
  // "within 10 working days of receipt of a final outcome": emailed, received the next working day
  ['cms-vocational', 'appeal.request', 'Saturday', '2026-12-14'], // received Mon 30 Nov; Tue 1 … Mon 14 Dec
  ['cms-vocational', 'appeal.request', 'Sunday', '2026-12-14'],
  ['cms-vocational', 'appeal.request', 'bank holiday', '2026-09-15'], // received Tue 1 Sep; Wed 2 … Tue 15 Sep
  // "consider the appeal and respond within 10 working days of receipt"
  ['cms-vocational', 'appeal.respond', 'Saturday', '2026-12-11'],
  ['cms-vocational', 'appeal.respond', 'Sunday', '2026-12-11'],
  ['cms-vocational', 'appeal.respond', 'bank holiday', '2026-09-14'],
  // NACCC's model: "within 5 working days to confirm receipt"
  ['naccc-model', 'stage-1.acknowledge', 'Saturday', '2026-12-04'],
  ['naccc-model', 'stage-1.acknowledge', 'Sunday', '2026-12-04'],
  ['naccc-model', 'stage-1.acknowledge', 'bank holiday', '2026-09-07'],
  // The Housing Ombudsman's Code: "within five working days of the complaint being received"
  ['housing-ombudsman-code', 'stage-1.acknowledge', 'Saturday', '2026-12-04'],
  ['housing-ombudsman-code', 'stage-1.acknowledge', 'Sunday', '2026-12-04'],
  ['housing-ombudsman-code', 'stage-1.acknowledge', 'bank holiday', '2026-09-07'],
  // "within 10 working days" of the acknowledgement, here sent on the non-working day
  ['housing-ombudsman-code', 'stage-1.respond', 'Saturday', '2026-12-11'],
  ['housing-ombudsman-code', 'stage-1.respond', 'Sunday', '2026-12-11'],
  ['housing-ombudsman-code', 'stage-1.respond', 'bank holiday', '2026-09-14'],
  // "within five working days of the escalation request being received"
  ['housing-ombudsman-code', 'stage-2.acknowledge', 'Saturday', '2026-12-04'],
  ['housing-ombudsman-code', 'stage-2.acknowledge', 'Sunday', '2026-12-04'],
  ['housing-ombudsman-code', 'stage-2.acknowledge', 'bank holiday', '2026-09-07'],
  // "within 20 working days of the date of escalation acknowledgment"
  ['housing-ombudsman-code', 'stage-2.respond', 'Saturday', '2026-12-29'],
  ['housing-ombudsman-code', 'stage-2.respond', 'Sunday', '2026-12-29'],
  ['housing-ombudsman-code', 'stage-2.respond', 'bank holiday', '2026-09-28'],
  // The SPSO model, on Scotland's calendar: "in five working days or less"; St Andrew's Day (Mon 30 Nov) skipped
  ['spso-model', 'frontline.respond', 'Saturday', '2026-12-07'], // Tue 1 Dec day one … Mon 7 Dec
  ['spso-model', 'frontline.respond', 'Sunday', '2026-12-07'],
  ['spso-model', 'frontline.respond', 'bank holiday', '2026-08-10'], // Tue 4 Aug … Mon 10 Aug
  // "acknowledge receipt of your complaint within three working days"
  ['spso-model', 'investigation.acknowledge', 'Saturday', '2026-12-03'],
  ['spso-model', 'investigation.acknowledge', 'Sunday', '2026-12-03'],
  ['spso-model', 'investigation.acknowledge', 'bank holiday', '2026-08-06'],
  // "normally within 20 working days": 1 Dec … 24 Dec is 18; 25 and 28 Dec holidays; 29, 30 Dec
  ['spso-model', 'investigation.respond', 'Saturday', '2026-12-30'],
  ['spso-model', 'investigation.respond', 'Sunday', '2026-12-30'],
  ['spso-model', 'investigation.respond', 'bank holiday', '2026-08-31'], // Scotland keeps 31 August as a working day
];

const loaded = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));

/** A case whose clock starts at `at`: the complaint, request, acknowledgement or response arrives or is sent then. */
function startedAt(procedureId: string, clockId: string, at: string): CaseBuilder {
  const procedure = loaded.procedures.get(procedureId);
  if (!procedure) throw new Error(`No procedure ${procedureId}`);
  const [stageId, shortId] = clockId.split('.');
  const index = procedure.stages.findIndex((stage) => stage.id === stageId);
  const stage = procedure.stages[index];
  const found = stage?.clocks.find((c) => c.id === shortId);
  if (!stage || !found) throw new Error(`No clock ${clockId}`);
  const before = (days: number) => new Date(Date.parse(at) - days * 86_400_000).toISOString();
  const builder = newCase(procedureId);
  const entry = procedure.channels.find((channel) => channel.id === 'web' && channel.entersStage === stage.id);
  if (stage.entry.via === 'complaint' && entry) {
    if (found.from === 'receipt') return builder.received(at);
    return builder.received(before(1)).add('acknowledged', at);
  }
  // A stage entered by escalation: the complaint answered a fortnight before.
  builder.received(before(20)).add('acknowledged', before(19)).add('responded', found.from === 'previous-response-received' ? at : before(14), { outcome: 'not-upheld', sentBy: 'email' });
  if (found.from === 'previous-response-received') return builder;
  if (found.from === 'escalation-request') return builder.add('escalation-requested', at);
  return builder.add('escalation-requested', before(1)).add('acknowledged', at);
}

describe('every working-day time limit started on a day that is not a working day', () => {
  test.each(TABLE)('%s %s started on a %s: due %s', (procedureId, clockId, on, due) => {
    const at = (AT[procedureId] ?? AT.default!)[on];
    const timeline = startedAt(procedureId, clockId, at).at(at);
    expect(timeline.refused).toEqual([]);
    expect(clock(timeline, clockId).dueDate).toBe(due);
  });

  test('the table has a Saturday, a Sunday and a bank holiday for every working-day time limit of every procedure', () => {
    const clocks = [...loaded.procedures.values()].flatMap((procedure) =>
      procedure.stages.flatMap((stage) => stage.clocks.filter((c) => c.within?.unit === 'working-days').map((c) => `${procedure.id} ${stage.id}.${c.id}`)),
    );
    expect(clocks.length).toBeGreaterThan(10);
    for (const id of clocks) {
      const days = TABLE.filter(([procedure, clockId]) => `${procedure} ${clockId}` === id).map(([, , on]) => on);
      expect(days.sort(), id).toEqual(['Saturday', 'Sunday', 'bank holiday']);
    }
    expect(new Set(TABLE.map(([procedure, clockId]) => `${procedure} ${clockId}`))).toEqual(new Set(clocks));
  });
});

describe('the time limits for complaining, from an incident on a non-working day', () => {
  // op-performance: "no later than 10 working days from the date the issue arose"; the issue arose on Saturday
  // 28 November, so Monday 30 is day one and Friday 11 December day ten.
  test.each([
    ['2026-11-28', '2026-12-11T16:00:00Z', []],
    ['2026-11-28', '2026-12-14T10:00:00Z', ['out-of-time']],
    ['2026-11-29', '2026-12-11T16:00:00Z', []],
    ['2026-08-31', '2026-09-14T16:00:00Z', []], // the summer bank holiday: Tue 1 Sep … Mon 14 Sep
    ['2026-08-31', '2026-09-15T10:00:00Z', ['out-of-time']],
  ])('op-performance formal complaint, incident %s, received %s: %j', (incident, received, findings) => {
    const timeline = newCase('op-performance').received(received, { incidentDate: incident }).at(received);
    expect(timeline.findings.map((f) => f.code)).toEqual(findings);
  });

  // "Informal complaints should be made by the customer no later than 5 working days from the date the issue arose."
  test.each([
    ['2026-11-28', '2026-12-04T16:00:00Z', []],
    ['2026-11-29', '2026-12-07T10:00:00Z', ['out-of-time']],
    ['2026-08-31', '2026-09-07T16:00:00Z', []],
  ])('op-performance informal complaint, incident %s, received %s: %j', (incident, received, findings) => {
    const timeline = newCase('op-performance').received(received, { incidentDate: incident, channel: 'in-person' }).at(received);
    expect(timeline.findings.map((f) => f.code)).toEqual(findings);
  });
});
