/**
 * The readings Redress takes for every procedure where the sources are silent: how days are counted, when a letter
 * counts as received, what a command's date means. Each is a setting (or a rule of the engine) with a default
 * chosen so that the complainant never gets less than the procedure gives, and each says why. A procedure's own
 * readings are its `assumptions:`; these are the ones it inherits. The table in docs/procedure-authors.md lists both.
 */
import { formatDuration } from '../calendar/duration.ts';
import type { Procedure } from './procedure-schema.ts';

export interface DefaultAssumption {
  /** Also the row of the table of assumptions in docs/procedure-authors.md. */
  id: string;
  /** The setting or rule it concerns. */
  rule: string;
  /** The reading, for this procedure's settings. */
  reading: (procedure: Procedure) => string;
  why: string;
  /** Whether the reading matters to this procedure at all (a count of working days, a window from a letter's receipt…). */
  appliesTo: (procedure: Procedure) => boolean;
}

const clocks = (procedure: Procedure) => procedure.stages.flatMap((stage) => stage.clocks);
const units = (procedure: Procedure) =>
  new Set([
    ...clocks(procedure).map((clock) => clock.within?.unit),
    ...procedure.stages.map((stage) => stage.entry.window?.within.unit),
    ...procedure.externalBodies.map((body) => body.window?.within.unit),
    ...clocks(procedure).filter((clock) => clock.setBy).map(() => 'working-days' as const),
  ].filter((unit) => unit !== undefined));
const dayBased = (procedure: Procedure) => [...units(procedure)].some((unit) => unit !== 'hours');
const timed = (procedure: Procedure) => units(procedure).size > 0;
const fromLetters = (procedure: Procedure) =>
  clocks(procedure).some((clock) => clock.from === 'previous-response-received') || procedure.externalBodies.some((body) => body.window?.from === 'response-received');

