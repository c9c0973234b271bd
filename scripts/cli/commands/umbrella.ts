import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfig } from '../../adapters/config/read-config.ts';
import { readTemplate } from '../../adapters/fs/templates.ts';
import { createGitHubReadClient } from '../../adapters/github/github-client.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { withFileLock } from '../../adapters/local-store/file-lock.ts';
import { GitHubLedgerReader, TokenRefused } from '../../adapters/umbrella/github-ledger.ts';
import { MembersFileError, readMembersFile } from '../../adapters/umbrella/members-file.ts';
import { GITHUB_POINTS_PER_MINUTE, RequestBudget, type RequestTally } from '../../adapters/umbrella/request-budget.ts';
import { runUmbrella, type RunProgressUpdate } from '../../adapters/umbrella/umbrella-run.ts';
import { UmbrellaStore } from '../../adapters/umbrella/umbrella-store.ts';
import { formatInstantLong } from '../../core/text/plain-dates.ts';
import { renderUmbrellaHtml, renderUmbrellaJson, renderUmbrellaMarkdown, UMBRELLA_FORMATS, type UmbrellaFormat } from '../../core/umbrella/render-umbrella-report.ts';
import { buildUmbrellaReport, type UmbrellaReport } from '../../core/umbrella/umbrella-report.ts';
import { UsageError, type Command } from '../command.ts';
import { periodOption } from '../period-option.ts';

/** Requests left unspent in the token's hour unless --reserve says otherwise. */
const DEFAULT_RESERVE = 50;
/** Exit statuses besides 0, 1 and 2: the run stopped before GitHub's rate limit; it was interrupted (128 + SIGINT). */
const STOPPED = 3;
const INTERRUPTED = 130;

