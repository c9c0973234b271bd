/**
 * The audit report as Markdown, HTML (with inline SVG charts, for screen and print) or JSON. Markdown and HTML
 * are templates in scripts/templates; both render the same view, built here, so they say the same things.
 */
import { renderTemplate } from '../templates/render-template.ts';
import { renderHtmlTemplate } from '../templates/render-html-template.ts';
import type { AuditReport } from './audit-report.ts';
import type { CaseAudit, ClockAudit, DepartureKind } from './case-audit.ts';
import type { CaseFigures, OnTime } from './case-figures.ts';
import { barChart, lineChart } from './svg-charts.ts';

export const AUDIT_FORMATS = ['md', 'html', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The report as JSON: every figure and every case, for other tools. */
export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report as Markdown, from its template (scripts/templates/audit-report-markdown.hbs). */
export function renderAuditMarkdown(template: string, report: AuditReport): string {
  return renderTemplate(template, auditView(report));
}

/** The report as one HTML page with inline charts and print styles, from scripts/templates/audit-report-html.hbs. */
export function renderAuditHtml(template: string, report: AuditReport): string {
  const months = report.months.map((month) => ({ ...month, label: month.month }));
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

/** What both templates show: the report's numbers in words. */
export function auditView(report: AuditReport) {
  const departed = report.cases.filter((audit) => audit.departures.length > 0).length;
  const followed = report.cases.length - departed;
  return {
    scope: scope(report),
    generated: report.generated,
    caseCount: report.cases.length,
    followedSummary:
      report.cases.length === 0
        ? 'The ledger holds no case in this period.'
        : `${followed} of ${report.cases.length} case${report.cases.length === 1 ? '' : 's'} followed the procedure throughout; ${departed} departed from it at least once.`,
    totals: figuresView(report.totals),
    procedures: report.procedures.map((figures) => ({ id: figures.procedure, ...figuresView(figures) })),
    months: report.months.map((figures) => ({ id: figures.month, ...figuresView(figures) })),
    cases: report.cases.map(caseView),
    fidelity: (report.fidelity ?? []).map((summary) => ({
      procedure: summary.procedure,
      found: summary.found,
      summary: summary.found
        ? `${summary.source} rule${summary.source === 1 ? '' : 's'} quoted from the source; ${summary.assumptions.length} reading${summary.assumptions.length === 1 ? '' : 's'} where the source is silent. The procedure fidelity report (/procedures/${summary.procedure}/fidelity/) shows each.`
        : 'The procedure file is no longer in workflows/, so how it was read cannot be shown.',
      own: summary.assumptions.filter((a) => !a.inherited).map((a) => ({ id: a.id, rule: a.rule, reading: a.reading })),
      shared: summary.assumptions.filter((a) => a.inherited).map((a) => a.id).join(', '),
    })),
  };
}

function scope(report: AuditReport): string {
  const which = report.procedure ? `Procedure ${report.procedure}` : 'All procedures';
  if (report.from && report.to) return `${which}, cases received from ${report.from} to ${report.to}`;
  if (report.from) return `${which}, cases received from ${report.from}`;
  if (report.to) return `${which}, cases received up to ${report.to}`;
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

function caseView(audit: CaseAudit) {
  return {
    reference: audit.reference,
    procedure: audit.procedure,
    version: audit.version,
    receivedDate: audit.receivedDate,
    channel: audit.channel,
    flags: audit.flags.join(', '),
    status: audit.status,
    outcome: audit.outcome ? audit.outcome.replace('-', ' ') : '',
    stages: audit.stages.map((run) => run.stage).join(' → '),
    clocks: audit.clocks.filter((clock) => clock.dueDate !== undefined || clock.met !== undefined).map((clock) => ({
      id: clock.id,
      owner: clock.owner,
      due: clock.dueDate ? `${clock.dueDate}${clock.revised ? ' (revised)' : ''}` : 'no time limit',
      result: result(clock),
      departed: clock.owner === 'organisation' && ['late', 'missed', 'overdue'].includes(clock.verdict),
    })),
    departures: audit.departures.map((departure) => ({ kind: DEPARTURE_WORDS[departure.kind], subject: departure.subject, detail: departure.detail })),
    notes: [
      ...(audit.corrections > 0 ? [`${audit.corrections} recorded fact${audit.corrections === 1 ? ' was' : 's were'} corrected afterwards (see the entry's corrections)`] : []),
      ...(audit.refused > 0 ? [`${audit.refused} recorded command${audit.refused === 1 ? ' was' : 's were'} refused by the procedure`] : []),
      ...audit.lateRequests.map((clock) => `asked for after its window (${clock}): considered only as the procedure allows late requests`),
      ...(audit.pauses > 0 ? [`the clocks were paused ${audit.pauses} time${audit.pauses === 1 ? '' : 's'}, as the procedure provides`] : []),
      ...(audit.escalationNotices.length > 0 ? [`escalation: ${audit.escalationNotices.map((notice) => `step ${notice.level} told ${notice.at}`).join('; ')}`] : []),
      ...(audit.passedOn ? [`passed on to ${audit.passedOn}, as the procedure provides`] : []),
    ],
  };
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
