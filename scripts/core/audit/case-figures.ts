/**
 * The figures complaint-handling codes ask for, over any group of audited cases: a procedure's, a month's, all.
 */
import { OUTCOMES, type Outcome } from '../procedure/procedure-schema.ts';
import type { CaseAudit, ClockAudit } from './case-audit.ts';

/** How many of a kind of time limit fell due, and how many of those were met on time. */
export interface OnTime {
  /** Time limits met on time. */
  onTime: number;
  /** Time limits that fell due: met, met late, missed or overdue. */
  due: number;
  /** onTime / due, 0 to 1; absent when nothing fell due. */
  share?: number;
}

export interface CaseFigures {
  /** Cases received. */
  received: number;
  /** Cases answered at least once. */
  answered: number;
  withdrawn: number;
  /** Cases still open: received, acknowledged, paused or answered with a next stage possible. */
  open: number;
  /** Cases passed on to an outside body, as the procedure provides. */
  passedOn: number;
  /** Cases whose clocks were paused (where the procedure provides for it). */
  paused: number;
  acknowledged: OnTime;
  respondedTo: OnTime;
  /** Median working days to a case's first answer (from the start of the stage answered), over the cases answered. */
  medianWorkingDaysToRespond?: number;
  /** The decision of the last stage answered, by case. */
  outcomes: Record<Outcome, number>;
  /** Cases that went on to a further stage. */
  escalated: number;
  /** escalated / answered. */
  escalationRate?: number;
  /** Cases whose time limit was extended. */
  extended: number;
  /** extended / received. */
  extensionRate?: number;
  /** Cases with at least one departure from the procedure. */
  withDepartures: number;
}

/** The statuses of a case that is no longer open. */
const ENDED: ReadonlySet<string> = new Set(['withdrawn', 'closed', 'concluded', 'passed-on']);

/**
 * @example
 * caseFigures([audit1, audit2]).respondedTo //=> { onTime: 1, due: 2, share: 0.5 }
 */
export function caseFigures(cases: readonly CaseAudit[]): CaseFigures {
  const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  const acknowledged = { onTime: 0, due: 0 };
  const respondedTo = { onTime: 0, due: 0 };
  const firstAnswers: number[] = [];
  let answered = 0;
  let withdrawn = 0;
  let open = 0;
  let escalated = 0;
  let extended = 0;
  let withDepartures = 0;
  let passedOn = 0;
  let paused = 0;
  for (const audit of cases) {
    for (const clock of audit.clocks) {
      if (clock.owner !== 'organisation') continue;
      if (clock.action === 'acknowledge') count(acknowledged, clock);
      else if (clock.action === 'respond') count(respondedTo, clock);
    }
    const first = audit.stages.find((run) => run.responded !== undefined);
    if (first) {
      answered += 1;
      if (first.workingDays !== undefined) firstAnswers.push(first.workingDays);
    }
    if (audit.outcome) outcomes[audit.outcome] += 1;
    if (audit.status === 'withdrawn') withdrawn += 1;
    if (!ENDED.has(audit.status)) open += 1;
    if (audit.status === 'passed-on') passedOn += 1;
    if (audit.pauses > 0) paused += 1;
    if (audit.escalated) escalated += 1;
    if (audit.extended) extended += 1;
    if (audit.departures.length > 0) withDepartures += 1;
  }
  const median = medianOf(firstAnswers);
  return {
    received: cases.length,
    answered,
    withdrawn,
    open,
    passedOn,
    paused,
    acknowledged: withShare(acknowledged),
    respondedTo: withShare(respondedTo),
    ...(median === undefined ? {} : { medianWorkingDaysToRespond: median }),
    outcomes,
    escalated,
    ...(answered > 0 ? { escalationRate: escalated / answered } : {}),
    extended,
    ...(cases.length > 0 ? { extensionRate: extended / cases.length } : {}),
    withDepartures,
  };
}

function count(tally: { onTime: number; due: number }, clock: ClockAudit): void {
  if (clock.verdict === 'met') {
    tally.onTime += 1;
    tally.due += 1;
  } else if (clock.verdict === 'late' || clock.verdict === 'missed' || clock.verdict === 'overdue') {
    tally.due += 1;
  }
}

function withShare(tally: { onTime: number; due: number }): OnTime {
  return tally.due > 0 ? { ...tally, share: tally.onTime / tally.due } : tally;
}

/**
 * The median of a list of numbers (the mean of the middle two for an even count).
 *
 * @example
 * medianOf([3, 1, 2]) //=> 2
 * medianOf([4, 1, 2, 3]) //=> 2.5
 */
export function medianOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
