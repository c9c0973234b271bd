/**
 * `redress report annual-performance`: the annual complaints performance and service improvement report the
 * Housing Ombudsman's Complaint Handling Code asks landlords to publish (section 8): the year's complaints per stage,
 * how many were answered within each time limit, extensions, outcomes and what changed as a result, each beside the
 * year before. The parts only the landlord can write (its analysis, the Ombudsman's findings and annual letter, and
 * its governing body's response) are left marked for it to complete.
 */
import { DEPARTURE_KINDS } from '../audit/case-audit.ts';
import { CHANGES } from '../case/case-event-schema.ts';
import { OUTCOMES } from '../procedure/procedure-schema.ts';
import { reportBasis, type ReportInput } from './report-basis.ts';
import type { ReportDocument, ReportTable } from './report-document.ts';
import { ReportFigures } from './report-figures.ts';
import { CHANGE_WORDS, definitionsOf, figure, limitWords, OUTCOME_WORDS, provenance, section, table } from './report-parts.ts';
import { periodWords, yearBefore } from './report-period.ts';

const NOW = 'period';
const BEFORE = 'previous';

/** Departures in words, for the table of how closely the procedure was followed. */
const DEPARTURE_WORDS: Readonly<Record<(typeof DEPARTURE_KINDS)[number], string>> = {
  'time-limit-missed': 'A time limit missed',
  'time-limit-overdue': 'A time limit passed on a complaint still open',
  'response-without-acknowledgement': 'Answered without the acknowledgement the procedure requires',
  'extension-without-notice': 'Extended after the time limit had passed',
  'stage-skipped': 'A stage begun before the one before it was answered',
  'opened-at-later-stage': 'Opened at a later stage',
  'not-independent': 'Decided by someone involved at an earlier stage',
  'pause-over-limit': 'Paused for longer than the procedure allows',
};

