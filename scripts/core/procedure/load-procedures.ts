import type { z } from 'zod';
import { formatFileProblem, locateInYaml, parseYamlFile, type FileProblem, type ParsedYaml } from '../yaml/yaml-file.ts';
import { ProcedureSchema, referenceProblems, type Procedure } from './procedure-schema.ts';
import { resolveExtends } from './resolve-extends.ts';

/** A procedure file as read from disk by an adapter. */
export interface ProcedureFile {
  /** Path shown in messages, e.g. "workflows/ceccc.yaml". */
  path: string;
  text: string;
}

/** One problem in a procedure file, located for a person to fix ("at" is e.g. "stages[0].clocks[1].within"). */
export type ProcedureProblem = FileProblem;

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
  yaml: ParsedYaml;
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
    const read = parseYamlFile(file.path, file.text);
    problems.push(...read.problems);
    if (!read.parsed) continue;
    const raw: unknown = read.parsed.value;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ path: file.path, line: 1, column: 1, at: '(file)', message: 'A procedure file holds a mapping of keys (id, title, stages, …).' });
      continue;
    }
    const record = raw as Record<string, unknown>;
    const expectedId = file.path.split('/').pop()?.replace(/\.ya?ml$/, '');
    if (record.id !== expectedId) {
      problems.push({
        ...locateInYaml(read.parsed, ['id']),
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
    parsed.set(id, { file, yaml: read.parsed, raw: record });
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
export const formatProblem = formatFileProblem;

function locate(entry: ParsedFile, path: readonly PropertyKey[]): Omit<ProcedureProblem, 'message'> {
  return locateInYaml(entry.yaml, path);
}

function describe(issue: z.core.$ZodIssue): string {
  const key = issue.path.at(-1);
  if (issue.code === 'invalid_type' && issue.input === undefined) return `Missing "${String(key)}" (${issue.expected}).`;
  if (issue.code === 'unrecognized_keys') return `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  if (issue.code === 'invalid_value') return `${issue.message}.`;
  return issue.message;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return 'Check the spelling; docs/procedure-authors.md lists every key of a procedure file.';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Add it; docs/procedure-authors.md shows an annotated example.';
  if (issue.path.includes('quote')) return 'A source quote is a short phrase copied word for word from the document.';
  if (issue.path.at(-1) === 'within' || issue.path.at(-1) === 'cap' || issue.path.at(-1) === 'after') {
    return 'Durations read like "5 working days", "48 hours", "1 calendar month" or "12 weeks".';
  }
  return undefined;
}
