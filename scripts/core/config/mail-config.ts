/**
 * How mail leaves Redress: the SMTP server of `REDRESS_SMTP_URL` and the sender of `REDRESS_MAIL_FROM`. Pure, like
 * the rest of the configuration: the values come in as strings and every problem comes back naming its variable,
 * never showing a password.
 */
import { z } from 'zod';

export interface MailAddress {
  /** The display name, when there is one: "Example Complaints". */
  name?: string;
  address: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** `smtps://`: TLS from the first byte (port 465). Otherwise STARTTLS after the greeting. */
  secure: boolean;
  /**
   * Refuse to send credentials or mail unless STARTTLS succeeds: always for `smtp://` to another machine, unless the
   * URL says `?tls=optional` (a relay on a private network without TLS).
   */
  requireTLS: boolean;
  user?: string;
  pass?: string;
  /** The name this machine gives in EHLO (`?name=`); the host name otherwise. Some relays refuse "localhost". */
  clientName?: string;
}

export interface MailConfig {
  /** Where messages go; absent, each is written as an .eml file in the data directory instead of being sent. */
  smtp?: SmtpConfig;
  from: MailAddress;
}

/** The sender of messages written to files when no SMTP server and no sender are configured. */
export const DEFAULT_FROM: MailAddress = { name: 'Redress', address: 'redress@localhost' };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const EXAMPLE = 'write smtp://user:password@smtp.example.org:587 (STARTTLS) or smtps://user:password@smtp.example.org:465 (TLS)';

/** The URL as it may be shown: the password replaced by asterisks. */
export function maskSmtpUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}

/**
 * The SMTP server from `REDRESS_SMTP_URL`, or the problem with it. Credentials are percent-encoded in the URL
 * (`p%40ss` for `p@ss`); the only options read are `tls=optional` and `name=<EHLO name>`.
 *
 * @example
 * parseSmtpUrl('smtp://apikey:s3cret@smtp.example.org:587')
 * //=> { ok: true, smtp: { host: 'smtp.example.org', port: 587, secure: false, requireTLS: true, user: 'apikey', pass: 's3cret' } }
 */
export function parseSmtpUrl(text: string): { ok: true; smtp: SmtpConfig } | { ok: false; problem: string } {
  const fail = (problem: string) => ({ ok: false as const, problem: `REDRESS_SMTP_URL: ${problem}` });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // The value is not shown: it may hold a password that could not be told apart from the rest.
    return fail(`not a URL; ${EXAMPLE}.`);
  }
  // Only an smtp(s) URL is known to keep its password where masking finds it ("user:pass@host" parses as scheme "user:").
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return fail(`the scheme is smtp: or smtps:; ${EXAMPLE}.`);
  const shown = `REDRESS_SMTP_URL=${JSON.stringify(maskSmtpUrl(url))}`;
  const problem = (message: string) => ({ ok: false as const, problem: `${shown}: ${message}` });
  if (!url.hostname) return problem(`no server named; ${EXAMPLE}.`);
  if (url.pathname !== '' && url.pathname !== '/') return problem('a mail server URL has no path after the port.');
  if (url.hash) return problem('a mail server URL has no #fragment.');
  const secure = url.protocol === 'smtps:';
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  if (!secure && port === 465) return problem('port 465 speaks TLS from the first byte: write smtps://…:465.');
  if (secure && (port === 587 || port === 25)) return problem(`port ${port} starts in plain text and upgrades with STARTTLS: write smtp://…:${port}.`);

  let user: string | undefined;
  let pass: string | undefined;
  try {
    user = url.username === '' ? undefined : decodeURIComponent(url.username);
    pass = url.password === '' ? undefined : decodeURIComponent(url.password);
  } catch {
    return problem('the user name or password is not properly percent-encoded (write %40 for @, %3A for :, %2F for /, %25 for %).');
  }
  if (user !== undefined && pass === undefined) return problem('a user name without a password: write smtp://user:password@host.');
  if (user === undefined && pass !== undefined) return problem('a password without a user name: write smtp://user:password@host.');

  let optionalTls = false;
  let clientName: string | undefined;
  for (const [key, value] of url.searchParams) {
    if (key === 'tls' && value === 'optional') optionalTls = true;
    else if (key === 'name' && /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/.test(value)) clientName = value;
    else return problem(`unknown option "${key}=${value}": the options are tls=optional and name=<this machine's host name>.`);
  }
  const host = url.hostname;
  return {
    ok: true,
    smtp: {
      host: host.startsWith('[') ? host.slice(1, -1) : host,
      port,
      secure,
      requireTLS: !secure && !optionalTls && !LOOPBACK.has(host),
      ...(user === undefined ? {} : { user, pass }),
      ...(clientName === undefined ? {} : { clientName }),
    },
  };
}

const AddressSchema = z.email();

/**
 * The sender from `REDRESS_MAIL_FROM`: an address, or a name and an address as mail programs write them.
 *
 * @example
 * parseMailFrom('Example Complaints <complaints@example.org>') //=> { ok: true, from: { name: 'Example Complaints', address: 'complaints@example.org' } }
 */
export function parseMailFrom(text: string): { ok: true; from: MailAddress } | { ok: false; problem: string } {
  const problem = (message: string) => ({ ok: false as const, problem: `REDRESS_MAIL_FROM=${JSON.stringify(text)}: ${message}` });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(text)) return problem('no line breaks or control characters.');
  const named = /^\s*(?:"([^"]*)"|([^<>"]*?))\s*<([^<>\s]+)>\s*$/.exec(text);
  const name = (named?.[1] ?? named?.[2] ?? '').trim();
  const address = named ? (named[3] ?? '') : text.trim();
  if (!AddressSchema.safeParse(address).success) {
    return problem('write an address, such as complaints@example.org, or a name and an address: Example Complaints <complaints@example.org>.');
  }
  return { ok: true, from: name ? { name, address } : { address } };
}

/**
 * The mail configuration, or every problem with it.
 *
 * @example
 * parseMailConfig({ smtpUrl: 'smtp://u:p@smtp.example.org' }) //=> { ok: false, problems: ['REDRESS_MAIL_FROM: required when REDRESS_SMTP_URL is set: …'] }
 */
export function parseMailConfig({ smtpUrl, mailFrom }: { smtpUrl?: string; mailFrom?: string }): { ok: true; mail: MailConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  let smtp: SmtpConfig | undefined;
  if (smtpUrl !== undefined) {
    const parsed = parseSmtpUrl(smtpUrl);
    if (parsed.ok) smtp = parsed.smtp;
    else problems.push(parsed.problem);
  }
  let from = DEFAULT_FROM;
  if (mailFrom !== undefined) {
    const parsed = parseMailFrom(mailFrom);
    if (parsed.ok) from = parsed.from;
    else problems.push(parsed.problem);
  } else if (smtpUrl !== undefined) {
    problems.push('REDRESS_MAIL_FROM: required when REDRESS_SMTP_URL is set: the address messages come from, such as complaints@example.org.');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, mail: smtp ? { smtp, from } : { from } };
}
