/**
 * Time limits in plain words, from the procedure's own clocks and windows: the page states exactly the rule the
 * deadline engine counts, never a second copy of it. Written for the complainant ("your complaint").
 */
import { formatDuration } from '../../scripts/core/calendar/duration.ts';
import type { Clock, Procedure, Stage } from '../../scripts/core/procedure/procedure-schema.ts';

/**
 * Who fills in a model's open settings, in the words of its sector: NACCC's members are child contact centres.
 * A model for another sector would say "each organisation".
 */
export function memberNoun(model: Procedure): string {
  return model.organisation.sector === 'membership-body' && /contact centre/i.test(`${model.title} ${model.summary}`) ? 'centre' : 'organisation';
}

/** What a request to enter `stage` is called: an appeal, or a request for the stage by name. */
export function requestNoun(stage: Stage): string {
  return /appeal/i.test(`${stage.id} ${stage.title}`) ? 'appeal' : `request for ${stage.title}`;
}

/** The event a clock counts from, seen from the complainant. */
function startWords(procedure: Procedure, stage: Stage, clock: Clock): string {
  switch (clock.from) {
    case 'receipt':
      return 'receiving your complaint';
    case 'escalation-request':
      return `receiving your ${requestNoun(stage)}`;
    case 'acknowledgement':
      return stage.entry.via === 'complaint' ? 'acknowledging your complaint' : `acknowledging your ${requestNoun(stage)}`;
    case 'previous-response-received': {
      const previous = procedure.stages[procedure.stages.indexOf(stage) - 1];
      return previous ? `receiving the response to ${previous.title}` : 'receiving the previous response';
    }
    case 'previous-response-sent': {
      const previous = procedure.stages[procedure.stages.indexOf(stage) - 1];
      return previous ? `the date the response to ${previous.title} is sent` : 'the date the previous response is sent';
    }
  }
}

/**
 * A clock's time limit as a phrase: "within 5 working days of receiving your complaint",
 * "within 1 calendar month of receiving your appeal", "by the target date given in the acknowledgement".
 *
 * @example
 * clockWords(ceccc, ceccc.stages[0], ceccc.stages[0].clocks[0]) //=> 'within 5 working days of receiving your complaint'
 */
export function clockWords(procedure: Procedure, stage: Stage, clock: Clock): string {
  if (clock.setBy === 'target') return 'by the target date given in the acknowledgement';
  if (clock.within) return `within ${formatDuration(clock.within)} of ${startWords(procedure, stage, clock)}`;
  if (procedure.kind === 'model' && clock.parameter) return `within a time limit set by each ${memberNoun(procedure)}`;
  return 'no time limit is set';
}

/** The time limit for making a complaint that enters `stage`, if the procedure sets one. */
export function entryWindowWords(stage: Stage): string | undefined {
  const window = stage.entry.window;
  return window && `within ${formatDuration(window.within)} of the incident (for a series of incidents, the last one)`;
}

/** The time limit for going to an outside body, if the procedure states one. */
export function externalWindowWords(
  procedure: Procedure,
  window: { within: Parameters<typeof formatDuration>[0]; fromResponseOf: string; from?: 'response-sent' | 'response-received' },
): string {
  const stage = procedure.stages.find((s) => s.id === window.fromResponseOf);
  const response = `the response to ${stage?.title ?? window.fromResponseOf}`;
  return `within ${formatDuration(window.within)} of ${window.from === 'response-sent' ? `the date ${response} is sent` : `receiving ${response}`}`;
}

/** A role's title as it reads mid-sentence: "the Co-Ordinator", "an impartial person named in the policy". */
export function roleInSentence(title: string): string {
  if (/^(the|an?)\s/i.test(title)) return title.charAt(0).toLowerCase() + title.slice(1);
  return `the ${title}`;
}

/** A role's title by id, as the procedure writes it. */
export function roleTitle(procedure: Procedure, roleId: string): string {
  return procedure.roles.find((role) => role.id === roleId)?.title ?? roleId;
}

