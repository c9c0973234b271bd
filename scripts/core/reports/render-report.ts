/**
 * A regulator's report as Markdown, HTML (one page that prints on A4) or JSON. Markdown and HTML are templates in
 * scripts/templates (report-markdown.hbs, report-html.hbs) over views built here from the same document; CSV is
 * report-csv.ts. Every figure links to its definition (`#def-<id>`), and every part the organisation writes is
 * marked "To complete".
 */
import { renderTemplate } from '../templates/render-template.ts';
import { renderHtmlTemplate } from '../templates/render-html-template.ts';
import type { CellLine, Definition, ReportDocument } from './report-document.ts';
import { periodWords } from './report-period.ts';

/** The report as JSON: the document as built, every figure with its definition's id, for other tools. */
export function renderReportJson(document: ReportDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The report as Markdown, from scripts/templates/report-markdown.hbs. */
export function renderReportMarkdown(template: string, document: ReportDocument): string {
  return renderTemplate(template, {
    ...heading(document),
    intro: document.intro.map(markdownText),
    sections: document.sections.map((part) => ({
      heading: markdownText(part.heading),
      paragraphs: part.paragraphs.map(markdownText),
      tables: part.tables.map((t) => ({
        caption: markdownText(t.caption),
        header: `| ${t.columns.map((column) => markdownCell(column.label)).join(' | ')} |`,
        divider: `| ${t.columns.map((column) => (column.numeric ? '---:' : '---')).join(' | ')} |`,
        rows: t.rows.map((row) => `| ${[markdownCell(row.header), ...row.cells.map((cell) => cell.map(markdownLine).join('<br>'))].join(' | ')} |`),
      })),
      complete: part.complete.map((item) => ({ label: markdownText(item.label), prompt: markdownText(item.prompt) })),
    })),
    definitions: document.definitions.map((definition) => ({ anchor: anchor(definition.id), term: markdownText(definition.term), meaning: markdownText(definition.meaning), source: markdownSource(definition) })),
  });
}

/** The report as one HTML page with print styles for A4, from scripts/templates/report-html.hbs. */
export function renderReportHtml(template: string, document: ReportDocument): string {
  return renderHtmlTemplate(template, {
    ...heading(document),
    intro: document.intro,
    sections: document.sections.map((part) => ({
      id: part.id,
      heading: part.heading,
      paragraphs: part.paragraphs,
      tables: part.tables.map((t) => ({
        id: t.id,
        caption: t.caption,
        columns: t.columns.map((column, index) => ({ label: column.label, numeric: column.numeric === true, first: index === 0 })),
        // A table of words (the self-assessment) takes its columns' widths from the words; one of figures, evenly.
        wide: t.columns.length > 4,
        rows: t.rows.map((row) => ({
          header: row.header,
          cells: row.cells.map((cell, index) => ({ numeric: t.columns[index + 1]?.numeric === true, lines: cell.map(htmlLine) })),
        })),
      })),
      complete: part.complete,
    })),
    definitions: document.definitions.map((definition) => ({
      anchor: anchor(definition.id),
      term: definition.term,
      meaning: definition.meaning,
      sourceTitle: definition.source.title,
      sourceUrl: definition.source.url ?? '',
      sourceWhere: definition.source.where ?? '',
      quoted: definition.source.quoted,
    })),
  });
}

/** The anchor a figure links to: its definition's. */
export function anchor(id: string): string {
  return `def-${id}`;
}

function heading(document: ReportDocument) {
  return {
    title: document.title,
    organisation: document.organisation,
    procedure: document.procedure.title,
    procedureId: document.procedure.id,
    period: periodWords(document.period),
    previous: document.previous ? periodWords(document.previous) : '',
    generated: document.generated,
  };
}

function markdownLine(line: CellLine): string {
  if ('complete' in line) return `**To complete:** _${markdownCell(line.complete)}_`;
  if ('figure' in line) {
    const link = `[${markdownCell(line.figure.text)}](#${anchor(line.figure.definition)})`;
    return line.label ? `${markdownCell(line.label)}: ${link}` : link;
  }
  return markdownCell(line.text);
}

function htmlLine(line: CellLine) {
  if ('complete' in line) return { kind: 'complete', label: '', text: line.complete, href: '' };
  if ('figure' in line) return { kind: line.figure.shown ? 'figure' : 'held-back', label: line.label ?? '', text: line.figure.text, href: `#${anchor(line.figure.definition)}` };
  return { kind: 'text', label: '', text: line.text, href: '' };
}

function markdownSource(definition: Definition): string {
  const { title, url, where, quoted } = definition.source;
  const named = url ? `[${markdownText(title)}](${url})` : markdownText(title);
  return `${named}${where ? `, ${markdownText(where)}` : ''}${quoted ? '' : url ? ' (summarised)' : ''}`;
}

/** Text for Markdown: the characters that would start markup are escaped; procedure files are the organisation's words. */
function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Text inside a table cell: on one line, with pipes escaped. */
function markdownCell(text: string): string {
  return markdownText(text.replace(/\s*\n\s*/g, ' '));
}
