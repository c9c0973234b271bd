/**
 * What staff may decide about a message Redress could not settle on its own: send it again (an uncertain one, one
 * refused, one written to a file for want of a server, or one set aside), or leave it. Each change is made under the
 * entry's lock, from what the file holds at that moment, so two people (or a person and the server) cannot both
 * act on the same message.
 */
import type { MailStatus } from '../../core/mail/mail-request.ts';
import type { MailEntry, MailOutbox } from './mail-outbox.ts';

export type StaffDecision = { ok: true; entry: MailEntry } | { ok: false; reason: string };

const RESENDABLE: readonly MailStatus[] = ['uncertain', 'failed', 'written', 'forgotten'];
const FORGETTABLE: readonly MailStatus[] = ['uncertain', 'failed', 'written'];

const WHY_NOT: Readonly<Partial<Record<MailStatus, string>>> = {
  queued: 'is waiting to be sent already',
  sending: 'is being sent now',
  sent: 'was accepted by the mail server; check the address with the complainant before sending a letter twice',
  forgotten: 'was set aside already',
};

/** Puts a message back in the queue, owned by this process, which then sends it (with the same Message-ID). */
export function resendMessage(outbox: MailOutbox, id: string, { by, now }: { by: string; now: number }): Promise<StaffDecision> {
  return decide(outbox, id, RESENDABLE, (entry) => {
    const { firstFailureAt: _cleared, detail: _previous, ...rest } = entry;
    return { ...rest, status: 'queued', statusAt: new Date(now).toISOString(), owner: outbox.owner, resends: entry.resends + 1, by };
  });
}

/** Leaves a message unsent for good; it stays listed, as "forgotten", and its case record says so. */
export function forgetMessage(outbox: MailOutbox, id: string, { by, now }: { by: string; now: number }): Promise<StaffDecision> {
  return decide(outbox, id, FORGETTABLE, (entry) => ({ ...entry, status: 'forgotten', statusAt: new Date(now).toISOString(), owner: outbox.owner, by }));
}

async function decide(outbox: MailOutbox, id: string, allowed: readonly MailStatus[], change: (entry: MailEntry) => MailEntry): Promise<StaffDecision> {
  let reason = '';
  const entry = await outbox.update(id, async (current) => {
    // "Sending" whose process has died is an interrupted attempt: uncertain, whether or not a server has noticed yet.
    const interrupted = current.status === 'sending' && !(await outbox.ownerAlive(current.owner));
    if (allowed.includes(current.status) || interrupted) return change(current);
    reason = `Message ${current.id} ${WHY_NOT[current.status] ?? `is ${current.status}`}.`;
    return undefined;
  });
  if (!entry) return { ok: false, reason: `No message ${id}.` };
  return reason ? { ok: false, reason } : { ok: true, entry };
}
