// Benchmark: `redress audit` over a ledger of 100,000 generated entries.
// Run with `npm run bench:audit`. Generates plausible cases across every procedure, runs each through the deadline
// engine, writes its ledger entry as the sweep would (cases/<year>/<reference>.json in a temporary folder), then
// times what the audit command does: read and validate every entry, build the report, and render it as Markdown,
// HTML and JSON, stage by stage; then runs the command itself for each format, as staff would, from start to the
// file written. The aim is under 10 seconds for the whole report, in any format.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadWorkflows } from '../adapters/fs/procedure-files.ts';
import { readTemplate } from '../adapters/fs/templates.ts';
import { readLedgerDir } from '../adapters/ledger/ledger-files.ts';
import { buildAuditReport } from '../core/audit/audit-report.ts';
import { renderAuditHtml, renderAuditJson, renderAuditMarkdown } from '../core/audit/render-audit-report.ts';
import { ledgerPath } from '../core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../core/ledger/format-ledger-entry.ts';
import type { Procedure } from '../core/procedure/procedure-schema.ts';
import { generatedEntry } from './generated-cases.ts';
import { seededRandom } from './seeded-random.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const { procedures, problems } = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));
if (problems.length > 0) throw new Error('workflows/ has problems; run npx redress procedures check');
const all = [...procedures.values()].filter((p) => p.kind === 'procedure');
const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-bench-audit-'));
const next = seededRandom(20261124);

try {
  process.stdout.write(`Generating ${ENTRIES.toLocaleString('en-GB')} ledger entries in ${dir}…\n`);
  const generating = performance.now();
  // Plain writes, not the sweep's fsynced ones: the bench times reading the ledger, not making it.
  for (const year of ['2024', '2025', '2026', '2027']) await mkdir(path.join(dir, year), { recursive: true });
  const pending: Promise<void>[] = [];
  for (let i = 0; i < ENTRIES; i += 1) {
    const procedure = all[i % all.length] as Procedure;
    const entry = generatedEntry({ procedure, next, index: i });
    pending.push(writeFile(path.join(dir, ledgerPath(entry)), formatLedgerEntry(entry)));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  process.stdout.write(`  generated in ${((performance.now() - generating) / 1000).toFixed(1)} s (not part of the timing)\n\n`);

  // The time to report: the command as staff run it, in a process of its own, from start to the file written.
  process.stdout.write('The command, npx redress audit --ledger <dir> --format <format> --output <file>:\n');
  const times: Record<string, number> = {};
  for (const format of ['md', 'html', 'json'] as const) {
    const output = path.join(dir, `audit.${format}`);
    const began = performance.now();
    await run(process.execPath, [path.join(ROOT, 'scripts', 'cli', 'redress.ts'), 'audit', '--ledger', dir, '--format', format, '--output', output], { cwd: ROOT, maxBuffer: 1 << 20 });
    times[format] = (performance.now() - began) / 1000;
    process.stdout.write(`  --format ${format.padEnd(25)} ${times[format]?.toFixed(2).padStart(6)} s (${((await stat(output)).size / 1e6).toFixed(1)} MB)\n`);
    await rm(output);
  }
  process.stdout.write('\n');

  // Where the time goes: each stage of the command in this process, on the entries read once.
  const templates = { md: await readTemplate('audit-report-markdown'), html: await readTemplate('audit-report-html') };
  const time = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
    const began = performance.now();
    const result = await fn();
    process.stdout.write(`  ${label.padEnd(34)} ${((performance.now() - began) / 1000).toFixed(2).padStart(6)} s\n`);
    return result;
  };
  process.stdout.write('Stages, in this process:\n');
  const read = await time('read and validate every entry', () => readLedgerDir(dir));
  if (read.problems.length > 0) throw new Error(`${read.problems.length} generated entries are not valid: ${read.problems[0]?.message}`);
  const report = await time('build the report', () => buildAuditReport(read.files.map((f) => f.entry), { asOf: Date.UTC(2027, 0, 31) }));
  const sizes = {
    md: (await time('render Markdown', () => renderAuditMarkdown(templates.md, report))).length,
    html: (await time('render HTML (with charts)', () => renderAuditHtml(templates.html, report))).length,
    json: (await time('render JSON', () => renderAuditJson(report))).length,
  };
  const departed = report.cases.filter((c) => c.departures.length > 0).length;
  process.stdout.write(`\nAudit of ${read.files.length.toLocaleString('en-GB')} entries (${report.procedures.length} procedures, ${report.months.length} months, ${departed.toLocaleString('en-GB')} cases with departures):\n`);
  process.stdout.write(`  Markdown ${(sizes.md / 1e6).toFixed(1)} MB, HTML ${(sizes.html / 1e6).toFixed(1)} MB, JSON ${(sizes.json / 1e6).toFixed(1)} MB\n\n`);

  const slowest = Math.max(...Object.values(times));
  process.stdout.write(`  time to report: ${(times.md ?? 0).toFixed(2)} s for the default Markdown, ${slowest.toFixed(2)} s for the slowest format (aim: under 10 s) ${slowest < 10 ? 'ok' : 'SLOWER THAN THE AIM'}\n`);
  process.exitCode = slowest < 10 ? 0 : 1;
} finally {
  if (!process.env.BENCH_KEEP) await rm(dir, { recursive: true, force: true });
}
