import { procedureFidelity, type ProcedureFidelity } from '../../core/procedure/procedure-fidelity.ts';
import { loadProcedureOrExplain } from '../load-for-cli.ts';
import type { Command } from '../command.ts';

export const proceduresFidelity: Command = {
  name: 'procedures fidelity',
  summary: 'Each rule of a procedure beside the source sentence it quotes, and each reading taken where the source is silent.',
  usage: '<procedure> [--json]',
  details: `
The procedure fidelity report, generated from the procedure file: every rule with the words of
the source document it quotes, marked as a rule of the source or as an assumption (a reading the
source does not state, with why). The assumptions include the readings every procedure shares
(how days are counted, when a letter counts as received); docs/procedure-authors.md lists them all. The same
report is published at /procedures/<id>/fidelity/ and summarised in \`redress audit\`.

Options:
  --json   print the report as JSON: {procedure, rows: [{rule, says, quote, kind, assumption}], counts}

Examples:
  npx redress procedures fidelity ceccc
  npx redress procedures fidelity op-performance --json`,
  options: { json: { type: 'boolean', default: false } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, context) {
    const procedure = await loadProcedureOrExplain(positionals[0] ?? '', context);
    if (!procedure) return 1;
    const report = procedureFidelity(procedure);
    context.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatFidelity(report));
    return 0;
  },
};

/** The report as text: one paragraph a rule, the assumptions marked. */
function formatFidelity(report: ProcedureFidelity): string {
  const rows = report.rows.map((row) => {
    const head = `${row.kind === 'source' ? 'SOURCE    ' : 'ASSUMPTION'} ${row.rule}`;
    const lines = [head, `  says:   ${row.says}`];
    if (row.quote) lines.push(`  quotes: "${row.quote}"`);
    if (row.assumption) lines.push(`  reading (${row.assumption.id}${row.assumption.inherited ? ', shared by every procedure' : ''}): ${row.assumption.reading}`, `  why:    ${row.assumption.why}`);
    return lines.join('\n');
  });
  return `${report.procedure} (${report.organisation}: ${report.title})\nSource: ${report.document.title} (${report.document.file})\n${plural(report.counts.source, 'rule')} of the source, ${plural(report.counts.assumption, 'assumption')}.\n\n${rows.join('\n\n')}\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