/** The time of day a cut-off falls at, as people say it: "5pm", "4:30pm". */
function clockTime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours % 12 === 0 ? 12 : hours % 12}${rest ? `:${String(rest).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

export const DEFAULT_ASSUMPTIONS: readonly DefaultAssumption[] = [
  {
    id: 'day-of-receipt-not-counted',
    rule: 'calendar.countStartDay',
    reading: (p) => (p.calendar.countStartDay ? 'The day of receipt is day one of a count of days.' : 'The day of receipt is not counted: "within 5 working days of receipt" ends on the fifth working day after it.'),
    why: 'The sources say "within n days of receipt" without saying whether the day of receipt counts. Not counting it is the usual reading of UK time limits (the Information Commissioner\'s for FOI requests, the courts\' "clear days") and the one a complainant would expect.',
    appliesTo: dayBased,
  },
  {
    id: 'non-working-day-receipt',
    rule: 'calendar.nonWorkingDayReceipt',
    reading: (p) =>
      p.calendar.nonWorkingDayReceipt === 'next-working-day-is-day-one'
        ? 'A complaint received on a day that is not a working day is dated that day: the next working day is day one (received on a Saturday, 5 working days end on the Friday).'
        : 'A complaint received on a day that is not a working day counts as received on the next working day, which is then not counted.',
    why: 'The sources are silent. The Information Commissioner\'s reading of working-day limits (FOI section 10) is that a non-working day can itself be the date of receipt, so day one is the next working day; the other reading gives the organisation an extra day the procedure does not give it. The other reading stays available as a setting.',
    appliesTo: (p) => units(p).has('working-days'),
  },
  {
    id: 'cut-off',
    rule: 'calendar.cutOff',
    reading: (p) => `A complaint received at or after ${clockTime(p.calendar.cutOff)} counts as received the next day.`,
    why: 'No source sets a time of day. The organisations work office hours (the procedures are run by staff and volunteers in the day), so a complaint arriving in the evening is read the next morning; counting it as the next day\'s moves a date by at most one day, and is said on every page where it applies. It is a setting: an organisation that reads its post at night can set midnight.',
    appliesTo: dayBased,
  },
  {
    id: 'end-of-due-day',
    rule: 'counting: the end of a time limit',
    reading: () => 'A time limit in days, weeks or months ends at 23:59:59 UK time on its last day; one in hours ends exactly that many hours after receipt.',
    why: 'The sources give days, not times of day; the whole of the last day is the reading that never shortens the time given. Hours are counted as elapsed time, as written.',
    appliesTo: timed,
  },
  {
    id: 'calendar-month',
    rule: 'counting: calendar months',
    reading: () => 'A month runs to the same date of the next month, or to its last day when that month is shorter (31 January + 1 month = 28 or 29 February).',
    why: 'The usual reading of "one calendar month"; the sources say no more.',
    appliesTo: (p) => units(p).has('months'),
  },
  {
    id: 'deemed-receipt',
    rule: 'calendar.deemedReceipt',
    reading: (p) => {
      const { email, post, hand } = p.calendar.deemedReceipt;
      const days = (n: number, how: string) =>
        n === 0 ? `${how} counts as received the day it is sent if sent within working hours on a working day, otherwise the next working day` : `${how} counts as received on the ${n === 1 ? 'first' : n === 2 ? 'second' : `${n}th`} working day after it is sent`;
      return `${days(email, 'A response sent by email')}; ${days(hand, 'one handed over')}; ${days(post, 'one posted')}.`;
    },
    why: 'Where a window runs from the complainant\'s receipt of a response, the sources do not say when a letter is received. These are close to how courts treat service (Civil Procedure Rules, rule 6.26: an email sent on a business day before 4.30pm is served that day, a first class letter on the second day after posting or the next business day), and are settings.',
    appliesTo: fromLetters,
  },
  {
    id: 'sending-not-recorded',
    rule: 'letters: how a response was sent, not recorded',
    reading: () => 'A response recorded without how it was sent counts as posted: the later of the deemed receipts.',
    why: 'The window is the complainant\'s; when staff did not record how the response went, the reading that gives the complainant the later date is the one that cannot cost them their right to the next stage.',
    appliesTo: fromLetters,
  },
  {
    id: 'letter-sent-when-accepted',
    rule: 'letters: when an emailed letter was sent',
    reading: () => 'A letter Redress emails counts as sent when the organisation\'s mail server accepted it, and its deemed receipt follows from that time; a posted or handed letter, on the date staff give.',
    why: 'The sources say when a letter is received only by implication, and never what sending an email means. The moment the mail server took it is the one Redress knows for certain, is never earlier than the letter left, and near the end of working hours gives the complainant the later receipt.',
    appliesTo: fromLetters,
  },
  {
    id: 'date-without-time',
    rule: 'commands: a date without a time',
    reading: () => 'A command given an earlier date without a time (for a letter sent earlier) counts as done at midday that day; a time can be given (16:45).',
    why: 'A letter\'s time of day is rarely known; midday sits clear of midnight and of any cut-off, so it does not move a date either way. Where the time matters (a 48-hour limit, an email sent after working hours) staff give it.',
    appliesTo: timed,
  },
  {
    id: 'reopened-case',
    rule: 'cases: reopening',
    reading: () => 'When a closed or withdrawn case is reopened, the time it stood closed does not count: each running time limit takes up where it stopped. A limit that had already passed when the case was closed stays passed.',
    why: 'The sources do not provide for reopening. Restoring the original dates would make a reopened case overdue at once; restarting them would give the organisation more time than the procedure does. Taking up where they stopped does neither.',
    appliesTo: timed,
  },
  {
    id: 'notify-in-working-hours',
    rule: 'calendar.workingHours',
    reading: (p) => {
      const { start, end } = p.calendar.workingHours;
      return `Reminders and escalation notices are sent between ${clockTime(start)} and ${clockTime(end)} on working days; one falling due outside those hours is sent at the start of the next.`;
    },
    why: 'No source says when staff are told; telling them when they are at work is what makes a reminder or an escalation useful. It does not move any time limit.',
    appliesTo: timed,
  },
];

/**
 * The default readings that matter to a procedure, with its settings filled in.
 *
 * @example
 * defaultAssumptionsFor(ceccc).map((a) => a.id)
 * //=> ['day-of-receipt-not-counted', 'non-working-day-receipt', 'cut-off', 'end-of-due-day', 'deemed-receipt', …]
 */
export function defaultAssumptionsFor(procedure: Procedure): { id: string; rule: string; reading: string; why: string }[] {
  return DEFAULT_ASSUMPTIONS.filter((assumption) => assumption.appliesTo(procedure)).map((assumption) => ({
    id: assumption.id,
    rule: assumption.rule,
    reading: assumption.reading(procedure),
    why: assumption.why,
  }));
}

/** A time limit in words for the fidelity report: "5 working days". */
export function limitWords(duration: Parameters<typeof formatDuration>[0] | undefined): string | undefined {
  return duration && formatDuration(duration);
}
