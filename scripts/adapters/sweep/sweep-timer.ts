import type { Config } from '../../core/config/config-schema.ts';
import type { Logger } from '../log/logger.ts';
import { runConfiguredSweep } from './sweep-runtime.ts';

/**
 * The sweep run in the server's own process every few minutes, for the local store: with no GitHub Actions
 * schedule, `npm start` alone keeps deadlines, reminders and escalations moving. Runs never overlap; a failed run
 * is logged and the next one tries again.
 */
export function startSweepTimer({ config, cwd, log, intervalMs }: { config: Config; cwd: string; log: Logger; intervalMs: number }): { stop: () => void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const { summary } = await runConfiguredSweep({ config, cwd, now: Date.now(), dryRun: false, requestBudget: Number.MAX_SAFE_INTEGER, log });
      const { seen, changed, reminders, escalations, problems, locked } = summary;
      log.info('Sweep done', { seen, changed, reminders, escalations, problems: problems.length, locked });
    } catch (error) {
      log.error('Sweep failed; it will run again', { error });
    } finally {
      running = false;
    }
  };
  // A first run soon after start, so a restart catches up at once.
  const first = setTimeout(run, Math.min(intervalMs, 5_000));
  const timer = setInterval(run, intervalMs);
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
