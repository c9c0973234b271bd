/** Which report is which, the code each measures against, and the one call that builds any of them. */
import { annualPerformance } from './annual-performance.ts';
import { hocSelfAssessment } from './hoc-self-assessment.ts';
import type { ReportInput } from './report-basis.ts';
import type { ReportDocument, ReportKind } from './report-document.ts';
import { spsoIndicators } from './spso-indicators.ts';
import { tenantSatisfactionMeasures } from './tenant-satisfaction-measures.ts';

/** What each report is, in a line, and the code (a model in workflows/) it measures against. */
export const REPORTS: Readonly<Record<ReportKind, { summary: string; code: 'housing-ombudsman-code' | 'spso-model' }>> = {
  'hoc-self-assessment': { summary: "the Housing Ombudsman's Complaint Handling Code self-assessment: each provision, how the procedure meets it, the year's evidence", code: 'housing-ombudsman-code' },
  'annual-performance': { summary: 'the annual complaints performance and service improvement report, beside the year before', code: 'housing-ombudsman-code' },
  'spso-indicators': { summary: "the SPSO model complaints handling procedure's performance indicators, by quarter", code: 'spso-model' },
  tsm: { summary: "the Regulator of Social Housing's tenant satisfaction measures CH01 and CH02 (needs the number of homes)", code: 'housing-ombudsman-code' },
};

/**
 * @example
 * buildReport('tsm', { ...input, homes: 1200 }, '2026-04-30T09:00:00.000Z').title //=> 'Tenant satisfaction measures: complaints'
 */
export function buildReport(kind: ReportKind, input: ReportInput, generated: string): ReportDocument {
  switch (kind) {
    case 'hoc-self-assessment':
      return hocSelfAssessment(input, generated);
    case 'annual-performance':
      return annualPerformance(input, generated);
    case 'spso-indicators':
      return spsoIndicators(input, generated);
    case 'tsm':
      if (input.homes === undefined) throw new Error('The tenant satisfaction measures need the number of homes.');
      return tenantSatisfactionMeasures({ ...input, homes: input.homes }, generated);
  }
}
