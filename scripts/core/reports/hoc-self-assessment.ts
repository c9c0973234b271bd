/**
 * `redress report hoc-self-assessment`: the Housing Ombudsman's Complaint Handling Code self-assessment, in the
 * form's own columns (Code provision, Code requirement, how it is met, the evidence, comply yes or no, commentary).
 * For each provision: the requirement word for word; how the organisation's procedure meets it, from its procedure
 * file and `procedures compare` against housing-ombudsman-code; the period's evidence from the ledger. Whether it
 * complies, and why, is the organisation's to say: those cells, and the governing body's approval, are marked for
 * it to complete.
 */
import { compareProcedures, type ProcedureDifference } from '../audit/compare-procedures.ts';
import { formatDuration } from '../calendar/duration.ts';
import { CHANGES } from '../case/case-event-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { CODE_EXCERPTS_FILE, CODE_SECTIONS, REQUIREMENT_NOT_HELD, type ProvisionConcern } from './code-provisions.ts';
import { clockOf, reportBasis, stagePairedWith, type ReportBasis, type ReportInput, type ReportStage } from './report-basis.ts';
import type { CellLine, ReportDocument } from './report-document.ts';
import { ReportFigures } from './report-figures.ts';
import { CHANGE_WORDS, complete, definitionsOf, limitWords, OUTCOME_WORDS, provenance, section, table, text } from './report-parts.ts';
import { periodWords } from './report-period.ts';

const MAIN = 'period';

interface Context {
  input: ReportInput;
  basis: ReportBasis;
  figures: ReportFigures;
  stage1?: ReportStage;
  stage2?: ReportStage;
  differences: ProcedureDifference[];
  /** Differences already shown against a provision; the rest are listed at the end. */
  placed: Set<ProcedureDifference>;
}

