import type { Duration } from '../calendar/duration.ts';
import type { StageRun } from '../case/case-state.ts';
import type { ClockView, EscalationStepDue, EscalationStepNotified } from './timeline-types.ts';

const HOUR = 3_600_000;

/**
 * Where a stage's internal escalation ladder stands: the steps already notified, and the one step due now, if any.
 * The ladder runs only while its trigger clock is overdue (the case unresolved). The first step falls due when the
 * trigger passes; each later step falls due its `after` time after the previous step's people were actually told
 * (op-performance: "Response time for the departments head is 24 hours to this e-mail"), so a sweep that did not
 * run for a while tells one more person, never several at once, and nobody loses the time the procedure gives them.
 *
 * @example
 * escalationLadder({ run, clocks, now: target + 25 hours }).due.map((s) => s.notify)
 * //=> ['department-head'] (step 1 not yet notified: step 2 waits for it)
 */
export function escalationLadder({ run, clocks, now }: { run: StageRun; clocks: readonly ClockView[]; now: number }): {
  due: EscalationStepDue[];
  notified: EscalationStepNotified[];
  /** Whether the ladder is running: its trigger is overdue. */
  running: boolean;
} {
  const ladder = run.stage.escalation;
  if (!ladder) return { due: [], notified: [], running: false };
  const trigger = clocks.find((clock) => clock.id === `${run.stage.id}.${ladder.trigger}`);
  if (!trigger || trigger.due === undefined) return { due: [], notified: [], running: false };
  const triggerDue = trigger.due;
  const steps = [...ladder.steps].sort((a, b) => a.level - b.level);
  // Notices of an earlier ladder (before a new target date) do not count towards this one.
  const current = run.notified.filter((n) => n.clock === trigger.id && n.at >= triggerDue);
  const notified: EscalationStepNotified[] = [];
  for (const step of steps) {
    const notice = current.find((n) => n.level === step.level);
    if (!notice) break;
    notified.push({ clock: trigger.id, level: step.level, notify: step.notify, notifiedAt: notice.at });
  }
  if (trigger.state !== 'overdue') return { due: [], notified, running: false };
  const next = steps[notified.length];
  if (!next) return { due: [], notified, running: true };
  const from = notified.at(-1)?.notifiedAt ?? triggerDue;
  const at = next.after ? after(from, next.after) : from;
  return { due: at <= now ? [{ clock: trigger.id, level: next.level, notify: next.notify, at }] : [], notified, running: true };
}

function after(at: number, duration: Duration): number {
  if (duration.unit === 'hours') return at + duration.amount * HOUR;
  const days = duration.unit === 'weeks' ? 7 * duration.amount : duration.unit === 'months' ? 30 * duration.amount : duration.amount;
  // Escalation steps are counted in elapsed time; a day here is 24 hours after the previous step.
  return at + days * 24 * HOUR;
}
