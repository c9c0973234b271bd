/**
 * Emails that tell staff a case needs them: a new case, a reminder, an escalation step. They hold what staff need to
 * act and nothing more (reference, procedure, stage, what is due and when, where to open the case): never the
 * complaint's words or the complainant's name or contact details, since an email is easily forwarded.
 */
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import type { ClockView, Timeline } from '../deadlines/timeline-types.ts';
import type { MailRequest } from '../mail/mail-request.ts';
import type { StaffMember } from '../organisation/roster.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { dueInWords, roleTitle } from '../sweep/case-view.ts';
import type { NoticeKind, PendingNotice } from './pending-notice.ts';

/**
 * The outbox key of one notice to one person: the case, what, which step, and a short hash of the address (the key
 * is recorded on the case and may reach the ledger, so it never holds the address itself). The same notice to the
 * same person is one message, however many sweeps see it.
 *
 * @example
 * staffNoticeKey('RDR-7KX4', { what: 'reminder', step: 'stage-1.acknowledge.1.2026-12-09' }, 'mary@example.org')
 * //=> 'staff-notice:RDR-7KX4:reminder.stage-1.acknowledge.1.2026-12-09.<8 hex digits>'
 */
export function staffNoticeKey(reference: string, notice: Pick<PendingNotice, 'what' | 'step'>, email: string): string {
  return `staff-notice:${reference}:${notice.what}.${notice.step}.${fnv1aHash(email.trim().toLowerCase())}`;
}

const SUBJECT: Readonly<Record<NoticeKind, string>> = { 'new-case': 'New case', reminder: 'Reminder', escalation: 'Escalation' };

/**
 * The emails for one notice, one per person with an address, and the people it cannot reach by email.
 *
 * @example
 * staffNoticeEmails({ notice: { what: 'new-case', step: 'received', role: 'coordinator', notBefore }, reference: 'RDR-7KX4', procedure, timeline, link: 'https://github.com/o/r/issues/7', people, prefix: 'CECCC' })
 * //=> { requests: [{ name: 'Mary Smith', request: { key: 'staff-notice:RDR-7KX4:new-case.received.…', kind: 'staff-notice', to: 'mary@example.org', subject: '[CECCC] New case: case RDR-7KX4, …', text: … } }], unreachable: ['Sam Jones'] }
 */
export function staffNoticeEmails(input: {
  notice: PendingNotice;
  reference: string;
  procedure: Procedure;
  timeline: Timeline;
  link: string;
  people: readonly StaffMember[];
  prefix?: string;
}): { requests: { name: string; request: MailRequest }[]; unreachable: string[] } {
  const { notice, reference, procedure, timeline } = input;
  const clock = noticeClock(notice, timeline);
  const stage = procedure.stages.find((s) => s.id === timeline.stage)?.title ?? timeline.stage;
  const role = roleTitle(procedure, notice.role);
  const due = clock ? `${clock.label}: due by ${dueInWords(procedure, clock)}` : undefined;
  const headline: Record<NoticeKind, string> = {
    'new-case': `A new complaint, case ${reference}, has been received.`,
    reminder: `Reminder for case ${reference}.`,
    escalation: `Case ${reference} has passed a time limit: escalation step ${notice.level ?? ''}.`,
  };
  const lines = [
    headline[notice.what],
    '',
    `Procedure: ${procedure.title}`,
    `Stage: ${stage}`,
    ...(due ? [due] : []),
    `You are told as: ${role}`,
    '',
    `Open the case: ${input.link}`,
    '',
    'This email holds no details of the complaint; they are on the case.',
  ];
  const subject = `${input.prefix ? `[${input.prefix}] ` : ''}${SUBJECT[notice.what]}: case ${reference}${clock?.dueDay !== undefined ? `, ${clock.label} due ${dueInWords(procedure, clock)}` : ''}`;
  const requests: { name: string; request: MailRequest }[] = [];
  const unreachable: string[] = [];
  for (const person of input.people) {
    if (!person.email) {
      unreachable.push(person.name);
      continue;
    }
    requests.push({ name: person.name, request: { key: staffNoticeKey(reference, notice, person.email), caseReference: reference, kind: 'staff-notice', to: person.email, subject: subject.slice(0, 250), text: `${lines.join('\n')}\n` } });
  }
  return { requests, unreachable };
}

/** The clock a notice is about: its own, or for a new case the first the organisation must meet. */
function noticeClock(notice: PendingNotice, timeline: Timeline): ClockView | undefined {
  if (notice.clock) return timeline.clocks.find((c) => c.id === notice.clock);
  return timeline.clocks.find((c) => c.owner === 'organisation' && c.dueDay !== undefined && (c.state === 'pending' || c.state === 'due-soon' || c.state === 'overdue'));
}

/** What became of one email to one person, as the sweep reports it. */
export interface EmailOutcome {
  name: string;
  status: 'sent' | 'written' | 'queued' | 'failed' | 'uncertain';
}

/**
 * Who was told of a notice and how, in one sentence for the case and the summary: never "emailed" unless a mail
 * server accepted the message.
 *
 * @example
 * toldWords({ role: 'Coordinator', holders: 1, mentioned: ['@mary'], emails: [{ name: 'Mary Smith', status: 'sent' }], unreachable: [] })
 * //=> 'Told: @mary by GitHub mention; Mary Smith by email.'
 * toldWords({ role: 'Chair', holders: 0, mentioned: [], emails: [], unreachable: [] })
 * //=> 'Nobody holds the Chair role in redress.yaml, so nobody was told.'
 */
export function toldWords(input: { role: string; holders: number; mentioned: readonly string[]; emails?: readonly EmailOutcome[]; unreachable?: readonly string[] }): string {
  const emails = input.emails ?? [];
  const unreachable = input.unreachable ?? [];
  const parts: string[] = [];
  if (input.mentioned.length > 0) parts.push(`${list(input.mentioned)} by GitHub mention`);
  const sent = emails.filter((e) => e.status === 'sent').map((e) => e.name);
  if (sent.length > 0) parts.push(`${list(sent)} by email`);
  const notes: string[] = [];
  const written = emails.filter((e) => e.status === 'written').map((e) => e.name);
  if (written.length > 0) notes.push(`The email to ${list(written)} was not sent: no mail server is configured, so it was written to the data directory (npx redress mail list).`);
  const queued = emails.filter((e) => e.status === 'queued').map((e) => e.name);
  if (queued.length > 0) notes.push(`The email to ${list(queued)} is waiting to be sent: the mail server deferred it, and it is tried again.`);
  const failed = emails.filter((e) => e.status === 'failed' || e.status === 'uncertain').map((e) => e.name);
  if (failed.length > 0) notes.push(`The email to ${list(failed)} may not have been delivered (npx redress mail list).`);
  if (input.emails && unreachable.length > 0) notes.push(`${list(unreachable)} ${unreachable.length === 1 ? 'has' : 'have'} no email address in redress.yaml, so no email went to them.`);
  const told = parts.length > 0 ? `Told: ${parts.join('; ')}.` : input.holders === 0 ? `Nobody holds the ${input.role} role in redress.yaml, so nobody was told.` : `Nobody was notified: the ${input.role} is not mentioned on GitHub here and not emailed.`;
  return [told, ...notes].join(' ');
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
