/**
 * The umbrella view as Markdown, HTML (for screen and print) or JSON. Markdown and HTML are templates in
 * scripts/templates, both rendering the view built here so they say the same things. Only published figures are
 * in the report, so every format holds back the same small numbers.
 */
import { DEPARTURE_KINDS } from '../audit/case-audit.ts';
import { DEPARTURE_WORDS } from '../audit/render-audit-report.ts';
import { SMALLEST_PUBLISHED_COUNT } from '../audit/public-statistics.ts';
import { renderHtmlTemplate } from '../templates/render-html-template.ts';
import { renderTemplate } from '../templates/render-template.ts';
import type { MemberRow, MemberSource, UmbrellaFigures, UmbrellaReport } from './umbrella-report.ts';

export const UMBRELLA_FORMATS = ['md', 'html', 'json'] as const;
export type UmbrellaFormat = (typeof UMBRELLA_FORMATS)[number];

/** The report as JSON, for other tools: the same published figures, each as `{ shown, value?, text }`. */
export function renderUmbrellaJson(report: UmbrellaReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report as Markdown, from scripts/templates/umbrella-report-markdown.hbs. */
export function renderUmbrellaMarkdown(template: string, report: UmbrellaReport): string {
  return renderTemplate(template, umbrellaView(report, markdownCell));
}

/** The report as one HTML page with print styles, from scripts/templates/umbrella-report-html.hbs. */
export function renderUmbrellaHtml(template: string, report: UmbrellaReport): string {
  // Handlebars escapes every value for HTML.
  return renderHtmlTemplate(template, umbrellaView(report, (text) => text));
}

/** Text from the members file placed in a Markdown table cell: a "|" would end the cell. */
function markdownCell(text: string): string {
  return text.replace(/[\\|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** What both templates show: the report in words. */
export function umbrellaView(report: UmbrellaReport, cell: (text: string) => string) {
  const kinds = DEPARTURE_KINDS.map((kind) => ({ kind, words: DEPARTURE_WORDS[kind] }));
  const read = report.rows.filter((row) => row.read);
  return {
    umbrella: cell(report.umbrella),
    scope: scope(report),
    generated: report.generated,
    summary: summary(report),
    smallest: SMALLEST_PUBLISHED_COUNT,
    largestHeld: SMALLEST_PUBLISHED_COUNT - 1,
    kinds,
    overall: figuresView(report.overall),
    rows: read.map((row) => ({ ...rowView(row, cell), figures: figuresView(row.figures as UmbrellaFigures) })),
    notRead: report.rows.filter((row) => !row.read).map((row) => rowView(row, cell)),
  };
}

function rowView(row: MemberRow, cell: (text: string) => string) {
  return {
    name: cell(row.name),
    source: cell(sourceWords(row.source)),
    procedures: row.procedures.length > 0 ? row.procedures.join(', ') : '–',
    verdict: cell(row.verdict),
    departed: row.read && row.figures !== undefined && !(row.figures.withDepartures.shown && row.figures.withDepartures.value === 0),
  };
}

function figuresView(figures: UmbrellaFigures) {
  return {
    received: figures.received.text,
    withDepartures: figures.withDepartures.text,
    followedThroughout: figures.followedThroughout.text,
    acknowledgedOnTime: figures.acknowledgedOnTime.text,
    answeredOnTime: figures.answeredOnTime.text,
    medianDays: figures.medianWorkingDaysToAnswer.text,
    departures: DEPARTURE_KINDS.map((kind) => figures.departures[kind].text),
  };
}

function sourceWords(source: MemberSource): string {
  return source.kind === 'repository' ? `GitHub ${source.repository}` : `folder ${source.folder}`;
}

function scope(report: UmbrellaReport): string {
  if (report.from && report.to) return `Complaints received from ${report.from} to ${report.to}`;
  if (report.from) return `Complaints received from ${report.from}`;
  if (report.to) return `Complaints received up to ${report.to}`;
  return 'Every complaint in the members\' ledgers';
}

function summary(report: UmbrellaReport): string {
  const { members, overall } = report;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    `${plural(members.listed, 'member', 'members')} listed; ${members.read} read, of which ${members.followedThroughout} followed ${members.followedThroughout === 1 ? 'its' : 'their'} procedure in every complaint`,
  ];
  if (members.notRead > 0) parts.push(`${plural(members.notRead, 'member', 'members')} could not be read (listed below)`);
  const across = overall.received.shown && overall.received.value === 0
    ? 'No complaint was received in the period by the members read.'
    : `Across the members read: ${overall.received.text} complaints received; departures from the procedure in ${overall.withDepartures.text}; handled without departure: ${overall.followedThroughout.text}; acknowledged on time: ${overall.acknowledgedOnTime.text}; answered on time: ${overall.answeredOnTime.text}.`;
  return `${parts.join('; ')}. ${across}`;
}
