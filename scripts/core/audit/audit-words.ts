/**
 * The ledger's ids and categories in the words of an audit report: a clock's label, a stage's title, a person's
 * name, a reminder's level, what someone did. Where a procedure's file is no longer in workflows/ its ids are all
 * there is, and they are shown as they are.
 */
import { toDayNumber, type LocalDate } from '../calendar/day-number.ts';
import { formatDuration, type DurationUnit } from '../calendar/duration.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { LedgerEvent } from '../ledger/ledger-entry-schema.ts';
import { LETTER_WORDS } from '../letters/letter-kinds.ts';
import { formatDayShort, formatInstantLong } from '../text/plain-dates.ts';
import type { ProcedureNames, ReportNames } from './report-names.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** A UK local date for a table: "Mon 9 Nov 2026". */
export function dayWords(date: LocalDate): string {
  return formatDayShort(toDayNumber(date));
}

/** The UK local day of an instant, for a table: "Thu 12 Nov 2026". */
export function instantDayWords(instant: string): string {
  return formatDayShort(toLocal(Date.parse(instant)).day);
}

/** An instant in words: "Monday 23 November 2026 at 9:35am". */
export function instantWords(instant: string): string {
  return formatInstantLong(Date.parse(instant));
}

/**
 * @example
 * monthWords('2026-11') //=> 'November 2026'
 */
export function monthWords(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1] ?? month} ${year}`;
}

/**
 * A procedure's title, with its organisation's name when the report covers more than one organisation.
 *
 * @example
 * procedureWords(opNames, 'op-performance', true) //=> 'Customer Complaints Procedure, OP Performance Limited'
 */
export function procedureWords(names: ProcedureNames | undefined, id: string, withOrganisation: boolean): string {
  if (!names) return id;
  return withOrganisation ? `${names.title}, ${names.organisation}` : names.title;
}

export function clockWords(names: ProcedureNames | undefined, clock: string): string {
  return names?.clocks[clock] ?? clock;
}

export function stageWords(names: ProcedureNames | undefined, stage: string): string {
  return names?.stages[stage] ?? stage;
}

/**
 * An outside body, to follow "passed on to": its name as the procedure gives it, a leading "The" lower-cased.
 *
 * @example
 * bodyWords(cecopsNames, 'independent-regulator') //=> 'the independent inspection body for Accredited Users'
 */
export function bodyWords(names: ProcedureNames | undefined, body: string): string {
  const name = names?.bodies[body];
  return name ? name.replace(/^The /, 'the ') : body;
}

export function roleWords(names: ProcedureNames | undefined, role: string): string {
  return names?.roles[role] ?? role;
}

/** Who did something: the roster's name for the login, else the login; or the part they played when no one is named. */
export function personWords(names: ReportNames, line: Pick<LedgerEvent, 'by' | 'actor'>): string {
  if (line.by !== undefined) return names.people[line.by] ?? line.by;
  return line.actor === 'complainant' ? 'the complainant' : line.actor === 'system' ? 'Redress' : 'staff (not named)';
}

const CHANNEL_WORDS: Readonly<Record<string, string>> = {
  web: 'through the online form',
  email: 'by email',
  letter: 'by letter',
  phone: 'by telephone',
  'in-person': 'in person',
  'feedback-form': 'on a feedback form',
};

/** How a complaint arrived, after "Received": "through the online form". */
export function channelWords(names: ProcedureNames | undefined, channel: string): string {
  return CHANNEL_WORDS[names?.channels[channel] ?? channel] ?? `by ${channel}`;
}

const FLAG_WORDS: Readonly<Record<string, string>> = {
  'out-of-time': 'made after the time limit for complaining',
  anonymous: 'anonymous',
  'about-handler': 'about the person who would usually handle it',
};

export function flagWords(flag: string): string {
  return FLAG_WORDS[flag] ?? flag;
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  received: 'received, not yet acknowledged',
  acknowledged: 'acknowledged, not yet answered',
  responded: 'answered',
  concluded: 'concluded',
  paused: 'paused',
  withdrawn: 'withdrawn',
  closed: 'closed',
  'passed-on': 'passed on',
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

export function outcomeWords(outcome: string): string {
  return outcome.replace('-', ' ');
}

/**
 * How near its due date a reminder was sent.
 *
 * @example
 * reminderWords('before-2-working-days') //=> '2 working days before'
 * reminderWords('overdue') //=> 'once overdue'
 */
export function reminderWords(level: string): string {
  if (level === 'due-today') return 'on the due day';
  if (level === 'overdue') return 'once overdue';
  const match = /^before-(\d+)-(.+)$/.exec(level);
  return match ? `${formatDuration({ amount: Number(match[1]), unit: match[2] as DurationUnit })} before` : level;
}

/**
 * What a recorded event says was done, in words, without who did it.
 *
 * @example
 * actWords(cecccNames, { type: 'extended', until: '2026-12-11', reason: 'investigation', … })
 * //=> 'time limit extended to Fri 11 Dec 2026 (investigation)'
 */
export function actWords(names: ProcedureNames | undefined, event: LedgerEvent): string {
  const reason = event.reason ? ` (${event.reason.replace('-', ' ')})` : '';
  switch (event.type) {
    case 'received':
      return 'complaint received';
    case 'acknowledged':
      return `acknowledged${event.target ? `, giving a target date of ${dayWords(event.target)}` : ''}`;
    case 'responded':
      return `answered: ${outcomeWords(event.outcome ?? '')}${event.sentBy ? ` (sent by ${event.sentBy})` : ''}`;
    case 'escalation-requested':
      return 'the complainant asked for the next stage';
    case 'extended':
      return `time limit extended to ${event.until ? dayWords(event.until) : 'a later date'}${reason}`;
    case 'target-set':
      return `target date set for ${event.target ? dayWords(event.target) : 'a date'}`;
    case 'paused':
      return `clocks paused${reason}`;
    case 'resumed':
      return 'clocks restarted';
    case 'withdrawn':
      return `withdrawn${event.inWriting ? ', confirmed in writing' : ''}`;
    case 'closed':
      return 'closed';
    case 'reopened':
      return 'reopened';
    case 'change-made':
      return `a change made as a result: ${event.change ?? 'other'}`;
    case 'passed-on':
      return `passed on to ${bodyWords(names, event.to ?? '')}`;
    case 'escalation-notified':
      return `escalation step ${event.level} told`;
    case 'reminder-sent':
      return `reminded ${reminderWords(String(event.level))}`;
    case 'staff-notified':
      return `staff emailed about ${event.notice === 'new-case' ? 'the new case' : event.notice === 'escalation' ? 'an escalation step' : 'a time limit'}`;
    case 'receipt-sent':
      return 'receipt emailed to the complainant';
    case 'letter-sent':
      return `${event.letter ? LETTER_WORDS[event.letter] : 'letter'} sent to the complainant${event.sentBy ? ` by ${event.sentBy}` : ''}`;
  }
}
