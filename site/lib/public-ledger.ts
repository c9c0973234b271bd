import { LedgerSnapshots, type LedgerSnapshot } from '../../scripts/adapters/ledger/ledger-snapshots.ts';
import { ledgerDirFor } from '../../scripts/adapters/sweep/sweep-runtime.ts';
import { readConfig } from '../../scripts/adapters/config/read-config.ts';
import { createLogger } from '../../scripts/adapters/log/logger.ts';

/** The statistics page's reading of the ledger, and how long each reading serves. */
export interface PublicLedger extends LedgerSnapshot {
  /** How long a reading serves. */
  maxAgeSeconds: number;
  /** How much longer this reading serves: what a browser or proxy may keep the page for. */
  freshForSeconds: number;
}

const KEY = Symbol.for('redress.public-ledger');
type Holder = { [KEY]?: LedgerSnapshots };

/**
 * The case ledger the statistics page counts, read on request from where the server finds it: REDRESS_LEDGER_DIR,
 * else where the sweep writes it (cases/ with GitHub, kept current by REDRESS_LEDGER_SYNC; the local store's
 * ledger/ folder), each reading kept for REDRESS_STATISTICS_CACHE_SECONDS. One reader per process.
 */
export async function publicLedger(cwd: string = process.cwd()): Promise<PublicLedger> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const config = readConfig(process.env, cwd);
    holder[KEY] = new LedgerSnapshots({ dir: ledgerDirFor(config, cwd), maxAgeMs: config.statisticsCacheSeconds * 1000, log: createLogger() });
  }
  const snapshots = holder[KEY];
  const snapshot = await snapshots.current();
  const left = snapshot.stale ? 0 : snapshot.readAt + snapshots.maxAgeMs - Date.now();
  return { ...snapshot, maxAgeSeconds: snapshots.maxAgeMs / 1000, freshForSeconds: Math.max(0, Math.ceil(left / 1000)) };
}