export const umbrella: Command = {
  name: 'umbrella',
  summary: "An umbrella body's view across its members: did each follow its complaints procedure? From their ledgers alone.",
  usage: '--members <file> [--period <from>..<to>] [--format md|html|json] [--output <file>] [--data <dir>] [--reserve <requests>]',
  details: `
Reads the case ledger of every member centre the members file lists, from the member's private
GitHub repository (its cases/ folder) or from a ledger folder, and reports per member and across
all members: whether the procedure was followed (the departures redress audit finds, case by case),
complaints received, the shares acknowledged and answered on time, and departures by kind. Counts
of 1 to 4 are held back ("fewer than 5"), as on the statistics page.

Only the ledger fields the report is made from are read: not the case reference, the channel, the
outcome or the staff logins. Nothing personal leaves a member; the ledger holds none to begin with.

GitHub: one read-only token for every member repository, REDRESS_UMBRELLA_TOKEN (or GITHUB_TOKEN): a
fine-grained token with "Contents: read" on the member repositories and nothing else. Each member
costs one request to list its ledger (none when unchanged since the last run: GitHub answers 304)
and one per ledger file not read before. What was read is kept in the data directory; the run
stops before GitHub's rate limit, or on Ctrl-C, and the same command goes on where it stopped.

Options:
  --members <file>      the members file (YAML; see "Umbrella view" in docs/auditors.md)
  --period <from>..<to> only complaints received in these UK dates, both included
  --format <format>     md (default), html or json
  --output <file>       write the report to a file instead of printing it
  --data <dir>          where what was read is kept (default: umbrella/ in REDRESS_DATA_DIR)
  --reserve <requests>  requests to leave unspent in the token's hour (default ${DEFAULT_RESERVE})

Exit status: 0 report made, every member read; 1 report made but a member or a ledger file could not
be read, or a bad members file; 2 bad command line; ${STOPPED} stopped before GitHub's rate limit (run again
after the time it names); ${INTERRUPTED} interrupted (run again to go on).

Examples:
  npx redress umbrella --members members.yaml --period 2026-04-01..2027-03-31
  npx redress umbrella --members members.yaml --format html --output umbrella.html`,
  options: {
    members: { type: 'string' },
    period: { type: 'string' },
    format: { type: 'string', default: 'md' },
    output: { type: 'string' },
    data: { type: 'string' },
    reserve: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    if (typeof values.members !== 'string') throw new UsageError('--members: name the members file.');
    const format = String(values.format);
    if (!(UMBRELLA_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${UMBRELLA_FORMATS.join(', ')}.`);
    const period = periodOption(values.period, '--period');
    const reserve = values.reserve === undefined ? DEFAULT_RESERVE : Number(values.reserve);
    if (!Number.isInteger(reserve) || reserve < 0) throw new UsageError(`--reserve: "${String(values.reserve)}" is not a whole number of requests.`);

    const config = readConfig(context.env, context.cwd);
    let members;
    try {
      members = await readMembersFile(values.members, context.cwd);
    } catch (error) {
      if (!(error instanceof MembersFileError)) throw error;
      context.stderr(`${error.message}\n`);
      return 1;
    }
    const onGitHub = members.members.filter((member) => member.kind === 'repository').length;
    const token = context.env.REDRESS_UMBRELLA_TOKEN || context.env.GITHUB_TOKEN;
    if (onGitHub > 0 && !token) throw new UsageError(`${onGitHub} member${onGitHub === 1 ? ' is' : 's are'} read from GitHub: set REDRESS_UMBRELLA_TOKEN (or GITHUB_TOKEN) to a read-only token for their repositories.`);

    const log = createLogger({ write: context.stderr, secrets: [token], level: 'warn' });
    const budget = new RequestBudget({ reserve, now: context.now, sleep: (ms) => sleep(ms), ...(config.githubPacing === 'github' ? { pointsPerMinute: GITHUB_POINTS_PER_MINUTE } : {}) });
    const signal = onGitHub > 0 ? context.interrupts?.() : undefined;
    signal?.addEventListener('abort', () => context.stderr('\nStopping after the request under way (Ctrl-C again stops at once)…\n'), { once: true });
    const progress = context.isTerminal === true ? (update: RunProgressUpdate) => context.stderr(`\r\x1b[K${progressLine(update)}`) : undefined;
    const dataDir = typeof values.data === 'string' ? path.resolve(context.cwd, values.data) : path.join(config.dataDir, 'umbrella');
    const began = context.now();

    const run = async () => {
      const store = onGitHub > 0 ? await UmbrellaStore.open(dataDir) : undefined;
      const octokit = token ? createGitHubReadClient({ token, apiUrl: (context.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '') }, { log, timeoutMs: 60_000 }) : undefined;
      const reader = octokit ? new GitHubLedgerReader({ octokit, budget, now: context.now, sleep: (ms) => sleep(ms), ...(signal ? { signal } : {}) }) : undefined;
      return runUmbrella({ members, budget, now: context.now, ...(store ? { store } : {}), ...(reader ? { reader } : {}), ...(signal ? { signal } : {}), ...(progress ? { progress } : {}) });
    };
    let result;
    try {
      if (onGitHub > 0) await mkdir(dataDir, { recursive: true, mode: 0o700 });
      // One run at a time per data directory: two would interleave their records of progress.
      result = onGitHub > 0 ? await withFileLock(path.join(dataDir, '.lock'), run, { waitMs: 1_000 }).catch(lockMessage(dataDir)) : await run();
    } catch (error) {
      if (error instanceof TokenRefused) {
        context.stderr(`${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      if (progress) context.stderr('\r\x1b[K');
    }
    const seconds = ((context.now() - began) / 1000).toFixed(1);
    if (!result.finished) {
      const done = `${result.done} of ${result.total} member repositories read`;
      context.stderr(`${requestsLine(budget.tally)}\n`);
      if (result.stopped === 'rate-limit') {
        context.stderr(`Stopped before GitHub's rate limit (${result.why}): ${done}. It lifts at ${formatInstantLong(result.until ?? context.now())}; run the same command again then, and it goes on where it stopped.\n`);
        return STOPPED;
      }
      if (result.stopped === 'interrupted') {
        context.stderr(`Interrupted: ${done}. Run the same command again to go on where it stopped.\n`);
        return INTERRUPTED;
      }
      context.stderr(`Stopped: ${result.why}. ${done}. Run the same command again later to go on where it stopped.\n`);
      return 1;
    }

    const report = buildUmbrellaReport(result.ledgers, { umbrella: members.name, asOf: context.now(), ...(period ?? {}) });
    const text = await render(format as UmbrellaFormat, report);
    if (typeof values.output === 'string') await writeFile(path.resolve(context.cwd, values.output), text);
    else context.stdout(text);

    const folders = members.members.length - onGitHub;
    const notRead = report.rows.filter((row) => !row.read);
    const damaged = report.rows.reduce((sum, row) => sum + row.damagedEntries, 0);
    context.stderr(
      `Read ${report.members.read} of ${report.members.listed} members (${onGitHub} on GitHub, ${folders} from folders) in ${seconds} s${result.resumed ? ', going on from an earlier run that stopped' : ''}${typeof values.output === 'string' ? `; wrote the report to ${values.output}` : ''}.\n`,
    );
    if (onGitHub > 0) context.stderr(`${requestsLine(budget.tally)}${budget.limit ? ` ${budget.limit.remaining.toLocaleString('en-GB')} left until ${formatInstantLong(budget.limit.reset)}.` : ''}\n`);
    for (const row of notRead) context.stderr(`Not read: ${row.name}: ${row.failure}.\n`);
    if (damaged > 0) context.stderr(`${damaged} ledger file${damaged === 1 ? '' : 's'} could not be read (the members' own "redress audit --verify" names them).\n`);
    return notRead.length > 0 || damaged > 0 ? 1 : 0;
  },
};

async function render(format: UmbrellaFormat, report: UmbrellaReport): Promise<string> {
  switch (format) {
    case 'json':
      return renderUmbrellaJson(report);
    case 'html':
      return renderUmbrellaHtml(await readTemplate('umbrella-report-html'), report);
    case 'md':
      return renderUmbrellaMarkdown(await readTemplate('umbrella-report-markdown'), report);
  }
}

function requestsLine(tally: RequestTally): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  return `GitHub: ${n(tally.counted)} request${tally.counted === 1 ? '' : 's'} counted against the rate limit (${n(tally.byPurpose.listing)} listings, ${n(tally.byPurpose.file)} ledger files, ${n(tally.byPurpose.repository)} repository details); ${n(tally.notModified)} unchanged listings answered 304, free.`;
}

function progressLine(update: RunProgressUpdate): string {
  const left = update.limit ? `, ${update.limit.remaining.toLocaleString('en-GB')} left this hour` : '';
  return `Umbrella: ${update.done}/${update.total} members · ${update.tally.counted.toLocaleString('en-GB')} requests${left} · ${update.member}`.slice(0, 100);
}

function lockMessage(dataDir: string) {
  return (error: unknown): never => {
    if (error instanceof Error && error.message.startsWith('Another process has held')) {
      throw new Error(`Another umbrella run is using ${dataDir}; wait for it to finish.`, { cause: error });
    }
    throw error;
  };
}
