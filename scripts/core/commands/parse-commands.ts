import { toDayNumber, fromDayNumber } from '../calendar/day-number.ts';
import { parseWrittenDate } from '../calendar/written-date.ts';
import { fromLocal, toLocal } from '../calendar/london-time.ts';
import { CHANGES, EXTENSION_REASONS, type CaseEventInput } from '../case/case-event-schema.ts';
import { DRAFT_WORDS, type DraftWord } from '../letters/letter-kinds.ts';
import { OUTCOMES, SENDING_CHANNELS, type ExtensionReason, type Outcome, type SendingChannel } from '../procedure/procedure-schema.ts';

/** The staff commands, as written at the start of a line in a comment. */
export const COMMAND_NAMES = [
  'acknowledge',
  'respond',
  'extend',
  'target',
  'escalate',
  'withdraw',
  'pause',
  'resume',
  'close',
  'reopen',
  'pass-on',
  'learning',
  'note',
  'draft',
  'send',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  acknowledge: '/acknowledge [date [time]] [target <date>]',
  respond: `/respond upheld|partly-upheld|not-upheld [date [time]] [by ${SENDING_CHANNELS.join('|')}]`,
  extend: '/extend <new date> <reason> [sent <date> [time]]',
  target: '/target <date> [sent <date> [time]]',
  escalate: '/escalate [date [time]]',
  withdraw: '/withdraw [date [time]] [in writing]',
  pause: '/pause <reason>',
  resume: '/resume',
  close: '/close',
  reopen: '/reopen',
  'pass-on': '/pass-on <outside body> [date [time]]',
  learning: `/learning ${CHANGES.join('|')} [what changed]`,
  note: '/note <text>',
  draft: '/draft acknowledgement [target <date>] | extension <new date> <reason> | outcome upheld|partly-upheld|not-upheld',
  send: '/send [<draft number>] [by email | posted [date [time]] | by hand [date [time]]] [again]',
};

/**
 * What a letter command asks for. A draft is posted on the case for staff to edit; sending it records the event it
 * stands for (the acknowledgement, extension or response) at the time it is sent.
 */
export type LetterCommand =
  | {
      kind: 'draft';
      word: DraftWord;
      /** Acknowledgement: the estimated target date it gives, where the stage has one. */
      target?: string;
      /** Extension notice: the new response date. */
      until?: string;
      /** Extension notice: the reason's category (the words stay in the comment and the letter). */
      reason?: ExtensionReason;
      /** Extension notice: the reason as staff wrote it, for the letter. */
      words?: string;
      /** Outcome letter: the decision. */
      outcome?: Outcome;
    }
  | {
      kind: 'send';
      /** The draft's number; absent, the only draft not yet sent. */
      draft?: number;
      /** How it goes; absent, as the complainant asked to be contacted. */
      channel?: SendingChannel;
      /** When it was posted or handed over (ISO): the comment's time unless a date is given. */
      at?: string;
      /** Send by email once more a letter whose delivery failed or is uncertain. */
      again: boolean;
    };

export type ParsedCommand =
  | { ok: true; name: CommandName; line: number; text: string; event?: CaseEventInput; letter?: LetterCommand }
  | { ok: false; name?: string; line: number; text: string; error: string };

/**
 * Finds the commands in a staff comment: lines that start with "/", outside code blocks and quotes. A comment may
 * hold several; each is parsed on its own, so one mistake does not lose the others. A date (and a time, HH:MM) may
 * be given for a letter sent earlier; without one, the command takes the comment's time.
 *
 * @example
 * parseCommands('Sent today.\n/acknowledge 2026-11-20', Date.parse('2026-11-24T10:00:00Z'))
 * //=> [{ ok: true, name: 'acknowledge', line: 2, text: '/acknowledge 2026-11-20',
 * //      event: { type: 'acknowledged', at: '2026-11-20T12:00:00.000Z', actor: 'staff' } }]
 * parseCommands('/respond upheld 2026-11-20 16:45 by post', …)[0].event
 * //=> { type: 'responded', at: '2026-11-20T16:45:00.000Z', actor: 'staff', outcome: 'upheld', sentBy: 'post' }
 */
export function parseCommands(body: string, commentedAt: number): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  let fenced = false;
  body.split(/\r?\n/).forEach((raw, index) => {
    const text = raw.trim();
    if (/^(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced || !/^\/[a-z]/i.test(text)) return;
    commands.push(parseCommand(text, index + 1, commentedAt));
  });
  return commands;
}

