import { readConfig } from '../../adapters/config/read-config.ts';
import { openCaseStore } from '../../adapters/intake/open-store.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { MailOutbox, type MailEntry } from '../../adapters/mail/mail-outbox.ts';
import { openMailRuntime } from '../../adapters/mail/mail-runtime.ts';
import { forgetMessage, resendMessage, type StaffDecision } from '../../adapters/mail/staff-actions.ts';
import { fromDayNumber } from '../../core/calendar/day-number.ts';
import { toLocal } from '../../core/calendar/london-time.ts';
import { configSecrets, type Config } from '../../core/config/config-schema.ts';
import { MAIL_KIND_WORDS, MAIL_STATUSES, type MailStatus } from '../../core/mail/mail-request.ts';
import { UsageError, type CliContext, type Command } from '../command.ts';

/** UK local time to the minute: "2026-12-23 10:02". */
function localTime(iso: string): string {
  const { day, minutes } = toLocal(Date.parse(iso));
  return `${fromDayNumber(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** What became of a message, in a few words, with the reason when it was not delivered. */
function stateOf(entry: MailEntry): string {
  const reason = entry.detail ? `: ${entry.detail.replace(/\s+/g, ' ')}` : '';
  switch (entry.status) {
    case 'queued':
      return entry.attempts > 0 ? `queued (tried ${entry.attempts}×${reason})` : 'queued';
    case 'sending':
      return `sending since ${localTime(entry.statusAt)}`;
    case 'sent':
      return `sent ${localTime(entry.statusAt)}`;
    case 'written':
      return `written to file ${entry.file ?? ''} (no mail server configured)`.replace('  ', ' ');
    case 'failed':
      return `failed${reason}`;
    case 'uncertain':
      return `UNCERTAIN${reason}: resend or forget it`;
    case 'forgotten':
      return `forgotten${entry.by ? ` by ${entry.by}` : ''}`;
  }
}

function outboxOf(context: CliContext): { config: Config; outbox: MailOutbox } {
  const config = readConfig(context.env, context.cwd);
  return { config, outbox: new MailOutbox(config.dataDir, { from: config.mail.from }) };
}

async function find(outbox: MailOutbox, wanted: string): Promise<MailEntry> {
  const entry = await outbox.resolve(wanted);
  if (entry === 'ambiguous') throw new UsageError(`"${wanted}" is the start of more than one message id: give more of it.`);
  if (!entry) throw new UsageError(`No message "${wanted}": give its id (or the start of it) as "npx redress mail list" shows it, or its key.`);
  return entry;
}

export const mailList: Command = {
  name: 'mail list',
  summary: 'List the messages Redress sent, or would have sent: id, when, to, subject and what became of each.',
  usage: '[--state <state>] [--json]',
  details: `
Reads the mail outbox in the data directory (<data dir>/mail/). Shows addresses and subjects:
staff only. With no SMTP server configured, messages are written to .eml files there instead
of being sent, and are listed as "written to file".

A message is UNCERTAIN when the mail server's answer was lost (the connection dropped after
the message was handed over, or the process stopped while sending): it may have been
delivered. Redress never sends it again by itself; ask the complainant, then run
"npx redress mail resend <id>" or "npx redress mail forget <id>".

Options:
  --state <state>  only messages in this state: ${MAIL_STATUSES.join(', ')}
  --json           every entry as JSON (with the text of each message)

Exit status: 0, or 1 when a file in the outbox cannot be read.

Examples:
  npx redress mail list
  npx redress mail list --state uncertain`,
  options: { state: { type: 'string' }, json: { type: 'boolean', default: false } },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    const state = values.state;
    if (state !== undefined && !(MAIL_STATUSES as readonly unknown[]).includes(state)) throw new UsageError(`--state: one of ${MAIL_STATUSES.join(', ')}.`);
    const { outbox } = outboxOf(context);
    const { entries: all, damaged } = await outbox.list();
    for (const bad of damaged) context.stderr(`${bad.file}: cannot be read as a message: ${bad.problem}\n`);
    const entries = state === undefined ? all : all.filter((entry) => entry.status === state);
    if (values.json) {
      context.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      return damaged.length > 0 ? 1 : 0;
    }
    if (entries.length === 0) {
      context.stdout(state === undefined ? 'No messages yet.\n' : `No ${state} messages.\n`);
      return damaged.length > 0 ? 1 : 0;
    }
    const header = ['Id', 'When (UK)', 'To', 'Subject', 'State'];
    const rows = entries.map((e) => [e.id, localTime(e.queuedAt), e.to, e.subject, stateOf(e)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
    context.stdout(`${line(header)}\n${rows.map(line).join('\n')}\n`);
    const counts = new Map<MailStatus, number>();
    for (const entry of all) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
    context.stdout(`\n${all.length} message${all.length === 1 ? '' : 's'}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}.\n`);
    const uncertain = counts.get('uncertain') ?? 0;
    if (uncertain > 0) context.stdout(`${uncertain} may or may not have been delivered: "npx redress mail show <id>", then "mail resend <id>" or "mail forget <id>".\n`);
    return damaged.length > 0 ? 1 : 0;
  },
};

export const mailShow: Command = {
  name: 'mail show',
  summary: 'Show one message: its headers, what became of it, and its text (staff only: it holds personal data).',
  usage: '<id | key>',
  details: `
