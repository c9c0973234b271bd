import { configSecrets } from '../../core/config/config-schema.ts';
import path from 'node:path';
import { readConfig } from '../../adapters/config/read-config.ts';
import { loadWorkflows, readExtraHolidays, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { openCaseStore } from '../../adapters/intake/open-store.ts';
import { LocalCaseStore } from '../../adapters/local-store/local-case-store.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { runConfiguredSweep } from '../../adapters/sweep/sweep-runtime.ts';
import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { StoredCase } from '../../core/case/case-store.ts';
import { compareByNextDue, dueWithin, summariseCase, type CaseSummary } from '../../core/case/case-summary.ts';
import { toDayNumber } from '../../core/calendar/day-number.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { formatDayShort } from '../../core/text/plain-dates.ts';
import { unescapeUserText } from '../../core/text/unescape-user-text.ts';
import { parseMarker } from '../../core/sweep/markers.ts';
import { withoutContactBlock } from '../../core/letters/contact-record.ts';
import { UsageError, type CliContext, type Command } from '../command.ts';

export async function withStore<T>(context: CliContext, fn: (store: Awaited<ReturnType<typeof openCaseStore>>['store'], config: ReturnType<typeof readConfig>) => Promise<T>): Promise<T> {
  const config = readConfig(context.env, context.cwd);
  const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
  const opened = await openCaseStore(config, log);
  try {
    return await fn(opened.store, config);
  } finally {
    await opened.close();
  }
}

/** The case a reference names: the local store's id is the reference; on GitHub the issue is found by its title. */
export async function findCase(store: Awaited<ReturnType<typeof openCaseStore>>['store'], reference: string): Promise<StoredCase> {
  const found = await store.findByReference(reference.toUpperCase());
  if (!found) throw new UsageError(`No case ${reference}.`);
  return found;
}

export const caseList: Command = {
  name: 'case list',
  summary: 'List cases with their stage, handler and next due date, the most pressing first.',
  usage: '[--all] [--overdue] [--due-within <working days>] [--json]',
  details: `
Reads the configured store (the local store unless REDRESS_GITHUB_REPO is set) and shows, for each open case:
its reference, procedure, stage, who handles it (the role, and who is assigned), and the next time limit of the
organisation's with its due date and state (on track, due soon, OVERDUE). Overdue cases come first, then by due
date. Dates come from each case's record as of the last sweep. Shows no personal data.

Options:
  --all                        closed cases too
  --overdue                    only cases with a time limit passed
  --due-within <working days>  only cases whose next time limit falls within that many working days (0: today),
                               or has passed
  --json                       the list as JSON, for other tools

Examples:
  npx redress case list
  npx redress case list --due-within 5
  npx redress case list --all --json`,
  options: { all: { type: 'boolean', default: false }, overdue: { type: 'boolean', default: false }, 'due-within': { type: 'string' }, json: { type: 'boolean', default: false } },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    const within = values['due-within'] === undefined ? undefined : Number(values['due-within']);
    if (within !== undefined && (!Number.isInteger(within) || within < 0 || within > 260)) {
      throw new UsageError(`--due-within: "${String(values['due-within'])}" is not a number of working days (0 to 260).`);
    }
    const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    const holidays = await readExtraHolidays(path.resolve(context.cwd, WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml'));
    const now = context.now();
    return withStore(context, async (store) => {
      const stored = await store.listCases({ state: values.all ? 'all' : 'open' });
      const rows: { summary: CaseSummary; calendar: WorkingCalendar }[] = [];
      const unreadable: string[] = [];
      for (const found of stored.filter((c) => c.labels.includes('complaint'))) {
        let block;
        try {
          block = parseCaseBlock(found.body);
        } catch {
          block = undefined;
        }
        const procedure = block ? procedures.get(block.procedure.id) : undefined;
        if (!block || !procedure) {
          unreadable.push(found.reference);
          continue;
        }
        const calendar = calendarFor(procedure, holidays);
        rows.push({ summary: summariseCase({ reference: found.reference, block, procedure, calendar, now, assignees: found.assignees, state: found.state }), calendar });
      }
      const shown = rows
        .filter(({ summary }) => !values.overdue || summary.next?.state === 'overdue')
        .filter(({ summary, calendar }) => within === undefined || dueWithin(summary, within, calendar, now))
        .map(({ summary }) => summary)
        .sort(compareByNextDue);
      if (values.json) {
        context.stdout(`${JSON.stringify({ cases: shown, unreadable }, null, 2)}\n`);
        return 0;
      }
      if (shown.length === 0) context.stdout(`No ${values.all ? '' : 'open '}cases${values.overdue ? ' overdue' : within !== undefined ? ` due within ${within} working day${within === 1 ? '' : 's'}` : ''}.\n`);
      else {
        const rowsText = shown.map((c) => [
          c.reference,
          c.procedure,
          c.state === 'closed' ? `${c.stage} (closed)` : c.stage,
          `${c.handler}${c.assignees.length > 0 ? ` (${c.assignees.join(', ')})` : ''}`,
          c.next ? `${formatDayShort(toDayNumber(c.next.dueDate))}  ${STATE_WORDS[c.next.state]}` : '',
          c.next?.label ?? '',
        ]);
        const header = ['Reference', 'Procedure', 'Stage', 'Handler', 'Next due', 'What'];
        const widths = header.map((h, i) => Math.max(h.length, ...rowsText.map((r) => (r[i] ?? '').length)));
        const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
        context.stdout(`${line(header)}\n${rowsText.map(line).join('\n')}\n`);
      }
      if (unreadable.length > 0) context.stderr(`Not shown (no readable case block, or a procedure not in workflows/): ${unreadable.join(', ')}. The sweep reports why on each.\n`);
      return 0;
    });
  },
};

const STATE_WORDS: Readonly<Record<string, string>> = { pending: 'on track', 'due-soon': 'due soon', overdue: 'OVERDUE' };

export const caseShow: Command = {
  name: 'case show',
  summary: 'Show one case: the complaint as the person wrote it, its labels, assignees and comments (it holds personal data).',
  usage: '<reference>',
  details: `
The complaint's text is shown as the person wrote it: the escaping that keeps it safe on GitHub (no mentions,
links or markup) is undone for the terminal, except that invisible formatting characters stay shown by their
code point, as "[U+202E]".

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
      // The hidden blocks are for the software: the case's record, and the contact details letters are sent to.
      context.stdout(`${unescapeUserText(withoutContactBlock(found.body).rest.replace(/<!-- redress:case [^\n]*-->/, '').trim())}\n`);
      for (const comment of await store.listComments(found.id)) {
        const kind = parseMarker(comment.body)?.kind;
        const text = comment.body.replace(/^<!-- redress:[^\n]*-->\n?/, '').trim();
        // What Redress writes (continuations, addenda, records of letters) holds escaped words; staff comments are
        // shown as typed.
        const shown = comment.byBot || kind !== undefined ? unescapeUserText(text) : text;
        context.stdout(`\n--- ${comment.byBot ? `Redress (${kind ?? 'comment'})` : comment.author}, ${comment.createdAt}\n${shown}\n`);
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
does and prints the reply. The comment holds commands one per line, as on GitHub (see docs/staff.md):
/acknowledge [date], /respond upheld|partly-upheld|not-upheld [date], /extend <date> <reason> [sent <date>], /target <date> [sent <date>],
/escalate [date], /withdraw [date], /pause <reason>, /resume, /close, /reopen, /note <text>, and for letters
/draft acknowledgement|extension <date> <reason>|outcome <outcome> and /send [<n>] [by email|posted <date>|by hand <date>]
(edit a draft with "npx redress letter edit", print one with "npx redress letter print").
On GitHub, write the comment on the issue instead.
Exit status: 0 when every command was carried out, 1 when any was not (the reply says why), 2 on a bad command line.

Options:
  --as <name>   who is writing (default: the USER environment variable)

Examples:
  npx redress case command RDR-7KX4-M9QP-2TK "/acknowledge"
  npx redress case command RDR-7KX4-M9QP-2TK "/respond upheld 2026-12-01"
  npx redress case command RDR-7KX4-M9QP-2TK "/draft acknowledgement"`,
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
    const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
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