function parseCommand(text: string, line: number, commentedAt: number): ParsedCommand {
  const [word = '', ...args] = text.slice(1).split(/\s+/);
  const name = word.toLowerCase();
  if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
    return { ok: false, name, line, text, error: `Unknown command "/${word}". Commands: ${COMMAND_NAMES.map((c) => `/${c}`).join(', ')}.` };
  }
  const command = name as CommandName;
  const fail = (error: string): ParsedCommand => ({ ok: false, name: command, line, text, error: `${error} Usage: ${COMMAND_USAGE[command]}` });
  const at = new Date(commentedAt).toISOString();
  const ok = (event?: CaseEventInput): ParsedCommand => ({ ok: true, name: command, line, text, event });
  const letter = (request: LetterCommand): ParsedCommand => ({ ok: true, name: command, line, text, letter: request });

  switch (command) {
    case 'acknowledge':
    case 'escalate':
    case 'withdraw': {
      const date = leadingWhen(args, commentedAt, ['target', 'in']);
      if ('error' in date) return fail(date.error);
      const rest = date.rest;
      if (command === 'acknowledge') {
        if (rest.length === 0) return ok({ type: 'acknowledged', at: date.at, actor: 'staff' });
        if (rest[0]?.toLowerCase() !== 'target') return fail(`Unexpected "${rest.join(' ')}".`);
        const target = rest[1] === undefined ? undefined : parseDay(rest[1]);
        if (target === undefined) return fail(rest[1] ? `"${rest[1]}" is not a date; write it as 2026-12-11 or 11/12/2026.` : 'Give the target date after "target".');
        if (rest.length > 2) return fail(`Unexpected "${rest.slice(2).join(' ')}".`);
        return ok({ type: 'acknowledged', at: date.at, actor: 'staff', target: fromDayNumber(target) });
      }
      if (command === 'withdraw') {
        const words = rest.join(' ').toLowerCase();
        if (words !== '' && words !== 'in writing') return fail(`Unexpected "${rest.join(' ')}".`);
        return ok({ type: 'withdrawn', at: date.at, actor: 'staff', ...(words ? { inWriting: true } : {}) });
      }
      if (rest.length > 0) return fail(`Unexpected "${rest.join(' ')}".`);
      return ok({ type: 'escalation-requested', at: date.at, actor: 'staff' });
    }
    case 'respond': {
      const [outcome, ...more] = args;
      if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome)) {
        return fail(outcome ? `"${outcome}" is not an outcome: say upheld, partly-upheld or not-upheld.` : 'Say the outcome.');
      }
      const date = leadingWhen(more, commentedAt, ['by']);
      if ('error' in date) return fail(date.error);
      const [by, channel, ...rest] = date.rest;
      let sentBy: SendingChannel | undefined;
      if (by !== undefined) {
        if (by.toLowerCase() !== 'by') return fail(`Unexpected "${date.rest.join(' ')}".`);
        const named = channel?.toLowerCase();
        if (!named || !(SENDING_CHANNELS as readonly string[]).includes(named)) {
          return fail(named ? `"${channel}" is not a way of sending: say by ${SENDING_CHANNELS.join(', by ')}.` : `Say how it was sent: by ${SENDING_CHANNELS.join(', by ')}.`);
        }
        sentBy = named as SendingChannel;
      }
      if (rest.length > 0) return fail(`Unexpected "${rest.join(' ')}".`);
      return ok({ type: 'responded', at: date.at, actor: 'staff', outcome: outcome as (typeof OUTCOMES)[number], ...(sentBy ? { sentBy } : {}) });
    }
    case 'pass-on': {
      const [body, ...more] = args;
      if (!body || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(body.toLowerCase())) return fail('Name the outside body by its id in the procedure.');
      const date = leadingWhen(more, commentedAt);
      if ('error' in date) return fail(date.error);
      if (date.rest.length > 0) return fail(`Unexpected "${date.rest.join(' ')}".`);
      return ok({ type: 'passed-on', at: date.at, actor: 'staff', to: body.toLowerCase() });
    }
    case 'extend':
    case 'target': {
      // The notice of a new date may have gone out before it is recorded: "sent <date>" dates the event then.
      const sent = trailingSent(args, commentedAt);
      if ('error' in sent) return fail(sent.error);
      const [dateText, ...reason] = sent.rest;
      const day = dateText === undefined ? undefined : parseDay(dateText);
      if (day === undefined) return fail(dateText ? `"${dateText}" is not a date; write it as 2026-12-11 or 11/12/2026.` : 'Give the date.');
      if (day <= toLocal(Date.parse(sent.at)).day) return fail(`${fromDayNumber(day)} is not after ${sent.given ? 'the day the notice was sent' : 'today'}.`);
      if (command === 'target') {
        if (reason.length > 0) return fail(`Unexpected "${reason.join(' ')}".`);
        return ok({ type: 'target-set', at: sent.at, actor: 'staff', target: fromDayNumber(day) });
      }
      if (reason.length === 0) return fail('Give the reason for the new date.');
      return ok({ type: 'extended', at: sent.at, actor: 'staff', until: fromDayNumber(day), reason: reasonCategory(reason) });
    }
    case 'pause':
      if (args.length === 0) return fail('Give the reason for pausing.');
      return ok({ type: 'paused', at, actor: 'staff', reason: reasonCategory(args) });
    case 'resume':
    case 'close':
    case 'reopen': {
      if (args.length > 0) return fail(`Unexpected "${args.join(' ')}".`);
      const type = command === 'resume' ? 'resumed' : command === 'close' ? 'closed' : 'reopened';
      return ok({ type, at, actor: 'staff' });
    }
    case 'learning': {
      const [category] = args;
      if (!category || !(CHANGES as readonly string[]).includes(category.toLowerCase())) {
        return fail(category ? `"${category}" is not a kind of change: say ${CHANGES.join(', ')}.` : 'Say what kind of change was made.');
      }
      return ok({ type: 'change-made', at, actor: 'staff', change: category.toLowerCase() as (typeof CHANGES)[number] });
    }
    case 'note':
      if (args.length === 0) return fail('Write the note after /note.');
      return ok();
    case 'draft': {
      const [what, ...rest] = args;
      const word = what?.toLowerCase();
      if (!word || !(DRAFT_WORDS as readonly string[]).includes(word)) {
        return fail(word ? `"${what}" is not a letter: say acknowledgement, extension or outcome.` : 'Say which letter: acknowledgement, extension or outcome.');
      }
      if (word === 'acknowledgement') {
        if (rest.length === 0) return letter({ kind: 'draft', word });
        if (rest[0]?.toLowerCase() !== 'target') return fail(`Unexpected "${rest.join(' ')}".`);
        const target = rest[1] === undefined ? undefined : parseDay(rest[1]);
        if (target === undefined) return fail(rest[1] ? `"${rest[1]}" is not a date; write it as 2026-12-11 or 11/12/2026.` : 'Give the target date after "target".');
        if (target <= toLocal(commentedAt).day) return fail(`${fromDayNumber(target)} is not in the future.`);
        if (rest.length > 2) return fail(`Unexpected "${rest.slice(2).join(' ')}".`);
        return letter({ kind: 'draft', word, target: fromDayNumber(target) });
      }
      if (word === 'extension') {
        const [dateText, ...reason] = rest;
        const day = dateText === undefined ? undefined : parseDay(dateText);
        if (day === undefined) return fail(dateText ? `"${dateText}" is not a date; write it as 2026-12-11 or 11/12/2026.` : 'Give the new date for the response.');
        if (day <= toLocal(commentedAt).day) return fail(`${fromDayNumber(day)} is not in the future.`);
        if (reason.length === 0) return fail('Give the reason for the new date; it goes in the letter.');
        return letter({ kind: 'draft', word, until: fromDayNumber(day), reason: reasonCategory(reason), words: reason.join(' ') });
      }
      const [outcome, ...more] = rest;
      if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome.toLowerCase())) {
        return fail(outcome ? `"${outcome}" is not an outcome: say upheld, partly-upheld or not-upheld.` : 'Say the outcome: upheld, partly-upheld or not-upheld.');
      }
      if (more.length > 0) return fail(`Unexpected "${more.join(' ')}".`);
      return letter({ kind: 'draft', word: 'outcome', outcome: outcome.toLowerCase() as Outcome });
    }
    case 'send':
      return parseSend(args, commentedAt, letter, fail);
  }
}