The id is the one "npx redress mail list" shows (its first digits are enough when no other
message starts with them); the key is the message's own, such as receipt:RDR-7KX4-M9QP-2TK.

Examples:
  npx redress mail show 3f9a1c2b
  npx redress mail show receipt:RDR-7KX4-M9QP-2TK`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, context) {
    const { outbox } = outboxOf(context);
    const entry = await find(outbox, positionals[0] as string);
    const from = entry.from.name ? `${entry.from.name} <${entry.from.address}>` : entry.from.address;
    const lines = [
      `Message-ID: ${entry.messageId}`,
      `Date: ${new Date(entry.queuedAt).toUTCString()}`,
      `From: ${from}`,
      `To: ${entry.to}`,
      `Subject: ${entry.subject}`,
      '',
      `Id: ${entry.id}`,
      `Key: ${entry.key}`,
      `Kind: ${MAIL_KIND_WORDS[entry.kind]}${entry.caseReference ? `, on case ${entry.caseReference}` : ''}`,
      `State: ${stateOf(entry)} (since ${localTime(entry.statusAt)}; ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}${entry.resends ? `, resent ${entry.resends}×` : ''})`,
    ];
    const file = outbox.emlPath(entry);
    if (file) lines.push(`File: ${file}`);
    context.stdout(`${lines.join('\n')}\n\n${entry.text.replace(/\s+$/, '')}\n`);
    return 0;
  },
};

/** Runs a staff decision on each message named, then sends or records what it changed, with this process's runtime. */
async function decideEach(context: CliContext, ids: string[], decide: typeof resendMessage, verb: string): Promise<number> {
  const config = readConfig(context.env, context.cwd);
  const log = createLogger({ write: context.stderr, level: 'warn', secrets: configSecrets(config) });
  const opened = await openCaseStore(config, log);
  const runtime = await openMailRuntime({ mail: config.mail, dataDir: config.dataDir, log, store: opened.store, startWorker: false });
  const by = context.env.USER ?? 'staff';
  let failures = 0;
  try {
    const decided: string[] = [];
    for (const wanted of ids) {
      const entry = await find(runtime.outbox, wanted);
      const decision: StaffDecision = await decide(runtime.outbox, entry.id, { by, now: context.now() });
      if (decision.ok) decided.push(entry.id);
      else {
        failures += 1;
        context.stderr(`${decision.reason}\n`);
      }
    }
    const report = await runtime.worker.flush();
    for (const id of decided) {
      const entry = report.done.find((e) => e.id === id) ?? (await runtime.outbox.get(id));
      const deferred = report.deferred.find((d) => d.id === id);
      if (deferred) context.stdout(`${id}: ${verb}; not sent yet (${deferred.error}): the server sends it when it next looks.\n`);
      else if (entry) context.stdout(`${id}: ${verb}; now ${stateOf(entry)}.\n`);
      if (entry && (entry.status === 'failed' || entry.status === 'uncertain')) failures += 1;
    }
  } finally {
    await runtime.close();
    await opened.close();
  }
  return failures > 0 ? 1 : 0;
}

export const mailResend: Command = {
  name: 'mail resend',
  summary: 'Send a message again: one whose delivery is uncertain, one refused, or one written to a file.',
  usage: '<id | key>…',
  details: `
Sends the message now, with the same Message-ID (a mail program that already has it may
treat the new copy as the same message), and records the outcome on its case. For an
uncertain message, ask the complainant first whether it arrived: SMTP cannot tell whether
a message whose answer was lost was accepted. A message the server already accepted is
not sent again.

Exit status: 0 when every message named was sent; 1 otherwise.

Examples:
  npx redress mail resend 3f9a1c2b`,
  options: {},
  positionals: { min: 1, max: 100 },
  run: ({ positionals }, context) => decideEach(context, positionals, resendMessage, 'resent'),
};

export const mailForget: Command = {
  name: 'mail forget',
  summary: 'Leave a message unsent for good (uncertain, refused or written to a file): it stops being flagged.',
  usage: '<id | key>…',
  details: `
For an uncertain message the complainant confirms they received, or a letter sent by
other means. The message stays listed, as forgotten, and its case record says so.

Examples:
  npx redress mail forget 3f9a1c2b`,
  options: {},
  positionals: { min: 1, max: 100 },
  run: ({ positionals }, context) => decideEach(context, positionals, forgetMessage, 'forgotten'),
};
