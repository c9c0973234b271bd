import { readExtraHolidays } from '../../adapters/fs/procedure-files.ts';
import { loadProcedureOrExplain } from '../load-for-cli.ts';
import { parseInstant } from '../../core/calendar/london-time.ts';
import { fromDayNumber } from '../../core/calendar/day-number.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { datesOnReceipt } from '../../core/deadlines/dates-on-receipt.ts';
import { formatDayLong, formatInstant, formatInstantLong } from '../../core/text/plain-dates.ts';
import { UsageError, type Command } from '../command.ts';

export const timeline: Command = {
  name: 'timeline',
  summary: 'The time limits that start when a complaint is received, with their due dates.',
  usage: '<procedure> --received <date-time> [--channel <id>] [--json]',
  details: `
Options:
  --received <date-time>  when the complaint arrived: ISO 8601 with an offset or Z, or a UK local
                          date-time such as 2026-12-23T16:59 (required)
  --channel <id>          how it arrived, one of the procedure's channels (default: web, the form)
  --json                  print JSON: {"procedure", "received", "clocks": [{"id", "stage", "label",
                          "due", "dueDate"}]}

Examples:
  npx redress timeline ceccc --received 2026-12-23T10:00
  npx redress timeline op-performance --received 2026-03-27T16:00:00Z --json`,
  options: {
    received: { type: 'string' },
    channel: { type: 'string', default: 'web' },
    json: { type: 'boolean', default: false },
  },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, context) {
    if (typeof values.received !== 'string') throw new UsageError('--received is required.');
    let receivedAt: number;
    try {
      receivedAt = parseInstant(values.received);
    } catch (error) {
      throw new UsageError(`--received: ${(error as Error).message}`);
    }
    const procedure = await loadProcedureOrExplain(positionals[0] as string, context);
    if (!procedure) return 1;
    const channel = String(values.channel);
    if (!procedure.channels.some((c) => c.id === channel)) {
      throw new UsageError(`--channel: "${channel}" is not a channel of ${procedure.id} (${procedure.channels.map((c) => c.id).join(', ')}).`);
    }
    const calendar = calendarFor(procedure, await readExtraHolidays());
    const result = datesOnReceipt({ procedure, calendar, channel, receivedAt });
    if (values.json) {
      const json = {
        procedure: procedure.id,
        received: formatInstant(receivedAt),
        clocks: result.dates.map((date) => ({ id: date.id, stage: date.stage, label: date.label, due: formatInstant(date.due), dueDate: fromDayNumber(date.dueDay) })),
      };
      context.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const stage = procedure.stages.find((s) => s.id === result.stage);
    context.stdout(`${procedure.organisation.name}: ${procedure.title}\n`);
    context.stdout(`Received ${formatInstantLong(receivedAt)} by ${channel}; enters ${stage?.title ?? result.stage}.\n\n`);
    if (result.dates.length === 0) {
      context.stdout(procedure.noTimeLimits ? `${procedure.noTimeLimits}\n` : 'No time limit starts on receipt.\n');
    } else {
      // A limit in hours falls due at a time of day, so its date comes with the time.
      const rows = result.dates.map((date) => [date.id, date.label, date.inHours ? formatInstantLong(date.due) : formatDayLong(date.dueDay), formatInstant(date.due)]);
      const header = ['Clock', 'What', 'Due by', 'Due instant'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
      context.stdout(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
    }
    for (const later of result.later) context.stdout(`\n${later.id}: ${later.label}. ${later.note}`);
    context.stdout(`${result.later.length ? '\n' : ''}\nCalendar: ${result.calendarVersion}\n`);
    return 0;
  },
};