/**
 * `/send [<draft number>] [by email | posted [date [time]] | by post [date [time]] | by hand [date [time]]] [again]`.
 * A letter posted or handed over earlier takes the date given, like any command; an email goes when it is sent.
 */
function parseSend(args: readonly string[], commentedAt: number, letter: (request: LetterCommand) => ParsedCommand, fail: (error: string) => ParsedCommand): ParsedCommand {
  let rest = [...args];
  const againAt = rest.findIndex((w) => w.toLowerCase() === 'again');
  const again = againAt !== -1;
  if (again) rest.splice(againAt, 1);
  let draft: number | undefined;
  const first = rest[0];
  if (first !== undefined && /^#?\d+$/.test(first)) {
    draft = Number(first.replace('#', ''));
    if (draft < 1 || draft > 100_000) return fail(`"${first}" is not a draft's number.`);
    rest = rest.slice(1);
  }
  if (rest.length === 0) return letter({ kind: 'send', ...(draft === undefined ? {} : { draft }), again });
  const [how, ...after] = rest.map((w) => w.toLowerCase());
  let channel: SendingChannel;
  let when: readonly string[];
  if (how === 'posted') {
    channel = 'post';
    when = rest.slice(1);
  } else if (how === 'by' && after[0] !== undefined && (SENDING_CHANNELS as readonly string[]).includes(after[0])) {
    channel = after[0] as SendingChannel;
    when = rest.slice(2);
  } else if (how === 'by') {
    return fail(after[0] ? `"${rest[1]}" is not a way of sending: say by email, posted <date> or by hand <date>.` : 'Say how: by email, posted <date> or by hand <date>.');
  } else {
    return fail(`Unexpected "${rest.join(' ')}".`);
  }
  if (channel === 'email') {
    if (when.length > 0) return fail(`An email is sent when the command is carried out: remove "${when.join(' ')}".`);
    return letter({ kind: 'send', ...(draft === undefined ? {} : { draft }), channel, again });
  }
  const date = leadingWhen(when, commentedAt);
  if ('error' in date) return fail(date.error);
  if (date.rest.length > 0) return fail(`Unexpected "${date.rest.join(' ')}".`);
  return letter({ kind: 'send', ...(draft === undefined ? {} : { draft }), channel, at: date.at, again });
}

