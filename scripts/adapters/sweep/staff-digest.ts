/**
 * The Monday digest, read from the store and sent through the mail outbox. The sweep sends it in its first run on
 * or after Monday 08:00 (digestDue); `npx redress digest` prints it, and with --send sends it the same way.
 */
import type { CaseStore, StoredCase } from '../../core/case/case-store.ts';
import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { computeTimeline } from '../../core/deadlines/compute-timeline.ts';
import { buildDigests, digestMail, type Digest, type DigestCase } from '../../core/notify/digest.ts';
import type { EmailOutcome } from '../../core/notify/staff-notice.ts';
import type { StaffMember } from '../../core/organisation/roster.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import type { MailRequest } from '../../core/mail/mail-request.ts';

export interface DigestSource {
  store: CaseStore;
  procedures: ReadonlyMap<string, Procedure>;
  calendarFor: (procedure: Procedure) => WorkingCalendar;
  staff: (procedure: string, role: string) => readonly StaffMember[];
  link: (stored: StoredCase) => string;
  now: number;
  prefix?: string;
}

/** The week's digests, and the cases that could not be read (named, never skipped silently). */
export async function collectDigests(source: DigestSource): Promise<{ digests: Digest[]; unreadable: string[] }> {
  const cases: DigestCase[] = [];
  const unreadable: string[] = [];
  for (const stored of await source.store.listCases({ state: 'open' })) {
    if (!stored.labels.includes('complaint')) continue;
    let block;
    try {
      block = parseCaseBlock(stored.body);
    } catch {
      block = undefined;
    }
    const procedure = block ? source.procedures.get(block.procedure.id) : undefined;
    if (!block || !procedure) {
      unreadable.push(stored.reference);
      continue;
    }
    const timeline = computeTimeline({ procedure, calendar: source.calendarFor(procedure), events: block.events, now: source.now });
    cases.push({ reference: stored.reference, procedure, timeline, link: source.link(stored) });
  }
  return { digests: buildDigests({ cases, staff: source.staff, now: source.now, ...(source.prefix ? { prefix: source.prefix } : {}) }), unreadable };
}

/** What became of each digest: its person, and the outcome of its email (none for a person without an address). */
export interface DigestOutcome {
  name: string;
  status: EmailOutcome['status'] | 'no-address';
}

/** Sends each digest once (the outbox key holds the ISO week), one at a time. */
export async function sendDigests(digests: readonly Digest[], send: (request: MailRequest) => Promise<{ status: EmailOutcome['status'] }>): Promise<DigestOutcome[]> {
  const outcomes: DigestOutcome[] = [];
  for (const digest of digests) {
    const request = digestMail(digest);
    outcomes.push({ name: digest.person.name, status: request ? (await send(request)).status : 'no-address' });
  }
  return outcomes;
}

/**
 * The outcomes in one sentence, never saying "emailed" of a message no mail server accepted.
 *
 * @example
 * digestOutcomeWords([{ name: 'Mary Smith', status: 'sent' }, { name: 'Sam', status: 'no-address' }])
 * //=> 'Digest emailed to Mary Smith. Not emailed (no email address in redress.yaml): Sam.'
 */
export function digestOutcomeWords(outcomes: readonly DigestOutcome[]): string {
  if (outcomes.length === 0) return 'No digest: nobody has anything overdue or due this week.';
  const names = (status: DigestOutcome['status'][]) => outcomes.filter((o) => status.includes(o.status)).map((o) => o.name).join(', ');
  const parts: string[] = [];
  if (names(['sent'])) parts.push(`Digest emailed to ${names(['sent'])}.`);
  if (names(['written'])) parts.push(`Not sent, no mail server configured (written to the data directory): ${names(['written'])}.`);
  if (names(['queued'])) parts.push(`Waiting to be sent (the mail server deferred it): ${names(['queued'])}.`);
  if (names(['failed', 'uncertain'])) parts.push(`May not have been delivered (npx redress mail list): ${names(['failed', 'uncertain'])}.`);
  if (names(['no-address'])) parts.push(`Not emailed (no email address in redress.yaml): ${names(['no-address'])}.`);
  return parts.join(' ');
}
