/**
 * The one way the server, the retry worker and the GitHub client write logs: one JSON object a line, with
 * configured secrets (the GitHub token) replaced before anything is written. Log messages name references,
 * procedures and counts, never a complainant's details; the redaction is the second line of defence for the token.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Where lines go (default: standard error). */
  write?: (line: string) => void;
  /** Values that must never appear in a log line. */
  secrets?: readonly (string | undefined)[];
  /** Lines below this level are dropped. */
  level?: LogLevel;
  now?: () => number;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Replaces every occurrence of each secret (of at least 4 characters) with "[redacted]". */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const secrets = options.secrets ?? [];
  const threshold = ORDER[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < threshold) return;
    const line = JSON.stringify({ time: new Date(now()).toISOString(), level, message, ...describeErrors(fields) });
    write(`${redact(line, secrets)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (tests, and commands whose output is their result). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

// Errors serialise to "{}"; keep their name, message and HTTP status (never their request, which holds headers).
function describeErrors(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error ? { name: value.name, message: value.message, ...('status' in value ? { status: value.status } : {}) } : value,
    ]),
  );
}
