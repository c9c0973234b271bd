import { commandHelp, parseCommandArgs, UsageError, type CliContext, type Command } from './command.ts';
import { proceduresCheck } from './commands/procedures-check.ts';
import { timeline } from './commands/timeline.ts';
import { audit } from './commands/audit.ts';
import { report } from './commands/report.ts';
import { proceduresCompare } from './commands/procedures-compare.ts';
import { proceduresFidelity } from './commands/procedures-fidelity.ts';
import { caseAdopt } from './commands/case-adopt.ts';
import { caseOpen } from './commands/case-open.ts';
import { issueFormGenerate } from './commands/issue-form-generate.ts';
import { outboxFlush } from './commands/outbox-flush.ts';
import { sweep } from './commands/sweep.ts';
import { caseCommand, caseList, caseShow } from './commands/case-work.ts';
import { init } from './commands/init.ts';
import { mailForget, mailList, mailResend, mailShow } from './commands/mail.ts';
import { letterEdit, letterPrint } from './commands/letter.ts';
import { umbrella } from './commands/umbrella.ts';
import { digest } from './commands/digest.ts';

export const COMMANDS: readonly Command[] = [
  init,
  proceduresCheck,
  proceduresCompare,
  proceduresFidelity,
  timeline,
  caseOpen,
  caseAdopt,
  caseList,
  caseShow,
  caseCommand,
  letterEdit,
  letterPrint,
  sweep,
  digest,
  outboxFlush,
  mailList,
  mailShow,
  mailResend,
  mailForget,
  issueFormGenerate,
  audit,
  umbrella,
  report,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: redress <command> [options]

Complaints procedures as code.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "redress <command> --help" for a command's options.
`;
}

/**
 * Runs the command line and returns the exit status: 0 success, 1 the command found problems or failed,
 * 2 a bad command line.
 */
export async function main(argv: readonly string[], context: CliContext): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    context.stdout(overview());
    return argv.length === 0 ? 2 : 0;
  }
  // The longest command name that the arguments start with: "procedures check" before "procedures".
  const command = [...COMMANDS]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    context.stderr(
      group.length > 0
        ? `redress ${argv[0]}: say which: ${group.map((c) => c.name).join(', ')}.\n`
        : `redress: unknown command "${argv.join(' ')}".\n\n${overview()}`,
    );
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest), context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`redress ${command.name}: ${error.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    context.stderr(`redress ${command.name}: ${(error as Error).message}\n`);
    return 1;
  }
}
