import { readConfig } from '../../adapters/config/read-config.ts';
import { ContentPacer, contentLogFile } from '../../adapters/github/content-pacer.ts';
import { Outbox } from '../../adapters/intake/outbox.ts';
import { openCaseStore } from '../../adapters/intake/open-store.ts';
import { RetryWorker } from '../../adapters/intake/retry-worker.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { openMailRuntime } from '../../adapters/mail/mail-runtime.ts';
import { configSecrets } from '../../core/config/config-schema.ts';
import type { Command } from '../command.ts';

export const outboxFlush: Command = {
  name: 'outbox flush',
  summary: 'Deliver the submissions waiting in the outbox to the case store now.',
  usage: '',
  details: `
Submissions wait in the outbox (<data dir>/outbox/) when the case store was down or slow; the running
server retries them with backoff. This tries each one now, once. Safe to run while the server runs:
submissions the server is delivering are left to it, so none is ever delivered twice.

Exit status: 0 when the outbox is empty afterwards, 1 when some could not be delivered.

Examples:
  npx redress outbox flush
  REDRESS_GITHUB_REPO=example-org/complaints GITHUB_TOKEN=… npx redress outbox flush`,
  options: {},
  positionals: { min: 0, max: 0 },
  async run(_args, context) {
    const config = readConfig(context.env, context.cwd);
    const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
    // Shares the server's log of writes to GitHub: the two together keep within GitHub's limits.
    const pacer = config.store.kind === 'github' ? await ContentPacer.open({ file: contentLogFile(config.dataDir) }) : undefined;
    const opened = await openCaseStore(config, log, undefined, pacer);
    const outbox = await new Outbox(config.dataDir).open();
    // The receipt emails of the submissions delivered here are sent before the command ends.
    const mail = await openMailRuntime({ mail: config.mail, dataDir: config.dataDir, log, store: opened.store, startWorker: false });
    try {
      const report = await new RetryWorker({ store: opened.store, outbox, log, pacer, mail }).flush();
      context.stdout(`${report.delivered.length} delivered, ${report.failed.length} still waiting.\n`);
      if (report.busy.length > 0) context.stdout(`${report.busy.length} being delivered by the running server (it retries them itself).\n`);
      for (const failure of report.failed) context.stdout(`  ${failure.submissionId}: ${failure.error}\n`);
      return report.failed.length === 0 ? 0 : 1;
    } finally {
      await mail.close();
      await outbox.close();
      await opened.close();
    }
  },
};
