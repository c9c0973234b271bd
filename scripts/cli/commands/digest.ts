import { configSecrets } from '../../core/config/config-schema.ts';
import path from 'node:path';
import { readConfig } from '../../adapters/config/read-config.ts';
import { readOrganisation } from '../../adapters/fs/organisation-file.ts';
import { loadWorkflows, readExtraHolidays, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { openCaseStore } from '../../adapters/intake/open-store.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { openLetterMailer } from '../../adapters/mail/letter-mailer.ts';
import { collectDigests, digestOutcomeWords, sendDigests } from '../../adapters/sweep/staff-digest.ts';
import { caseLink } from '../../adapters/sweep/sweep-runtime.ts';
import { parseInstant } from '../../core/calendar/london-time.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { staffFor } from '../../core/organisation/roster.ts';
import { formatProblem } from '../../core/procedure/load-procedures.ts';
import { UsageError, type Command } from '../command.ts';

export const digest: Command = {
  name: 'digest',
  summary: 'Show (or --send) each handler’s digest: cases overdue and due this week.',
  usage: '[--send] [--now <date-time>]',
  details: `
For each member of staff in redress.yaml who handles an open case with a time limit overdue or due this week
(Monday to Sunday), prints one digest: each case's reference, procedure, stage, what is due and when, and where
to open it. Nothing from the complaint and nothing about the complainant.

The sweep sends the digests itself in its first run on or after Monday 08:00 (UK time), once a week.

Options:
  --send              also email each digest to its person's roster address, through the mail outbox: once per
                      person per week, however often this is run
  --now <date-time>   the time to build the digest at (default: now)

Examples:
  npx redress digest
  npx redress digest --send`,
  options: { send: { type: 'boolean', default: false }, now: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run({ values }, context) {
    let now = context.now();
    if (typeof values.now === 'string') {
      try {
        now = parseInstant(values.now);
      } catch (error) {
        throw new UsageError(`--now: ${(error as Error).message}`);
      }
    }
    const config = readConfig(context.env, context.cwd);
    const loaded = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    if (loaded.problems.length > 0) {
      context.stderr(`workflows/ has problems:\n${loaded.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    const holidays = await readExtraHolidays(path.resolve(context.cwd, WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml'));
    const organisation = await readOrganisation(context.cwd);
    const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
    const opened = await openCaseStore(config, log);
    try {
      const { digests, unreadable } = await collectDigests({
        store: opened.store,
        procedures: loaded.procedures,
        calendarFor: (procedure) => calendarFor(procedure, holidays),
        staff: (procedure, role) => staffFor(organisation, config.assignees, procedure, role),
        link: (stored) => caseLink(config, stored),
        now,
        ...(organisation?.shortName ? { prefix: organisation.shortName } : {}),
      });
      if (digests.length === 0) context.stdout('Nobody has a case overdue or due this week.\n');
      for (const found of digests) {
        context.stdout(`To: ${found.person.name}${found.person.email ? ` <${found.person.email}>` : ' (no email address in redress.yaml)'}\nSubject: ${found.subject}\n\n${found.text}\n`);
      }
      if (unreadable.length > 0) context.stderr(`Not included (no readable case block, or a procedure not in workflows/): ${unreadable.join(', ')}.\n`);
      if (values.send === true) {
        const mailer = await openLetterMailer({ mail: config.mail, dataDir: config.dataDir, now: () => now });
        try {
          const outcomes = await sendDigests(digests, async (request) => ({ status: (await mailer.send(request, { again: false })).status }));
          context.stdout(`${digestOutcomeWords(outcomes)}\n`);
        } finally {
          await mailer.close();
        }
      }
      return 0;
    } finally {
      await opened.close();
    }
  },
};
