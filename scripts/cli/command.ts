import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** What a command may touch: its output streams, the working directory and the environment. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The time now; commands take it from here so tests can fix it. */
  now: () => number;
  /** Whether standard error is a terminal, where progress may be shown. */
  isTerminal?: boolean;
  /** Everything on standard input, for commands that read data from it (absent: none). */
  readStdin?: () => Promise<string>;
  /** Asks a person at a terminal a question and gives their answer; absent when nobody is there to ask. */
  ask?: (question: string) => Promise<string>;
  /**
   * For commands that can stop cleanly part-way: starts watching for Ctrl-C and termination (SIGINT, SIGTERM) and
   * gives the signal they abort. A second Ctrl-C ends the process at once. Commands that do not ask keep the usual
   * behaviour (the first Ctrl-C ends them).
   */
  interrupts?: () => AbortSignal;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** Words that name it: "procedures check". */
  name: string;
  summary: string;
  /** Synopsis after the command name: "<procedure> --received <date-time> [--json]". */
  usage: string;
  /** Longer help: options and examples. */
  details: string;
  options: ParseArgsOptionsConfig;
  /** Inclusive bounds on positional arguments. */
  positionals: { min: number; max: number };
  run: (args: ParsedArgs, context: CliContext) => Promise<number>;
}

/** Thrown for a bad command line: the message says what is wrong, and the command's usage follows. */
export class UsageError extends Error {}

/** Parses a command's arguments strictly: unknown options and missing values are usage errors. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length < command.positionals.min) throw new UsageError('Missing arguments.');
    if (positionals.length > command.positionals.max) {
      throw new UsageError(`Unexpected argument "${positionals[command.positionals.max]}".`);
    }
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, '.'));
  }
}

export function commandHelp(command: Command): string {
  return `Usage: redress ${command.name} ${command.usage}\n\n${command.summary}\n\n${command.details.trim()}\n`;
}
