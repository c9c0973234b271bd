import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readOrganisation } from '../../adapters/fs/organisation-file.ts';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { readTemplate } from '../../adapters/fs/templates.ts';
import { readConfig } from '../../adapters/config/read-config.ts';
import { openCaseStore, type OpenedStore } from '../../adapters/intake/open-store.ts';
import { readLedgerDir } from '../../adapters/ledger/ledger-files.ts';
import { gatherVerifyInput } from '../../adapters/ledger/ledger-verification.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { COMPLAINTS_FOLDER } from '../../adapters/local-store/local-case-store.ts';
import { ledgerDirFor } from '../../adapters/sweep/sweep-runtime.ts';
import { buildAuditReport } from '../../core/audit/audit-report.ts';
import { AUDIT_FORMATS, renderAuditHtml, renderAuditJson, renderAuditMarkdown, type AuditFormat } from '../../core/audit/render-audit-report.ts';
import { verifyLedger } from '../../core/audit/verify-ledger.ts';
import { isLocalDate } from '../../core/calendar/day-number.ts';
import type { Config } from '../../core/config/config-schema.ts';
import { procedureFidelity } from '../../core/procedure/procedure-fidelity.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import { UsageError, type CliContext, type Command } from '../command.ts';

export const audit: Command = {
  name: 'audit',
  summary: 'Was the procedure followed? A report from the case ledger alone, or --verify the ledger itself.',
  usage: '[--from <date>] [--to <date>] [--procedure <id>] [--format md|html|json] [--output <file>] [--ledger <dir>] [--verify [--skip-live]]',
  details: `
Reads the case ledger (<year>/<reference>.json files) and nothing else, and reports:
per case, each time limit met or missed and by how many working days, and every departure
from the procedure (a time limit missed, a stage skipped, a response without acknowledgement,
an extension without notice); per procedure, volumes, the share acknowledged and answered on
time, the median working days to the first answer, outcomes, escalation and extension rates;
and the same figures by month of receipt; and, from the procedure files in workflows/, how
each procedure was read from its source: the rules it quotes and the readings it takes where
the source is silent, on which the figures rest. The HTML report has charts and prints well.
The Markdown and HTML reports name everything: procedures, stages and time limits as the
procedure files in workflows/ name them, and the staff who acted as the roster in redress.yaml
names them (by login where it does not); they show when staff were reminded of each time limit
and the commands the procedure refused. The JSON report holds the ids, with the names beside.

Options:
  --from <date>       only cases received on or after this UK date (YYYY-MM-DD)
  --to <date>         only cases received on or before this UK date (YYYY-MM-DD)
  --procedure <id>    only this procedure's cases
  --format <format>   md (default), html or json
  --output <file>     write the report to a file instead of printing it
  --ledger <dir>      the ledger folder (default: where the sweep writes it: cases/ with a GitHub
                      store, the ledger/ folder of REDRESS_DATA_DIR with the local store)
  --verify            check the ledger instead of reporting: against git history (no entry
                      rewritten or removed, every change committed), against the live cases
                      (every case has an entry recording what the case holds; the store is
                      the one configured: REDRESS_GITHUB_REPO, or the local store in
                      REDRESS_DATA_DIR), and that each case's procedure version exists in the
                      history of workflows/. Each discrepancy is named; exit 1 if any.
  --skip-live         with --verify: do not read the case store

Exit status: 0 on success (and, with --verify, no discrepancy), 1 on a damaged ledger or any
discrepancy, 2 on a bad command line (an unknown --procedure too: the known ones are named).

Examples:
  npx redress audit --from 2026-01-01 --to 2026-12-31
  npx redress audit --procedure ceccc --format html --output audit.html
  npx redress audit --verify`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    procedure: { type: 'string' },
    format: { type: 'string', default: 'md' },
    output: { type: 'string' },
    ledger: { type: 'string' },
    verify: { type: 'boolean', default: false },
    'skip-live': { type: 'boolean', default: false },
  },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    if (values.verify) {
      for (const option of ['from', 'to', 'procedure', 'output'] as const) {
        if (values[option] !== undefined) throw new UsageError(`--${option} does not go with --verify, which checks the whole ledger.`);
      }
    } else if (values['skip-live']) {
      throw new UsageError('--skip-live goes with --verify.');
    }
    const format = String(values.format);
    if (!(AUDIT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${AUDIT_FORMATS.join(', ')}.`);
    const from = dateOption(values.from, '--from');
    const to = dateOption(values.to, '--to');
    if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);

    const config = readConfig(context.env, context.cwd);
    const ledgerDir = typeof values.ledger === 'string' ? path.resolve(context.cwd, values.ledger) : ledgerDirFor(config, context.cwd);
    if (values.verify) return verify({ ledgerDir, config, context, skipLive: values['skip-live'] === true });
    const read = await readLedgerDir(ledgerDir);
    if (read.problems.length > 0) {
      for (const problem of read.problems) context.stderr(`${path.join(path.relative(context.cwd, ledgerDir), problem.path)}: ${problem.message}\n`);
      context.stderr(`The ledger has ${read.problems.length} damaged file${read.problems.length === 1 ? '' : 's'}; run redress audit --verify.\n`);
      return 1;
    }
    const procedures = await proceduresOf(context.cwd);
    if (typeof values.procedure === 'string') {
      // A procedure with no cases yet is a fair question (an empty report); a name nobody knows is a mistake.
      const known = new Set([...(procedures?.keys() ?? []), ...read.files.map((file) => file.entry.procedure.id)]);
      if (!known.has(values.procedure)) throw new UsageError(`--procedure: there is no procedure "${values.procedure}". Known: ${[...known].sort().join(', ')}.`);
    }
    // The ledger holds ids and logins; the procedure files and the roster name them.
    const organisation = await readOrganisation(context.cwd);
    const report = buildAuditReport(read.files.map((file) => file.entry), {
      asOf: context.now(),
      ...(procedures ? { fidelity: new Map([...procedures].map(([id, procedure]) => [id, procedureFidelity(procedure)])) } : {}),
      names: { ...(organisation ? { organisation } : {}), ...(procedures ? { procedures } : {}) },
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(typeof values.procedure === 'string' ? { procedure: values.procedure } : {}),
    });
    const text = await render(format as AuditFormat, report);
    if (typeof values.output === 'string') {
      await writeFile(path.resolve(context.cwd, values.output), text);
      context.stderr(`Wrote the audit of ${report.cases.length} case${report.cases.length === 1 ? '' : 's'} to ${values.output}.\n`);
    } else {
      context.stdout(text);
    }
    return 0;
  },
};

async function render(format: AuditFormat, report: ReturnType<typeof buildAuditReport>): Promise<string> {
  switch (format) {
    case 'json':
      return renderAuditJson(report);
    case 'html':
      return renderAuditHtml(await readTemplate('audit-report-html'), report);
    case 'md':
      return renderAuditMarkdown(await readTemplate('audit-report-markdown'), report);
  }
}

/** Every valid procedure in workflows/; nothing where there is no such folder to read. */
async function proceduresOf(cwd: string): Promise<ReadonlyMap<string, Procedure> | undefined> {
  const dir = path.resolve(cwd, WORKFLOWS_DIR);
  if (!existsSync(dir)) return undefined;
  return (await loadWorkflows(dir, cwd)).procedures;
}

function dateOption(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isLocalDate(value)) throw new UsageError(`${name}: "${String(value)}" is not a date; write it as YYYY-MM-DD.`);
  return value;
}

async function verify({ ledgerDir, config, context, skipLive }: { ledgerDir: string; config: Config; context: CliContext; skipLive: boolean }): Promise<number> {
  const opened = skipLive ? undefined : await openLiveStore(config, context);
  try {
    const input = await gatherVerifyInput({
      ledgerDir,
      projectDir: context.cwd,
      store: opened === undefined ? undefined : 'unavailable' in opened ? opened : opened.store,
    });
    const { discrepancies, checked } = verifyLedger(input);
    for (const discrepancy of discrepancies) {
      const where = discrepancy.path ? path.join(path.relative(context.cwd, ledgerDir) || '.', discrepancy.path) : (discrepancy.reference ?? 'ledger');
      context.stdout(`${where}: ${discrepancy.message}\n`);
    }
    const what = `${checked.entries} entr${checked.entries === 1 ? 'y' : 'ies'}, ${checked.versions} committed version${checked.versions === 1 ? '' : 's'}${skipLive ? '' : `, ${checked.liveCases} live case${checked.liveCases === 1 ? '' : 's'}`}`;
    if (discrepancies.length === 0) {
      context.stdout(`Checked ${what}: no discrepancy.\n`);
      return 0;
    }
    context.stdout(`Checked ${what}: ${discrepancies.length} discrepanc${discrepancies.length === 1 ? 'y' : 'ies'}.\n`);
    return 1;
  } finally {
    if (opened && 'close' in opened) await opened.close();
  }
}

/** The configured case store, or why it cannot be opened. A local store is opened only if it exists: opening creates one. */
async function openLiveStore(config: Config, context: CliContext): Promise<OpenedStore | { unavailable: string }> {
  // An earlier version's folder name counts too: opening the store moves it.
  if (config.store.kind === 'local' && !existsSync(path.join(config.dataDir, COMPLAINTS_FOLDER)) && !existsSync(path.join(config.dataDir, 'cases'))) {
    const shown = path.relative(context.cwd, config.dataDir) || '.';
    return { unavailable: `there is no local case store in ${shown} (set REDRESS_DATA_DIR, or REDRESS_GITHUB_REPO for GitHub; --skip-live checks git history only)` };
  }
  return openCaseStore(config, createLogger({ write: context.stderr, level: 'warn' }));
}
