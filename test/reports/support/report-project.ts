/**
 * A project for the report tests: the repository's procedures plus two fixtures (a landlord under the Housing
 * Ombudsman's Code, a Scottish council under the SPSO model), and a ledger of generated cases written as the sweep
 * writes it. Cases come from the benchmarks' seeded generator, run through the real deadline engine.
 */
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadWorkflows } from '../../../scripts/adapters/fs/procedure-files.ts';
import { generatedEntry, type GeneratedCaseOptions } from '../../../scripts/bench/generated-cases.ts';
import { seededRandom } from '../../../scripts/bench/seeded-random.ts';
import { main } from '../../../scripts/cli/main.ts';
import { ledgerPath } from '../../../scripts/core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Procedure } from '../../../scripts/core/procedure/procedure-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** A project folder with workflows/ (the repository's and the fixtures) and an empty ledger/ folder. */
export async function reportProject(): Promise<{ dir: string; procedures: ReadonlyMap<string, Procedure> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-reports-'));
  await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  for (const name of ['northfield-homes.yaml', 'glen-council.yaml']) await cp(path.join(FIXTURES, name), path.join(dir, 'workflows', name));
  await mkdir(path.join(dir, 'ledger'));
  const loaded = await loadWorkflows(path.join(dir, 'workflows'), dir);
  if (loaded.problems.length > 0) throw new Error(`The fixture procedures have problems: ${JSON.stringify(loaded.problems)}`);
  return { dir, procedures: loaded.procedures };
}

/** Generated cases of one procedure, received over a window: the same seed gives the same cases. */
export function generatedEntries(request: { procedure: Procedure; count: number; seed: number; prefix: string; options: GeneratedCaseOptions }): LedgerEntry[] {
  const next = seededRandom(request.seed);
  return Array.from({ length: request.count }, (_, index) => generatedEntry({ procedure: request.procedure, index, next, prefix: request.prefix, options: request.options }));
}

/** Writes entries into a ledger folder as the sweep lays it out (<year>/<reference>.json). */
export async function writeLedger(dir: string, entries: readonly LedgerEntry[]): Promise<void> {
  for (const entry of entries) {
    const file = path.join(dir, ledgerPath(entry));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, formatLedgerEntry(entry));
  }
}

/** A UTC day as milliseconds. */
export const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Runs the CLI in the project at a fixed time; the ledger is the project's ledger/ folder. */
export async function runCli(dir: string, argv: string[], now = '2026-06-30T12:00:00Z'): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: { REDRESS_DATA_DIR: '.redress' }, now: () => Date.parse(now) });
  return { code, stdout, stderr };
}
