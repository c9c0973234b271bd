/**
 * The public statistics page's figures, in the form complaint-handling codes ask organisations to publish: how many
 * complaints were received, the share answered within the time limit, the outcomes, and how many went on to a
 * further stage; by procedure and year of receipt.
 *
 * Small numbers can identify people in a small organisation, so no count below 5 is published: it reads "fewer than
 * 5". Nor is any figure that would let a reader work one out: a share is published only when the answers within
 * time and those outside it are each none or at least 5, and when one outcome of 1 to 4 is hidden another is
 * hidden with it, so that it cannot be found by subtracting the others from the number answered.
 */
import { OUTCOMES, type Outcome } from '../procedure/procedure-schema.ts';
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import { auditCase, type CaseAudit } from './case-audit.ts';

/** The smallest count published. */
export const SMALLEST_PUBLISHED_COUNT = 5;

/** A published figure: the number, or the words that stand in for it. */
export type Published = { shown: true; value: number; text: string } | { shown: false; text: string };

export interface PublicYear {
  year: string;
  received: Published;
  /** Cases with a decision at any stage. */
  answered: Published;
  /** Share of the organisation's answers that came within the time limit (as extended, where allowed). */
  answeredInTime: Published;
  outcomes: Record<Outcome, Published>;
  /** Cases taken on to a further stage of the procedure. */
  escalated: Published;
  /** Cases in which the organisation recorded each kind of change it made as a result, most first. */
  changes: { change: string; cases: Published }[];
}

export interface PublicProcedure {
  procedure: string;
  years: PublicYear[];
}

/**
 * @example
 * publicStatistics(entries)[0].years[0].received //=> { shown: false, text: 'fewer than 5' } (3 complaints)
 */
export function publicStatistics(entries: readonly LedgerEntry[]): PublicProcedure[] {
  const byProcedure = new Map<string, Map<string, { audit: CaseAudit; entry: LedgerEntry }[]>>();
  for (const entry of entries) {
    const audit = auditCase(entry);
    const years = byProcedure.get(audit.procedure) ?? new Map<string, { audit: CaseAudit; entry: LedgerEntry }[]>();
    const year = audit.receivedDate.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), { audit, entry }]);
    byProcedure.set(audit.procedure, years);
  }
  return [...byProcedure]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([procedure, years]) => ({
      procedure,
      years: [...years]
        .sort(([a], [b]) => b.localeCompare(a))
        .map(([year, cases]) => ({ ...publicYear(year, cases.map((c) => c.audit)), changes: changesMade(cases.map((c) => c.entry)) })),
    }));
}

/** How many cases led to each kind of change; a change retracted by a correction does not count. */
function changesMade(entries: readonly LedgerEntry[]): { change: string; cases: Published }[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const retracted = new Set(entry.corrections.flatMap((correction) => ('retracts' in correction ? [correction.retracts] : [])));
    const kinds = new Set(entry.events.filter((event) => event.type === 'change-made' && event.change && !retracted.has(event.seq)).map((event) => event.change as string));
    for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([change, cases]) => ({ change, cases: count(cases) }));
}

function publicYear(year: string, cases: readonly CaseAudit[]): Omit<PublicYear, 'changes'> {
  let inTime = 0;
  let due = 0;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let answered = 0;
  for (const audit of cases) {
    for (const clock of audit.clocks) {
      if (clock.owner !== 'organisation' || clock.action !== 'respond' || clock.met === undefined) continue;
      due += 1;
      if (clock.verdict === 'met') inTime += 1;
    }
    if (audit.stages.some((run) => run.responded !== undefined)) answered += 1;
    if (audit.outcome) outcomes[audit.outcome] += 1;
  }
  const shownAnswered = count(answered);
  return {
    year,
    received: count(cases.length),
    answered: shownAnswered,
    answeredInTime: share(inTime, due),
    outcomes: suppressTogether(outcomes, shownAnswered.shown),
    escalated: count(cases.filter((audit) => audit.escalated).length),
  };
}

/**
 * A count as published.
 *
 * @example
 * count(12) //=> { shown: true, value: 12, text: '12' }
 * count(3)  //=> { shown: false, text: 'fewer than 5' }
 */
export function count(value: number): Published {
  return value >= SMALLEST_PUBLISHED_COUNT ? { shown: true, value, text: String(value) } : { shown: false, text: `fewer than ${SMALLEST_PUBLISHED_COUNT}` };
}

/**
 * A share as published: only when neither part is a hidden count.
 *
 * @example
 * share(18, 20) //=> { shown: false, text: 'not published: too few to show safely' } (2 late answers would be revealed)
 * share(15, 20) //=> { shown: true, value: 0.75, text: '75%' }
 */
export function share(part: number, whole: number): Published {
  const safe = (n: number) => n === 0 || n >= SMALLEST_PUBLISHED_COUNT;
  if (whole < SMALLEST_PUBLISHED_COUNT || !safe(part) || !safe(whole - part)) return { shown: false, text: 'not published: too few to show safely' };
  return { shown: true, value: part / whole, text: `${Math.round((part / whole) * 100)}%` };
}

/**
 * Counts of one whole (the outcomes of the cases answered): each below 5 is hidden, and when the whole is published
 * and only one count would be hidden, the smallest other is hidden too, so that none can be worked out.
 */
function suppressTogether<K extends string>(values: Record<K, number>, wholeShown: boolean): Record<K, Published> {
  const keys = Object.keys(values) as K[];
  const hidden = new Set(keys.filter((key) => values[key] < SMALLEST_PUBLISHED_COUNT));
  // A hidden none needs no protecting: working out that nobody had an outcome identifies nobody.
  const [only] = hidden;
  if (wholeShown && hidden.size === 1 && only !== undefined && values[only] > 0) {
    const next = keys.filter((key) => !hidden.has(key)).sort((a, b) => values[a] - values[b])[0];
    if (next !== undefined) hidden.add(next);
  }
  // A count hidden only to protect another is not "fewer than 5", which would be untrue: it is just not given.
  const shown = (key: K): Published => (!hidden.has(key) ? count(values[key]) : values[key] < SMALLEST_PUBLISHED_COUNT ? count(values[key]) : { shown: false, text: 'not published' });
  return Object.fromEntries(keys.map((key) => [key, shown(key)])) as Record<K, Published>;
}
