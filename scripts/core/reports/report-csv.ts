/**
 * A regulator's report as CSV, for a spreadsheet: one header row, then one row per figure (or per line of words)
 * with its section, table, row and column, the period it is for as ISO dates, its number and unit (empty when held
 * back), the words the report shows and its definition. RFC 4180: CRLF line ends, fields quoted where they hold a
 * comma, a quote or a line break, quotes doubled. UTF-8 with a byte order mark, which Excel needs to read the file
 * as UTF-8 rather than the PC's own code page. A cell that starts with = + - @ (or a tab or carriage return) is
 * prefixed with ' so that no spreadsheet runs it as a formula.
 */
import type { CellLine, ReportDocument, ReportFigure } from './report-document.ts';
import type { ReportPeriod } from './report-period.ts';

export const CSV_COLUMNS = [
  'report',
  'organisation',
  'procedure',
  'section',
  'table',
  'row',
  'column',
  'period_from',
  'period_to',
  'value',
  'unit',
  'published',
  'text',
  'definition',
  'definition_source',
] as const;

/** The byte order mark Excel looks for to read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * @example
 * renderReportCsv(document).split('\r\n')[0] //=> '\uFEFFreport,organisation,procedure,section,table,row,column,…'
 */
export function renderReportCsv(document: ReportDocument): string {
  const sources = new Map(document.definitions.map((definition) => [definition.id, [definition.source.title, definition.source.where].filter(Boolean).join(', ')]));
  const records: string[][] = [[...CSV_COLUMNS]];
  for (const part of document.sections) {
    for (const table of part.tables) {
      for (const row of table.rows) {
        row.cells.forEach((cell, index) => {
          const column = table.columns[index + 1];
          for (const line of cell) {
            const period: ReportPeriod = ('figure' in line ? line.figure.period : undefined) ?? column?.period ?? document.period;
            const figure: ReportFigure | undefined = 'figure' in line ? line.figure : undefined;
            records.push([
              document.kind,
              document.organisation,
              document.procedure.id,
              part.heading,
              table.caption,
              row.header,
              [column?.label ?? '', 'figure' in line ? line.label : undefined].filter(Boolean).join(': '),
              period.from,
              period.to,
              figure?.shown && figure.value !== undefined ? String(figure.value) : '',
              figure?.unit ?? '',
              figure ? (figure.shown ? 'yes' : 'no') : '',
              lineText(line),
              figure?.definition ?? '',
              figure ? (sources.get(figure.definition) ?? '') : '',
            ]);
          }
        });
      }
    }
    for (const item of part.complete) {
      records.push([document.kind, document.organisation, document.procedure.id, part.heading, '', item.label, '', document.period.from, document.period.to, '', '', '', `To complete: ${item.prompt}`, '', '']);
    }
  }
  return UTF8_BOM + records.map((record) => record.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function lineText(line: CellLine): string {
  if ('complete' in line) return `To complete: ${line.complete}`;
  if ('figure' in line) return line.figure.text;
  return line.text;
}

/**
 * One field: made safe from formula injection, then quoted as RFC 4180 requires.
 *
 * @example
 * csvField('=HYPERLINK("x")') //=> `"'=HYPERLINK(""x"")"`
 * csvField('Stage 1, frontline') //=> '"Stage 1, frontline"'
 * csvField('12') //=> '12'
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
