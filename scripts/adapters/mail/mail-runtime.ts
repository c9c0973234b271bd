/**
 * Everything sending mail needs at run time, built from the configuration: the outbox, the SMTP sender (or none,
 * and messages go to files), the worker, and the record of each message on its case. The server opens one with
 * the intake; one-off commands open their own, which sends what they enqueued before they exit.
 *
 * This is the interface the rest of Redress sends mail through: `enqueue(request)` with a key, a case reference and
 * a kind (scripts/core/mail/mail-request.ts). Delivery, retries, the record on the case and the uncertain cases are
 * the runtime's business.
 */
import type { CaseStore } from '../../core/case/case-store.ts';
import type { MailConfig } from '../../core/config/mail-config.ts';
import type { MailRequest } from '../../core/mail/mail-request.ts';
import type { Logger } from '../log/logger.ts';
import type { MailPoint } from './deliver-mail.ts';
import { MailOutbox, type MailEntry } from './mail-outbox.ts';
import { MailWorker, type MailWorkerOptions } from './mail-worker.ts';
import { recordOnCase } from './record-on-case.ts';
import { SmtpSender, type SmtpSenderOptions } from './smtp-sender.ts';

export interface MailRuntimeOptions {
  mail: MailConfig;
  dataDir: string;
  log: Logger;
  /** Where each message's outcome is recorded, on its case; absent, nothing is recorded. */
  store?: CaseStore;
  /** Send in the background (the server); one-off commands send what is waiting when they close instead. */
  startWorker: boolean;
  checkpoint?: (point: MailPoint) => Promise<void>;
  /** Timeouts, backoff and concurrency: the defaults suit real servers; tests and benchmarks shorten them. */
  tuning?: Pick<MailWorkerOptions, 'concurrency' | 'baseDelayMs' | 'maxDelayMs' | 'pollMs' | 'giveUpAfterMs' | 'now'> & SmtpSenderOptions;
}

export interface MailRuntime {
  outbox: MailOutbox;
  worker: MailWorker;
  /**
   * Records a message durably (once per key: the same key again returns the first) and has it sent soon. Resolves
   * once the message is on disk; what becomes of it is recorded in the outbox and on its case.
   */
  enqueue(request: MailRequest): Promise<{ entry: MailEntry; added: boolean }>;
  close(): Promise<void>;
}

export async function openMailRuntime(options: MailRuntimeOptions): Promise<MailRuntime> {
  const { mail, log, tuning = {} } = options;
  const outbox = await new MailOutbox(options.dataDir, { from: mail.from }).open();
  const concurrency = tuning.concurrency ?? 3;
  const smtp = mail.smtp ? new SmtpSender(mail.smtp, { ...tuning, maxConnections: tuning.maxConnections ?? concurrency }) : undefined;
  const worker = new MailWorker({
    outbox,
    ...(smtp ? { smtp } : {}),
    ...(options.store ? { onOutcome: recordOnCase(options.store) } : {}),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    log,
    ...tuning,
    concurrency,
  });
  if (options.startWorker) {
    worker.start();
    const counts = await outbox.counts();
    if (counts.uncertain > 0) log.warn('Messages whose delivery is uncertain wait for staff: see npx redress mail list', { uncertain: counts.uncertain });
  }
  return {
    outbox,
    worker,
    enqueue: async (request) => {
      const result = await outbox.enqueue(request, (tuning.now ?? Date.now)());
      await options.checkpoint?.('after-mail-enqueue');
      if (result.added) worker.notify(result.entry);
      return result;
    },
    close: async () => {
      await worker.stop();
      if (!options.startWorker) {
        const report = await worker.flush();
        // Why, once each: a refused password or a server that is down is something staff can act on.
        if (report.deferred.length > 0) log.warn('Some messages are still to be sent, or recorded on their case; the server finishes them when it next looks', { waiting: report.deferred.length, why: [...new Set(report.deferred.map((d) => d.error))] });
      }
      await smtp?.close();
      await outbox.close();
    },
  };
}
