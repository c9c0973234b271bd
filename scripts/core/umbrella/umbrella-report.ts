/**
 * The umbrella view: for an umbrella body (NACCC over its member centres, an awarding body over its training
 * providers), whether each member followed its own complaints procedure, from the member's case ledger alone, and
 * the same across all members. The judgement is the audit's (case-audit.ts, audit-report.ts), made on each
 * member's entries as the umbrella reads them (member-entry-schema.ts); small numbers are held back as on the
 * statistics page (held-back.ts), so the report can travel without identifying anyone.
 */
import { buildAuditReport } from '../audit/audit-report.ts';
import { DEPARTURE_KINDS, type DepartureKind } from '../audit/case-audit.ts';
import type { CaseFigures } from '../audit/case-figures.ts';
import { SMALLEST_PUBLISHED_COUNT, share, type Published } from '../audit/public-statistics.ts';
import { publishColumn } from './held-back.ts';
import { auditableEntry, type MemberEntry } from './member-entry-schema.ts';

/** Where a member's ledger was read. */
export type MemberSource = { kind: 'repository'; repository: string } | { kind: 'folder'; folder: string };

/** One member's ledger as read for the report, or why it could not be read. */
export interface MemberLedger {
  name: string;
  source: MemberSource;
  read:
    | {
        entries: MemberEntry[];
        /** Files in the ledger's place that are not entries the umbrella can read. */
        damaged: number;
        /** The member has no ledger yet (no `cases/` folder in the repository, or an empty repository). */
        noLedger?: boolean;
      }
    | { failed: string };
}

export interface UmbrellaOptions {
  /** The umbrella body, from the members file. */
  umbrella: string;
  /** First UK local date of receipt to include, YYYY-MM-DD. */
  from?: string;
  /** Last UK local date of receipt to include, YYYY-MM-DD. */
  to?: string;
  /** When the report is made: time limits past due by then on open cases count as overdue. */
  asOf: number;
}

/** The published figures of a member, or of all members together. */
export interface UmbrellaFigures {
  /** Complaints received in the period. */
  received: Published;
  /** Complaints with at least one departure from the procedure. */
  withDepartures: Published;
  /** Share of complaints handled without any departure from the procedure. */
  followedThroughout: Published;
  /** Share of acknowledgements, of those that fell due, sent within the time limit. */
  acknowledgedOnTime: Published;
  /** Share of responses, of those that fell due, sent within the time limit (as extended, where allowed). */
  answeredOnTime: Published;
  /** Median working days from the start of a stage to the first answer; given only over 5 answers or more. */
  medianWorkingDaysToAnswer: Published;
  /** Complaints with each kind of departure (a complaint may have several kinds). */
  departures: Record<DepartureKind, Published>;
}

export interface MemberRow {
  name: string;
  source: MemberSource;
  /** Whether the member's ledger could be read for this report. */
  read: boolean;
  /** Why not, when it could not. */
  failure?: string;
  /** The procedures of the member's cases in the period, by id. */
  procedures: string[];
  /** Ledger files that could not be read as entries (counted, never quoted). */
  damagedEntries: number;
  noLedger: boolean;
  /** Absent when the ledger could not be read. */
  figures?: UmbrellaFigures;
  /** The answer to "did the member follow its procedure?", in words. */
  verdict: string;
}

export interface UmbrellaReport {
  umbrella: string;
  /** The instant the report was made, ISO 8601. */
  generated: string;
  from?: string;
  to?: string;
  members: {
    listed: number;
    read: number;
    notRead: number;
    /** Members read with no departure from their procedure in the period (each row says so too: none is never held back). */
    followedThroughout: number;
  };
  overall: UmbrellaFigures;
  /** In the members file's order. */
  rows: MemberRow[];
}

interface RawFigures {
  received: number;
  withDepartures: number;
  kinds: Record<DepartureKind, number>;
  totals: CaseFigures;
  procedures: string[];
}

/**
 * @example
 * buildUmbrellaReport([{ name: 'Acme', source, read: { entries, damaged: 0 } }], { umbrella: 'NACCC', asOf }).rows[0].verdict
 * //=> 'Procedure followed in every complaint (12).'
 */