export function hocSelfAssessment(input: ReportInput, generated: string): ReportDocument {
  const basis = reportBasis(input);
  const figures = new ReportFigures(basis.shape, MAIN);
  figures.addCohort(MAIN, input.period, basis.cohort(input.period));
  const context: Context = {
    input,
    basis,
    figures,
    stage1: stagePairedWith(basis, 'stage-1'),
    stage2: stagePairedWith(basis, 'stage-2'),
    // A note that the procedure and the Code say the same (the same handler) tells the reader nothing.
    differences: compareProcedures(input.procedure, input.model).filter((d) => !(d.kind === 'note' && d.aspect === 'handler' && sameHandler(d.message))),
    placed: new Set(),
  };
  const columns = [
    { label: 'Code provision' },
    { label: 'Code requirement' },
    { label: 'How the procedure meets it' },
    { label: `Evidence from the ledger, ${periodWords(input.period)}` },
    { label: 'Comply: Yes / No, and commentary' },
  ];
  const tables = CODE_SECTIONS.map((codeSection) =>
    table(
      `section-${codeSection.number}`,
      `Section ${codeSection.number}: ${codeSection.title}`,
      columns,
      codeSection.provisions.map((provision) => {
        const how = howMet(provision.concern, context);
        const departures = how.differences.filter((d) => d.kind === 'departure');
        return {
          header: provision.provision,
          cells: [
            provision.requirement ? text(provision.requirement) : text(REQUIREMENT_NOT_HELD),
            [...how.lines, ...how.differences.map((d): CellLine => ({ text: `${DIFFERENCE_WORDS[d.kind]}: ${d.message}` }))],
            evidence(provision.concern, context),
            [
              { text: how.encoded ? (departures.length > 0 ? 'The procedure file departs from the Code here.' : 'The procedure file meets it as written.') : 'The procedure file cannot show this.' },
              { complete: provision.requirement ? 'Yes or No, with the evidence and any commentary.' : `Each provision of section ${provision.provision.replace('Section ', '')}: Yes or No, with the evidence.` },
            ],
          ],
        };
      }),
    ),
  );
  const rest = context.differences.filter((d) => !context.placed.has(d) && d.kind !== 'note');
  figures.resolve();

  const departures = context.differences.filter((d) => d.kind === 'departure').length;
  const stricter = context.differences.filter((d) => d.kind === 'stricter').length;
  const sections = [
    section('comparison', 'The procedure against the Code', {
      paragraphs: [
        `npx redress procedures compare ${input.procedure.id} ${input.model.id} finds ${departures === 0 ? 'no departure' : `${departures} departure${departures === 1 ? '' : 's'}`} from the Code${stricter > 0 ? ` and ${stricter} time limit${stricter === 1 ? '' : 's'} stricter than it` : ''}. Each is shown below against the provision it concerns${rest.length > 0 ? '; those that concern none are listed after the form' : ''}.`,
        `The Code's requirements are quoted word for word from the excerpts in workflows/sources/${CODE_EXCERPTS_FILE}, each copied from the public page named there. Where the excerpts do not hold a section's provisions, the row says so, and the organisation completes it from the Code.`,
      ],
    }),
    section('form', 'The self-assessment form', {
      paragraphs: ["Section by section, in the order of the Code's self-assessment form."],
      tables,
    }),
    ...(rest.length > 0 ? [section('other-differences', 'Other differences from the Code', { paragraphs: rest.map((d) => `${DIFFERENCE_WORDS[d.kind]} (${d.subject}): ${d.message}`) })] : []),
    section('approval', 'Review and approval', {
      paragraphs: ['The Code asks the complaints officer to complete the self-assessment, the governing body to review and approve it at least once a year, and the landlord to publish it with its annual complaints performance and service improvement report (npx redress report annual-performance), with the governing body’s response alongside.'],
      complete: [
        { label: 'Completed by', prompt: 'The complaints officer who completed this self-assessment, and the date.' },
        { label: "The governing body's review and approval", prompt: 'When the governing body (or its lead member for complaints) reviewed and approved this self-assessment, and its response.' },
      ],
    }),
  ];
  return {
    kind: 'hoc-self-assessment',
    title: 'Complaint Handling Code self-assessment',
    organisation: input.organisation,
    procedure: { id: input.procedure.id, title: input.procedure.title },
    period: input.period,
    generated,
    intro: [
      `The self-assessment of ${input.organisation} against the Housing Ombudsman's Complaint Handling Code (2024), in the columns of the Code's self-assessment form: each provision, how ${input.procedure.title} meets it, and the evidence of the complaints received from ${periodWords(input.period)}.`,
      'Redress fills in what the procedure file and the case ledger show. Whether the landlord complies, and the commentary, are for the landlord to write: every such part is marked "To complete".',
      ...provenance(input.period),
    ],
    sections,
    definitions: definitionsOf(sections),
  };
}

const DIFFERENCE_WORDS: Readonly<Record<ProcedureDifference['kind'], string>> = {
  departure: 'Departs from the Code',
  stricter: 'Stricter than the Code',
  note: 'Note',
};

