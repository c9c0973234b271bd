/**
 * The Monday digest: for each member of staff who handles open cases, what is overdue and what falls due this week,
 * with dates in words and where to open each case. Like every email to staff it names cases by reference only:
 * nothing the complainant wrote, and not who they are.
 */
import { dayOfWeek, type DayNumber } from '../calendar/day-number.ts';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import { fromLocal, toLocal } from '../calendar/london-time.ts';
import type { ClockView, Timeline } from '../deadlines/timeline-types.ts';
import type { MailRequest } from '../mail/mail-request.ts';
import type { StaffMember } from '../organisation/roster.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { roleTitle } from '../sweep/case-view.ts';
import { formatDayWithoutYear } from '../text/plain-dates.ts';

/** When the week's digest goes: the first sweep on or after this time on Monday, UK time. */
export const DIGEST_TIME = { weekday: 1, minutes: 8 * 60 } as const;

export interface DigestCase {
  reference: string;
  procedure: Procedure;
  timeline: Timeline;
  /** Where staff open the case. */
  link: string;
}

export interface DigestItem {
  reference: string;
  procedure: string;
  stage: string;
  role: string;
  label: string;
  dueDay: DayNumber;
  link: string;
}

export interface Digest {
  person: StaffMember;
  /** The ISO week it is for: "2026-W50". */
  week: string;
  overdue: DigestItem[];
  dueThisWeek: DigestItem[];
  subject: string;
  text: string;
}

/**
 * The ISO 8601 week of a day: weeks start on Monday, and week 1 holds the year's first Thursday.
 *
 * @example
 * isoWeek(toDayNumber('2026-12-07')) //=> '2026-W50'
 * isoWeek(toDayNumber('2027-01-01')) //=> '2026-W53' (a Friday: its week's Thursday is 31 December 2026)
 */
