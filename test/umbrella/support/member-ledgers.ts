// Generated member ledgers for the umbrella tests: plausible cases from the seeded generator the benchmarks use,
// recorded as the sweep records them, ready to put into a repository on the GitHub test server or a folder.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedEntry } from '../../../scripts/bench/generated-cases.ts';
import { seededRandom } from '../../../scripts/bench/seeded-random.ts';
import { ledgerPath } from '../../../scripts/core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry } from '../../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../../scripts/core/ledger/ledger-entry-schema.ts';
import { seedProcedure } from '../../support/procedures.ts';

export const MEMBER_PROCEDURES = ['ceccc', 'op-performance', 'cms-vocational', 'cecops'] as const;

/** A member's ledger: `count` generated entries under one procedure, seeded by the member's number. */
export function memberEntries(member: number, count: number): LedgerEntry[] {
  const procedure = seedProcedure(MEMBER_PROCEDURES[member % MEMBER_PROCEDURES.length] as string);
  const next = seededRandom(1_000 + member);
  return Array.from({ length: count }, (_, i) => generatedEntry({ procedure, next, index: i, reference: `RDR-M${String(member).padStart(3, '0')}-${String(i).padStart(4, '0')}` }));
}

/** The entries as files of a cases repository: `cases/<year>/<reference>.json` → text. */
export function ledgerFiles(entries: readonly LedgerEntry[], prefix = 'cases/'): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => [`${prefix}${ledgerPath(entry)}`, formatLedgerEntry(entry)]));
}

/** Writes the entries into a ledger folder (`<year>/<reference>.json`). */
export async function writeLedgerFolder(dir: string, entries: readonly LedgerEntry[]): Promise<void> {
  for (const [file, text] of Object.entries(ledgerFiles(entries, ''))) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}