/**
 * The reason's category, when its first word names one; the words themselves stay in the comment, never in the
 * case's events, because they may name people.
 */
function reasonCategory(words: readonly string[]): (typeof EXTENSION_REASONS)[number] {
  const first = (words[0] ?? '').toLowerCase().replace(/[^a-z-]/g, '');
  return (EXTENSION_REASONS as readonly string[]).includes(first) ? (first as (typeof EXTENSION_REASONS)[number]) : 'other';
}

/** A date written as 2026-11-20 or 20/11/2026 (UK order), as every command and staff question takes it. */
function parseDay(text: string): number | undefined {
  const iso = parseWrittenDate(text);
  return iso === undefined ? undefined : toDayNumber(iso);
}

/**
 * When something given with a date happened, from the arguments' first words, and the words after them: the
 * comment's own time when no date is given or the date is the comment's day; the time given (HH:MM, UK time) on
 * the date given (or today); else midday UK time on that day (a letter's time of day is rarely known, and midday
 * sits clear of cut-offs and midnight). Never in the future.
 */
function leadingWhen(args: readonly string[], commentedAt: number, keywords: readonly string[] = []): { at: string; rest: string[] } | { error: string } {
  const [first, second] = args;
  const today = toLocal(commentedAt).day;
  const time = (text: string | undefined) => (text === undefined ? undefined : parseTime(text));
  let day: number | undefined;
  let minutes: number | undefined;
  let used = 0;
  if (first !== undefined && !keywords.includes(first.toLowerCase()) && time(first) === undefined) {
    day = parseDay(first);
    if (day === undefined) return { error: `"${first}" is not a date; write it as 2026-11-20 or 20/11/2026.` };
    used = 1;
    minutes = time(second);
    if (minutes !== undefined) used = 2;
    else if (second !== undefined && /^\d{1,2}[:.]\d/.test(second)) return { error: `"${second}" is not a time; write it as 16:45.` };
  } else if (first !== undefined && time(first) !== undefined) {
    day = today;
    minutes = time(first);
    used = 1;
  }
  const rest = args.slice(used);
  if (day === undefined) return { at: new Date(commentedAt).toISOString(), rest };
  if (day > today) return { error: `${fromDayNumber(day)} is in the future.` };
  if (minutes !== undefined) {
    const instant = fromLocal(day, minutes);
    if (instant > commentedAt) return { error: `${fromDayNumber(day)} at ${args[used - 1] ?? ''} is in the future.` };
    return { at: new Date(instant).toISOString(), rest };
  }
  if (day === today) return { at: new Date(commentedAt).toISOString(), rest };
  return { at: new Date(fromLocal(day, 12 * 60)).toISOString(), rest };
}

/**
 * A closing `sent <date> [time]`: when a notice went out, if before the command was written. The last "sent" that
 * is followed by a date (and at most a time) counts, so a reason may itself use the word.
 */
function trailingSent(args: readonly string[], commentedAt: number): { at: string; rest: string[]; given: boolean } | { error: string } {
  const notGiven = { at: new Date(commentedAt).toISOString(), rest: [...args], given: false };
  const at = args.map((w) => w.toLowerCase()).lastIndexOf('sent');
  if (at === -1) return notGiven;
  const tail = args.slice(at + 1);
  const [first] = tail;
  if (first === undefined) return { error: 'Give the date the notice was sent after "sent".' };
  if (tail.length > 2 || !/^\d/.test(first)) return notGiven;
  if (parseDay(first) === undefined) return { error: `"${first}" is not a date; write it as 2026-11-20 or 20/11/2026.` };
  const when = leadingWhen(tail, commentedAt);
  if ('error' in when) return when;
  if (when.rest.length > 0) return { error: `Unexpected "${when.rest.join(' ')}".` };
  return { at: when.at, rest: args.slice(0, at), given: true };
}

/** A time of day written as 16:45 or 9:30 (24-hour clock), in minutes after midnight. */
function parseTime(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}