export function isoWeek(day: DayNumber): string {
  const thursday = day - ((dayOfWeek(day) + 6) % 7) + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const firstJanuary = Date.UTC(year, 0, 1) / 86_400_000;
  const week = Math.floor((thursday - firstJanuary) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Whether the week's digest is due: on or after Monday 08:00 (UK time) of `now`'s week, not at a weekend (a digest
 * of "this week" read on a Sunday is no use; a first sweep then waits for Monday), and not yet sent for it.
 *
 * @example
 * digestDue(Date.parse('2026-12-07T08:05:00Z'), '2026-W49') //=> { due: true, week: '2026-W50' }
 * digestDue(Date.parse('2026-12-07T07:55:00Z'), '2026-W49') //=> { due: false, week: '2026-W50' }
 * digestDue(Date.parse('2026-12-09T10:00:00Z'), '2026-W50') //=> { due: false, week: '2026-W50' } (already sent)
 * digestDue(Date.parse('2026-12-13T10:00:00Z'), undefined) //=> { due: false, week: '2026-W50' } (a Sunday)
 */
export function digestDue(now: number, lastWeek: string | undefined): { due: boolean; week: string } {
  const { day } = toLocal(now);
  const monday = day - ((dayOfWeek(day) + 6) % 7) + (DIGEST_TIME.weekday - 1);
  const week = isoWeek(day);
  const weekday = dayOfWeek(day) >= 1 && dayOfWeek(day) <= 5;
  return { due: weekday && now >= fromLocal(monday, DIGEST_TIME.minutes) && lastWeek !== week, week };
}

/**
 * One digest per member of staff who holds the handling role of an open case with something overdue or due this
 * week (Monday to Sunday of `now`'s week); people with nothing to do get none. Grouped by email address, else name.
 *
 * @example
 * buildDigests({ cases, staff, now: Date.parse('2026-12-07T08:00:00Z') })[0].text
 * //=> 'Cases for Mary Smith, week beginning Monday 7 December.\n\nOverdue (1):\n- RDR-AAAA: Acknowledge … was due Friday 4 December …'
 */
export function buildDigests({ cases, staff, now, prefix }: { cases: readonly DigestCase[]; staff: (procedure: string, role: string) => readonly StaffMember[]; now: number; prefix?: string }): Digest[] {
  const { day } = toLocal(now);
  const monday = day - ((dayOfWeek(day) + 6) % 7);
  const sunday = monday + 6;
  const week = isoWeek(day);
  const byPerson = new Map<string, { person: StaffMember; overdue: DigestItem[]; dueThisWeek: DigestItem[] }>();
  for (const found of cases) {
    const { timeline, procedure } = found;
    if (['closed', 'withdrawn', 'passed-on'].includes(timeline.status)) continue;
    const run = timeline.stages.at(-1);
    if (!run) continue;
    const stage = procedure.stages.find((s) => s.id === timeline.stage)?.title ?? timeline.stage ?? '';
    const item = (clock: ClockView): DigestItem => ({ reference: found.reference, procedure: procedure.title, stage, role: roleTitle(procedure, run.handler), label: clock.label, dueDay: clock.dueDay as DayNumber, link: found.link });
    const running = timeline.clocks.filter((c) => c.owner === 'organisation' && c.dueDay !== undefined && ['pending', 'due-soon', 'overdue'].includes(c.state));
    const overdue = running.filter((c) => c.state === 'overdue').map(item);
    const due = running.filter((c) => c.state !== 'overdue' && (c.dueDay as number) <= sunday).map(item);
    if (overdue.length + due.length === 0) continue;
    for (const person of staff(procedure.id, run.handler)) {
      const id = person.email?.toLowerCase() ?? `name:${person.name}`;
      const entry = byPerson.get(id) ?? { person, overdue: [], dueThisWeek: [] };
      entry.overdue.push(...overdue);
      entry.dueThisWeek.push(...due);
      byPerson.set(id, entry);
    }
  }
  const order = (a: DigestItem, b: DigestItem) => a.dueDay - b.dueDay || a.reference.localeCompare(b.reference);
  return [...byPerson.values()]
    .map(({ person, overdue, dueThisWeek }) => {
      overdue.sort(order);
      dueThisWeek.sort(order);
      const lines = [`Cases for ${person.name}, week beginning ${formatDayWithoutYear(monday)}.`, ''];
      const section = (title: string, items: DigestItem[], verb: string) => {
        lines.push(`${title} (${items.length}):`);
        if (items.length === 0) lines.push('- none');
        for (const it of items) lines.push(`- ${it.reference} (${it.procedure}, ${it.stage}, as ${it.role}): ${it.label}, ${verb} ${formatDayWithoutYear(it.dueDay)}`, `  ${it.link}`);
        lines.push('');
      };
      section('Overdue', overdue, 'was due');
      section('Due this week', dueThisWeek, 'due');
      lines.push('This email holds no details of the complaints; they are on each case.');
      const subject = `${prefix ? `[${prefix}] ` : ''}Your cases this week: ${overdue.length} overdue, ${dueThisWeek.length} due`;
      return { person, week, overdue, dueThisWeek, subject, text: `${lines.join('\n')}\n` };
    })
    .sort((a, b) => a.person.name.localeCompare(b.person.name));
}

/**
 * The digest as a message for the mail outbox, once per person per week (`digest:<week>.<hash of the address>`);
 * undefined for a person with no email address.
 *
 * @example
 * digestMail(digest) //=> { key: 'digest:2026-W50.1a2b3c4d', kind: 'digest', to: 'mary@example.org', subject: …, text: … }
 */
export function digestMail(digest: Digest): MailRequest | undefined {
  const email = digest.person.email;
  if (!email) return undefined;
  return { key: `digest:${digest.week}.${fnv1aHash(email.trim().toLowerCase())}`, kind: 'digest', to: email, subject: digest.subject, text: digest.text };
}