export function buildUmbrellaReport(members: readonly MemberLedger[], options: UmbrellaOptions): UmbrellaReport {
  const period = { asOf: options.asOf, ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
  const raw = members.map((member) => ('failed' in member.read ? undefined : rawFigures(member.read.entries, period)));
  const read = raw.filter((figures) => figures !== undefined);
  const overallRaw = rawFigures(members.flatMap((member) => ('failed' in member.read ? [] : member.read.entries)), period);

  // Counts are published column by column across members, so none held back can be worked out from the total.
  const column = (pick: (figures: RawFigures) => number) => publishColumn(read.map(pick));
  const columns = {
    received: column((f) => f.received),
    withDepartures: column((f) => f.withDepartures),
    kinds: Object.fromEntries(DEPARTURE_KINDS.map((kind) => [kind, column((f) => f.kinds[kind])])) as Record<DepartureKind, ReturnType<typeof publishColumn>>,
  };
  let index = 0;
  const rows = members.map((member, position): MemberRow => {
    const figures = raw[position];
    const base = { name: member.name, source: member.source };
    if ('failed' in member.read || figures === undefined) {
      const failure = 'failed' in member.read ? member.read.failed : 'not read';
      return { ...base, read: false, failure, procedures: [], damagedEntries: 0, noLedger: false, verdict: `Not read: ${failure}.` };
    }
    const at = index++;
    const published = publishedFigures(figures, {
      received: columns.received.members[at] as Published,
      withDepartures: columns.withDepartures.members[at] as Published,
      kinds: Object.fromEntries(DEPARTURE_KINDS.map((kind) => [kind, columns.kinds[kind].members[at] as Published])) as Record<DepartureKind, Published>,
    });
    return {
      ...base,
      read: true,
      procedures: figures.procedures,
      damagedEntries: member.read.damaged,
      noLedger: member.read.noLedger === true,
      figures: published,
      verdict: verdict(figures, published, { damaged: member.read.damaged, noLedger: member.read.noLedger === true }),
    };
  });
  const overall = publishedFigures(overallRaw, {
    received: columns.received.total,
    withDepartures: columns.withDepartures.total,
    kinds: Object.fromEntries(DEPARTURE_KINDS.map((kind) => [kind, columns.kinds[kind].total])) as Record<DepartureKind, Published>,
  });
  return {
    umbrella: options.umbrella,
    generated: new Date(options.asOf).toISOString(),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    members: {
      listed: members.length,
      read: read.length,
      notRead: members.length - read.length,
      followedThroughout: read.filter((figures) => figures.withDepartures === 0).length,
    },
    overall,
    rows,
  };
}

function rawFigures(entries: readonly MemberEntry[], period: { asOf: number; from?: string; to?: string }): RawFigures {
  const audit = buildAuditReport(entries.map(auditableEntry), period);
  const kinds = Object.fromEntries(DEPARTURE_KINDS.map((kind) => [kind, 0])) as Record<DepartureKind, number>;
  for (const audited of audit.cases) {
    for (const kind of new Set(audited.departures.map((departure) => departure.kind))) kinds[kind] += 1;
  }
  return {
    received: audit.totals.received,
    withDepartures: audit.totals.withDepartures,
    kinds,
    totals: audit.totals,
    procedures: audit.procedures.map((figures) => figures.procedure),
  };
}

function publishedFigures(raw: RawFigures, counts: { received: Published; withDepartures: Published; kinds: Record<DepartureKind, Published> }): UmbrellaFigures {
  const { totals } = raw;
  const median = totals.medianWorkingDaysToRespond;
  return {
    received: counts.received,
    withDepartures: counts.withDepartures,
    followedThroughout: shareOrNone(raw.received - raw.withDepartures, raw.received),
    acknowledgedOnTime: shareOrNone(totals.acknowledged.onTime, totals.acknowledged.due),
    answeredOnTime: shareOrNone(totals.respondedTo.onTime, totals.respondedTo.due),
    // A median of a few answers is one of them: held back like a small count.
    medianWorkingDaysToAnswer:
      median === undefined
        ? { shown: false, text: 'none answered' }
        : totals.answered >= SMALLEST_PUBLISHED_COUNT
          ? { shown: true, value: median, text: `${median}` }
          : { shown: false, text: `fewer than ${SMALLEST_PUBLISHED_COUNT} answered` },
    departures: counts.kinds,
  };
}

/** A share as the statistics page publishes it; "none fell due" where there was nothing to measure. */
function shareOrNone(part: number, whole: number): Published {
  return whole === 0 ? { shown: false, text: 'none fell due' } : share(part, whole);
}

/**
 * @example
 * departedIn({ withDepartures: { text: '7' }, received: { text: '40' } })             //=> '7 of 40 complaints'
 * departedIn({ withDepartures: { text: 'fewer than 5' }, received: { text: '40' } })  //=> 'fewer than 5 of 40 complaints'
 * departedIn({ withDepartures: { text: 'not published' }, received: { text: '40' } }) //=> 'some of 40 complaints'
 * departedIn({ withDepartures: { text: 'fewer than 5' }, received: { text: 'fewer than 5' } }) //=> 'at least one of fewer than 5 complaints'
 */
function departedIn(figures: Pick<UmbrellaFigures, 'withDepartures' | 'received'>): string {
  if (!figures.received.shown) return `at least one of ${figures.received.text} complaints`;
  const some = figures.withDepartures.shown || figures.withDepartures.text.startsWith('fewer') ? figures.withDepartures.text : 'some';
  return `${some} of ${figures.received.text} complaints`;
}

function verdict(raw: RawFigures, figures: UmbrellaFigures, notes: { damaged: number; noLedger: boolean }): string {
  const said: string[] = [];
  if (notes.noLedger) said.push('No ledger yet: the member has recorded no complaint.');
  else if (raw.received === 0) said.push('No complaint received in the period.');
  else if (raw.withDepartures === 0) said.push(`Procedure followed in every complaint${figures.received.text === 'not published' ? '' : ` (${figures.received.text})`}.`);
  else said.push(`Departures from the procedure in ${departedIn(figures)}.`);
  if (notes.damaged > 0) said.push(`${notes.damaged} ledger file${notes.damaged === 1 ? '' : 's'} could not be read (the member's \`redress audit --verify\` names ${notes.damaged === 1 ? 'it' : 'them'}).`);
  return said.join(' ');
}
