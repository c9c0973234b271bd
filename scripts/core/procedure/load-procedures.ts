import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ProcedureSchema, referenceProblems, type Procedure } from './procedure-schema.ts';
import { resolveExtends } from './resolve-extends.ts';

/** A procedure file as read from disk by an adapter. */
export interface ProcedureFile {
  /** Path shown in messages, e.g. "workflows/ceccc.yaml". */
  path: string;
  text: string;
}

/** One problem in a procedure file, located for a person to fix. */
export interface ProcedureProblem {
  path: string;
  line: number;
  column: number;
  /** Where in the document, e.g. "stages[0].clocks[1].within". */
  at: string;
  message: string;
  hint?: string;
}

export interface LoadedProcedures {
  /** Every valid procedure and model, by id, with models it extends already filled in. */
  procedures: Map<string, Procedure>;
  /**
   * The same procedures before validation, with `extends:` resolved: the input of ProcedureSchema, for consumers
   * that validate with it themselves (the site's content collection).
   */
  inputs: Map<string, Record<string, unknown>>;
  /** Every problem in every file: a bad file does not hide the problems of another. */
  problems: ProcedureProblem[];
}

interface ParsedFile {
  file: ProcedureFile;
  doc: Document.Parsed;
  lines: LineCounter;
  raw: Record<string, unknown>;
}

/**
 * Parses and validates procedure files, resolving `extends:` against the models among them.
 *
 * @example
 * loadProcedures([{ path: 'workflows/x.yaml', text: 'id: x\n' }]).problems[0]
 * //=> { path: 'workflows/x.yaml', line: 1, column: 1, at: '(file)', message: 'Missing "title": …', … }
 */
export function loadProcedures(files: readonly ProcedureFile[]): LoadedProcedures {
  const problems: ProcedureProblem[] = [];
  const parsed = new Map<string, ParsedFile>();

  for (const file of files) {
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    for (const error of [...doc.errors, ...doc.warnings]) {
      const [start] = error.linePos ?? [{ line: 1, col: 1 }];
      problems.push({
        path: file.path,
        line: start.line,
        column: start.col,
        at: '(yaml)',
        message: error.message.split('\n')[0] ?? error.message,
        hint: 'Check indentation and quoting; text containing ": " or starting with a symbol needs quotes.',
      });
    }
    if (doc.errors.length > 0) continue;
    const raw: unknown = doc.toJS();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ path: file.path, line: 1, column: 1, at: '(file)', message: 'A procedure file holds a mapping of keys (id, title, stages, …).' });
      continue;
    }
    const record = raw as Record<string, unknown>;
    const expectedId = file.path.split('/').pop()?.replace(/\.ya?ml$/, '');
    if (record.id !== expectedId) {
      problems.push({
        ...locate({ file, doc, lines, raw: record }, ['id']),
        message: `The id "${String(record.id)}" does not match the file name.`,
        hint: `Name the file ${String(record.id)}.yaml or set id: ${expectedId}.`,
      });
      continue;
    }
    const id = String(record.id);
    if (parsed.has(id)) {
      problems.push({ path: file.path, line: 1, column: 1, at: 'id', message: `Procedure "${id}" is defined in two files.` });
      continue;
    }
    parsed.set(id, { file, doc, lines, raw: record });
  }

  const procedures = new Map<string, Procedure>();
  const inputs = new Map<string, Record<string, unknown>>();
  for (const [id, entry] of parsed) {
    const resolved = resolveExtends(id, (other) => parsed.get(other)?.raw);
    if (!resolved.ok) {
      problems.push({ ...locate(entry, ['extends']), message: resolved.message, hint: resolved.hint });
      continue;
    }
    const result = ProcedureSchema.safeParse(resolved.value);
    if (result.success) {
      procedures.set(id, result.data);
      inputs.set(id, resolved.value);
      continue;
    }
    const issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[]; input?: unknown }[] = [...result.error.issues];
    for (const extra of referenceProblems(resolved.value)) {
      if (!issues.some((known) => known.message === extra.message && known.path.join('.') === extra.path.join('.'))) issues.push(extra);
    }
    for (const issue of issues as z.core.$ZodIssue[]) {
      // An issue in a part inherited from a model is reported in the model's file, where it can be fixed.
      // An unknown key is shown at the key itself rather than at the mapping that holds it.
      const path = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
      const origin = resolved.origin(path);
      const owner = origin.file === 'model' ? (parsed.get(String(entry.raw.extends)) ?? entry) : entry;
      problems.push({ ...locate(owner, origin.path), message: describe(issue), hint: hintFor(issue) });
    }
  }
  problems.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  return { procedures, inputs, problems };
}

/** Formats a problem the way compilers do, so editors and CI logs link to the line. */
export function formatProblem(problem: ProcedureProblem): string {
  const where = `${problem.path}:${problem.line}:${problem.column}`;
  return `${where} ${problem.at}: ${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ''}`;
}

function locate(entry: ParsedFile, path: readonly PropertyKey[]): Omit<ProcedureProblem, 'message'> {
  // Walk down as far as the document goes: a missing key is reported at its parent.
  let node: Node | null = entry.doc.contents;
  for (const key of path) {
    if (!(isMap(node) || isSeq(node))) break;
    const child: unknown = node.get(typeof key === 'number' ? key : String(key), true);
    if (!child || typeof child !== 'object') break;
    node = child as Node;
  }
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = entry.lines.linePos(offset);
  return { path: entry.file.path, line: Math.max(line, 1), column: Math.max(col, 1), at: formatPath(path) };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describe(issue: z.core.$ZodIssue): string {
  const key = issue.path.at(-1);
  if (issue.code === 'invalid_type' && issue.input === undefined) return `Missing "${String(key)}" (${issue.expected}).`;
  if (issue.code === 'unrecognized_keys') return `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  if (issue.code === 'invalid_value') return `${issue.message}.`;
  return issue.message;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return 'Check the spelling; README.md lists every key of a procedure file.';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Add it; README.md shows an annotated example.';
  if (issue.path.includes('quote')) return 'A source quote is a short phrase copied word for word from the document.';
  if (issue.path.at(-1) === 'within' || issue.path.at(-1) === 'cap' || issue.path.at(-1) === 'after') {
    return 'Durations read like "5 working days", "48 hours", "1 calendar month" or "12 weeks".';
  }
  return undefined;
}
