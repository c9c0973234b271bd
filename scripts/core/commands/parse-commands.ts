import { toDayNumber, fromDayNumber } from '../calendar/day-number.ts';
import { parseWrittenDate } from '../calendar/written-date.ts';
import { fromLocal, toLocal } from '../calendar/london-time.ts';
import { CHANGES, EXTENSION_REASONS, type CaseEventInput } from '../case/case-event-schema.ts';
import { OUTCOMES } from '../procedure/procedure-schema.ts';

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
  'learning',
  'note',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  acknowledge: '/acknowledge [date]',
  respond: '/respond upheld|partly-upheld|not-upheld [date]',
  extend: '/extend <new date> <reason>',
  target: '/target <date>',
  escalate: '/escalate [date]',
  withdraw: '/withdraw [date]',
  pause: '/pause <reason>',
  resume: '/resume',
  close: '/close',
  reopen: '/reopen',
  learning: `/learning ${CHANGES.join('|')} [what changed]`,
  note: '/note <text>',
};

export type ParsedCommand =
  | { ok: true; name: CommandName; line: number; text: string; event?: CaseEventInput }
  | { ok: false; name?: string; line: number; text: string; error: string };

/**
 * Finds the commands in a staff comment: lines that start with "/", outside code blocks and quotes. A comment may
 * hold several; each is parsed on its own, so one mistake does not lose the others. A date may be given for a
 * letter sent earlier; without one, the command takes the comment's time.
 *
 * @example
 * parseCommands('Sent today.\n/acknowledge 2026-11-20', Date.parse('2026-11-24T10:00:00Z'))
 * //=> [{ ok: true, name: 'acknowledge', line: 2, text: '/acknowledge 2026-11-20',
 * //      event: { type: 'acknowledged', at: '2026-11-20T12:00:00.000Z', actor: 'staff' } }]
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
  const when = (arg: string | undefined) => (arg === undefined ? { at } : parseWhen(arg, commentedAt));

  switch (command) {
    case 'acknowledge':
    case 'escalate':
    case 'withdraw': {
      if (args.length > 1) return fail(`Unexpected "${args.slice(1).join(' ')}".`);
      const date = when(args[0]);
      if ('error' in date) return fail(date.error);
      const type = command === 'acknowledge' ? 'acknowledged' : command === 'escalate' ? 'escalation-requested' : 'withdrawn';
      return ok({ type, at: date.at, actor: 'staff' });
    }
    case 'respond': {
      const [outcome, dateText, ...rest] = args;
      if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome)) {
        return fail(outcome ? `"${outcome}" is not an outcome: say upheld, partly-upheld or not-upheld.` : 'Say the outcome.');
      }
      if (rest.length > 0) return fail(`Unexpected "${rest.join(' ')}".`);
      const date = when(dateText);
      if ('error' in date) return fail(date.error);
      return ok({ type: 'responded', at: date.at, actor: 'staff', outcome: outcome as (typeof OUTCOMES)[number] });
    }
    case 'extend':
    case 'target': {
      const [dateText, ...reason] = args;
      const day = dateText === undefined ? undefined : parseDay(dateText);
      if (day === undefined) return fail(dateText ? `"${dateText}" is not a date; write it as 2026-12-11 or 11/12/2026.` : 'Give the date.');
      if (day <= toLocal(commentedAt).day) return fail(`${fromDayNumber(day)} is not in the future.`);
      if (command === 'target') {
        if (reason.length > 0) return fail(`Unexpected "${reason.join(' ')}".`);
        return ok({ type: 'target-set', at, actor: 'staff', target: fromDayNumber(day) });
      }
      if (reason.length === 0) return fail('Give the reason for the new date.');
      return ok({ type: 'extended', at, actor: 'staff', until: fromDayNumber(day), reason: reasonCategory(reason) });
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
  }
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
 * When something given with a date happened: the comment's own time if the date is the comment's day, else midday
 * UK time on that day (a letter's time of day is rarely known, and midday sits clear of cut-offs and midnight).
 */
function parseWhen(text: string, commentedAt: number): { at: string } | { error: string } {
  const day = parseDay(text);
  if (day === undefined) return { error: `"${text}" is not a date; write it as 2026-11-20 or 20/11/2026.` };
  const today = toLocal(commentedAt).day;
  if (day > today) return { error: `${fromDayNumber(day)} is in the future.` };
  if (day === today) return { at: new Date(commentedAt).toISOString() };
  return { at: new Date(fromLocal(day, 12 * 60)).toISOString() };
}