/** How the procedure meets a provision: what its file says, and the comparison's differences that concern it. */
function howMet(concern: ProvisionConcern, context: Context): { lines: CellLine[]; differences: ProcedureDifference[]; encoded: boolean } {
  const { input, stage1, stage2 } = context;
  const procedure = input.procedure;
  const take = (match: (d: ProcedureDifference) => boolean) => {
    const found = context.differences.filter((d) => !context.placed.has(d) && match(d));
    for (const d of found) context.placed.add(d);
    return found;
  };
  const at = (stage: ReportStage | undefined) => (d: ProcedureDifference) => stage !== undefined && d.subject.endsWith(`(${stage.id})`);
  const clockSubject = (stage: ReportStage | undefined, action: 'acknowledge' | 'respond') => (stage ? (clockOf(stage, action) ?? `${stage.id}.${action}`) : undefined);
  const limit = (stage: ReportStage | undefined, action: 'acknowledge' | 'respond', aspects: readonly string[]) => {
    const subject = clockSubject(stage, action);
    return take((d) => aspects.includes(d.aspect) && d.subject === subject);
  };
  const missing = (words: string) => ({ lines: [{ text: `The procedure has no stage paired with the Code's ${words}.` }], differences: [], encoded: true });
  switch (concern) {
    case 'definition':
      return { lines: [{ text: `Who may complain: ${procedure.eligibility.summary}` }, { text: 'Whether the procedure uses the Code’s definition word for word is for the landlord to confirm.' }], differences: [], encoded: false };
    case 'exclusions':
      return {
        lines: procedure.outOfScope.length > 0 ? procedure.outOfScope.map((exclusion) => ({ text: `Not covered: ${exclusion.summary}` })) : [{ text: 'The procedure lists no exclusions.' }],
        differences: [],
        encoded: false,
      };
    case 'channels':
      return { lines: [{ text: `Complaints can be made ${channelWords(procedure)}.` }], differences: [], encoded: true };
    case 'any-staff': {
      const spoken = procedure.channels.filter((channel) => channel.kind === 'phone' || channel.kind === 'in-person').length > 0;
      return {
        lines: [
          { text: `${stage1 ? `A complaint at ${stage1.name} ${stage1.stage?.entry.inWriting ? 'must be made in writing' : 'need not be in writing'}` : 'No stage 1'}; ${spoken ? 'it can be made by phone or in person' : 'the procedure offers no way to make it by phone or in person'}.` },
        ],
        differences: take((d) => d.aspect === 'entry' && at(stage1)(d)),
        encoded: true,
      };
    }
    case 'complaints-officer':
      return { lines: [{ text: stage1?.stage ? `${stage1.name} is handled by ${roleTitle(procedure, stage1.stage.handler.role)}.` : 'The procedure has no stage 1.' }], differences: take((d) => d.aspect === 'handler' && at(stage1)(d)), encoded: true };
    case 'single-policy':
      return { lines: [{ text: `One procedure file for these complaints: ${procedure.id} (${procedure.title}).` }], differences: [], encoded: false };
    case 'no-extra-stages': {
      const informal = procedure.stages.filter((stage) => stage.kind === 'informal');
      return {
        lines: [{ text: informal.length > 0 || procedure.informalResolution ? `The procedure has an informal step before its formal stages${informal.length > 0 ? ` (${informal.map((stage) => stage.title).join(', ')})` : ''}.` : 'The procedure has no informal stage before stage 1.' }],
        differences: take((d) => d.aspect === 'informal'),
        encoded: true,
      };
    }
    case 'two-stages': {
      const formal = procedure.stages.filter((stage) => stage.kind !== 'informal');
      return { lines: [{ text: `The procedure has ${formal.length} formal stage${formal.length === 1 ? '' : 's'}: ${formal.map((stage) => stage.title).join(', ')}.` }], differences: take((d) => d.aspect === 'stages' && d.subject !== 'final stage'), encoded: true };
    }
    case 'early-resolution':
      return { lines: [{ text: 'How complaints that can be answered early are identified is not in the procedure file.' }], differences: [], encoded: false };
    case 'stage-1-acknowledge':
    case 'stage-2-acknowledge':
    case 'stage-1-respond':
    case 'stage-2-respond': {
      const stage = concern.startsWith('stage-1') ? stage1 : stage2;
      const action = concern.endsWith('acknowledge') ? 'acknowledge' : 'respond';
      if (!stage) return missing(concern.startsWith('stage-1') ? 'stage 1' : 'stage 2');
      const clock = stage.clocks.find((c) => c.action === action);
      return {
        lines: [{ text: clock ? `${stage.name}: ${clock.label}, within ${limitWords(clock.clock)}.` : `${stage.name} sets no time limit to ${action}.` }],
        differences: limit(stage, action, concern === 'stage-2-respond' ? ['timescale', 'extension'] : ['timescale']),
        encoded: true,
      };
    }
    case 'extension-limit':
    case 'extension-notice': {
      if (!stage1) return missing('stage 1');
      const extension = stage1.clocks.find((c) => c.action === 'respond')?.clock?.extension;
      const line = !extension
        ? `${stage1.name}: the procedure does not provide for extending the time to respond.`
        : concern === 'extension-limit'
          ? `${stage1.name}: the time to respond can be extended${extension.cap ? ` by up to ${formatDuration(extension.cap)}` : ', with no limit set'}.`
          : `${stage1.name}: ${extension.noticeRequired ? 'the resident must be told of the new date before the original one passes' : 'the procedure does not require the resident to be told before the original date passes'}. Whether the notice gives the Ombudsman's contact details is for the landlord to confirm.`;
      return { lines: [{ text: line }], differences: limit(stage1, 'respond', ['extension']), encoded: concern === 'extension-limit' };
    }
    case 'escalation': {
      const final = procedure.stages.find((stage) => stage.final);
      return {
        lines: [
          { text: stage2?.stage ? `${stage2.name}: ${stage2.stage.entry.summary}` : 'The procedure has no stage 2.' },
          { text: final ? `The procedure's final stage is ${final.title}.` : 'The procedure names no final stage.' },
        ],
        differences: take((d) => (d.aspect === 'stages' && d.subject === 'final stage') || d.aspect === 'external-body'),
        encoded: true,
      };
    }
    case 'no-reasons':
      return {
        lines: [{ text: stage2?.stage ? `${stage2.name} is asked for ${stage2.stage.entry.inWriting ? 'in writing' : 'in any way'}: ${stage2.stage.entry.summary}` : 'The procedure has no stage 2.' }],
        differences: take((d) => d.aspect === 'entry' && at(stage2)(d)),
        encoded: false,
      };
    case 'independence':
      return {
        lines: [{ text: stage2?.stage ? (stage2.stage.independence ? `${stage2.name}: ${stage2.stage.independence.summary}` : `${stage2.name}: the procedure does not say who may not consider it.`) : 'The procedure has no stage 2.' }],
        differences: take((d) => (d.aspect === 'independence' || d.aspect === 'handler') && at(stage2)(d)),
        encoded: true,
      };
    case 'putting-right': {
      const remedies = procedure.stages.flatMap((stage) => stage.remedies?.items ?? []);
      return { lines: [{ text: remedies.length > 0 ? `What the procedure offers to put things right: ${remedies.join('; ')}` : 'The procedure file does not list remedies.' }], differences: [], encoded: false };
    }
    case 'reporting':
      return { lines: [{ text: 'This self-assessment, and the annual complaints performance and service improvement report (npx redress report annual-performance), both from the case ledger.' }], differences: [], encoded: false };
    case 'learning':
      return { lines: [{ text: 'Staff record each change made because of a complaint with /learning; the kinds are counted here and on the public statistics page.' }], differences: [], encoded: false };
  }
}

