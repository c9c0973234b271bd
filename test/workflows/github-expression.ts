// Evaluates a workflow's `if:` the way GitHub Actions does, with @actions/expressions: GitHub's own
// parser and evaluator of the expression language (from actions/languageservices), so that a test of
// a condition runs the very text in the YAML rather than a paraphrase of it.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

/** The contexts a condition may read; each is plain JSON, as GitHub would give it. */
export interface Contexts {
  /** `github`: `event_name`, `event` (the webhook payload), `ref_type`… */
  github: Record<string, unknown>;
  /** Repository variables; GitHub gives an unset variable as an empty string. */
  vars?: Record<string, string>;
  inputs?: Record<string, unknown>;
  steps?: Record<string, unknown>;
  needs?: Record<string, unknown>;
}

/** How the job has gone so far, for the status functions (`cancelled()`, `failure()`…). */
export interface JobStatus {
  cancelled?: boolean;
  failed?: boolean;
}

function statusFunctions({ cancelled = false, failed = false }: JobStatus): FunctionDefinition[] {
  const fn = (name: string, value: boolean): FunctionDefinition => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) });
  return [fn('cancelled', cancelled), fn('failure', failed && !cancelled), fn('success', !failed && !cancelled), fn('always', true)];
}

/**
 * Whether a job or step with this `if:` runs. As on GitHub, a condition without a status function runs
 * only while nothing has failed, and a `${{ … }}` wrapper is optional.
 */
export function conditionHolds(condition: string, contexts: Contexts, status: JobStatus = {}): boolean {
  const text = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const functions = statusFunctions(status);
  const expression = new Parser(new Lexer(text).lex().tokens, ['github', 'vars', 'inputs', 'steps', 'needs'], functions).parse();
  // GitHub reads a repository variable that is not set as an empty string, not as null.
  const unset = Object.fromEntries([...text.matchAll(/\bvars\.(\w+)/g)].map((match) => [match[1], '']));
  const context = JSON.parse(JSON.stringify({ ...contexts, vars: { ...unset, ...contexts.vars } }), data.reviver) as data.Dictionary;
  const result = truthy(new Evaluator(expression, context, new Map(functions.map((f) => [f.name, f]))).evaluate());
  const usesStatus = /\b(cancelled|failure|success|always)\s*\(/i.test(text);
  return usesStatus ? result : result && !status.failed && !status.cancelled;
}
