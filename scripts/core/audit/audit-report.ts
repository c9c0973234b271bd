/**
 * `redress audit`: from the ledger alone, per case each time limit met or missed and every departure from the
 * procedure; per procedure the figures codes ask for; and the same figures month by month.
 */
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import type { ProcedureFidelity } from '../procedure/procedure-fidelity.ts';
import { auditCase, type CaseAudit } from './case-audit.ts';
import { caseFigures, type CaseFigures } from './case-figures.ts';
import { reportNames, reportOrganisation, type NameSources, type ReportNames } from './report-names.ts';

export interface AuditOptions {
  /** First UK local date of receipt to include, YYYY-MM-DD. */
  from?: string;
  /** Last UK local date of receipt to include, YYYY-MM-DD. */
  to?: string;
  /** Only this procedure's cases. */
  procedure?: string;
  /** When the report is made: running clocks past their due date by then are shown overdue. */
  asOf: number;
  /**
   * The fidelity reports of the procedures as their files now stand (the CLI reads them; the ledger does not hold
   * them), so the report says which of its figures rest on readings the sources do not state.
   */
  fidelity?: ReadonlyMap<string, ProcedureFidelity>;
  /** The procedure files and the organisation file as they now stand, to name what the ledger holds by id. */
  names?: NameSources;
}

/** How a procedure in the report was read from its source: what the audit's figures rest on. */
export interface FidelitySummary {
  procedure: string;
  /** False when the procedure's file is no longer in workflows/. */
  found: boolean;
  /** Rules the source states, quoted. */
  source: number;
  /** Readings taken where the source is silent: the procedure's own, and those every procedure shares. */
  assumptions: { id: string; rule: string; reading: string; inherited: boolean }[];
}

export interface AuditReport {
  /** The instant the report was made, ISO 8601. */
  generated: string;
  /** The organisation's name, when the organisation file or the procedures give one. */
  organisation?: string;
  from?: string;
  to?: string;
  procedure?: string;
  /** Figures over every case in the report. */
  totals: CaseFigures;
  procedures: ({ procedure: string } & CaseFigures)[];
  /** By month of receipt (YYYY-MM), oldest first. */
  months: ({ month: string } & CaseFigures)[];
  /** Every case, by date of receipt then reference. */
  cases: CaseAudit[];
  /** How each procedure in the report was read from its source, when the procedure files were given. */
  fidelity?: FidelitySummary[];
  /** Plain names for the ids above, from the procedure files and the roster as they now stand. */
  names: ReportNames;
}

/**
 * @example
 * buildAuditReport(entries, { from: '2026-01-01', to: '2026-12-31', asOf: Date.now() }).procedures[0]
 * //=> { procedure: 'ceccc', received: 12, respondedTo: { onTime: 10, due: 11, share: 0.909… }, … }
 */
export function buildAuditReport(entries: readonly LedgerEntry[], options: AuditOptions): AuditReport {
  const cases = entries
    .filter((entry) => !options.procedure || entry.procedure.id === options.procedure)
    .map((entry) => auditCase(entry, options.asOf))
    .filter((audit) => (!options.from || audit.receivedDate >= options.from) && (!options.to || audit.receivedDate <= options.to))
    .sort((a, b) => a.received.localeCompare(b.received) || a.reference.localeCompare(b.reference));
  const logins = new Set<string>();
  for (const audit of cases) for (const line of [...audit.acts, ...audit.refusedCommands]) if (line.by !== undefined) logins.add(line.by);
  const procedureIds = [...new Set([...cases.map((audit) => audit.procedure), ...(options.procedure ? [options.procedure] : [])])].sort();
  const names = reportNames(options.names ?? {}, { procedures: procedureIds, logins: [...logins].sort() });
  const organisation = reportOrganisation(options.names?.organisation, Object.values(names.procedures));
  return {
    generated: new Date(options.asOf).toISOString(),
    ...(organisation ? { organisation } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.procedure ? { procedure: options.procedure } : {}),
    totals: caseFigures(cases),
    procedures: [...groupBy(cases, (audit) => audit.procedure)].sort(([a], [b]) => a.localeCompare(b)).map(([procedure, group]) => ({ procedure, ...caseFigures(group) })),
    months: [...groupBy(cases, (audit) => audit.receivedDate.slice(0, 7))].sort(([a], [b]) => a.localeCompare(b)).map(([month, group]) => ({ month, ...caseFigures(group) })),
    cases,
    ...(options.fidelity ? { fidelity: fidelitySummaries([...new Set(cases.map((audit) => audit.procedure))].sort(), options.fidelity) } : {}),
    names,
  };
}

function fidelitySummaries(procedures: readonly string[], fidelity: ReadonlyMap<string, ProcedureFidelity>): FidelitySummary[] {
  return procedures.map((procedure) => {
    const report = fidelity.get(procedure);
    if (!report) return { procedure, found: false, source: 0, assumptions: [] };
    return {
      procedure,
      found: true,
      source: report.counts.source,
      assumptions: report.rows.flatMap((row) =>
        row.kind === 'assumption' && row.assumption ? [{ id: row.assumption.id, rule: row.rule, reading: row.assumption.reading, inherited: row.assumption.inherited }] : [],
      ),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
