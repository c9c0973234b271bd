import { appendFile } from 'node:fs/promises';
import { readConfig } from '../../adapters/config/read-config.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { runConfiguredSweep } from '../../adapters/sweep/sweep-runtime.ts';
import { parseInstant } from '../../core/calendar/london-time.ts';
import { formatSweepSummary } from '../../core/sweep/sweep-summary.ts';
import { UsageError, type Command } from '../command.ts';

/** GitHub Actions tokens may make 1,000 requests an hour; leave room for the per-case event runs. */
const DEFAULT_BUDGET = 800;

export const sweep: Command = {
  name: 'sweep',
  summary: 'Bring every open case up to date: deadlines, labels, status comment, reminders, escalations, commands.',
  usage: '[--dry-run] [--case <id>] [--budget <requests>] [--now <date-time>]',
  details: `
Reads every open complaint case in the configured store (GitHub when REDRESS_GITHUB_REPO is set, in GitHub
Actions GITHUB_REPOSITORY; otherwise the local store), rebuilds its events from its hidden block and the staff
commands in its comments, and reconciles it with the procedure. Each reminder and notice is posted once, only in
working hours. A case that cannot be trusted is reported on the case and in the summary; the others go on.
Writes the personal-data-free ledger entry of each case (cases/<year>/<reference>.json).

Options:
  --dry-run             plan and print the changes without making any
  --case <id>           only this case (the issue number on GitHub, the reference locally)
  --budget <requests>   stop before this many requests and leave the rest for the next run (default ${DEFAULT_BUDGET})
  --now <date-time>     the time to sweep at, for testing and replaying (default: now)

The summary is printed, and written to $GITHUB_STEP_SUMMARY when that is set.
Exit status: 0 when every case was processed, 1 when any case was reported or the store failed, 2 on a bad command line.

Examples:
  npx redress sweep --dry-run
  npx redress sweep --case 42`,
  options: {
    'dry-run': { type: 'boolean', default: false },
    case: { type: 'string' },
    budget: { type: 'string' },
    now: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    const budget = values.budget === undefined ? DEFAULT_BUDGET : Number(values.budget);
    if (!Number.isInteger(budget) || budget < 1) throw new UsageError(`--budget: "${String(values.budget)}" is not a whole number of requests.`);
    let now = context.now();
    if (typeof values.now === 'string') {
      try {
        now = parseInstant(values.now);
      } catch (error) {
        throw new UsageError(`--now: ${(error as Error).message}`);
      }
    }
    const only = typeof values.case === 'string' ? values.case : undefined;
    if (only !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(only)) throw new UsageError(`--case: "${only}" is not a case id.`);
    const config = readConfig(context.env, context.cwd);
    const dryRun = values['dry-run'] === true;
    const log = createLogger({ secrets: config.store.kind === 'github' ? [config.store.github.token] : [], write: context.stderr });
    const interactive = context.isTerminal === true;
    const { summary, storeName } = await runConfiguredSweep({
      config,
      cwd: context.cwd,
      now,
      dryRun,
      only,
      requestBudget: budget,
      log,
      progress: interactive ? (done, total) => context.stderr(`\rSweeping ${done}/${total} cases${done === total ? '\n' : ''}`) : undefined,
    });
    const report = formatSweepSummary(summary, { dryRun, store: storeName });
    context.stdout(report);
    if (context.env.GITHUB_STEP_SUMMARY) await appendFile(context.env.GITHUB_STEP_SUMMARY, report);
    return summary.problems.length > 0 ? 1 : 0;
  },
};
