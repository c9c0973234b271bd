/**
 * A YAML file read for a person to fix: parse errors and schema problems located by line and column, the way
 * compilers report them, so an editor or a CI log links straight to the place.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export interface FileProblem {
  /** The file as shown in messages, e.g. "redress.yaml". */
  path: string;
  line: number;
  column: number;
  /** Where in the document, e.g. "people[0].email". */
  at: string;
  message: string;
  hint?: string;
}

export interface ParsedYaml {
  path: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/** Parses YAML text; a syntax error is a located problem. Duplicate keys are errors, not silently the last one. */
export function parseYamlFile(path: string, text: string): { parsed: ParsedYaml; problems: FileProblem[] } | { parsed?: undefined; problems: FileProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: FileProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
    // The parser places a repeated key at the start of its mapping; the repetition itself is more use to a person.
    const repeated = error.code === 'DUPLICATE_KEY' ? repeatedKeyOffset(doc.contents) : undefined;
    // Without prettyErrors the parser gives offsets only (`pos`), not `linePos`.
    const [start] = repeated === undefined ? (error.linePos ?? [lines.linePos(error.pos[0])]) : [{ line: lines.linePos(repeated).line, col: lines.linePos(repeated).col }];
    return {
      path,
      line: start.line,
      column: start.col,
      at: '(yaml)',
      message: error.message.split('\n')[0] ?? error.message,
      hint: repeated === undefined ? 'Check indentation and quoting; text containing ": " or starting with a symbol needs quotes.' : 'The same key appears twice in one mapping: keep one.',
    };
  });
  if (doc.errors.length > 0) return { problems };
  // Warnings are reported, but the document is still read.
  return { parsed: { path, doc, lines, value: doc.toJS() }, problems };
}

/** The offset of the first key that repeats an earlier key of its mapping, anywhere in the document. */
function repeatedKeyOffset(node: unknown): number | undefined {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && seen.has(key)) return (pair.key as Node).range?.[0];
      if (key !== undefined) seen.add(key);
      const inner = repeatedKeyOffset(pair.value);
      if (inner !== undefined) return inner;
    }
  }
  if (isSeq(node)) {
    for (const item of node.items) {
      const inner = repeatedKeyOffset(item);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Where a path into the document is, as far down as the document goes (a missing key is shown at its parent). With
 * `atKey`, the last step is shown at the key rather than its value (for a key that should not be there).
 */
export function locateInYaml(parsed: ParsedYaml, path: readonly PropertyKey[], { atKey = false } = {}): Pick<FileProblem, 'path' | 'line' | 'column' | 'at'> {
  let node: Node | null = parsed.doc.contents;
  let offset: number | undefined;
  for (const [index, key] of path.entries()) {
    if (!(isMap(node) || isSeq(node))) break;
    if (atKey && index === path.length - 1 && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      offset = (pair?.key as Node | undefined)?.range?.[0];
      break;
    }
    const child: unknown = node.get(typeof key === 'number' ? key : String(key), true);
    if (!child || typeof child !== 'object') break;
    node = child as Node;
  }
  const { line, col } = parsed.lines.linePos(offset ?? node?.range?.[0] ?? 0);
  return { path: parsed.path, line: Math.max(line, 1), column: Math.max(col, 1), at: formatYamlPath(path) };
}

/** A schema's verdict on a parsed file, each issue located. */
export function checkYamlFile<T extends z.ZodType>(parsed: ParsedYaml, schema: T, hint?: (issue: z.core.$ZodIssue) => string | undefined): { value: z.infer<T>; problems: [] } | { value?: undefined; problems: FileProblem[] } {
  const result = schema.safeParse(parsed.value);
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      // An unknown key is shown at the key itself rather than at the mapping that holds it.
      const path = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
      const message =
        issue.code === 'invalid_type' && issue.input === undefined
          ? `Missing "${String(issue.path.at(-1) ?? '(file)')}" (${issue.expected}).`
          : issue.code === 'unrecognized_keys'
            ? `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`
            : issue.message;
      const extra = hint?.(issue);
      return { ...locateInYaml(parsed, path, { atKey: issue.code === 'unrecognized_keys' }), message, ...(extra ? { hint: extra } : {}) };
    }),
  };
}

export function formatYamlPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** A problem as compilers print one: `file:line:column at: message`, with the hint on the next line. */
export function formatFileProblem(problem: FileProblem): string {
  return `${problem.path}:${problem.line}:${problem.column} ${problem.at}: ${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ''}`;
}