export function annualPerformance(input: ReportInput, generated: string): ReportDocument {
  const basis = reportBasis(input);
  const previous = yearBefore(input.period);
  const figures = new ReportFigures(basis.shape, NOW);
  figures.addCohort(NOW, input.period, basis.cohort(input.period));
  figures.addCohort(BEFORE, previous, basis.cohort(previous));
  const columns = (first: string): ReportTable['columns'] => [{ label: first }, { label: 'This period', numeric: true }, { label: 'Previous period', numeric: true, period: previous }];
  /** A row of a count this period and the year before. */
  const both = (header: string, key: string, definition: string) => ({ header, cells: [figure(figures.count(NOW, key, definition)), figure(figures.count(BEFORE, key, definition))] });

  const volumes = table('volumes', 'Complaints received, by stage', columns('Complaints'), [
    both('Complaints received', 'received', 'received'),
    ...basis.stages.map((stage) => both(`${stage.name} complaints`, `stage:${stage.id}:reached`, 'stage-reached')),
    ...(input.procedure.outOfScope.length > 0
      ? [both('Not accepted', 'not-accepted', 'not-accepted'), ...input.procedure.outOfScope.map((exclusion) => both(`Not accepted: ${exclusion.summary}`, `not-accepted:${exclusion.id}`, 'not-accepted'))]
      : []),
    both('Withdrawn', 'withdrawn', 'withdrawn'),
    both('Still open at the date of this report', 'open', 'open'),
  ]);

  const limits = table(
    'time-limits',
    'Within each time limit',
    [
      { label: 'Time limit' },
      { label: 'Fell due', numeric: true },
      { label: 'Within the time limit', numeric: true },
      { label: 'Met late', numeric: true },
      { label: 'Not met', numeric: true },
      { label: 'Share within', numeric: true },
      { label: 'Share within, previous period', numeric: true, period: previous },
    ],
    basis.stages.flatMap((stage) =>
      stage.clocks.map((clock) => {
        const key = (what: string) => `clock:${clock.id}:${what}`;
        const share = (cohort: string) => figures.share(cohort, { part: key('on-time'), whole: key('due'), rest: key('not-on-time') }, 'share-on-time');
        return {
          header: `${stage.name}: ${clock.label} (${limitWords(clock.clock)})`,
          cells: [
            figure(figures.count(NOW, key('due'), 'limit-due')),
            figure(figures.count(NOW, key('on-time'), 'limit-on-time')),
            figure(figures.count(NOW, key('late'), 'limit-late')),
            figure(figures.count(NOW, key('unanswered'), 'limit-unanswered')),
            figure(share(NOW)),
            figure(share(BEFORE)),
          ],
        };
      }),
    ),
  );

  const extensions = table('extensions', 'Extensions', columns('Complaints'), [
    both('Complaints extended, at any stage', 'extended', 'stage-extended'),
    ...basis.stages.flatMap((stage) =>
      // Which rows there are follows from the procedure alone, so that a row's presence says nothing of the count.
      stage.clocks.some((clock) => clock.clock?.extension)
        ? [both(`${stage.name}: time limit extended`, `stage:${stage.id}:extended`, 'stage-extended'), both(`${stage.name}: extended after the time limit had passed`, `stage:${stage.id}:extended-late`, 'stage-extended-late')]
        : [],
    ),
  ]);

  const outcomes = table('outcomes', 'Outcomes', columns('Outcome'), [
    ...basis.stages.flatMap((stage) => [
      both(`${stage.name}: answered`, `stage:${stage.id}:answered`, 'stage-answered'),
      ...OUTCOMES.map((outcome) => both(`${stage.name}: ${OUTCOME_WORDS[outcome].toLowerCase()}`, `stage:${stage.id}:outcome:${outcome}`, 'stage-outcome')),
    ]),
    both('Final outcome: answered', 'answered', 'stage-answered'),
    ...OUTCOMES.map((outcome) => both(`Final outcome: ${OUTCOME_WORDS[outcome].toLowerCase()}`, `final:${outcome}`, 'final-outcome')),
  ]);

  const learning = table('learning', 'What changed as a result of complaints', columns('Kind of change'), CHANGES.map((change) => both(CHANGE_WORDS[change] ?? change, `change:${change}`, 'learning')));

  const departures = table('departures', 'Departures from the procedure found in the ledger', columns('Complaints'), [
    both('Complaints with at least one departure', 'with-departures', 'departures'),
    ...DEPARTURE_KINDS.map((kind) => both(DEPARTURE_WORDS[kind], `departure:${kind}`, 'departures')),
  ]);
  figures.resolve();

  const stageWords = basis.stages
    .filter((stage) => stage.codeStage && stage.title !== stage.name)
    .map((stage) => `${input.procedure.title} calls ${stage.name} "${stage.title}".`);
  const sections = [
    section('volumes', 'Complaints received', { paragraphs: stageWords, tables: [volumes] }),
    section('time-limits', 'Responding within the time limits', {
      paragraphs: [
        `Each time limit of ${input.procedure.title}, counted in working days on its calendar and as extended where the procedure allows. A time limit still running at the date of this report is not yet counted.`,
      ],
      tables: [limits],
    }),
    section('extensions', 'Extensions', {
      paragraphs: ["The Code allows a landlord to extend its timescale to respond with a good reason, explained to the resident with the Ombudsman's contact details (provisions 6.4 and 6.5)."],
      tables: [extensions],
    }),
    section('outcomes', 'Outcomes', { tables: [outcomes] }),
    section('learning', 'Learning from complaints', {
      paragraphs: ['The kinds of change staff recorded, with /learning, as made because of a complaint. What was changed is in the organisation’s own words below.'],
      tables: [learning],
      complete: [{ label: 'Service improvements made as a result of learning from complaints', prompt: 'Describe each improvement: what was changed, why, and what difference it has made for residents.' }],
    }),
    section('following', 'Following the procedure', {
      paragraphs: ['How often the ledger shows a departure from the procedure, as npx redress audit finds them. These are the landlord’s own findings, not the Ombudsman’s.'],
      tables: [departures],
    }),
    section('to-complete', 'For the landlord to complete', {
      paragraphs: ['The Code asks the annual report to include more than the ledger can tell. These parts are for the landlord to write before the report is published.'],
      complete: [
        { label: 'Analysis of complaint handling performance', prompt: 'What the figures above show: trends, the kinds of complaint received, and why complaints were not accepted.' },
        { label: 'Findings of non-compliance with the Code', prompt: 'Any finding by the Housing Ombudsman that the landlord did not comply with the Code, and what the landlord has done about it.' },
        { label: "The Ombudsman's annual letter and other reports", prompt: "The Housing Ombudsman's annual letter about the landlord's performance, and any other report or publication of the Ombudsman about the landlord." },
        { label: 'Self-assessment against the Code', prompt: 'The year’s self-assessment, as approved by the governing body (npx redress report hoc-self-assessment gives the procedure’s part of it and the evidence).' },
        { label: "The governing body's response to this report", prompt: 'The response of the governing body (or its lead member for complaints), published alongside this report.' },
      ],
    }),
  ];
  return {
    kind: 'annual-performance',
    title: 'Annual complaints performance and service improvement report',
    organisation: input.organisation,
    procedure: { id: input.procedure.id, title: input.procedure.title },
    period: input.period,
    previous,
    generated,
    intro: [
      `The complaints performance and service improvement report of ${input.organisation} under the Housing Ombudsman's Complaint Handling Code, for the complaints received from ${periodWords(input.period)} under ${input.procedure.title}, each figure beside the same for ${periodWords(previous)}.`,
      ...provenance(input.period),
    ],
    sections,
    definitions: definitionsOf(sections),
  };
}
