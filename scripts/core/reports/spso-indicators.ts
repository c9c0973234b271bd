/**
 * `redress report spso-indicators`: the performance indicators the SPSO's model complaints handling procedure asks
 * an organisation to report quarterly and publish: complaints received per stage, the number and share closed within
 * 5 working days at stage 1 and 20 at stage 2, the average working days to close, the outcomes at each stage, and
 * what was learnt; quarter by quarter and for the whole period.
 */
import { CHANGES } from '../case/case-event-schema.ts';
import { OUTCOMES } from '../procedure/procedure-schema.ts';
import { reportBasis, stagePairedWith, type ReportInput, type ReportStage } from './report-basis.ts';
import type { ReportDocument, ReportTable } from './report-document.ts';
import { ReportFigures } from './report-figures.ts';
import { CHANGE_WORDS, definitionsOf, figure, OUTCOME_WORDS, provenance, section, table } from './report-parts.ts';
import { dateWords, periodWords, quartersOf } from './report-period.ts';

const WHOLE = 'period';

export function spsoIndicators(input: ReportInput, generated: string): ReportDocument {
  const basis = reportBasis(input, { limits: true });
  const quarters = quartersOf(input.period).map((period, index) => ({ name: `q${index + 1}`, label: `Q${index + 1}`, period }));
  const figures = new ReportFigures(basis.shape, WHOLE);
  figures.addCohort(WHOLE, input.period, basis.cohort(input.period));
  for (const quarter of quarters) figures.addCohort(quarter.name, quarter.period, basis.cohort(quarter.period));
  figures.addSum(WHOLE, quarters.map((quarter) => quarter.name));
  const cohorts = [...quarters.map((quarter) => quarter.name), WHOLE];
  const columns: ReportTable['columns'] = [
    { label: 'Indicator' },
    ...quarters.map((quarter) => ({ label: `${quarter.label} (${shortDate(quarter.period.from)} to ${shortDate(quarter.period.to)})`, numeric: true, period: quarter.period })),
    { label: 'Whole period', numeric: true },
  ];
  const row = (header: string, make: (cohort: string) => ReturnType<ReportFigures['count']>) => ({ header, cells: cohorts.map((cohort) => figure(make(cohort))) });
  const count = (header: string, key: string, definition: string) => row(header, (cohort) => figures.count(cohort, key, definition));

  const stage1 = stagePairedWith(basis, 'frontline');
  const stage2 = stagePairedWith(basis, 'investigation');
  const formal = [stage1, stage2].filter((stage): stage is ReportStage => stage !== undefined);
  const others = basis.stages.filter((stage) => !formal.includes(stage));

  const received = table('received', 'Complaints received', columns, [
    count('Complaints received', 'received', 'spso-received'),
    ...(stage1 ? [count('At stage 1', `stage:${stage1.id}:opened`, 'spso-received')] : []),
    ...(stage2 ? [count('Directly at stage 2', `stage:${stage2.id}:opened`, 'stage-direct'), count('Taken on to stage 2 after stage 1', `stage:${stage2.id}:escalated-into`, 'stage-escalated')] : []),
    ...others.map((stage) => count(`At ${stage.name}`, `stage:${stage.id}:opened`, 'spso-received')),
  ]);

  const closed = table(
    'closed',
    'Complaints closed, and within the set timescale',
    columns,
    formal.flatMap((stage) => {
      const limit = basis.shape.limits.get(stage.id);
      const s = (what: string) => `stage:${stage.id}:${what}`;
      const within = limit === undefined ? [] : [
        count(`${stageWords(stage)}: closed within ${limit} working days`, s('within'), 'spso-within'),
        row(`${stageWords(stage)}: share closed within ${limit} working days`, (cohort) => figures.share(cohort, { part: s('within'), whole: s('answered'), rest: s('beyond') }, 'spso-within', 'none closed')),
      ];
      return [count(`${stageWords(stage)}: closed`, s('answered'), 'spso-closed'), ...within];
    }),
  );

  const average = table('average', 'Average time to close, in working days', columns, formal.map((stage) => row(stageWords(stage), (cohort) => figures.mean(cohort, stage.id, 'spso-average'))));

  const outcomes = table(
    'outcomes',
    'Outcomes at each stage',
    columns,
    formal.flatMap((stage) => OUTCOMES.map((outcome) => count(`${stageWords(stage)}: ${spsoOutcome(outcome)}`, `stage:${stage.id}:outcome:${outcome}`, 'spso-outcome'))),
  );

  const extended = table('extended', 'Time limit extended', columns, formal.map((stage) => count(stageWords(stage), `stage:${stage.id}:extended`, 'spso-extended')));

  const learning = table('learning', 'Learning from complaints: what changed', columns, CHANGES.map((change) => count(CHANGE_WORDS[change] ?? change, `change:${change}`, 'spso-learning')));
  figures.resolve();

  const sections = [
    section('received', 'Indicator: complaints received', { tables: [received] }),
    section('closed', 'Indicator: complaints closed within 5 and 20 working days', {
      paragraphs: [
        'A complaint is closed at a stage when the organisation gives its full response there. Working days count from the start of the stage (receipt of the complaint, or of the request for stage 2) on the procedure’s calendar, whether or not the time limit was extended.',
      ],
      tables: [closed],
    }),
    section('average', 'Indicator: average time to close', { tables: [average] }),
    section('outcomes', 'Indicator: outcomes', { tables: [outcomes] }),
    section('extended', 'Extensions', { tables: [extended] }),
    section('learning', 'Indicator: learning from complaints', {
      paragraphs: ['The kinds of change staff recorded, with /learning, as made because of a complaint.'],
      tables: [learning],
      complete: [{ label: 'What we learnt and what we changed', prompt: 'For each quarter: the improvements made because of complaints, in words the public can follow, and how the organisation will know they worked.' }],
    }),
  ];
  return {
    kind: 'spso-indicators',
    title: 'Complaints performance indicators',
    organisation: input.organisation,
    procedure: { id: input.procedure.id, title: input.procedure.title },
    period: input.period,
    generated,
    intro: [
      `The complaints handling performance indicators of ${input.organisation}, as the Scottish Public Services Ombudsman's model complaints handling procedure asks them to be reported quarterly and published, for the complaints received from ${periodWords(input.period)} under ${input.procedure.title}, by quarter of receipt.`,
      ...provenance(input.period),
      "A figure for the whole period is the sum of the quarters' (an average, of all the complaints'): a number held back in a quarter is not given away by the others.",
    ],
    sections,
    definitions: definitionsOf(sections),
  };
}

function stageWords(stage: ReportStage): string {
  return stage.codeStage?.id === 'frontline' ? 'Stage 1' : stage.codeStage?.id === 'investigation' ? 'Stage 2' : stage.name;
}

/** The SPSO's words for outcomes. */
function spsoOutcome(outcome: (typeof OUTCOMES)[number]): string {
  return outcome === 'partly-upheld' ? 'partially upheld' : OUTCOME_WORDS[outcome].toLowerCase();
}

/** A date in a column heading: "1 Apr 2025". */
function shortDate(date: string): string {
  return dateWords(date).replace(/^(\d+ \w{3})\w* /, '$1 ');
}
