import path from 'node:path';
import { readLedgerDir } from '../../scripts/adapters/ledger/ledger-files.ts';
import { ledgerDirFor } from '../../scripts/adapters/sweep/sweep-runtime.ts';
import { parseConfig } from '../../scripts/core/config/config-schema.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';

/**
 * The case ledger the statistics page is built from, read when the site is built: REDRESS_LEDGER_DIR when set, else
 * where the sweep writes it for the configured store (cases/ with GitHub, the local store's ledger/ folder), else
 * cases/. A damaged entry fails the build rather than publishing figures that leave it out.
 */
export async function publicLedger(root: string): Promise<LedgerEntry[]> {
  const read = await readLedgerDir(ledgerDir(root));
  if (read.problems.length > 0) {
    throw new Error(`The case ledger has damaged entries; run npx redress audit --verify:\n${read.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
  return read.files.map((file) => file.entry);
}

function ledgerDir(root: string): string {
  if (process.env.REDRESS_LEDGER_DIR) return path.resolve(root, process.env.REDRESS_LEDGER_DIR);
  const parsed = parseConfig(process.env);
  // The site may be built where the store is not configured (a CI job with no token): the ledger is then cases/.
  return parsed.ok ? ledgerDirFor({ ...parsed.config, dataDir: path.resolve(root, parsed.config.dataDir) }, root) : path.join(root, 'cases');
}
