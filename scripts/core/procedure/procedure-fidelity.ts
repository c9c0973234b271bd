/**
 * The procedure fidelity report: every rule of a procedure file beside the sentence of the source it quotes, and
 * every reading the file or Redress takes where the source is silent, with why. Generated from the procedure
 * itself, so it cannot say anything the file does not; published on each procedure's page and summarised in the
 * audit, so a reader can see which figures rest on a reading rather than on the source.
 */
import { formatDuration } from '../calendar/duration.ts';
import { collectSources } from './check-sources.ts';
import { defaultAssumptionsFor } from './default-assumptions.ts';
import type { Procedure } from './procedure-schema.ts';

export interface FidelityRow {
  /** The rule, as a path of keys and ids in the procedure file: "stages.stage-2.clocks.request". */
  rule: string;
  /** What the rule says, in the file's own words. */
  says: string;
  /** The source's words the rule quotes; absent for a reading the source does not state at all. */
  quote?: string;
  /** `source`: the source states it; `assumption`: a reading taken where the source is silent. */
  kind: 'source' | 'assumption';
  /** For an assumption: its id (a row of the table in docs/procedure-authors.md), the reading and why. */
  assumption?: { id: string; reading: string; why: string; inherited: boolean };
}

export interface ProcedureFidelity {
  procedure: string;
  title: string;
  organisation: string;
  /** The source document's title and file. */
  document: { title: string; file: string };
  rows: FidelityRow[];
  /** Rules stated by the source, and readings assumed. */
  counts: { source: number; assumption: number };
}

/**
 * @example
 * procedureFidelity(ceccc).rows.find((row) => row.rule === 'stages.stage-2.clocks.request')
 * //=> { rule: 'stages.stage-2.clocks.request', says: 'Ask for stage 2: 5 working days from the complainant's receipt of the previous stage's response', quote: 'within 5 working days of receipt of the Stage 1 response', kind: 'source' }
 */
export function procedureFidelity(procedure: Procedure): ProcedureFidelity {
  const rows: FidelityRow[] = collectSources(procedure).map(({ at, source }) => {
    const rule = rulePath(procedure, at);
    return { rule, says: describe(procedure, at), quote: source.quote, kind: 'source' as const };
  });
  for (const assumption of procedure.assumptions) {
    // An assumption qualifies the nearest quoted rule it sits in; without one it is a row of its own.
    const row = rows
      .filter((candidate) => assumption.rule === candidate.rule || assumption.rule.startsWith(`${candidate.rule}.`))
      .sort((a, b) => b.rule.length - a.rule.length)[0];
    const detail = { id: assumption.id, reading: assumption.reading, why: assumption.why, inherited: false };
    if (row && !row.assumption) {
      row.kind = 'assumption';
      row.assumption = detail;
    } else {
      rows.push({ rule: assumption.rule, says: assumption.reading, kind: 'assumption', assumption: detail });
    }
  }
  for (const assumption of defaultAssumptionsFor(procedure)) {
    rows.push({ rule: assumption.rule, says: assumption.reading, kind: 'assumption', assumption: { ...assumption, inherited: true } });
  }
  return {
    procedure: procedure.id,
    title: procedure.title,
    organisation: procedure.organisation.name,
    document: { title: procedure.document.title, file: procedure.document.file },
    rows,
    counts: { source: rows.filter((row) => row.kind === 'source').length, assumption: rows.filter((row) => row.kind === 'assumption').length },
  };
}

/** "stages[1].clocks[0].source" → "stages.stage-2.clocks.request": positions become ids, the `source` key goes. */
function rulePath(procedure: Procedure, at: string): string {
  const parts: string[] = [];
  let node: unknown = procedure;
  for (const token of at.replace(/\.source$/, '').replace(/Source$/, '').split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(token);
    if (index) {
      node = (node as unknown[])[Number(index[1])];
      const id = (node as { id?: unknown } | undefined)?.id;
      parts.push(typeof id === 'string' ? id : String(index[1]));
    } else {
      node = (node as Record<string, unknown> | undefined)?.[token];
      parts.push(token);
    }
  }
  return parts.join('.');
}

/** What the rule at a source's path says, in the file's words. */
function describe(procedure: Procedure, at: string): string {
  const path = at.replace(/\.source$/, '');
  if (path.endsWith('finalSource')) return 'This stage\'s decision is final.';
  const node = walk(procedure, path);
  const role = (id: string) => procedure.roles.find((r) => r.id === id)?.title ?? id;
  const record = (node ?? {}) as Record<string, unknown>;
  if (/\.(handler|alternate)$/.test(path) && typeof record.role === 'string') {
    return path.endsWith('alternate') ? `If the complaint is about the usual handler: ${role(record.role)}.` : `Handled by: ${role(record.role)}.`;
  }
  if (/\.clocks\[\d+\]$/.test(path)) {
    const clock = record as unknown as Procedure['stages'][number]['clocks'][number];
    const limit = clock.within ? formatDuration(clock.within) : clock.setBy ? 'a date staff set' : clock.parameter ? 'a time limit each organisation sets' : 'no time limit';
    return `${clock.label}: ${limit}${clock.within ? ` from ${FROM_WORDS[clock.from]}` : ''}.`;
  }
  if (/\.window$/.test(path) && record.within) {
    if (typeof record.summary === 'string') return `${record.summary} (${formatDuration(record.within as never)}).`;
    const stage = procedure.stages.find((s) => s.id === record.fromResponseOf);
    const from = record.from === 'response-sent' ? 'the sending of' : 'the complainant\'s receipt of';
    return `Within ${formatDuration(record.within as never)} of ${from} the response to ${stage?.title ?? String(record.fromResponseOf)}.`;
  }
  if (Array.isArray(record.items)) return `May offer: ${(record.items as string[]).join('; ')}.`;
  if (/^channels\[\d+\]$/.test(path)) {
    const stage = procedure.stages.find((s) => s.id === record.entersStage);
    return `${typeof record.summary === 'string' ? `${record.summary} ` : ''}A complaint by ${String(record.kind)} starts at ${stage?.title ?? String(record.entersStage)}.`.trim();
  }
  if (/^roles\[\d+\]$/.test(path)) return `${String(record.title)}${typeof record.summary === 'string' ? `: ${record.summary}` : ''}`;
  if (/\.steps\[\d+\]$/.test(path) || typeof record.summary === 'string') return String(record.summary ?? '');
  if (typeof record.label === 'string') return record.label;
  if (/\.escalation$/.test(path)) return 'The internal escalation ladder.';
  return typeof record.title === 'string' ? record.title : path;
}

function walk(value: unknown, path: string): unknown {
  let node = value;
  for (const token of path.split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(token);
    node = index ? (node as unknown[] | undefined)?.[Number(index[1])] : (node as Record<string, unknown> | undefined)?.[token];
  }
  return node;
}

const FROM_WORDS: Readonly<Record<Procedure['stages'][number]['clocks'][number]['from'], string>> = {
  receipt: 'receipt of the complaint',
  'escalation-request': 'receipt of the request',
  acknowledgement: 'the acknowledgement',
  'previous-response-sent': "the sending of the previous stage's response",
  'previous-response-received': "the complainant's receipt of the previous stage's response",
};
