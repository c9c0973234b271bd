import type { Source } from './fields.ts';
import type { Procedure } from './procedure-schema.ts';

export interface SourceProblem {
  /** Where the rule is, e.g. "stages[0].clocks[1].source". */
  at: string;
  source: Source;
  message: string;
}

/**
 * Folds the typographic differences a quotation may carry through copying: curly quotes, hyphen-like dashes,
 * non-breaking spaces and line breaks. Words and punctuation must otherwise match.
 *
 * @example
 * normaliseQuoteText('our customer’s,\n will') //=> "our customer's, will"
 */
export function normaliseQuoteText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/**
 * Every `source` of a procedure whose quote is not found in its document (or whose document is missing).
 *
 * @example
 * checkSources(ceccc, new Map([['003_c027d20709cdcec4.txt', seedText]])) //=> []
 */
export function checkSources(procedure: Procedure, documents: ReadonlyMap<string, string>): SourceProblem[] {
  const normalised = new Map([...documents].map(([file, text]) => [file, normaliseQuoteText(text)]));
  return collectSources(procedure).flatMap(({ at, source }) => {
    const text = normalised.get(source.file);
    if (text === undefined) return [{ at, source, message: `Source document "${source.file}" was not found.` }];
    if (!text.includes(normaliseQuoteText(source.quote))) {
      return [{ at, source, message: `"${source.quote}" does not occur in ${source.file}.` }];
    }
    return [];
  });
}

/** Every source reference in a procedure, with its path. */
export function collectSources(value: unknown, path = ''): { at: string; source: Source }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => collectSources(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && typeof record.quote === 'string' && Object.keys(record).length === 2) {
    return [{ at: path, source: { file: record.file, quote: record.quote } }];
  }
  return Object.entries(record).flatMap(([key, child]) => collectSources(child, path ? `${path}.${key}` : key));
}
