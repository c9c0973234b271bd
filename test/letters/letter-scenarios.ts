/**
 * Cases at the point where each letter is written, for every procedure that takes complaints, as the sweep sees
 * them: the events so far, and the complainant's contact details as intake records them.
 */
import { toDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { toLocal } from '../../scripts/core/calendar/london-time.ts';
import { CaseEventSchema, type CaseEvent } from '../../scripts/core/case/case-event-schema.ts';
import { computeTimeline } from '../../scripts/core/deadlines/compute-timeline.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { ContactLookup } from '../../scripts/core/letters/contact-record.ts';
import { letterKindFor, type DraftWord, type LetterKind } from '../../scripts/core/letters/letter-kinds.ts';
import type { LetterInput } from '../../scripts/core/letters/letter-view.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { seedProcedure } from '../support/procedures.ts';

/** The five seed procedures that take complaints, as the letters' snapshots cover them. */
export const LETTER_PROCEDURES = ['ceccc', 'op-performance', 'cms-vocational', 'cecops', 'naccc-model'] as const;

export const ANN: ContactLookup = { status: 'found', contact: { name: 'Ann Example', contactBy: 'email', email: 'ann@example.com' } };
export const BY_POST: ContactLookup = { status: 'found', contact: { name: 'Bob Example', contactBy: 'post', address: '1 High Street\nEly\nCB7 4AA' } };

const event = (input: Record<string, unknown>): CaseEvent => CaseEventSchema.parse(input);

/** The case up to the letter: received on Monday 2 November 2026 at 10:00, then what the letter follows. */
export function scenario(procedure: Procedure, word: DraftWord, later: boolean): { events: CaseEvent[]; now: number } | undefined {
  const first = procedure.stages.find((stage) => stage.entry.via === 'complaint' && stage.kind !== 'informal') ?? procedure.stages[0];
  const channel = procedure.channels.find((c) => c.entersStage === first?.id);
  if (!first || !channel) return undefined;
  const events: CaseEvent[] = [event({ type: 'received', at: '2026-11-02T10:00:00Z', channel: channel.id })];
  const target = first.clocks.some((c) => c.setWithAcknowledgement) ? { target: '2026-11-27' } : {};
  if (!later) {
    if (word !== 'acknowledgement') events.push(event({ type: 'acknowledged', at: '2026-11-03T10:00:00Z', ...target }));
    return { events, now: Date.parse('2026-11-16T10:00:00Z') };
  }
  const index = procedure.stages.indexOf(first);
  const next = procedure.stages[index + 1];
  if (!next || first.final || next.entry.via !== 'escalation') return undefined;
  events.push(event({ type: 'acknowledged', at: '2026-11-03T10:00:00Z', ...target }));
  events.push(event({ type: 'responded', at: '2026-11-20T10:00:00Z', outcome: 'not-upheld', sentBy: 'email' }));
  events.push(event({ type: 'escalation-requested', at: '2026-11-23T10:00:00Z' }));
  if (word !== 'acknowledgement') events.push(event({ type: 'acknowledged', at: '2026-11-24T10:00:00Z' }));
  return { events, now: Date.parse('2026-12-01T10:00:00Z') };
}

/** What a letter's template is given in that scenario; undefined where the letter does not apply. */
export function letterInput({ procedureId, word, later, contact = ANN }: { procedureId: string; word: DraftWord; later: boolean; contact?: ContactLookup }): (LetterInput & { kind: LetterKind }) | undefined {
  const procedure = seedProcedure(procedureId);
  const found = scenario(procedure, word, later);
  if (!found) return undefined;
  const calendar = calendarFor(procedure);
  const before = computeTimeline({ procedure, calendar, events: found.events, now: found.now });
  const stage = procedure.stages.find((s) => s.id === before.stage);
  if (!stage) return undefined;
  const kind = letterKindFor(word, stage);
  const at = new Date(found.now).toISOString();
  const letterEvent =
    word === 'acknowledgement'
      ? event({ type: 'acknowledged', at, ...(stage.clocks.some((c) => c.setWithAcknowledgement) ? { target: '2026-11-27' } : {}) })
      : word === 'extension'
        ? event({ type: 'extended', at, until: '2026-12-18', reason: 'investigation' })
        : event({ type: 'responded', at, outcome: 'partly-upheld', sentBy: 'email' });
  const after = computeTimeline({ procedure, calendar, events: [...found.events, letterEvent], now: found.now });
  // The letter applies only where the procedure accepts the event it stands for.
  if (after.refused.some((r) => r.index === found.events.length)) return undefined;
  const respond = before.clocks.find((c) => c.stage === stage.id && c.action === 'respond');
  return {
    kind,
    procedure,
    timeline: after,
    stage,
    reference: 'RDR-7KX4-M9QP-2TK',
    contact,
    today: toLocal(found.now).day,
    ...(letterEvent.type === 'acknowledged' && letterEvent.target ? { target: toDayNumber(letterEvent.target) } : {}),
    ...(word === 'extension' ? { extension: { until: toDayNumber('2026-12-18'), previous: respond?.dueDay === undefined ? '' : 'Monday 30 November 2026', reason: 'investigation' as const, words: 'investigation: we are waiting for a statement from a volunteer' } } : {}),
    ...(word === 'outcome' ? { outcome: 'partly-upheld' as const } : {}),
  };
}
