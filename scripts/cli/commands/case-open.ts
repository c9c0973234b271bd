import { configSecrets } from '../../core/config/config-schema.ts';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readExtraHolidays } from '../../adapters/fs/procedure-files.ts';
import { readConfig } from '../../adapters/config/read-config.ts';
import { openIntakeRuntime } from '../../adapters/intake/intake-runtime.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { fromDayNumber } from '../../core/calendar/day-number.ts';
import { toLocal } from '../../core/calendar/london-time.ts';
import { parseWrittenDate, parseWrittenDateTime, WRITTEN_DATE_TIME_FORMS } from '../../core/calendar/written-date.ts';
import { validateComplaint } from '../../core/complaint/complaint-schema.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { datesOnReceipt } from '../../core/deadlines/dates-on-receipt.ts';
import { STAFF_CHANNELS } from '../../core/intake/issue-form.ts';
import { staffFields, staffProblems } from '../../core/intake/staff-fields.ts';
import { formatDayLong, formatInstantLong } from '../../core/text/plain-dates.ts';
import { UsageError, type Command } from '../command.ts';
import { loadProcedureOrExplain } from '../load-for-cli.ts';
import { receiptLink } from '../receipt-link.ts';
import { readOrganisation } from '../../adapters/fs/organisation-file.ts';

export const caseOpen: Command = {
  name: 'case open',
  summary: 'Open a case for a complaint received by phone, letter, email or in person.',
  usage: '<procedure> --channel <phone|letter|in-person|email> --received <date-time> [--input <file.json>] [--as <name>] [--json]',
  details: `
Reads the complaint's answers as JSON (the fields of the web form's complaint schema) from a file, or
from standard input, checks them with the same schema, and creates the case in the configured store
(the GitHub repository, or the local store). Prints the reference and the dates the procedure promises.
"procedure", "submissionId" and "renderedAt" are filled in; "privacy": true records that the complainant
was told about the privacy notice and is required.

Options:
  --channel <kind>        how it was received: ${STAFF_CHANNELS.join(', ')} (the procedure's channel of that kind)
  --received <date-time>  when it was received (required): ${WRITTEN_DATE_TIME_FORMS}
  --input <file.json>     the answers; standard input when absent
  --as <name>             who took the complaint, recorded on the case (default: the USER environment variable)
  --json                  print {"reference", "queued", "receivedAt", "dates"} as JSON

The answers (a JSON object; dates as 2026-11-28 or 28/11/2026):
${staffFields()
  .map((f) => `  ${f.field.padEnd(20)}${f.question}\n  ${''.padEnd(20)}${f.takes}; ${f.need}`)
  .join('\n')}

Examples:
  npx redress case open ceccc --channel letter --received 2026-12-23T10:00 --input letter.json
  echo '{"identity":"anonymous","onBehalf":"myself",…}' | npx redress case open ceccc --channel email --received 2026-12-23T10:00`,
  options: {
    channel: { type: 'string' },
    received: { type: 'string' },
    input: { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, context) {
    const kind = values.channel;
    if (typeof kind !== 'string') throw new UsageError('--channel is required.');
    if (!(STAFF_CHANNELS as readonly string[]).includes(kind)) throw new UsageError(`--channel: "${kind}" is not one of ${STAFF_CHANNELS.join(', ')}.`);
    if (typeof values.received !== 'string') throw new UsageError('--received is required.');
    let receivedAt: number;
    try {
      receivedAt = parseWrittenDateTime(values.received);
    } catch (error) {
      throw new UsageError(`--received: ${(error as Error).message}`);
    }
    if (receivedAt > context.now()) throw new UsageError('--received is in the future.');
    const config = readConfig(context.env, context.cwd);

    const procedure = await loadProcedureOrExplain(positionals[0] as string, context);
    if (!procedure) return 1;
    const channel = procedure.channels.find((c) => c.kind === kind);
    if (!channel) {
      throw new UsageError(`--channel: ${procedure.id} takes no complaints by ${kind} (its channels: ${procedure.channels.map((c) => c.kind).join(', ')}).`);
    }

    const text = typeof values.input === 'string' ? await readInput(path.resolve(context.cwd, values.input)) : await context.readStdin?.();
    if (text === undefined || text.trim() === '') throw new UsageError('Give the answers as JSON with --input <file>, or on standard input.');
    let answers: unknown;
    try {
      answers = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`The answers are not valid JSON: ${(error as Error).message}`);
    }
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new UsageError('The answers are a JSON object of the complaint’s fields.');
    const written = answers as Record<string, unknown>;
    // Dates as staff write them everywhere else: 28/11/2026 as well as 2026-11-28.
    const incidentDate = typeof written.incidentDate === 'string' ? (parseWrittenDate(written.incidentDate) ?? written.incidentDate) : written.incidentDate;
    const input = { submissionId: randomUUID(), renderedAt: new Date(receivedAt).toISOString(), ...written, incidentDate, procedure: procedure.id };
    const result = validateComplaint(input, { today: fromDayNumber(toLocal(receivedAt).day), outcomeRequired: procedure.outcomeRequired !== undefined });
    if (!result.success) {
      context.stderr('The answers do not make a valid complaint (see "npx redress case open --help" for every field):\n');
      for (const line of staffProblems(written, result.errors)) context.stderr(`  ${line}\n`);
      return 1;
    }

    const holidays = await readExtraHolidays(path.resolve(context.cwd, 'workflows', 'calendar', 'extra-holidays.yaml'));
    const calendar = calendarFor(procedure, holidays);
    const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
    const organisation = await readOrganisation(context.cwd);
    const link = await receiptLink({ config, organisation, log });
    const runtime = await openIntakeRuntime({
      config,
      log,
      cwd: context.cwd,
      procedure: async (id) => (id === procedure.id ? procedure : undefined),
      calendarFor: () => calendar,
      startWorker: false,
      organisation,
      ...(link.trackingLink ? { trackingLink: link.trackingLink } : {}),
    });
    try {
      const recordedBy = typeof values.as === 'string' ? values.as : (context.env.USER ?? 'staff');
      const receipt = await runtime.intake.submit(result.complaint, { receivedAt, channel: channel.id, recordedBy });
      const dates = datesOnReceipt({ procedure, calendar, channel: channel.id, receivedAt: receipt.receivedAt }).dates;
      if (values.json) {
        const json = { reference: receipt.reference, queued: receipt.queued, receivedAt: new Date(receipt.receivedAt).toISOString(), dates: dates.map((d) => ({ id: d.id, label: d.label, dueDate: fromDayNumber(d.dueDay) })) };
        context.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return 0;
      }
      context.stdout(`Case ${receipt.reference} opened (${procedure.id}, received ${formatInstantLong(receipt.receivedAt)} by ${kind}).\n`);
      if (receipt.queued) context.stdout('The store did not answer: the case is queued and will be created by the server, or by "npx redress outbox flush".\n');
      for (const date of dates) context.stdout(`  ${date.label}: by ${formatDayLong(date.dueDay)}\n`);
      if (dates.length === 0) context.stdout(`  ${procedure.noTimeLimits ?? 'No time limit starts on receipt.'}\n`);
      const words = link.words(result.complaint);
      if (words) context.stdout(words);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
}