/** What the ledger shows for a provision in the period. */
function evidence(concern: ProvisionConcern, context: Context): CellLine[] {
  const { figures, stage1, stage2, input } = context;
  const count = (key: string, definition: string) => figures.count(MAIN, key, definition);
  const onTime = (stage: ReportStage | undefined, action: 'acknowledge' | 'respond'): CellLine[] => {
    const clock = clockOf(stage, action);
    if (!clock) return [{ text: 'No time limit to count against.' }];
    const key = (what: string) => `clock:${clock}:${what}`;
    return [
      { label: 'Fell due', figure: count(key('due'), 'limit-due') },
      { label: 'Within the time limit', figure: count(key('on-time'), 'limit-on-time') },
      { label: 'Share within', figure: figures.share(MAIN, { part: key('on-time'), whole: key('due'), rest: key('not-on-time') }, 'share-on-time') },
    ];
  };
  switch (concern) {
    case 'channels':
      return [
        { label: 'Complaints received', figure: count('received', 'received') },
        ...input.procedure.channels.map((channel) => ({ label: `By ${channel.id}`, figure: count(`channel:${channel.id}`, 'channel') })),
      ];
    case 'exclusions':
      return [
        { label: 'Not accepted', figure: count('not-accepted', 'not-accepted') },
        ...input.procedure.outOfScope.map((exclusion) => ({ label: exclusion.id, figure: count(`not-accepted:${exclusion.id}`, 'not-accepted') })),
      ];
    case 'single-policy':
      return [{ label: 'Complaints received under it', figure: count('received', 'received') }];
    case 'no-extra-stages': {
      const informal = context.basis.stages.filter((stage) => stage.stage?.kind === 'informal');
      return informal.length > 0 ? informal.map((stage) => ({ label: `Handled at ${stage.title}`, figure: count(`stage:${stage.id}:reached`, 'stage-reached') })) : [{ text: 'None: there is no such stage.' }];
    }
    case 'two-stages': {
      const beyond = context.basis.stages.filter((stage) => stage.stage?.kind !== 'informal' && stage !== stage1 && stage !== stage2);
      return beyond.length > 0 ? beyond.map((stage) => ({ label: `Taken to ${stage.title}`, figure: count(`stage:${stage.id}:reached`, 'stage-reached') })) : [{ text: 'None: no complaint can go beyond stage 2.' }];
    }
    case 'early-resolution':
      return stage1 ? [{ label: `Average working days to a ${stage1.name} response`, figure: figures.mean(MAIN, stage1.id, 'mean-days') }] : [];
    case 'stage-1-acknowledge':
      return onTime(stage1, 'acknowledge');
    case 'stage-1-respond':
      return onTime(stage1, 'respond');
    case 'stage-2-acknowledge':
      return onTime(stage2, 'acknowledge');
    case 'stage-2-respond':
      return [...onTime(stage2, 'respond'), ...(stage2 ? [{ label: 'Extended', figure: count(`stage:${stage2.id}:extended`, 'stage-extended') }] : [])];
    case 'extension-limit':
      return stage1 ? [{ label: 'Extended', figure: count(`stage:${stage1.id}:extended`, 'stage-extended') }] : [];
    case 'extension-notice':
      return stage1 ? [{ label: 'Extended after the time limit had passed', figure: count(`stage:${stage1.id}:extended-late`, 'stage-extended-late') }] : [];
    case 'escalation':
      return stage2 ? [{ label: `${stage2.name} complaints`, figure: count(`stage:${stage2.id}:reached`, 'stage-reached') }] : [];
    case 'independence':
      return stage2 ? [{ label: 'Decided by someone involved at stage 1', figure: count(`stage:${stage2.id}:not-independent`, 'not-independent') }] : [];
    case 'putting-right':
      return [
        { label: 'Answered', figure: count('answered', 'stage-answered') },
        { label: OUTCOME_WORDS.upheld, figure: count('final:upheld', 'final-outcome') },
        { label: OUTCOME_WORDS['partly-upheld'], figure: count('final:partly-upheld', 'final-outcome') },
        { label: OUTCOME_WORDS['not-upheld'], figure: count('final:not-upheld', 'final-outcome') },
      ];
    case 'learning':
      return CHANGES.map((change) => ({ label: CHANGE_WORDS[change] ?? change, figure: count(`change:${change}`, 'learning') }));
    case 'definition':
    case 'any-staff':
    case 'complaints-officer':
    case 'no-reasons':
    case 'reporting':
      return complete('The evidence the landlord holds: the ledger does not show this.');
  }
}

function channelWords(procedure: Procedure): string {
  const words: Record<string, string> = { web: 'online', email: 'by email', letter: 'by letter', phone: 'by phone', 'in-person': 'in person', 'feedback-form': 'on a feedback form' };
  const kinds = [...new Set(procedure.channels.map((channel) => words[channel.kind] ?? channel.kind))];
  return kinds.length === 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
}

function roleTitle(procedure: Procedure, role: string): string {
  const title = procedure.roles.find((r) => r.id === role)?.title ?? role;
  return /^(the|a|an) /i.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : `the ${title}`;
}

/** Whether a handler note says both name the same role: "Handled by X; code: by X." */
function sameHandler(message: string): boolean {
  const match = /^Handled by (.+); [^:]+: by (.+)\.$/.exec(message);
  return match !== null && match[1] === match[2];
}
