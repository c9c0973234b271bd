import type { SweepSummary } from './run-sweep.ts';

/**
 * The sweep's report, in Markdown: printed to the terminal and written to the GitHub Actions job summary.
 * References only, never anything from a complaint.
 *
 * @example
 * formatSweepSummary(summary).split('\n')[0] //=> '## Redress sweep'
 */
export function formatSweepSummary(summary: SweepSummary, options: { dryRun: boolean; store: string }): string {
  const lines = [
    `## Redress sweep${options.dryRun ? ' (dry run: nothing was written)' : ''}`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| Store | ${options.store} |`,
    `| Cases seen | ${summary.seen} |`,
    `| Cases changed | ${summary.changed} |`,
    `| Reminders posted | ${summary.reminders} |`,
    `| Escalation notices posted | ${summary.escalations} |`,
    `| Emails to staff accepted by the mail server | ${summary.staffEmails} |`,
    `| Requests made | ${summary.requests.reads + summary.requests.writes} (${plural(summary.requests.reads, 'read')}, ${plural(summary.requests.writes, 'write')}) |`,
  ];
  if (summary.ignoredComments > 0) lines.push(`| Comments with commands ignored (no write access) | ${summary.ignoredComments} |`);
  if (summary.locked) lines.push('', 'Another sweep was running, so this one did nothing. The next run picks up where it left off.');
  if (summary.skipped.length > 0) {
    const why = summary.limitedUntil ? `**GitHub's rate limit reached** (it lifts at ${summary.limitedUntil}):` : '**Request budget used up:**';
    lines.push('', `${why} ${summary.skipped.length} case${summary.skipped.length === 1 ? '' : 's'} left for the next run: ${summary.skipped.slice(0, 20).join(', ')}${summary.skipped.length > 20 ? ', …' : ''}.`);
  }
  if (summary.told.length > 0) {
    lines.push('', '**Staff told by email:**', '');
    for (const told of summary.told) lines.push(`- ${told.reference}, ${told.what}: ${told.words}`);
  }
  if (summary.digest) lines.push('', `**Staff digest for ${summary.digest.week}:** ${summary.digest.words}`);
  if (summary.problems.length > 0) {
    lines.push('', '**Cases not processed** (each is also reported on the case):', '');
    for (const problem of summary.problems) lines.push(`- ${problem.reference}: ${problem.problem.split('\n')[0]}`);
  }
  if (options.dryRun) {
    const planned = summary.cases.filter((c) => c.actions.length > 0);
    if (planned.length > 0) {
      lines.push('', '**Planned changes:**', '');
      for (const report of planned) lines.push(`- ${report.reference}: ${report.actions.map(describeAction).join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function describeAction(action: SweepSummary['cases'][number]['actions'][number]): string {
  switch (action.kind) {
    case 'add-labels':
      return `add labels ${action.labels.join(', ')}`;
    case 'remove-label':
      return `remove label ${action.label}`;
    case 'set-assignees':
      return `assign the ${action.role} (${action.assignees.join(', ')})`;
    case 'create-status-comment':
      return 'post the status comment';
    case 'update-status-comment':
      return 'update the status comment';
    case 'post-comment':
      if (action.purpose === 'draft') return `post draft letter ${action.marker.fields.n ?? ''}`.trimEnd();
      return action.purpose === 'notice' ? 'say that a command comment was deleted' : `post ${action.purpose} ${action.key.split(':').slice(1).join(' ')}`;
    case 'send-letter':
      return action.record.channel === 'email' ? `send draft letter ${action.record.n} by email` : `record draft letter ${action.record.n} as ${action.record.channel === 'post' ? 'posted' : 'handed over'}`;
    case 'settle-letter':
      return action.giveUp ? `give up on draft letter ${action.record.n} after three days of deferrals` : `settle draft letter ${action.record.n}, left half-sent by an earlier sweep`;
    case 'post-reply':
      return `reply to comment ${action.commentId}`;
    case 'update-reply':
      return `update the reply to comment ${action.commentId}`;
    case 'set-state':
      return `${action.state === 'closed' ? 'close' : 'reopen'} the case`;
    case 'update-block':
      return 'record events in the case block';
    case 'email-staff': {
      const about = action.notice.what === 'new-case' ? 'the new case' : `the ${action.notice.what}`;
      const people = action.emails.length + action.unreachable.length;
      return people === 0
        ? `email the ${action.role} about ${about}: nobody holds the role in redress.yaml`
        : `email the ${action.role} about ${about} (${action.emails.length} of ${people} with an email address)`;
    }
  }
}
