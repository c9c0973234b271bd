/** Small pieces every report builder uses: cells, sections, the words every report opens with. */
import { SMALLEST_PUBLISHED_COUNT } from '../audit/public-statistics.ts';
import { formatDuration } from '../calendar/duration.ts';
import type { Clock } from '../procedure/procedure-schema.ts';
import { definitionsFor } from './report-definitions.ts';
import type { CellLine, Definition, ReportFigure, ReportSection, ReportTable } from './report-document.ts';
import { periodWords, type ReportPeriod } from './report-period.ts';

export const figure = (value: ReportFigure, label?: string): CellLine[] => [label === undefined ? { figure: value } : { label, figure: value }];
export const text = (words: string): CellLine[] => [{ text: words }];
export const complete = (prompt: string): CellLine[] => [{ complete: prompt }];

export function section(id: string, heading: string, parts: Partial<Pick<ReportSection, 'paragraphs' | 'tables' | 'complete'>>): ReportSection {
  return { id, heading, paragraphs: parts.paragraphs ?? [], tables: parts.tables ?? [], complete: parts.complete ?? [] };
}

export function table(id: string, caption: string, columns: ReportTable['columns'], rows: ReportTable['rows']): ReportTable {
  return { id, caption, columns, rows };
}

/** The opening words on where the figures come from and what is held back. */
export function provenance(period: ReportPeriod): string[] {
  return [
    `The figures are for the complaints received from ${periodWords(period)}, counted from the case ledger alone: the record Redress keeps of every complaint's dates, time limits and decisions, which holds nothing about who complained or what they said. They agree with npx redress audit for the same dates.`,
    `So that no one who complained can be identified, a number below ${SMALLEST_PUBLISHED_COUNT} reads "fewer than ${SMALLEST_PUBLISHED_COUNT}", and a figure that would let a reader work such a number out (from a total and its other parts, or a percentage) reads "not published". Each figure links to its definition at the end of the report.`,
  ];
}

/** The definitions of every figure in the sections, and those the report names in its words. */
export function definitionsOf(sections: readonly ReportSection[], also: readonly string[] = []): Definition[] {
  const ids = new Set<string>(['counted', ...also]);
  for (const part of sections) {
    for (const t of part.tables) {
      for (const row of t.rows) for (const cell of row.cells) for (const line of cell) if ('figure' in line) ids.add(line.figure.definition);
    }
  }
  return definitionsFor(ids);
}

/** A decision as the codes write it. */
export const OUTCOME_WORDS = { upheld: 'Upheld', 'partly-upheld': 'Partly upheld', 'not-upheld': 'Not upheld' } as const;

/** The kinds of change `/learning` records, in words. */
export const CHANGE_WORDS: Readonly<Record<string, string>> = {
  policy: 'A policy',
  procedure: 'A procedure',
  training: 'Training for staff',
  communication: 'How we communicate',
  staffing: 'Staffing',
  facilities: 'Facilities',
  service: 'The service itself',
  other: 'Something else',
};

const FROM_WORDS: Readonly<Record<Clock['from'], string>> = {
  receipt: 'receipt',
  acknowledgement: 'acknowledgement',
  'escalation-request': 'the request for the stage',
  'previous-response-sent': "the sending of the previous stage's response",
  'previous-response-received': "the complainant's receipt of the previous stage's response",
};

/**
 * A time limit as the procedure sets it, in words.
 *
 * @example
 * limitWords(stage1Respond) //=> '10 working days from acknowledgement'
 */
export function limitWords(clock: Clock | undefined): string {
  if (!clock) return 'as the procedure sets it';
  if (clock.within) return `${formatDuration(clock.within)} from ${FROM_WORDS[clock.from]}`;
  if (clock.setBy) return 'a date set on each case';
  return 'no time limit set';
}
