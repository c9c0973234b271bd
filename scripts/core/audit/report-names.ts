/**
 * Plain names for the ids the ledger holds, so that an audit report speaks of "Acknowledge the complaint in
 * writing" and "Mary Smith" rather than `stage-1.acknowledge` and a login. They come from the procedure files and
 * the organisation's roster as they now stand (the ledger holds ids only); the JSON report carries them beside the
 * ids, and the Markdown and HTML reports show only them.
 */
import { procedureHash } from '../intake/procedure-version.ts';
import type { Organisation } from '../organisation/organisation-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';

export interface ProcedureNames {
  /** The procedure's title: "Complaints Policy and Procedure". */
  title: string;
  /** The organisation the procedure file names. */
  organisation: string;
  /** The content hash of the procedure as its file now stands: a case held to another was held to an earlier version. */
  version: string;
  /** Stage id → title. */
  stages: Record<string, string>;
  /** `<stage>.<clock>` → what must happen: "Acknowledge the complaint in writing". */
  clocks: Record<string, string>;
  /** Role id → title: "Co-Ordinator". */
  roles: Record<string, string>;
  /** Channel id → its kind (web, email, letter, phone, in-person, feedback-form). */
  channels: Record<string, string>;
  /** Outside body id → name. */
  bodies: Record<string, string>;
  /** `<stage>.<clock>` a ladder follows → the role told at each step, by level. */
  ladders: Record<string, Record<string, string>>;
}

export interface ReportNames {
  /** By procedure id, for the procedures whose files are in workflows/. */
  procedures: Record<string, ProcedureNames>;
  /** Staff by the login the ledger records, where the roster names them. */
  people: Record<string, string>;
}

/** Where names come from: the procedure files and the organisation file, when there. */
export interface NameSources {
  organisation?: Organisation;
  procedures?: ReadonlyMap<string, Procedure>;
}

/**
 * The names for a report over the given procedures and logins: only those, so a report on one procedure names no
 * one else.
 *
 * @example
 * reportNames({ organisation, procedures }, { procedures: ['ceccc'], logins: ['mary-ceccc'] }).people
 * //=> { 'mary-ceccc': 'Mary Smith' }
 */
export function reportNames(sources: NameSources, used: { procedures: Iterable<string>; logins: Iterable<string> }): ReportNames {
  const procedures: Record<string, ProcedureNames> = {};
  for (const id of used.procedures) {
    const procedure = sources.procedures?.get(id);
    if (procedure) procedures[id] = procedureNames(procedure);
  }
  const roster = rosterNames(sources.organisation);
  const people: Record<string, string> = {};
  for (const login of used.logins) {
    const name = roster.get(login.toLowerCase());
    if (name) people[login] = name;
  }
  return { procedures, people };
}

/**
 * The organisation a report is for: the organisation file's name, or else the one organisation every procedure in
 * the report names; none when they name several (the demonstration's procedures).
 *
 * @example
 * reportOrganisation({}, [cecccNames]) //=> 'Cambridge & Ely Child Contact Centres'
 */
export function reportOrganisation(organisation: Organisation | undefined, procedures: readonly ProcedureNames[]): string | undefined {
  if (organisation) return organisation.name;
  const named = new Set(procedures.map((names) => names.organisation));
  return named.size === 1 ? [...named][0] : undefined;
}

function procedureNames(procedure: Procedure): ProcedureNames {
  const clocks: Record<string, string> = {};
  const ladders: Record<string, Record<string, string>> = {};
  for (const stage of procedure.stages) {
    for (const clock of stage.clocks) clocks[`${stage.id}.${clock.id}`] = clock.label;
    if (stage.escalation) ladders[`${stage.id}.${stage.escalation.trigger}`] = Object.fromEntries(stage.escalation.steps.map((step) => [String(step.level), step.notify]));
  }
  return {
    title: procedure.title,
    organisation: procedure.organisation.name,
    version: procedureHash(procedure),
    stages: Object.fromEntries(procedure.stages.map((stage) => [stage.id, stage.title])),
    clocks,
    roles: Object.fromEntries(procedure.roles.map((role) => [role.id, role.title])),
    channels: Object.fromEntries(procedure.channels.map((channel) => [channel.id, channel.kind])),
    bodies: Object.fromEntries(procedure.externalBodies.map((body) => [body.id, body.name])),
    ladders,
  };
}

/** The roster's names by GitHub login, lower-cased: GitHub does not tell logins apart by case. */
function rosterNames(organisation: Organisation | undefined): Map<string, string> {
  return new Map((organisation?.people ?? []).flatMap((person) => (person.github ? [[person.github.toLowerCase(), person.name] as const] : [])));
}