/** A time of day in minutes after midnight, as people say it: 1020 → "5pm", 570 → "9:30am". */
export function timeOfDay(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const clock = hours % 12 === 0 ? 12 : hours % 12;
  if (minutes === 0) return 'midnight';
  if (minutes === 12 * 60) return 'midday';
  return `${clock}${rest ? `:${String(rest).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

const NATIONS: Readonly<Record<Procedure['nation'], string>> = { 'england-and-wales': 'England and Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland' };

/**
 * How the time limits shown are counted, in sentences for the public page: only the rules that apply to them, each
 * as the procedure sets it ("at or after 5pm", which reading of a receipt on a Saturday).
 *
 * @example
 * countingRuleWords(ceccc, ceccc.stages[0].clocks)
 * //=> ['The day your complaint is received is not counted.', 'A complaint received at or after 5pm counts as received the next day.', …]
 */
export function countingRuleWords(procedure: Procedure, clocks: readonly Clock[]): string[] {
  const units = new Set(clocks.map((clock) => (clock.setBy ? 'date' : clock.within?.unit)).filter((unit) => unit !== undefined));
  const dayBased = [...units].some((unit) => unit !== 'hours' && unit !== 'date');
  const words: string[] = [];
  if (dayBased) {
    words.push(procedure.calendar.countStartDay ? 'The day your complaint is received counts as the first day.' : 'The day your complaint is received is not counted.');
    words.push(`A complaint received at or after ${timeOfDay(procedure.calendar.cutOff)} counts as received the next day.`);
  }
  if (units.has('working-days')) {
    words.push(
      procedure.calendar.nonWorkingDayReceipt === 'next-working-day-is-day-one'
        ? 'A complaint received on a day that is not a working day, such as a Saturday or a bank holiday, counts as received that day, so the next working day is the first working day counted.'
        : 'A complaint received on a day that is not a working day, such as a Saturday or a bank holiday, counts as received on the next working day, and counting starts the working day after.',
    );
    words.push(`Working days are Monday to Friday, except bank holidays in ${NATIONS[procedure.nation]}${procedure.calendar.closures.length > 0 ? ' and the days the organisation is closed' : ''}.`);
  }
  if (units.has('hours')) words.push('A time limit in hours runs from the time your complaint is received, through nights, weekends and bank holidays.');
  return words;
}

/**
 * When a response counts as received, for the time limits that run from receiving it: from the procedure's
 * `calendar.deemedReceipt` and working hours.
 *
 * @example
 * deemedReceiptWords(ceccc)
 * //=> 'A response emailed or handed to you counts as received on the day it is sent if that is between 9am and 5pm on a working day, otherwise on the next working day; one posted counts as received on the second working day after it is posted. …'
 */
export function deemedReceiptWords(procedure: Procedure): string {
  const { email, post, hand } = procedure.calendar.deemedReceipt;
  const { start, end } = procedure.calendar.workingHours;
  const ordinal = (n: number) => ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `${n}th`;
  const rule = (n: number, verb: string) =>
    n === 0 ? `on the day it is ${verb} if that is between ${timeOfDay(start)} and ${timeOfDay(end)} on a working day, otherwise on the next working day` : `on the ${ordinal(n)} working day after it is ${verb}`;
  const ways = [
    { how: 'emailed', n: email },
    { how: 'handed to you', n: hand },
    { how: 'posted', n: post },
  ];
  const groups = [...new Set(ways.map((w) => w.n))].map((n) => ({ n, hows: ways.filter((w) => w.n === n).map((w) => w.how) }));
  return `${groups.map(({ n, hows }, i) => `${i === 0 ? 'A response' : 'one'} ${hows.join(' or ')} counts as received ${rule(n, hows.length === 1 ? (hows[0] ?? 'sent') : 'sent')}`).join('; ')}. A response whose sending was not recorded counts as posted.`;
}
