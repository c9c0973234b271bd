/**
 * The audit report as Markdown, HTML (with inline SVG charts, for screen and print) or JSON. Markdown and HTML
 * are templates in scripts/templates; both render the same view, built here, so they say the same things.
 */
import { jsonLines } from '../text/json-lines.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { renderHtmlTemplate } from '../templates/render-html-template.ts';
import type { AuditReport } from './audit-report.ts';
import { actWords, bodyWords, channelWords, clockWords, dayWords, flagWords, instantDayWords, instantWords, monthWords, outcomeWords, personWords, procedureWords, reminderWords, roleWords, stageWords, statusWords } from './audit-words.ts';
import type { CaseAudit, ClockAudit, Departure, DepartureKind } from './case-audit.ts';
import type { CaseFigures, OnTime } from './case-figures.ts';
import type { ProcedureNames, ReportNames } from './report-names.ts';
import { barChart, lineChart } from './svg-charts.ts';

export const AUDIT_FORMATS = ['md', 'html', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The report as JSON: every figure and every case, for other tools. */
export function renderAuditJson(report: AuditReport): string {
  // A line per case, month and procedure (json-lines.ts): readable, and fast enough for a ledger of any size.
  return jsonLines({ ...report });
}

/** The report as Markdown, from its template (scripts/templates/audit-report-markdown.hbs). */
export function renderAuditMarkdown(template: string, report: AuditReport): string {
  return renderTemplate(template, auditView(report));
}

/** The report as one HTML page with inline charts and print styles, from scripts/templates/audit-report-html.hbs. */
export function renderAuditHtml(template: string, report: AuditReport): string {
  const months = report.months.map((month) => ({ ...month, label: shortMonth(month.month) }));
  return renderHtmlTemplate(template, {
    ...auditView(report),
    charts: {
      received: barChart({ title: 'Complaints received by month', data: months.map((m) => ({ label: m.label, value: m.received })) }),
      acknowledged: lineChart({ title: 'Share of acknowledgements on time by month', data: months.map((m) => ({ label: m.label, value: m.acknowledged.share })) }),
      answered: lineChart({ title: 'Share of answers on time by month', data: months.map((m) => ({ label: m.label, value: m.respondedTo.share })) }),
      outcomes: barChart({
        title: 'Outcomes',
        data: [
          { label: 'upheld', value: report.totals.outcomes.upheld },
          { label: 'partly', value: report.totals.outcomes['partly-upheld'] },
          { label: 'not upheld', value: report.totals.outcomes['not-upheld'] },
        ],
      }),
    },
  });
}

/**
 * What both templates show: the report's numbers and facts in words, every id named as the procedure files and the
 * roster name it (the ids stay in the JSON report).
 */
export function auditView(report: AuditReport) {
  const departed = report.cases.filter((audit) => audit.departures.length > 0).length;
  const followed = report.cases.length - departed;
  // The organisation is named with each procedure only where the report covers several.
  const several = new Set(Object.values(report.names.procedures).map((names) => names.organisation)).size > 1 || report.organisation === undefined;
  const procedureName = (id: string) => procedureWords(report.names.procedures[id], id, several);
  return {
    // No organisation file and procedures of several organisations: Redress running as its own demonstration.
    title: `Complaints audit: ${report.organisation ?? 'Redress demonstration'}`,
    scope: scope(report, procedureName),
    generated: instantWords(report.generated),
    caseCount: report.cases.length,
    followedSummary:
      report.cases.length === 0
        ? 'The ledger holds no case in this period.'
        : `${followed} of ${report.cases.length} case${report.cases.length === 1 ? '' : 's'} followed the procedure throughout; ${departed} departed from it at least once.`,
    totals: figuresView(report.totals),
    procedures: report.procedures.map((figures) => ({ name: procedureName(figures.procedure), ...figuresView(figures) })),
    months: report.months.map((figures) => ({ name: monthWords(figures.month), ...figuresView(figures) })),
    cases: report.cases.map((audit) => caseView(audit, report.names, procedureName)),
    fidelity: (report.fidelity ?? []).map((summary) => {
      const shared = summary.assumptions.filter((a) => a.inherited).length;
      return {
        procedure: procedureName(summary.procedure),
        found: summary.found,
        summary: summary.found
          ? `${summary.source} rule${summary.source === 1 ? '' : 's'} quoted from the source; ${summary.assumptions.length} reading${summary.assumptions.length === 1 ? '' : 's'} where the source is silent. The procedure fidelity report (/procedures/${summary.procedure}/fidelity/) shows each.`
          : 'The procedure file is no longer in workflows/, so how it was read cannot be shown.',
        own: summary.assumptions.filter((a) => !a.inherited).map((a) => a.reading),
        shared: shared === 0 ? '' : `${shared} more reading${shared === 1 ? '' : 's'}, shared by every procedure, ${shared === 1 ? 'is' : 'are'} on the procedure fidelity report.`,
      };
    }),
  };
}

function scope(report: AuditReport, procedureName: (id: string) => string): string {
  const which = report.procedure ? procedureName(report.procedure) : 'All procedures';
  const from = report.from ? dayWords(report.from) : undefined;
  const to = report.to ? dayWords(report.to) : undefined;
  if (from && to) return `${which}, cases received from ${from} to ${to}`;
  if (from) return `${which}, cases received from ${from}`;
  if (to) return `${which}, cases received up to ${to}`;
  return `${which}, every case in the ledger`;
}

function figuresView(figures: CaseFigures) {
  return {
    received: figures.received,
    open: figures.open,
    withdrawn: figures.withdrawn,
    passedOn: figures.passedOn,
    paused: figures.paused,
    answered: figures.answered,
    acknowledgedOnTime: onTime(figures.acknowledged),
    answeredOnTime: onTime(figures.respondedTo),
    medianDays: figures.medianWorkingDaysToRespond === undefined ? '–' : String(figures.medianWorkingDaysToRespond),
    upheld: figures.outcomes.upheld,
    partlyUpheld: figures.outcomes['partly-upheld'],
    notUpheld: figures.outcomes['not-upheld'],
    escalated: rate(figures.escalated, figures.escalationRate),
    extended: rate(figures.extended, figures.extensionRate),
    withDepartures: figures.withDepartures,
  };
}

function caseView(audit: CaseAudit, names: ReportNames, procedureName: (id: string) => string) {
  const procedure = names.procedures[audit.procedure];
  const person = (line: Parameters<typeof personWords>[1]) => personWords(names, line);
  return {
    reference: audit.reference,
    procedure: procedureName(audit.procedure),
    version: versionWords(audit, procedure),
    received: instantDayWords(audit.received),
    channel: channelWords(procedure, audit.channel),
    flags: audit.flags.map(flagWords).join(', '),
    status: statusWords(audit.status),
    outcome: audit.outcome ? outcomeWords(audit.outcome) : '',
    stages: audit.stages.map((run) => stageWords(procedure, run.stage)).join(' → '),
    clocks: audit.clocks.filter((clock) => clock.dueDate !== undefined || clock.met !== undefined).map((clock) => ({
      label: clockWords(procedure, clock.id),
      due: clock.dueDate ? `${dayWords(clock.dueDate)}${clock.revised ? ' (revised)' : ''}` : 'no time limit',
      result: result(clock),
      departed: clock.owner === 'organisation' && ['late', 'missed', 'overdue'].includes(clock.verdict),
      warned: warnedWords(clock),
    })),
    departures: audit.departures.map((departure) => ({ kind: DEPARTURE_WORDS[departure.kind], subject: subjectWords(procedure, departure.subject), detail: departureWords(procedure, departure, audit.status) })),
    acts: audit.acts.map((act) => ({ when: instantDayWords(act.at), what: actWords(procedure, act), who: whoWords(act, person(act)) })),
    refused: audit.refusedCommands.map((command) => ({ when: instantDayWords(command.at), what: actWords(procedure, command), who: whoWords(command, person(command)), why: command.refusal })),
    notes: [
      ...(audit.receiptEmailed ? [`a receipt emailed to the complainant on ${instantDayWords(audit.receiptEmailed)}`] : []),
      ...(audit.corrections > 0 ? [`${audit.corrections} recorded fact${audit.corrections === 1 ? ' was' : 's were'} corrected afterwards (see the entry's corrections)`] : []),
      ...audit.lateRequests.map((clock) => `${clockWords(procedure, clock)}: asked for after the window closed, so considered only as the procedure allows late requests`),
      ...(audit.pauses > 0 ? [`the clocks were paused ${audit.pauses} time${audit.pauses === 1 ? '' : 's'}, as the procedure provides`] : []),
      ...escalationWords(procedure, audit.escalationNotices),
      ...(audit.passedOn ? [`passed on to ${bodyWords(procedure, audit.passedOn)}, as the procedure provides`] : []),
    ],
  };
}

/** The escalation ladders climbed, one note per time limit: who was told at each step, and when. */
function escalationWords(procedure: ProcedureNames | undefined, notices: CaseAudit['escalationNotices']): string[] {
  const byClock = new Map<string, CaseAudit['escalationNotices']>();
  for (const notice of notices) byClock.set(notice.clock, [...(byClock.get(notice.clock) ?? []), notice]);
  return [...byClock].map(([clock, steps]) => `${clockWords(procedure, clock)}: staff warned up the escalation ladder, ${steps.map((notice) => stepWords(procedure, notice)).join('; ')}`);
}

/** An escalation step told: "step 1, the Department head, told Monday 23 November 2026 at 9:35am". */
function stepWords(procedure: ProcedureNames | undefined, notice: CaseAudit['escalationNotices'][number]): string {
  const role = procedure?.ladders[notice.clock]?.[String(notice.level)];
  return `step ${notice.level}${role ? `, the ${roleWords(procedure, role)},` : ''} told ${instantWords(notice.at)}`;
}

/**
 * Whether the case is held to the procedure as its file now stands, in words; the version's short content hash
 * follows for whoever wants to find it in the history of workflows/.
 */
function versionWords(audit: CaseAudit, procedure: ProcedureNames | undefined): string {
  const [hash = ''] = audit.version.split('@');
  const short = `(procedure version ${hash.slice(0, 8)})`;
  if (!procedure) return `The procedure file is no longer in workflows/ ${short}.`;
  return hash === procedure.version ? `Held to the procedure as it now stands ${short}.` : `Held to the procedure as it stood when the complaint was received, since changed ${short}.`;
}

/** Who did something, after "by": the complainant's own acts are recorded by staff on their behalf. */
function whoWords(line: Pick<CaseAudit['acts'][number], 'type'>, person: string): string {
  return line.type === 'escalation-requested' ? `recorded by ${person}` : `by ${person}`;
}

/** The reminders staff were sent about a time limit, each with the date: "2 working days before, on Thu 5 Nov 2026". */
function warnedWords(clock: ClockAudit): string {
  if (clock.warnings.length === 0) return clock.owner === 'organisation' && clock.dueDate !== undefined ? 'none' : '';
  return clock.warnings
    .map((warning) => {
      // A reminder about a due date since moved says which date it gave.
      const then = warning.due !== clock.dueDate ? ` (due ${dayWords(warning.due)} then)` : '';
      return `${reminderWords(warning.level)}${then}, ${warning.level === 'due-today' ? '' : 'on '}${instantDayWords(warning.at)}`;
    })
    .join('; ');
}

/** A departure's subject, a clock or a stage, by its name. */
function subjectWords(procedure: ProcedureNames | undefined, subject: string): string {
  return subject.includes('.') ? clockWords(procedure, subject) : stageWords(procedure, subject);
}

function departureWords(procedure: ProcedureNames | undefined, departure: Departure, status: CaseAudit['status']): string {
  switch (departure.kind) {
    case 'time-limit-missed':
      if (departure.met !== undefined && departure.due !== undefined) {
        const late = departure.lateWorkingDays ?? 0;
        return `met ${late} working day${late === 1 ? '' : 's'} late (due ${dayWords(departure.due)}, met ${dayWords(departure.met)})`;
      }
      return departure.due ? `not met by ${dayWords(departure.due)} before the case was ${statusWords(status)}` : departure.detail;
    case 'time-limit-overdue':
      return departure.due ? `due ${dayWords(departure.due)}, not met` : departure.detail;
    case 'stage-skipped':
      return departure.began && departure.before ? `began on ${dayWords(departure.began)} before ${stageWords(procedure, departure.before)} was answered` : departure.detail;
    case 'opened-at-later-stage':
      return 'opened directly at this stage';
    default:
      return departure.detail;
  }
}

export const DEPARTURE_WORDS: Readonly<Record<DepartureKind, string>> = {
  'time-limit-missed': 'Time limit missed',
  'time-limit-overdue': 'Time limit overdue',
  'response-without-acknowledgement': 'Response without acknowledgement',
  'extension-without-notice': 'Extension without notice',
  'stage-skipped': 'Stage skipped',
  'opened-at-later-stage': 'Opened at a later stage',
  'not-independent': 'Not independent',
  'pause-over-limit': 'Paused beyond the limit',
};

function result(clock: ClockAudit): string {
  const by = clock.owner === 'complainant' ? ' (complainant)' : '';
  switch (clock.verdict) {
    case 'met':
      return `met${by}`;
    case 'late':
      return `met ${clock.lateWorkingDays} working day${clock.lateWorkingDays === 1 ? '' : 's'} late${by}`;
    case 'missed':
      return clock.owner === 'complainant' ? 'window passed (complainant)' : 'not met';
    case 'overdue':
      return 'overdue';
    case 'running':
      return `not yet due${by}`;
    case 'paused':
      return 'paused';
    case 'not-applicable':
      return 'not needed';
  }
}

function onTime(figure: OnTime): string {
  return figure.share === undefined ? 'none fell due' : `${figure.onTime} of ${figure.due} (${percent(figure.share)})`;
}

function rate(count: number, share: number | undefined): string {
  return share === undefined ? String(count) : `${count} (${percent(share)})`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A month for a chart's axis: "Nov 2026". */
function shortMonth(month: string): string {
  const [name, year] = monthWords(month).split(' ');
  return `${(name ?? '').slice(0, 3)} ${year}`;
}
