import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAddress } from '../../core/config/mail-config.ts';
import type { MailEntry } from './mail-outbox.ts';

/** An address as a header writes it; nodemailer quotes and encodes the name. */
function addressOf(from: MailAddress): { name: string; address: string } | string {
  return from.name ? { name: from.name, address: from.address } : from.address;
}

/**
 * The message as RFC 5322 text, built by nodemailer's MailComposer (headers, encoded words, quoted-printable body)
 * from what the outbox holds. The Message-ID and Date are the entry's, so every attempt and every file written for
 * it carry the same ones.
 */
export function composeMessage(entry: MailEntry): Promise<Buffer> {
  return new MailComposer({
    from: addressOf(entry.from),
    to: entry.to,
    subject: entry.subject,
    text: entry.text,
    messageId: entry.messageId,
    date: new Date(entry.queuedAt),
    headers: {
      // RFC 3834: sent by software, so an out-of-office reply is not sent back to it.
      'Auto-Submitted': 'auto-generated',
    },
  })
    .compile()
    .build();
}
