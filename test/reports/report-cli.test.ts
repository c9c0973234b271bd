/**
 * `redress report` through the command line, on a ledger of generated cases: each report in each format (snapshots
 * of Markdown, CSV and JSON; the structure of the HTML), the defaults redress.yaml gives, and every bad command line.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CellLine, ReportDocument, ReportFigure } from '../../scripts/core/reports/report-document.ts';
import { parseCsv } from './support/csv.ts';
import { generatedEntries, reportProject, runCli, utc, writeLedger } from './support/report-project.ts';

const PERIOD = '2025-04-01..2026-03-31';
/** Each report, the procedure it is made for in the fixtures, and its extra options. */
const KINDS = [
  { kind: 'tsm', procedure: 'northfield-homes', extra: ['--homes', '4800'] },
  { kind: 'annual-performance', procedure: 'northfield-homes', extra: [] },
  { kind: 'hoc-self-assessment', procedure: 'northfield-homes', extra: [] },
  { kind: 'spso-indicators', procedure: 'glen-council', extra: [] },
] as const;

let dir = '';

beforeAll(async () => {
  const project = await reportProject();
  dir = project.dir;
  const northfield = project.procedures.get('northfield-homes');
  const glen = project.procedures.get('glen-council');
  if (!northfield || !glen) throw new Error('The fixture procedures are missing.');
  await writeLedger(path.join(dir, 'ledger'), [
    // Two years of a landlord's complaints: the report's year and the year before.
    ...generatedEntries({ procedure: northfield, count: 260, seed: 7, prefix: 'N', options: { window: { start: utc('2024-04-01'), days: 730 }, learning: 0.2 } }),
    // A year of a Scottish council's, some opened directly at stage 2.
    ...generatedEntries({ procedure: glen, count: 120, seed: 8, prefix: 'G', options: { window: { start: utc('2025-04-01'), days: 365 }, learning: 0.2, direct: 0.15 } }),
  ]);
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const report = (kind: string, procedure: string, extra: readonly string[], format: string) => runCli(dir, ['report', kind, '--period', PERIOD, '--procedure', procedure, '--format', format, '--ledger', 'ledger', ...extra]);

/** Every figure of a report, in order. */
function figuresOf(document: ReportDocument): ReportFigure[] {
  return document.sections.flatMap((part) => part.tables.flatMap((t) => t.rows.flatMap((row) => row.cells.flat().flatMap((line: CellLine) => ('figure' in line ? [line.figure] : [])))));
}

/** How many parts are left for the organisation to complete. */
function toComplete(document: ReportDocument): number {
  const lines = document.sections.flatMap((part) => part.tables.flatMap((t) => t.rows.flatMap((row) => row.cells.flat()))).filter((line) => 'complete' in line).length;
  return lines + document.sections.reduce((n, part) => n + part.complete.length, 0);
}

describe.each(KINDS)('redress report $kind', ({ kind, procedure, extra }) => {
  let document: ReportDocument;

  beforeAll(async () => {
    const json = await report(kind, procedure, extra, 'json');
    expect(json).toMatchObject({ code: 0, stderr: '' });
    document = JSON.parse(json.stdout) as ReportDocument;
  });

  test('JSON: the document, every figure with its definition', async () => {
    await expect(JSON.stringify(document, null, 2) + '\n').toMatchFileSnapshot(`__snapshots__/${kind}.json`);
    const defined = new Set(document.definitions.map((definition) => definition.id));
    const figures = figuresOf(document);
    expect(figures.length).toBeGreaterThan(5);
    for (const figure of figures) {
      expect(defined).toContain(figure.definition);
      expect(figure.shown ? figure.value : undefined, `${figure.text} is ${figure.shown ? 'shown with' : 'held back without'} its number`).toEqual(figure.shown ? expect.any(Number) : undefined);
    }
    // Every definition says where it comes from.
    for (const definition of document.definitions) expect(definition.source.title).not.toBe('');
  });

  test('Markdown: the snapshot, and every figure links to a definition in the report', async () => {
    const { code, stdout } = await report(kind, procedure, extra, 'md');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(`__snapshots__/${kind}.md`);
    const links = [...stdout.matchAll(/\]\(#(def-[a-z0-9-]+)\)/g)].map((match) => match[1]);
    const anchors = new Set([...stdout.matchAll(/<a id="(def-[a-z0-9-]+)"><\/a>/g)].map((match) => match[1]));
    expect(links).toHaveLength(figuresOf(document).length);
    for (const link of links) expect(anchors).toContain(link);
    expect(stdout.match(/\*\*To complete/g)?.length ?? 0).toBe(toComplete(document));
  });

  test('CSV: the snapshot; one header row, ISO dates, a byte order mark, CRLF, a row per figure', async () => {
    const { code, stdout } = await report(kind, procedure, extra, 'csv');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(`__snapshots__/${kind}.csv`);
    expect(stdout.startsWith('\uFEFFreport,organisation,procedure,section,table,row,column,period_from,period_to,value,unit,published,text,definition,definition_source\r\n')).toBe(true);
    expect(stdout.replace(/\r\n/g, '')).not.toMatch(/[\r\n](?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const [header, ...records] = parseCsv(stdout.slice(1));
    expect(header).toHaveLength(15);
    for (const record of records) {
      expect(record).toHaveLength(15);
      expect(record[7]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(record[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The number only when published, and as a plain number.
      if (record[11] === 'no') expect(record[9]).toBe('');
      if (record[11] === 'yes') expect(record[9]).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(records.filter((record) => record[11] !== '')).toHaveLength(figuresOf(document).length);
  });

  test('HTML: one page, its sections and tables, every figure linked to its definition', async () => {
    const { code, stdout: html } = await report(kind, procedure, extra, 'html');
    expect(code).toBe(0);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain(`<h1>${document.title}</h1>`);
    expect(html).toMatch(/@page \{ size: A4;/);
    // A heading per section, and the definitions.
    expect(html.match(/<h2 id=/g)).toHaveLength(document.sections.length + 1);
    // Every table captioned, with column and row headers.
    const tables = html.match(/<table[\s\S]*?<\/table>/g) ?? [];
    expect(tables).toHaveLength(document.sections.reduce((n, part) => n + part.tables.length, 0));
    for (const table of tables) {
      expect(table).toMatch(/<caption>[^<]+<\/caption>/);
      expect(table).toContain('<th scope="col"');
      expect(table).toContain('<th scope="row">');
    }
    const links = [...html.matchAll(/<a href="#(def-[a-z0-9-]+)"[^>]*>([^<]*)<\/a>/g)];
    const ids = new Set([...html.matchAll(/<dt id="(def-[a-z0-9-]+)">/g)].map((match) => match[1]));
    expect(links.map((link) => link[2])).toEqual(figuresOf(document).map((figure) => figure.text.replace(/'/g, '&#x27;')));
    for (const link of links) expect(ids).toContain(link[1]);
    expect(html.match(/class="(complete|to-complete)"/g)?.length ?? 0).toBe(toComplete(document));
  });
});

describe('what the reports say', () => {
  test('the self-assessment shows the departure from the Code against its provision, and leaves compliance to the landlord', async () => {
    const { stdout } = await report('hoc-self-assessment', 'northfield-homes', [], 'md');
    const row = stdout.split('\n').find((line) => line.startsWith('| 6.11 |'));
    expect(row).toContain('Departs from the Code: northfield-homes allows 10 working days; housing-ombudsman-code 5 working days.');
    expect(row).toContain('The procedure file departs from the Code here.');
    expect(row).toContain('**To complete:** _Yes or No, with the evidence and any commentary._');
    expect(stdout.split('\n').find((line) => line.startsWith('| 6.2 |'))).toContain('The procedure file meets it as written.');
    expect(stdout).toContain("**To complete: The governing body's review and approval.**");
  });

  test('the annual report puts each figure beside the year before', async () => {
    const document = JSON.parse((await report('annual-performance', 'northfield-homes', [], 'json')).stdout) as ReportDocument;
    expect(document.previous).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    const received = document.sections[0]?.tables[0]?.rows[0];
    expect(received?.header).toBe('Complaints received');
    expect(received?.cells[1]?.[0]).toMatchObject({ figure: { period: { from: '2024-04-01', to: '2025-03-31' } } });
  });

  test('the SPSO indicators are by quarter, each column with its dates', async () => {
    const document = JSON.parse((await report('spso-indicators', 'glen-council', [], 'json')).stdout) as ReportDocument;
    expect(document.sections[0]?.tables[0]?.columns.map((column) => column.label)).toEqual([
      'Indicator',
      'Q1 (1 Apr 2025 to 30 Jun 2025)',
      'Q2 (1 Jul 2025 to 30 Sep 2025)',
      'Q3 (1 Oct 2025 to 31 Dec 2025)',
      'Q4 (1 Jan 2026 to 31 Mar 2026)',
      'Whole period',
    ]);
  });

  test('--output writes the report to a file', async () => {
    const result = await runCli(dir, ['report', 'tsm', '--period', PERIOD, '--procedure', 'northfield-homes', '--homes', '4800', '--ledger', 'ledger', '--output', 'tsm.md']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Wrote tsm for 2025-04-01 to 2026-03-31 to tsm.md.\n' });
  });
});

describe('defaults from redress.yaml', () => {
  let configured = '';

  beforeAll(async () => {
    configured = await mkdtemp(path.join(os.tmpdir(), 'redress-reports-configured-'));
    await cp(dir, configured, { recursive: true });
    await writeFile(
      path.join(configured, 'redress.yaml'),
      'name: "=Northfield Homes Group"\ncontact: { email: complaints@example.org }\npublish: [northfield-homes, glen-council]\nreports: { code: housing-ombudsman-code, procedure: northfield-homes, homes: 4800 }\n',
    );
  });

  afterAll(async () => {
    if (configured) await rm(configured, { recursive: true, force: true });
  });

  test('the procedure and the number of homes come from reports:, the name from the organisation', async () => {
    const fromFile = await runCli(configured, ['report', 'tsm', '--period', PERIOD, '--ledger', 'ledger', '--format', 'json']);
    expect(fromFile.code).toBe(0);
    const document = JSON.parse(fromFile.stdout) as ReportDocument;
    expect(document).toMatchObject({ organisation: '=Northfield Homes Group', procedure: { id: 'northfield-homes' } });
    expect(document.sections[0]?.tables[0]?.rows[0]?.cells[1]).toEqual([{ figure: { text: '4,800', value: 4800, shown: true, unit: 'homes', definition: 'homes' } }]);
    // --homes, when given, is the number used.
    const given = JSON.parse((await runCli(configured, ['report', 'tsm', '--period', PERIOD, '--ledger', 'ledger', '--format', 'json', '--homes', '1,200'])).stdout) as ReportDocument;
    expect(given.sections[0]?.tables[0]?.rows[0]?.cells[1]).toEqual([{ figure: expect.objectContaining({ value: 1200 }) }]);
  });

  test('CSV: a cell a spreadsheet would run as a formula is made text', async () => {
    const { stdout } = await runCli(configured, ['report', 'tsm', '--period', PERIOD, '--ledger', 'ledger', '--format', 'csv']);
    const [, first] = parseCsv(stdout.slice(1));
    expect(first?.[1]).toBe("'=Northfield Homes Group");
  });
});

describe('a bad command line exits 2, naming the problem', () => {
  test.each([
    [['report'], 'Say which report: hoc-self-assessment, annual-performance, spso-indicators, tsm.'],
    [['report', 'tenant-satisfaction', '--period', PERIOD], '"tenant-satisfaction" is not a report. Reports: hoc-self-assessment, annual-performance, spso-indicators, tsm.'],
    [['report', 'tsm', 'annual-performance', '--period', PERIOD], 'Unexpected argument "annual-performance".'],
    [['report', 'annual-performance'], '--period is required: the complaints received from one date to another, written <from>..<to>, each YYYY-MM-DD, e.g. 2025-04-01..2026-03-31.'],
    [['report', 'annual-performance', '--period', '2025'], '--period: "2025" is not a period: write it as <from>..<to>'],
    [['report', 'annual-performance', '--period', '2025-04-01..2026-02-29'], '--period: "2026-02-29" in "2025-04-01..2026-02-29" is not a date that exists.'],
    [['report', 'annual-performance', '--period', '2026-03-31..2025-04-01'], '--period: the period "2026-03-31..2025-04-01" ends before it begins.'],
    [['report', 'annual-performance', '--period', PERIOD, '--format', 'xlsx'], '--format: "xlsx" is not one of md, html, json, csv.'],
    [['report', 'tsm', '--period', PERIOD, '--procedure', 'northfield-homes'], '--homes is required for tsm: CH01 counts complaints per 1,000 homes'],
    [['report', 'tsm', '--period', PERIOD, '--homes', 'many'], '--homes: "many" is not a positive whole number of homes, e.g. 1200.'],
    [['report', 'tsm', '--period', PERIOD, '--homes', '0'], '--homes: "0" is not a positive whole number of homes'],
    [['report', 'tsm', '--period', PERIOD, '--homes=-40'], '--homes: "-40" is not a positive whole number of homes'],
    [['report', 'tsm', '--period', PERIOD, '--homes', '1200.5'], '--homes: "1200.5" is not a positive whole number of homes'],
    [['report', 'annual-performance', '--period', PERIOD, '--homes', '1200'], '--homes is for the tsm report only; annual-performance does not count per home.'],
    [['report', 'annual-performance', '--period', PERIOD], '--procedure: say which procedure the report is about (ceccc, cecops, cms-vocational, glen-council, northfield-homes, op-performance)'],
    [['report', 'annual-performance', '--period', PERIOD, '--procedure', 'riverside'], '--procedure: there is no procedure "riverside" in workflows/.'],
    [['report', 'annual-performance', '--period', PERIOD, '--procedure', 'housing-ombudsman-code'], '--procedure: "housing-ombudsman-code" is a model or code, not an organisation\'s procedure.'],
    [['report', 'annual-performance', '--period', PERIOD, '--colour', 'red'], "Unknown option '--colour'."],
  ])('%j', async (argv, problem) => {
    const result = await runCli(dir, [...argv, '--ledger', 'ledger']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`redress report: ${problem}`);
    expect(result.stderr).toContain('Usage: redress report <kind> --period <from>..<to>');
  });

  test('a damaged ledger stops the report (exit 1), naming the file', async () => {
    const damaged = await mkdtemp(path.join(os.tmpdir(), 'redress-reports-damaged-'));
    await cp(dir, damaged, { recursive: true });
    const [name] = (await readdir(path.join(damaged, 'ledger', '2025'))).sort();
    await writeFile(path.join(damaged, 'ledger', '2025', name ?? ''), '{ not json');
    const result = await runCli(damaged, ['report', 'annual-performance', '--period', PERIOD, '--procedure', 'northfield-homes', '--ledger', 'ledger']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ledger/2025/${name}: `);
    expect(result.stderr).toContain('The ledger has 1 damaged file; run redress audit --verify.');
    await rm(damaged, { recursive: true, force: true });
  });
});
