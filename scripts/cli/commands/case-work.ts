import { readConfig } from '../../adapters/config/read-config.ts';
import { openCaseStore } from '../../adapters/intake/open-store.ts';
import { LocalCaseStore } from '../../adapters/local-store/local-case-store.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { runConfiguredSweep } from '../../adapters/sweep/sweep-runtime.ts';
import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { StoredCase } from '../../core/case/case-store.ts';
import { parseMarker } from '../../core/sweep/markers.ts';
import { UsageError, type CliContext, type Command } from '../command.ts';

async function withStore<T>(context: CliContext, fn: (store: Awaited<ReturnType<typeof openCaseStore>>['store'], config: ReturnType<typeof readConfig>) => Promise<T>): Promise<T> {
  const config = readConfig(context.env, context.cwd);
  const log = createLogger({ write: context.stderr, level: 'warn', secrets: [context.env.GITHUB_TOKEN] });
  const opened = await openCaseStore(config, log);
  try {
    return await fn(opened.store, config);
  } finally {
    await opened.close();
  }
}

/** The case a reference names: the local store's id is the reference; on GitHub the issue is found by its title. */
async function findCase(store: Awaited<ReturnType<typeof openCaseStore>>['store'], reference: string): Promise<StoredCase> {
  const found = await store.findByReference(reference.toUpperCase());
  if (!found) throw new UsageError(`No case ${reference}.`);
  return found;
}

const labelValue = (item: StoredCase, prefix: string) => item.labels.find((label) => label.startsWith(prefix))?.slice(prefix.length) ?? '';

export const caseList: Command = {
  name: 'case list',
  summary: 'List the open cases: reference, procedure, stage, status and whether anything is due.',
  usage: '',
  details: `
Reads the configured store (the local store unless REDRESS_GITHUB_REPO is set). Shows no personal data.

Examples:
  npx redress case list`,
  options: {},
  positionals: { min: 0, max: 0 },
  async run(_args, context) {
    return withStore(context, async (store) => {
      const cases = (await store.listOpenCases()).filter((c) => c.labels.includes('complaint')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      if (cases.length === 0) {
        context.stdout('No open cases.\n');
        return 0;
      }
      const rows = cases.map((c) => [c.reference, labelValue(c, 'procedure:'), labelValue(c, 'stage:'), labelValue(c, 'status:'), c.labels.includes('overdue') ? 'OVERDUE' : c.labels.includes('due:soon') ? 'due soon' : '', c.createdAt.slice(0, 10)]);
      const header = ['Reference', 'Procedure', 'Stage', 'Status', 'Due', 'Opened'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
      context.stdout(`${line(header)}\n${rows.map(line).join('\n')}\n`);
      return 0;
    });
  },
};

export const caseShow: Command = {
  name: 'case show',
  summary: 'Show one case: the complaint, its labels, assignees and comments (staff only: it holds personal data).',
  usage: '<reference>',
  details: `
Examples:
  npx redress case show RDR-7KX4-M9QP-2TK`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, context) {
    return withStore(context, async (store) => {
      const found = await findCase(store, positionals[0] as string);
      const block = parseCaseBlock(found.body);
      context.stdout(`${found.title} [${found.state}]\nLabels: ${found.labels.join(', ')}\nAssigned: ${found.assignees.join(', ') || 'nobody'}\n`);
      context.stdout(`Procedure: ${block?.procedure.id ?? 'unknown'}; received ${block?.received ?? 'unknown'} by ${block?.channel ?? 'unknown'}\n\n`);
      context.stdout(`${found.body.replace(/<!-- redress:case [^\n]*-->/, '').trim()}\n`);
      for (const comment of await store.listComments(found.id)) {
        const kind = parseMarker(comment.body)?.kind;
        context.stdout(`\n--- ${comment.byBot ? `Redress (${kind ?? 'comment'})` : comment.author}, ${comment.createdAt}\n${comment.body.replace(/^<!-- redress:[^\n]*-->\n?/, '').trim()}\n`);
      }
      return 0;
    });
  },
};

export const caseCommand: Command = {
  name: 'case command',
  summary: 'Work a local case the way staff work an issue: add a comment with commands, and see the reply.',
  usage: '<reference> "<comment>" [--as <name>]',
  details: `
Adds a comment to a case in the local store as a member of staff, then brings the case up to date as the sweep
does and prints the reply. The comment holds commands one per line, as on GitHub (see "For staff" in the README):
/acknowledge [date], /respond upheld|partly-upheld|not-upheld [date], /extend <date> <reason>, /target <date>,
/escalate [date], /withdraw [date], /pause <reason>, /resume, /close, /reopen, /note <text>.
On GitHub, write the comment on the issue instead.
Exit status: 0 when every command was carried out, 1 when any was not (the reply says why), 2 on a bad command line.

Options:
  --as <name>   who is writing (default: the USER environment variable)

Examples:
  npx redress case command RDR-7KX4-M9QP-2TK "/acknowledge"
  npx redress case command RDR-7KX4-M9QP-2TK "/respond upheld 2026-12-01"`,
  options: { as: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }, context) {
    const [reference, text] = positionals as [string, string];
    const config = readConfig(context.env, context.cwd);
    if (config.store.kind !== 'local') throw new UsageError('Cases on GitHub are worked on the issue: write the command as a comment there.');
    const author = typeof values.as === 'string' ? values.as : (context.env.USER ?? 'staff');
    const store = await LocalCaseStore.open({ dataDir: config.dataDir, commitIntervalMs: 0 });
    let id: string;
    let since: string;
    try {
      const found = await findCase(store, reference);
      id = found.id;
      const comment = await store.addCommentAs(found.id, text, { author, association: 'OWNER' });
      since = comment.createdAt;
    } finally {
      await store.close();
    }
    const log = createLogger({ write: context.stderr, level: 'warn' });
    const { summary } = await runConfiguredSweep({ config, cwd: context.cwd, now: context.now(), dryRun: false, only: id, requestBudget: 10_000, log });
    if (summary.locked) context.stderr('A sweep is running; the command will be answered by the next sweep.\n');
    for (const problem of summary.problems) context.stderr(`${problem.reference}: ${problem.problem}\n`);
    return withStore(context, async (opened) => {
      const comments = await opened.listComments(id);
      const mine = comments.find((c) => !c.byBot && c.createdAt === since && c.body === text);
      const reply = comments.find((c) => c.byBot && parseMarker(c.body)?.kind === 'reply' && parseMarker(c.body)?.fields.comment === mine?.id);
      context.stdout(reply ? `${reply.body.replace(/^<!-- redress:[^\n]*-->\n?/, '').trim()}\n` : 'No commands found in the comment; it was added as a note.\n');
      const refused = summary.cases.reduce((count, report) => count + (report.refusedCommands ?? 0), 0);
      if (refused > 0) context.stderr(`${refused} command${refused === 1 ? ' was' : 's were'} not carried out.\n`);
      return summary.problems.length > 0 || refused > 0 ? 1 : 0;
    });
  },
};
