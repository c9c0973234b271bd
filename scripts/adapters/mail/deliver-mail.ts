/**
 * Delivers one message of the mail outbox, exactly once or visibly not at all.
 *
 * Before a message goes to the SMTP server, "sending" is written to its entry and flushed. When the server answers,
 * the answer is written. A process that finds "sending" and no answer (it was killed, or the machine stopped, in
 * between) cannot know whether the server accepted the message: SMTP has no way to ask. It marks the message
 * "uncertain" and does not send it again; staff decide (`redress mail resend` or `mail forget`), because a second
 * copy of a letter to a complainant is worse than asking a person. The same holds when the connection drops after
 * the message was handed over. Every other failure is certain: a 5xx reply fails the message for good, anything
 * temporary puts it back in the queue for the worker to retry with backoff.
 *
 * Without an SMTP server the message is written to an .eml file in the data directory instead: nothing is lost or
 * skipped silently, and `redress mail list|show` shows what would have been sent.
 */
import { SETTLED_STATUSES, type MailStatus } from '../../core/mail/mail-request.ts';
import { composeMessage } from './compose-message.ts';
import { needsWork, type MailEntry, type MailOutbox } from './mail-outbox.ts';
import { SmtpFailure, type SmtpSender } from './smtp-sender.ts';

/** Named points of a delivery, where the crash tests stop the process to prove nothing is lost or sent twice there. */
export type MailPoint = 'after-mail-enqueue' | 'after-sending-mark' | 'after-smtp-accept' | 'after-sent-record';
export const MAIL_POINTS: readonly MailPoint[] = ['after-mail-enqueue', 'after-sending-mark', 'after-smtp-accept', 'after-sent-record'];

export interface MailDeliveryDeps {
  outbox: MailOutbox;
  /** The SMTP server; absent, messages are written to .eml files in the data directory. */
  smtp?: SmtpSender;
  /**
   * Told each settled outcome of a message about a case (sent, written to a file, failed, uncertain, set aside), to
   * record it there; called again after a crash until it returns, so it must be idempotent. Throwing leaves the
   * record to a later try; the message itself is never sent again for it.
   */
  onOutcome?: (entry: MailEntry) => Promise<void>;
  checkpoint?: (point: MailPoint) => Promise<void>;
  now?: () => number;
  /** Temporary failures stop being retried after this long, and the message is marked failed (default 3 days). */
  giveUpAfterMs?: number;
}

/** A temporary failure: the message is queued again, and the worker waits before the next try. */
export class MailDeferred extends Error {
  override name = 'MailDeferred';
  readonly failure: SmtpFailure;

  constructor(failure: SmtpFailure) {
    super(failure.message, { cause: failure });
    this.failure = failure;
  }
}

const DAY_MS = 86_400_000;

/**
 * Does what is left to do for one message: sends it (or writes it to a file), settles an interrupted attempt as
 * uncertain, and records the outcome on its case. Returns the entry as it then stands; `busy` when another live
 * process owns it, `gone` when there is no such entry. Throws MailDeferred after a temporary failure.
 */
export async function deliverMail(deps: MailDeliveryDeps, id: string): Promise<MailEntry | 'gone' | 'busy'> {
  const claimed = await deps.outbox.claim(id, async (entry) => {
    let current = entry;
    if (current.status === 'sending') {
      current = await deps.outbox.write(
        settle(current, 'uncertain', deps, 'The process sending it stopped before the mail server’s answer was recorded: the server may have accepted it.'),
      );
    }
    if (current.status === 'queued') current = deps.smtp ? await sendBySmtp(deps, deps.smtp, current) : await writeToFile(deps, current);
    return recordOutcome(deps, current);
  });
  return claimed.status === 'done' ? claimed.result : claimed.status;
}

async function writeToFile(deps: MailDeliveryDeps, entry: MailEntry): Promise<MailEntry> {
  const file = await deps.outbox.writeEml(entry, await composeMessage(entry));
  return deps.outbox.write({ ...settle(entry, 'written', deps, 'No mail server is configured (REDRESS_SMTP_URL): written to a file instead.'), file });
}

async function sendBySmtp(deps: MailDeliveryDeps, smtp: SmtpSender, entry: MailEntry): Promise<MailEntry> {
  const message = await composeMessage(entry);
  const sending = await deps.outbox.write({ ...entry, status: 'sending', statusAt: isoNow(deps), attempts: entry.attempts + 1 });
  await deps.checkpoint?.('after-sending-mark');
  let reply: string;
  try {
    ({ reply } = await smtp.send({ from: entry.from.address, to: entry.to }, message));
  } catch (error) {
    if (!(error instanceof SmtpFailure)) throw error;
    const detail = error.reply ?? error.message;
    if (error.outcome === 'permanent') return deps.outbox.write(settle(sending, 'failed', deps, detail));
    if (error.outcome === 'uncertain') return deps.outbox.write(settle(sending, 'uncertain', deps, detail));
    const firstFailureAt = sending.firstFailureAt ?? isoNow(deps);
    const giveUpAfter = deps.giveUpAfterMs ?? 3 * DAY_MS;
    if (now(deps) - Date.parse(firstFailureAt) >= giveUpAfter) {
      const days = Math.round((giveUpAfter / DAY_MS) * 10) / 10;
      return deps.outbox.write(settle(sending, 'failed', deps, `Not delivered after ${days} day${days === 1 ? '' : 's'} of temporary failures; the last: ${detail}`));
    }
    await deps.outbox.write({ ...sending, status: 'queued', statusAt: isoNow(deps), detail, firstFailureAt });
    throw new MailDeferred(error);
  }
  await deps.checkpoint?.('after-smtp-accept');
  const sent = await deps.outbox.write(settle(sending, 'sent', deps, reply));
  await deps.checkpoint?.('after-sent-record');
  return sent;
}

async function recordOutcome(deps: MailDeliveryDeps, entry: MailEntry): Promise<MailEntry> {
  if (!deps.onOutcome || !needsWork(entry, true) || !SETTLED_STATUSES.includes(entry.status)) return entry;
  await deps.onOutcome(entry);
  // Under the lock, and only if nothing changed meanwhile (staff may have resent it): the record is of this status.
  const updated = await deps.outbox.update(entry.id, (current) => (current.status === entry.status && current.statusAt === entry.statusAt ? { ...current, recorded: current.status } : undefined));
  return updated ?? entry;
}

function settle(entry: MailEntry, status: MailStatus, deps: MailDeliveryDeps, detail: string): MailEntry {
  const { firstFailureAt: _cleared, ...rest } = entry;
  return { ...rest, status, statusAt: isoNow(deps), detail };
}

function now(deps: MailDeliveryDeps): number {
  return (deps.now ?? Date.now)();
}

function isoNow(deps: MailDeliveryDeps): string {
  return new Date(now(deps)).toISOString();
}
