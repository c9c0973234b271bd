/**
 * What every regulator's report starts from: the organisation's procedure, the code it reports against, and the
 * complaints of a period as `npx redress audit` reads them (buildAuditReport), counted per stage and per time limit.
 * The procedure's stages are named as the code names them (pairStages, as `procedures compare` pairs them), so a
 * landlord's "formal complaint" is the Code's stage 1.
 */
import { buildAuditReport } from '../audit/audit-report.ts';
import { pairStages } from '../audit/compare-procedures.ts';
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import type { Clock, Procedure, Stage } from '../procedure/procedure-schema.ts';
import { cohortCounts, type CohortCounts, type CohortShape } from './cohort-counts.ts';
import type { ReportPeriod } from './report-period.ts';

export interface ReportInput {
  /** The whole ledger: each report picks the procedure's complaints of its periods. */
  entries: readonly LedgerEntry[];
  /** The organisation's procedure, as its file now stands. */
  procedure: Procedure;
  /** The code the report measures against (housing-ombudsman-code or spso-model), from workflows/. */
  model: Procedure;
  /** The organisation's name, as its reports are headed. */
  organisation: string;
  period: ReportPeriod;
  /** When the report is made: a time limit passed by then on an open case is not met. */
  asOf: number;
  /** The landlord's number of homes (tenant satisfaction measures only). */
  homes?: number;
}

/** A stage of the procedure as the report names it. */
export interface ReportStage {
  id: string;
  /** In the code's words: "Stage 1", "Stage 2 – investigation"; the procedure's own title where the code has no such stage. */
  name: string;
  /** The procedure's own title for it. */
  title: string;
  /** The code's stage it is paired with. */
  codeStage?: Stage;
  stage?: Stage;
  /** The organisation's time limits at the stage: full clock ids, with what meets them and their label. */
  clocks: { id: string; action: 'acknowledge' | 'respond'; label: string; clock?: Clock }[];
}

export interface ReportBasis {
  input: ReportInput;
  shape: CohortShape;
  stages: ReportStage[];
  /** The complaints received in a period, counted. */
  cohort: (period: ReportPeriod) => CohortCounts;
}

/**
 * @example
 * reportBasis(input).stages.map((s) => s.name) //=> ['Stage 1', 'Stage 2']
 */
export function reportBasis(input: ReportInput, options: { limits?: boolean } = {}): ReportBasis {
  const { procedure, model } = input;
  const own = input.entries.filter((entry) => entry.procedure.id === procedure.id);
  const byReference = new Map(own.map((entry) => [entry.reference, entry]));
  const pairs = pairStages(procedure, model);
  const stages: ReportStage[] = procedure.stages.map((stage) => {
    const codeStage = pairs.find((pair) => pair.ours === stage)?.theirs;
    return {
      id: stage.id,
      name: codeStage ? codeStage.title : `${stage.title} (not a stage of ${model.title})`,
      title: stage.title,
      ...(codeStage ? { codeStage } : {}),
      stage,
      clocks: stage.clocks.flatMap((clock) => (clock.action === 'request' ? [] : [{ id: `${stage.id}.${clock.id}`, action: clock.action, label: clock.label, clock }])),
    };
  });
  // Stages and time limits of earlier versions of the procedure that cases were held to still count.
  for (const entry of own) {
    for (const run of entry.stages) {
      if (!stages.some((stage) => stage.id === run.stage)) stages.push({ id: run.stage, name: run.stage, title: run.stage, clocks: [] });
    }
    for (const clock of entry.clocks) {
      if (clock.owner !== 'organisation' || clock.action === 'request') continue;
      const stage = stages.find((s) => clock.id.startsWith(`${s.id}.`));
      if (stage && !stage.clocks.some((c) => c.id === clock.id)) stage.clocks.push({ id: clock.id, action: clock.action, label: clock.id });
    }
  }
  const limits = new Map<string, number>();
  if (options.limits) {
    for (const stage of stages) {
      const respond = stage.codeStage?.clocks.find((clock) => clock.action === 'respond');
      if (respond?.within?.unit === 'working-days') limits.set(stage.id, respond.within.amount);
    }
  }
  const shape: CohortShape = {
    stages: stages.map((stage) => stage.id),
    clocks: stages.flatMap((stage) => stage.clocks.map((clock) => clock.id)),
    exclusions: procedure.outOfScope.map((exclusion) => exclusion.id),
    channels: procedure.channels.map((channel) => channel.id),
    limits,
  };
  const cohort = (period: ReportPeriod) => {
    const audit = buildAuditReport(own, { from: period.from, to: period.to, procedure: procedure.id, asOf: input.asOf });
    return cohortCounts(audit.cases, byReference, shape);
  };
  return { input, shape, stages, cohort };
}

/** The stage paired with the code's stage of this id. */
export function stagePairedWith(basis: ReportBasis, codeStageId: string): ReportStage | undefined {
  return basis.stages.find((stage) => stage.codeStage?.id === codeStageId);
}

/** A stage's time limit met by this action (its first, where it has several). */
export function clockOf(stage: ReportStage | undefined, action: 'acknowledge' | 'respond'): string | undefined {
  return stage?.clocks.find((clock) => clock.action === action)?.id;
}
