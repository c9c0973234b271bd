import type { LabelSpec } from './case-store.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';

/**
 * Every label Redress puts on a case, with its colour and description, so a repository can be set up with them and
 * staff can filter by them. Labels carry ids only: never a name, an address or a word of the complaint.
 */

/** Prefixes of labels the software manages; any other label is staff's own and left alone. */
export const MANAGED_PREFIXES = ['stage:', 'status:', 'due:', 'escalated:', 'flag:'] as const;
export const OVERDUE = 'overdue';
export const COMPLAINT = 'complaint';

export function isManagedLabel(name: string): boolean {
  return name === OVERDUE || MANAGED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

const FLAGS: Readonly<Record<string, string>> = {
  'out-of-time': 'Made after the time limit for complaining; exceptional circumstances may apply',
  anonymous: 'Made anonymously',
  'about-handler': 'About the person who would normally handle it: the alternate handler has it',
  'not-independent': 'Acted on by someone involved in an earlier stage this one must be independent of',
  'needs-attention': 'Redress could not process the case; see the comment explaining why',
};

const STATUS_DESCRIPTIONS: Readonly<Record<Timeline['status'], string>> = {
  received: 'Received, not yet acknowledged',
  acknowledged: 'Acknowledged, response due',
  responded: 'Answered; the complainant may ask for the next stage',
  concluded: 'The final stage has been answered',
  paused: 'Clocks stopped',
  withdrawn: 'Withdrawn by the complainant',
  closed: 'Closed',
  'passed-on': 'Passed on to an outside body, as the procedure provides',
};

/** Every label a procedure's cases can carry. */
export function labelsForProcedure(procedure: Procedure): LabelSpec[] {
  const maxLevel = Math.max(0, ...procedure.stages.flatMap((stage) => stage.escalation?.steps.map((step) => step.level) ?? []));
  return [
    { name: COMPLAINT, color: '5319e7', description: 'A complaint handled under a published procedure' },
    { name: `procedure:${procedure.id}`, color: 'c5def5', description: `${procedure.organisation.name}: ${procedure.title}`.slice(0, 100) },
    ...procedure.stages.map((stage) => ({ name: `stage:${stage.id}`, color: '0e8a16', description: `${stage.title} of ${procedure.id}`.slice(0, 100) })),
    ...Object.entries(STATUS_DESCRIPTIONS).map(([status, description]) => ({ name: `status:${status}`, color: 'bfd4f2', description })),
    { name: 'due:soon', color: 'fbca04', description: 'A time limit falls due soon' },
    { name: OVERDUE, color: 'b60205', description: 'A time limit has passed without being met' },
    ...Array.from({ length: maxLevel }, (_, i) => ({ name: `escalated:${i + 1}`, color: 'd93f0b', description: `Escalation ladder step ${i + 1} reached` })),
    ...Object.entries(FLAGS).map(([flag, description]) => ({ name: `flag:${flag}`, color: 'e99695', description })),
  ];
}

/** The labels a case should carry, from its timeline. */
export function labelsForTimeline(procedure: Procedure, timeline: Timeline): string[] {
  const labels = [COMPLAINT, `procedure:${procedure.id}`];
  if (timeline.stage) labels.push(`stage:${timeline.stage}`);
  labels.push(`status:${timeline.status}`);
  const running = timeline.clocks.filter((clock) => clock.owner === 'organisation' && clock.stage === timeline.stage);
  if (running.some((clock) => clock.state === 'due-soon')) labels.push('due:soon');
  if (running.some((clock) => clock.state === 'overdue')) labels.push(OVERDUE);
  if (timeline.escalationLevel > 0) labels.push(`escalated:${timeline.escalationLevel}`);
  const codes = new Set(timeline.findings.map((finding) => finding.code));
  if (codes.has('out-of-time')) labels.push('flag:out-of-time');
  if (codes.has('anonymous')) labels.push('flag:anonymous');
  if (codes.has('about-handler') || codes.has('no-alternate-handler')) labels.push('flag:about-handler');
  if (codes.has('independence-breach') || codes.has('no-independent-handler')) labels.push('flag:not-independent');
  return labels;
}
