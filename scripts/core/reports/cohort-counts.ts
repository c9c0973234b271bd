/**
 * The counts a regulator's report is made of, for one group of complaints (those received in a period, a quarter,
 * the year before), from the audit's own reading of each case (case-audit.ts): a time limit on time here is on time
 * in `npx redress audit`, a case extended there is extended here. Per stage and per time limit, where the audit
 * gives them for the procedure as a whole.
 *
 * Keys: `received`, `answered`, `channel:<id>`, `final:<outcome>`, `change:<kind>`, `departure:<kind>`,
 * `stage:<stage>:<what>` and `clock:<stage>.<clock>:<what>`; cohortRelations says which add up to which.
 */
import { effectiveEvents } from '../ledger/append-only.ts';
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import { OUTCOMES } from '../procedure/procedure-schema.ts';
import type { CaseAudit } from '../audit/case-audit.ts';
import type { Relation } from './disclosure-control.ts';

export interface CohortCounts {
  counts: Map<string, number>;
  /** Working days each answer at a stage took (from entering the stage), by stage. */
  days: Map<string, number[]>;
}

export interface CohortShape {
  /** Stage ids, in the procedure's order. */
  stages: readonly string[];
  /** Clock ids (`<stage>.<clock>`) of the organisation's time limits. */
  clocks: readonly string[];
  /** Exclusion ids of the procedure. */
  exclusions: readonly string[];
  /** Channel ids of the procedure. */
  channels: readonly string[];
  /** Answers within this many working days of entering the stage count as closed within the limit (SPSO). */
  limits: ReadonlyMap<string, number>;
}

/**
 * @example
 * cohortCounts(audits, entries, shape).counts.get('stage:stage-1:answered') //=> 38
 */
