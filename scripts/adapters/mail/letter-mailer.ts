/**
 * How the sweep sends staff's letters by email: through the mail outbox (one message per key, a Message-ID from
 * the key, a "sending" mark flushed before the hand-over), delivered at once and answered there and then, so the
 * letter's record on the case can say what happened in the same run.
 *
 * No background worker retries a letter here: where the data directory is not kept (GitHub Actions), a message
 * retried after the run had recorded it as deferred would be sent again by the next run, which starts with an
 * empty outbox. A deferred letter is retried by the next sweep, which reads "queued" on the case; on a data
 * directory that is kept, the outbox it enqueues into already knows the message, so it is still one message.
 */
import type { MailConfig } from '../../core/config/mail-config.ts';
import type { LetterMailOutcome, LetterMailer } from '../../core/letters/send-letters.ts';
import type { MailRequest } from '../../core/mail/mail-request.ts';
import { deliverMail, MailDeferred, type MailPoint } from './deliver-mail.ts';
import { MailOutbox, mailId, type MailEntry } from './mail-outbox.ts';
import { SmtpSender, type SmtpSenderOptions } from './smtp-sender.ts';
import { resendMessage } from './staff-actions.ts';

export interface LetterMailerOptions {
  mail: MailConfig;
  dataDir: string;
  now?: () => number;
  /** Stops the process at a point of a delivery (the crash tests). */
  checkpoint?: (point: MailPoint) => Promise<void>;
  tuning?: SmtpSenderOptions;
}

export interface OpenLetterMailer extends LetterMailer {
  outbox: MailOutbox;
  close(): Promise<void>;
}

const AGAIN = new Set<MailEntry['status']>(['failed', 'uncertain', 'written', 'forgotten']);

export async function openLetterMailer(options: LetterMailerOptions): Promise<OpenLetterMailer> {
  const now = options.now ?? Date.now;
  const outbox = await new MailOutbox(options.dataDir, { from: options.mail.from }).open();
  const smtp = options.mail.smtp ? new SmtpSender(options.mail.smtp, { ...options.tuning, maxConnections: 1 }) : undefined;
  const deps = { outbox, ...(smtp ? { smtp } : {}), now, ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}) };

  const deliver = async (id: string): Promise<LetterMailOutcome> => {
    let result: MailEntry | 'gone' | 'busy';
    try {
      result = await deliverMail(deps, id);
    } catch (error) {
      if (!(error instanceof MailDeferred)) throw error;
      return { status: 'queued', at: now(), detail: error.failure.reply ?? error.failure.message };
    }
    if (result === 'gone') throw new Error(`Mail entry ${id} disappeared while it was being sent.`);
    // Another live process holds it and is sending it: the next sweep reads what became of it.
    if (result === 'busy') return { status: 'queued', at: now(), detail: 'Another process is sending it.' };
    return outcomeOf(result);
  };

  return {
    outbox,
    async send(request: MailRequest, { again }) {
      const { entry } = await outbox.enqueue(request, now());
      if (again && AGAIN.has(entry.status)) {
        const decided = await resendMessage(outbox, entry.id, { by: 'redress sweep', now: now() });
        if (!decided.ok) return outcomeOf(entry);
      }
      return deliver(entry.id);
    },
    async recover(key: string) {
      const entry = await outbox.get(mailId(key));
      if (!entry) {
        return { status: 'uncertain', at: now(), detail: 'A sweep stopped while sending it, and no record of the mail server’s answer was kept (in GitHub Actions nothing outlives the run).' };
      }
      // Never handed over (or put back after a deferral): the next sweep sends it, with its key.
      if (entry.status === 'queued') return { status: 'queued', at: now(), detail: entry.detail ?? 'Not handed to the mail server yet.' };
      // A "sending" entry whose process has died is settled as uncertain by the delivery itself, never sent again.
      if (entry.status === 'sending') return deliver(entry.id);
      return outcomeOf(entry);
    },
    async close() {
      await smtp?.close();
      await outbox.close();
    },
  };
}

function outcomeOf(entry: MailEntry): LetterMailOutcome {
  const at = Date.parse(entry.statusAt);
  const detail = entry.detail ? { detail: entry.detail } : {};
  switch (entry.status) {
    case 'sent':
    case 'written':
    case 'failed':
    case 'uncertain':
    case 'queued':
      return { status: entry.status, at, ...detail };
    case 'forgotten':
      return { status: 'failed', at, detail: 'Set aside by staff (npx redress mail forget).' };
    case 'sending':
      return { status: 'uncertain', at, ...detail };
  }
}
