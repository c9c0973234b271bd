/**
 * The mail a complaint's arrival sends: today the complainant's receipt email. It is planned with the case, carried
 * in the submission's outbox entry, and handed to the mail outbox once the case exists, before the entry is removed:
 * so a process killed at any point neither loses it (the entry is delivered again, and enqueues it again) nor sends
 * it twice (the mail outbox keeps one message per key). A submission left queued because the store is down gets its
 * email when its case is made: the email never speaks of a case that does not exist.
 */
import type { MailRequest } from '../../core/mail/mail-request.ts';
import type { LetterInput } from '../../core/intake/acknowledgement-letter.ts';
import { planReceiptEmail, type TrackingWay } from '../../core/intake/receipt-email.ts';
import { readTemplate } from '../fs/templates.ts';
import type { OutboxEntry } from './outbox.ts';

/** Where the intake hands messages (the mail runtime's `enqueue`). */
export interface IntakeMail {
  enqueue(request: MailRequest): Promise<unknown>;
}

/** The messages a new case sends, from what the complaint and its timeline say. */
export type ReceiptMailPlanner = (input: LetterInput) => Promise<MailRequest[]>;

/**
 * Plans the receipt email with each procedure's template (its own `receipt-email.hbs`, or the default), with the
 * case's tracking link when the process can sign one, or the look-up page alone (`trackingLink`, made at `now`).
 */
export function receiptMailPlanner({ trackingLink, now = Date.now }: { trackingLink?: (reference: string, now: number) => TrackingWay; now?: () => number } = {}): ReceiptMailPlanner {
  const templates = new Map<string, Promise<string>>();
  return async (input) => {
    const id = input.procedure.id;
    let template = templates.get(id);
    if (!template) templates.set(id, (template = readTemplate('receipt-email', id)));
    const request = planReceiptEmail(await template, input, trackingLink?.(input.reference, now()));
    return request ? [request] : [];
  };
}

/** The `mail` field of a new outbox entry: the messages planned for the case, when there are any. */
export async function mailOnReceipt(deps: { mail?: IntakeMail; planReceiptMail?: ReceiptMailPlanner }, input: LetterInput): Promise<{ mail?: MailRequest[] }> {
  if (!deps.mail || !deps.planReceiptMail) return {};
  const mail = await deps.planReceiptMail(input);
  return mail.length > 0 ? { mail } : {};
}

/**
 * Hands the messages a delivered submission carries to the mail outbox. A process that cannot send mail must not
 * remove an entry that carries some: it fails, and the entry waits for one that can.
 */
export async function enqueueSubmissionMail(mail: IntakeMail | undefined, entry: OutboxEntry): Promise<void> {
  if (!entry.mail || entry.mail.length === 0) return;
  if (!mail) throw new Error(`Submission ${entry.submissionId} has messages to send, and this process has no mail outbox.`);
  for (const request of entry.mail) await mail.enqueue(request);
}
