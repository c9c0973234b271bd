import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readOrganisation } from '../../adapters/fs/organisation-file.ts';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { readTemplate } from '../../adapters/fs/templates.ts';
import { readConfig } from '../../adapters/config/read-config.ts';
import { readLedgerDir } from '../../adapters/ledger/ledger-files.ts';
import { ledgerDirFor } from '../../adapters/sweep/sweep-runtime.ts';
import type { Organisation } from '../../core/organisation/organisation-schema.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import { buildReport, REPORTS } from '../../core/reports/build-report.ts';
import { renderReportCsv } from '../../core/reports/report-csv.ts';
import { REPORT_FORMATS, REPORT_KINDS, type ReportDocument, type ReportFormat, type ReportKind } from '../../core/reports/report-document.ts';
import { parsePeriod, PERIOD_FORM } from '../../core/reports/report-period.ts';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../../core/reports/render-report.ts';
import { UsageError, type Command } from '../command.ts';

export const report: Command = {
  name: 'report',
  summary: 'The reports regulators ask for, from the case ledger: Housing Ombudsman, Regulator of Social Housing, SPSO.',
  usage: '<kind> --period <from>..<to> [--format md|html|json|csv] [--homes <n>] [--procedure <id>] [--output <file>] [--ledger <dir>]',
  details: `
Reports, from the case ledger alone, what a complaint handling code asks an organisation to
publish, in its regulator's words, with every figure linked to its definition:

${REPORT_KINDS.map((kind) => `  ${kind.padEnd(20)} ${REPORTS[kind].summary}`).join('\n')}

The figures are those of npx redress audit for the same dates: the complaints received in the
period, each followed through every stage. A number below 5 reads "fewer than 5", and a number
that would let a reader work one out reads "not published", as on the statistics page. The
parts only the organisation can write (whether it complies, its analysis, its governing body's
response) are marked "To complete".

Options:
  --period <from>..<to>  the complaints received from one UK date to another, both included,
                         e.g. 2025-04-01..2026-03-31 (required)
  --format <format>      md (default), html (one page that prints on A4), json, or csv (one
                         header row, ISO dates, UTF-8 with a byte order mark for Excel)
  --homes <n>            tsm: the number of homes the landlord owns (default: reports.homes in
                         redress.yaml)
  --procedure <id>       the procedure reported on (default: reports.procedure in redress.yaml,
                         else the one procedure the organisation publishes, else the only one in
                         workflows/)
  --output <file>        write the report to a file instead of printing it
  --ledger <dir>         the ledger folder (default: where the sweep writes it, as for audit)

Exit status: 0 on success, 1 on a damaged ledger or a missing code file, 2 on a bad command line
(an unknown report, a bad period, --homes missing for tsm or not a positive whole number).

Examples:
  npx redress report annual-performance --period 2025-04-01..2026-03-31 --format html --output annual.html
  npx redress report hoc-self-assessment --period 2025-04-01..2026-03-31
  npx redress report spso-indicators --period 2025-04-01..2026-03-31 --format csv --output indicators.csv
  npx redress report tsm --period 2025-04-01..2026-03-31 --homes 1200`,
  options: {
    period: { type: 'string' },
    format: { type: 'string', default: 'md' },
    homes: { type: 'string' },
    procedure: { type: 'string' },
    output: { type: 'string' },
    ledger: { type: 'string' },
  },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals }, context) {
    const [kindText] = positionals;
    if (kindText === undefined) throw new UsageError(`Say which report: ${REPORT_KINDS.join(', ')}.`);
    if (!(REPORT_KINDS as readonly string[]).includes(kindText)) throw new UsageError(`"${kindText}" is not a report. Reports: ${REPORT_KINDS.join(', ')}.`);
    const kind = kindText as ReportKind;
    if (typeof values.period !== 'string') throw new UsageError(`--period is required: the complaints received from one date to another, written ${PERIOD_FORM}.`);
    const parsed = parsePeriod(values.period);
    if (!parsed.period) throw new UsageError(`--period: ${parsed.problem}`);
    const format = String(values.format);
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${REPORT_FORMATS.join(', ')}.`);
    if (values.homes !== undefined && kind !== 'tsm') throw new UsageError(`--homes is for the tsm report only; ${kind} does not count per home.`);
    const homesOption = values.homes === undefined ? undefined : homesOf(String(values.homes));

    const organisation = await readOrganisation(context.cwd);
    const homes = homesOption ?? organisation?.reports?.homes;
    if (kind === 'tsm' && homes === undefined) {
      throw new UsageError('--homes is required for tsm: CH01 counts complaints per 1,000 homes, so give the number of homes the landlord owns, e.g. --homes 1200 (or reports.homes in redress.yaml).');
    }
    const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    const procedure = chooseProcedure(typeof values.procedure === 'string' ? values.procedure : undefined, procedures, organisation);
    const code = REPORTS[kind].code;
    const model = procedures.get(code);
    if (!model || model.kind !== 'model') {
      context.stderr(`redress report: ${kind} measures against ${code}, but ${path.join(WORKFLOWS_DIR, `${code}.yaml`)} is missing or not valid (npx redress procedures check says why).\n`);
      return 1;
    }

    const config = readConfig(context.env, context.cwd);
    const ledgerDir = typeof values.ledger === 'string' ? path.resolve(context.cwd, values.ledger) : ledgerDirFor(config, context.cwd);
    const read = await readLedgerDir(ledgerDir);
    if (read.problems.length > 0) {
      for (const problem of read.problems) context.stderr(`${path.join(path.relative(context.cwd, ledgerDir), problem.path)}: ${problem.message}\n`);
      context.stderr(`The ledger has ${read.problems.length} damaged file${read.problems.length === 1 ? '' : 's'}; run redress audit --verify.\n`);
      return 1;
    }
    const document = buildReport(
      kind,
      {
        entries: read.files.map((file) => file.entry),
        procedure,
        model,
        organisation: organisation?.name ?? procedure.organisation.name,
        period: parsed.period,
        asOf: context.now(),
        ...(homes === undefined ? {} : { homes }),
      },
      new Date(context.now()).toISOString(),
    );
    const text = await render(format as ReportFormat, document);
    if (typeof values.output === 'string') {
      await writeFile(path.resolve(context.cwd, values.output), text);
      context.stderr(`Wrote ${kind} for ${parsed.period.from} to ${parsed.period.to} to ${values.output}.\n`);
    } else {
      context.stdout(text);
    }
    return 0;
  },
};

async function render(format: ReportFormat, document: ReportDocument): Promise<string> {
  switch (format) {
    case 'md':
      return renderReportMarkdown(await readTemplate('report-markdown'), document);
    case 'html':
      return renderReportHtml(await readTemplate('report-html'), document);
    case 'json':
      return renderReportJson(document);
    case 'csv':
      return renderReportCsv(document);
  }
}

/** A number of homes: a positive whole number, as written (1200 or 1,200). */
function homesOf(text: string): number {
  const digits = text.trim().replace(/,(?=\d{3}\b)/g, '');
  if (!/^\d+$/.test(digits) || Number(digits) === 0 || !Number.isSafeInteger(Number(digits))) {
    throw new UsageError(`--homes: "${text}" is not a positive whole number of homes, e.g. 1200.`);
  }
  return Number(digits);
}

/** The procedure to report on: as named, else as the organisation file says, else the only candidate. */
function chooseProcedure(named: string | undefined, procedures: ReadonlyMap<string, Procedure>, organisation: Organisation | undefined): Procedure {
  const own = [...procedures.values()].filter((procedure) => procedure.kind === 'procedure').map((procedure) => procedure.id).sort();
  const id = named ?? organisation?.reports?.procedure ?? (organisation?.publish.length === 1 ? organisation.publish[0] : undefined) ?? (own.length === 1 ? own[0] : undefined);
  if (id === undefined) throw new UsageError(`--procedure: say which procedure the report is about (${own.join(', ')}), or name it as reports.procedure in redress.yaml.`);
  const procedure = procedures.get(id);
  if (!procedure) throw new UsageError(`--procedure: there is no procedure "${id}" in workflows/. Known: ${own.join(', ')}.`);
  if (procedure.kind !== 'procedure') throw new UsageError(`--procedure: "${id}" is a model or code, not an organisation's procedure. Procedures: ${own.join(', ')}.`);
  return procedure;
}
