#!/usr/bin/env node
// `npm start`: checks the configuration and opens the intake (delivering anything queued before a restart), then
// serves the built site, compressed, with /healthz; pulls the ledger Actions commits (REDRESS_LEDGER_SYNC=git); and
// (for the local store) runs the sweep every few minutes. A bad configuration stops here, naming the variable,
// before listening.
import { ConfigError } from '../adapters/config/read-config.ts';
import { serverIntake } from '../adapters/intake/server-intake.ts';
import { GitLedgerSync } from '../adapters/ledger/ledger-sync.ts';
import { ledgerDirFor } from '../adapters/sweep/sweep-runtime.ts';
import { startSweepTimer } from '../adapters/sweep/sweep-timer.ts';
import { createHealthCheck, healthzHandler } from './healthz.ts';
import { serveSite } from './serve-site.ts';

try {
  const { config, log, runtime } = await serverIntake();
  const cwd = process.cwd();
  let sync: GitLedgerSync | undefined;
  if (config.ledgerSync.kind === 'git') {
    sync = new GitLedgerSync({ dir: ledgerDirFor(config, cwd), log, ...(config.store.kind === 'github' ? { github: config.store.github } : {}) });
    sync.start(config.ledgerSync.intervalMinutes * 60_000);
  }
  const health = createHealthCheck({ config, runtime, cwd, log, ...(sync ? { sync } : {}) });
  await serveSite({ outDir: process.argv[2] ?? 'dist', host: config.host, port: config.port, routes: { '/healthz': healthzHandler(health, log) }, trustProxy: config.trustProxy });
  log.info(`Redress is serving http://${config.host}:${config.port}/`, { store: config.store.kind });
  process.stdout.write(`Redress: http://${config.host}:${config.port}/\n`);
  const minutes = config.sweepIntervalMinutes ?? (config.store.kind === 'local' ? 5 : 0);
  if (minutes > 0) startSweepTimer({ config, cwd: process.cwd(), log, intervalMs: minutes * 60_000 });
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Redress cannot start: ${(error as Error).message}`}\n`);
  process.exit(1);
}