export function cohortCounts(cases: readonly CaseAudit[], entries: ReadonlyMap<string, LedgerEntry>, shape: CohortShape): CohortCounts {
  const counts = new Map<string, number>();
  const days = new Map<string, number[]>(shape.stages.map((stage) => [stage, []]));
  const add = (key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
  // Every key the report may show starts at none, so that a none is shown as such rather than missing.
  for (const key of zeroKeys(shape)) counts.set(key, 0);

  for (const audit of cases) {
    const entry = entries.get(audit.reference);
    const events = entry ? effectiveEvents(entry) : [];
    add('received');
    add(`channel:${audit.channel}`);
    const refusal = events.find((event) => event.type === 'received')?.outOfScope;
    if (refusal) {
      add('not-accepted');
      add(`not-accepted:${refusal}`);
    }
    if (audit.status === 'withdrawn') add('withdrawn');
    if (audit.status === 'passed-on') add('passed-on');
    if (!['withdrawn', 'closed', 'concluded', 'passed-on'].includes(audit.status)) add('open');
    if (audit.escalated) add('escalated');
    if (audit.extended) add('extended');
    if (audit.departures.length > 0) add('with-departures');
    for (const kind of new Set(audit.departures.map((departure) => departure.kind))) add(`departure:${kind}`);
    const answered = audit.stages.some((run) => run.responded !== undefined);
    if (answered) {
      add('answered');
      add(`final:${audit.outcome ?? 'none'}`);
    }
    for (const change of new Set(events.flatMap((event) => (event.type === 'change-made' && event.change ? [event.change] : [])))) add(`change:${change}`);

    const first = audit.stages[0]?.stage;
    if (first === undefined) add('no-stage');
    for (const stage of new Set(audit.stages.map((run) => run.stage))) {
      const runs = audit.stages.filter((run) => run.stage === stage);
      add(`stage:${stage}:reached`);
      add(first === stage ? `stage:${stage}:opened` : `stage:${stage}:escalated-into`);
      const answers = runs.filter((run) => run.responded !== undefined);
      const last = answers.at(-1);
      if (last) {
        add(`stage:${stage}:answered`);
        add(`stage:${stage}:outcome:${last.outcome ?? 'none'}`);
        const taken = answers[0]?.workingDays;
        if (taken !== undefined) days.set(stage, [...(days.get(stage) ?? []), taken]);
        const limit = shape.limits.get(stage);
        if (limit !== undefined) add(taken !== undefined && taken <= limit ? `stage:${stage}:within` : `stage:${stage}:beyond`);
      }
      // An extension belongs to the stage the case was at when it was given.
      const extendedHere = events.some((event) => event.type === 'extended' && stageAt(audit, event.at) === stage);
      if (extendedHere) add(`stage:${stage}:extended`);
      if (audit.departures.some((departure) => departure.kind === 'extension-without-notice' && departure.subject.startsWith(`${stage}.`))) add(`stage:${stage}:extended-late`);
      if (audit.departures.some((departure) => departure.kind === 'not-independent' && (departure.subject === stage || departure.subject.startsWith(`${stage}.`)))) add(`stage:${stage}:not-independent`);
    }

    for (const clock of audit.clocks) {
      if (clock.owner !== 'organisation') continue;
      const key = `clock:${clock.id}`;
      // The audit's count (case-figures.ts): a limit falls due when met, met late, missed or overdue.
      if (clock.verdict === 'met') add(`${key}:on-time`);
      else if (clock.verdict === 'late') add(`${key}:late`);
      else if (clock.verdict === 'missed' || clock.verdict === 'overdue') add(`${key}:unanswered`);
      else continue;
      add(`${key}:due`);
      if (clock.verdict === 'met' || clock.verdict === 'late') add(`${key}:answered`);
      if (clock.verdict !== 'met') add(`${key}:not-on-time`);
    }
  }
  return { counts, days };
}

/** The stage a case was at an instant: the last stage entered by then. */
function stageAt(audit: CaseAudit, at: string): string | undefined {
  return audit.stages.filter((run) => run.entered <= at).at(-1)?.stage ?? audit.stages[0]?.stage;
}

function zeroKeys(shape: CohortShape): string[] {
  return [
    'received',
    'answered',
    'withdrawn',
    'open',
    'passed-on',
    'escalated',
    'extended',
    'with-departures',
    'not-accepted',
    'no-stage',
    'final:none',
    ...OUTCOMES.map((outcome) => `final:${outcome}`),
    ...shape.exclusions.map((id) => `not-accepted:${id}`),
    ...shape.channels.map((id) => `channel:${id}`),
    ...shape.stages.flatMap((stage) => [
      ...['reached', 'opened', 'escalated-into', 'answered', 'within', 'beyond', 'extended', 'extended-late', 'not-independent', 'outcome:none'].map((what) => `stage:${stage}:${what}`),
      ...OUTCOMES.map((outcome) => `stage:${stage}:outcome:${outcome}`),
    ]),
    ...shape.clocks.flatMap((clock) => ['due', 'on-time', 'late', 'unanswered', 'answered', 'not-on-time'].map((what) => `clock:${clock}:${what}`)),
  ];
}

/**
 * The sums a reader can check within one cohort: the complaints received are those opened at each stage; those
 * reaching a stage were opened there or came on from an earlier one; a stage's answers are its outcomes, and those
 * within and beyond the limit; a time limit's due are those on time, late and not answered.
 */
export function cohortRelations(prefix: (key: string) => string, shape: CohortShape): Relation[] {
  const p = (keys: readonly string[]) => keys.map(prefix);
  const relations: Relation[] = [
    { whole: prefix('received'), parts: p([...shape.stages.map((stage) => `stage:${stage}:opened`), 'no-stage']) },
    { whole: prefix('answered'), parts: p([...OUTCOMES.map((outcome) => `final:${outcome}`), 'final:none']) },
    { whole: prefix('not-accepted'), parts: p(shape.exclusions.map((id) => `not-accepted:${id}`)) },
  ];
  if (shape.channels.length > 0) relations.push({ whole: prefix('received'), parts: p(shape.channels.map((id) => `channel:${id}`)) });
  for (const stage of shape.stages) {
    const s = (what: string) => prefix(`stage:${stage}:${what}`);
    relations.push(
      { whole: s('reached'), parts: [s('opened'), s('escalated-into')] },
      { whole: s('answered'), parts: [...OUTCOMES.map((outcome) => s(`outcome:${outcome}`)), s('outcome:none')] },
    );
    if (shape.limits.has(stage)) relations.push({ whole: s('answered'), parts: [s('within'), s('beyond')] });
  }
  for (const clock of shape.clocks) {
    const c = (what: string) => prefix(`clock:${clock}:${what}`);
    relations.push(
      { whole: c('due'), parts: [c('answered'), c('unanswered')] },
      { whole: c('answered'), parts: [c('on-time'), c('late')] },
      { whole: c('due'), parts: [c('on-time'), c('not-on-time')] },
      { whole: c('not-on-time'), parts: [c('late'), c('unanswered')] },
    );
  }
  return relations;
}
