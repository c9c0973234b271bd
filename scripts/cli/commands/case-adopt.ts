import { configSecrets } from '../../core/config/config-schema.ts';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readConfig } from '../../adapters/config/read-config.ts';
import { readExtraHolidays } from '../../adapters/fs/procedure-files.ts';
import { openIntakeRuntime } from '../../adapters/intake/intake-runtime.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { fromDayNumber } from '../../core/calendar/day-number.ts';
import { parseInstant, toLocal } from '../../core/calendar/london-time.ts';
import { CaseNotFoundError } from '../../core/case/case-store.ts';
import { validateComplaint } from '../../core/complaint/complaint-schema.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { readIssueForm, STAFF_CHANNELS } from '../../core/intake/issue-form.ts';
import { mayCommand } from '../../core/sweep/rebuild-events.ts';
import { UsageError, type Command } from '../command.ts';
import { loadProcedureOrExplain } from '../load-for-cli.ts';
import { readOrganisation } from '../../adapters/fs/organisation-file.ts';
import { receiptLink } from '../receipt-link.ts';

const ADOPTED = 'Opened as case ';

/** A stable submission id (UUID-shaped, as the schema asks) for an issue, so adopting it twice makes one case. */
export function submissionIdForIssue(repository: string, issue: string): string {
  const hex = createHash('sha256').update(`redress-issue-form/1:${repository}#${issue}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const caseAdopt: Command = {
  name: 'case adopt',
  summary: 'Open a case from an issue made with the staff issue form, and close that issue.',
  usage: '<issue-number>',
  details: `
Reads an issue made with .github/ISSUE_TEMPLATE/complaint.yml in the configured GitHub repository, checks
that whoever opened it has write, maintain or admin access (the right to command a case: anyone who can
read the repository can open an issue with the form), checks its answers with the complaint schema, creates the case (an issue titled with its reference, labelled,
assigned, with the complaint escaped), then replaces the form issue's text with a pointer to the case and
closes it, so the complaint's details live in one place. Running it again makes no second case.

Examples:
  REDRESS_GITHUB_REPO=example-org/complaints GITHUB_TOKEN=… npx redress case adopt 42`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, context) {
    const number = positionals[0] as string;
    if (!/^[1-9]\d*$/.test(number)) throw new UsageError(`"${number}" is not an issue number.`);
    const config = readConfig(context.env, context.cwd);
    if (config.store.kind !== 'github') throw new UsageError('Issues are adopted from the GitHub repository: set REDRESS_GITHUB_REPO and GITHUB_TOKEN.');
    const log = createLogger({ write: context.stderr, level: 'warn', secrets: [...configSecrets(config), context.env.GITHUB_TOKEN] });
    const procedures = new Map<string, Awaited<ReturnType<typeof loadProcedureOrExplain>>>();
    const holidays = await readExtraHolidays(path.resolve(context.cwd, 'workflows', 'calendar', 'extra-holidays.yaml'));
    const organisation = await readOrganisation(context.cwd);
    const link = await receiptLink({ config, organisation, log });
    const runtime = await openIntakeRuntime({
      organisation,
      config,
      log,
      cwd: context.cwd,
      procedure: async (id) => procedures.get(id),
      calendarFor: (procedure) => calendarFor(procedure, holidays),
      startWorker: false,
      ...(link.trackingLink ? { trackingLink: link.trackingLink } : {}),
    });
    try {
      let issue;
      try {
        issue = await runtime.store.getCase(number);
      } catch (error) {
        if (error instanceof CaseNotFoundError) throw new UsageError(`There is no issue #${number} in ${config.store.github.owner}/${config.store.github.repo}.`, { cause: error });
        throw error;
      }
      if (!issue.labels.includes('intake:staff')) throw new UsageError(`Issue #${number} was not made with the staff issue form (it has no "intake:staff" label).`);
      if (issue.body.startsWith(ADOPTED)) {
        context.stdout(`Issue #${number} was adopted already: ${issue.body.slice(ADOPTED.length).split('.')[0]}.\n`);
        return 0;
      }
      // Opening an issue needs only read access; opening a case is staff's, like any command.
      const opener = issue.author;
      const permission = opener === undefined ? 'none' : await runtime.store.permissionOf(opener);
      if (!mayCommand(permission)) {
        const why = `Issue #${number} was opened by ${opener ?? 'an unknown account'}, whose access is "${permission}": only staff with write, maintain or admin access can open a case with the staff form. The issue is left as it is.`;
        const marker = `<!-- redress:refused v1 issue=${number} -->`;
        const comments = await runtime.store.listComments(number);
        if (!comments.some((comment) => comment.byBot && comment.body.startsWith(marker))) await runtime.store.addComment(number, `${marker}\n${why}\n`);
        context.stderr(`${why}\n`);
        return 1;
      }
      const answers = readIssueForm(issue.body);
      if (!answers.procedure) {
        context.stderr(`Issue #${number} does not say which procedure the complaint is under ("Procedure").\n`);
        return 1;
      }
      const procedure = await loadProcedureOrExplain(answers.procedure, context);
      if (!procedure) return 1;
      procedures.set(procedure.id, procedure);
      const channel = procedure.channels.find((c) => c.kind === answers.channel);
      if (!channel) {
        context.stderr(`Issue #${number}: ${procedure.id} takes no complaints by "${answers.channel}" (its channels: ${procedure.channels.map((c) => c.kind).join(', ')}; the form offers ${STAFF_CHANNELS.join(', ')}).\n`);
        return 1;
      }
      let receivedAt: number;
      try {
        receivedAt = parseInstant(answers.received);
      } catch (error) {
        context.stderr(`Issue #${number}: "When it was received": ${(error as Error).message}\n`);
        return 1;
      }
      const repository = `${config.store.github.owner}/${config.store.github.repo}`;
      const input = { ...answers.complaint, submissionId: submissionIdForIssue(repository, number), renderedAt: new Date(receivedAt).toISOString() };
      const result = validateComplaint(input, { today: fromDayNumber(toLocal(receivedAt).day), outcomeRequired: procedure.outcomeRequired !== undefined });
      if (!result.success) {
        context.stderr(`Issue #${number} does not make a valid complaint; correct it and run this again:\n`);
        for (const [field, messages] of Object.entries(result.errors.fieldErrors)) context.stderr(`  ${field}: ${(messages ?? []).join('; ')}\n`);
        return 1;
      }
      const receipt = await runtime.intake.submit(result.complaint, { receivedAt, channel: channel.id, recordedBy: opener });
      if (receipt.queued) {
        context.stderr(`The case ${receipt.reference} could not be created yet; run this again later (the form issue is left as it is).\n`);
        return 1;
      }
      const found = await runtime.store.findByReference(receipt.reference);
      await runtime.store.updateBody(number, `${ADOPTED}${receipt.reference}${found ? ` (#${found.id})` : ''}. The complaint's details are in that case and were removed from this issue.`);
      await runtime.store.setState(number, 'closed');
      context.stdout(`Issue #${number} is now case ${receipt.reference}${found ? ` (#${found.id})` : ''}.\n`);
      const words = link.words(result.complaint);
      if (words) context.stdout(words);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
