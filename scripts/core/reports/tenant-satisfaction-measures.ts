/**
 * `redress report tsm`: the Regulator of Social Housing's tenant satisfaction measures on complaints that come from
 * the landlord's own records: CH01, stage 1 and stage 2 complaints per 1,000 homes, and CH02, the share of them
 * responded to within the Housing Ombudsman's Complaint Handling Code timescales. The third complaints measure, TP09
 * (satisfaction with the approach to complaints), comes from the tenant survey, not the ledger.
 */
import { compareProcedures } from '../audit/compare-procedures.ts';
import { clockOf, reportBasis, stagePairedWith, type ReportInput, type ReportStage } from './report-basis.ts';
import type { ReportDocument, ReportTable } from './report-document.ts';
import { ReportFigures } from './report-figures.ts';
import { definitionsOf, figure, provenance, section, table, text } from './report-parts.ts';
import { periodWords } from './report-period.ts';

const MAIN = 'period';

/**
 * @example
 * tenantSatisfactionMeasures({ ...input, homes: 1200 }).sections[0].tables[0].rows[0].cells[2] //=> [{ figure: { value: 33.33, text: '33.3', … } }]
 */
export function tenantSatisfactionMeasures(input: ReportInput & { homes: number }, generated: string): ReportDocument {
  const basis = reportBasis(input);
  const figures = new ReportFigures(basis.shape, MAIN);
  figures.addCohort(MAIN, input.period, basis.cohort(input.period));
  const homes = figures.given(input.homes, 'homes', 'homes');
  const codeStages = [
    { measure: '1', code: 'stage-1', words: 'stage 1', stage: stagePairedWith(basis, 'stage-1') },
    { measure: '2', code: 'stage-2', words: 'stage 2', stage: stagePairedWith(basis, 'stage-2') },
  ];

  const ch01: ReportTable = table(
    'ch01',
    'CH01 Complaints relative to the size of the landlord',
    [{ label: 'Measure' }, { label: 'Complaints received', numeric: true }, { label: 'Homes', numeric: true }, { label: 'Per 1,000 homes', numeric: true }],
    codeStages.map(({ measure, words, stage }) => ({
      header: `CH01 (${measure}) ${capital(words)} complaints received per 1,000 homes`,
      cells: stage
        ? [figure(figures.count(MAIN, `stage:${stage.id}:reached`, 'stage-reached')), figure(homes), figure(figures.rate(MAIN, `stage:${stage.id}:reached`, input.homes, 'ch01'))]
        : [text(noStage(words)), figure(homes), text('–')],
    })),
  );

  const ch02: ReportTable = table(
    'ch02',
    "CH02 Complaints responded to within the Complaint Handling Code's timescales",
    [{ label: 'Measure' }, { label: 'Responded to', numeric: true }, { label: 'Within the timescale', numeric: true }, { label: 'Proportion', numeric: true }],
    codeStages.map(({ measure, words, stage }) => {
      const clock = clockOf(stage, 'respond');
      const header = `CH02 (${measure}) Proportion of ${words} complaints responded to within the Code's timescales`;
      if (!clock) return { header, cells: [text(stage ? `The procedure sets no time limit to respond at ${words}.` : noStage(words)), text('–'), text('–')] };
      const key = (what: string) => `clock:${clock}:${what}`;
      return {
        header,
        cells: [
          figure(figures.count(MAIN, key('answered'), 'limit-answered')),
          figure(figures.count(MAIN, key('on-time'), 'limit-on-time')),
          figure(figures.share(MAIN, { part: key('on-time'), whole: key('answered'), rest: key('late') }, 'ch02', 'none responded to')),
        ],
      };
    }),
  );

  const waiting: ReportTable = table(
    'waiting',
    'Not yet responded to, although the timescale has passed',
    [{ label: 'Stage' }, { label: 'Complaints', numeric: true }],
    codeStages.flatMap(({ words, stage }) => {
      const clock = clockOf(stage, 'respond');
      return clock ? [{ header: capital(words), cells: [figure(figures.count(MAIN, `clock:${clock}:unanswered`, 'limit-unanswered'))] }] : [];
    }),
  );
  figures.resolve();

  const sections = [
    section('ch01', 'CH01 Complaints relative to the size of the landlord', {
      paragraphs: ['The number of stage 1 and stage 2 complaints received, per 1,000 homes the landlord owns.'],
      tables: [ch01],
    }),
    section('ch02', "CH02 Complaints responded to within the Code's timescales", {
      paragraphs: [
        'Of the complaints responded to at each stage, the share responded to within the timescale, as extended where the Code allows. Complaints not yet responded to are in neither count; those whose timescale has already passed are shown below, so that none is out of sight.',
      ],
      tables: [ch02, waiting],
    }),
    section('timescales', 'The timescales counted', { paragraphs: timescaleNotes(input, codeStages.map((c) => c.stage)) }),
  ];
  return {
    kind: 'tsm',
    title: 'Tenant satisfaction measures: complaints',
    organisation: input.organisation,
    procedure: { id: input.procedure.id, title: input.procedure.title },
    period: input.period,
    generated,
    intro: [
      `The tenant satisfaction measures on complaints handling of ${input.organisation}, CH01 and CH02, for ${periodWords(input.period)}: the measures from management information that the Regulator of Social Housing requires landlords to publish, here from the complaints handled under ${input.procedure.title}.`,
      ...provenance(input.period),
      "TP09, tenants' satisfaction with the landlord's approach to complaints handling, is measured by the tenant perception survey, not from complaint records, so it is not in this report.",
    ],
    sections,
    definitions: definitionsOf(sections),
  };
}

/** Where the procedure's timescales differ from the Code's, CH02 counts against the procedure's, and says so. */
function timescaleNotes(input: ReportInput, stages: readonly (ReportStage | undefined)[]): string[] {
  // The comparison names a time limit `<stage>.<clock>`, by the model's clock id where the procedure has none.
  const respond = new Set(stages.flatMap((stage) => (stage ? [clockOf(stage, 'respond') ?? `${stage.id}.respond`] : [])));
  const differences = compareProcedures(input.procedure, input.model).filter((d) => (d.aspect === 'timescale' || d.aspect === 'extension') && d.kind !== 'note' && respond.has(d.subject));
  const notes = [
    `Responses are counted against the time limits of ${input.procedure.title}, in working days on its calendar, as npx redress audit counts them.`,
  ];
  if (differences.length === 0) notes.push(`Its timescales to respond are the Code's (npx redress procedures compare ${input.procedure.id} ${input.model.id} finds no difference), so the shares above are the Code's.`);
  else notes.push(`Where they differ from the Code's, the shares above count against the procedure's: ${differences.map((d) => d.message.replace(/\.$/, '')).join('; ')}.`);
  return notes;
}

function noStage(words: string): string {
  return `The procedure has no stage paired with the Code's ${words}.`;
}

function capital(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
