/**
 * A report for a regulator as one document that every format renders: Markdown, HTML, CSV and JSON say the same
 * things because they are made from the same sections, tables and figures. Every figure names its definition, and
 * every definition names where it comes from.
 */
import type { ReportPeriod } from './report-period.ts';

export const REPORT_KINDS = ['hoc-self-assessment', 'annual-performance', 'spso-indicators', 'tsm'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['md', 'html', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a figure counts: how CSV and JSON readers should treat its value. */
export type FigureUnit = 'count' | 'share' | 'per-1000-homes' | 'working-days' | 'homes';

/** A figure as published: its number when shown, always the words a reader sees. */
export interface ReportFigure {
  /** The number: a count, a share from 0 to 1, a rate per 1,000 homes or working days. Absent when held back. */
  value?: number;
  /** What the reader sees: "12", "75%", "fewer than 5", "not published". */
  text: string;
  shown: boolean;
  unit: FigureUnit;
  /** The id of its definition in the report's `definitions`. */
  definition: string;
  /** The period the figure is for, when it is not the report's (a quarter, the year before). */
  period?: ReportPeriod;
}

/** One line of a table cell: words, a figure (with the words before it), or a part left for the organisation. */
export type CellLine =
  | { text: string }
  | { label?: string; figure: ReportFigure }
  /** To be written by the organisation: what to write. */
  | { complete: string };

export interface ReportTable {
  id: string;
  caption: string;
  /** Column headings; the first heads the rows' own headings. */
  columns: { label: string; numeric?: boolean; period?: ReportPeriod }[];
  rows: { header: string; cells: CellLine[][] }[];
}

export interface ReportSection {
  id: string;
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
  /** Parts of the section the organisation writes: each a heading and what to write under it. */
  complete: { label: string; prompt: string }[];
}

/** Where a definition comes from. */
export interface DefinitionSource {
  /** The document, as its publisher titles it. */
  title: string;
  url?: string;
  /** Where in the document: "CH01", "provision 6.2". */
  where?: string;
  /** Whether `meaning` quotes the document word for word (else it is a summary in Redress's words). */
  quoted: boolean;
}

export interface Definition {
  id: string;
  term: string;
  meaning: string;
  source: DefinitionSource;
}

export interface ReportDocument {
  kind: ReportKind;
  title: string;
  /** Who the report is about: the organisation and its procedure. */
  organisation: string;
  procedure: { id: string; title: string };
  period: ReportPeriod;
  /** The period compared with, where the report compares. */
  previous?: ReportPeriod;
  /** When the report was made, ISO 8601. */
  generated: string;
  /** Opening paragraphs: what the report is, for whom, and how it was made. */
  intro: string[];
  sections: ReportSection[];
  definitions: Definition[];
}
