/**
 * Hands composed messages to the configured SMTP server, through nodemailer's SMTP client (the protocol, STARTTLS
 * and TLS, AUTH), keeping a few sessions open for the next message. What it adds is the one thing a mail queue must
 * know and a transport does not say: whether a failure came before the message was handed over (so it certainly
 * was not delivered, and may be tried again), or after (so the server may have accepted it and its answer was
 * lost). That is why it drives nodemailer's SMTPConnection, not a pooled transport: the message goes in as a
 * stream, and that stream ends only once the server has said "354, go ahead" and taken the whole of it.
 */
import { PassThrough } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { SmtpConfig } from '../../core/config/mail-config.ts';

/**
 * Why a message was not accepted, and what may be done about it:
 * - `temporary`: certainly not delivered, and may be on a later try (a 4xx reply, a refused, dropped or timed-out
 *   connection before the message was handed over);
 * - `permanent`: refused for good by a 5xx reply to this message's sender, recipient or content;
 * - `uncertain`: the message was handed over and the answer never came.
 *
 * `scope` says whether the server as a whole is unavailable (wait before trying any message) or only this message
 * was deferred. A failure of the session itself (TLS, log-in, a refusal at the greeting) is the server's, and is
 * never held against a message: the configuration is at fault, and a person must fix it.
 */
export class SmtpFailure extends Error {
  override name = 'SmtpFailure';
  readonly outcome: 'temporary' | 'permanent' | 'uncertain';
  readonly scope: 'server' | 'message';
  /** The server's reply, when there was one. */
  readonly reply: string | undefined;
  /** A failure of the session that only changing the configuration can fix (log-in, TLS). */
  readonly configuration: boolean;

  constructor(message: string, options: { outcome: SmtpFailure['outcome']; scope: SmtpFailure['scope']; reply?: string; configuration?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.outcome = options.outcome;
    this.scope = options.scope;
    this.reply = options.reply;
    this.configuration = options.configuration ?? false;
  }
}

export interface SmtpSenderOptions {
  /** Sessions open at once (and so messages in flight). */
  maxConnections?: number;
  /** Waiting for the TCP connection, for the greeting, and for any reply (the one after the message included). */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** An idle session is closed after this long. */
  idleMs?: number;
}

const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

interface Session {
  connection: SMTPConnection;
  closed: boolean;
  idleTimer?: NodeJS.Timeout;
}

export class SmtpSender {
  readonly #config: SmtpConfig;
  readonly #options: Required<SmtpSenderOptions>;
  readonly #idle: Session[] = [];
  readonly #waiting: (() => void)[] = [];
  #open = 0;
  #closed = false;

  constructor(config: SmtpConfig, options: SmtpSenderOptions = {}) {
    this.#config = config;
    this.#options = {
      maxConnections: options.maxConnections ?? 3,
      connectionTimeoutMs: options.connectionTimeoutMs ?? 30_000,
      greetingTimeoutMs: options.greetingTimeoutMs ?? 30_000,
      // RFC 5321 allows a server ten minutes to answer the end of a message; two is a compromise between a slow
      // content scanner and how long a lost answer keeps a message in doubt.
      socketTimeoutMs: options.socketTimeoutMs ?? 120_000,
      idleMs: options.idleMs ?? 5_000,
    };
  }

  /** Sends one message; resolves with the server's reply, or rejects with an SmtpFailure. */
  async send(envelope: { from: string; to: string }, message: Buffer): Promise<{ reply: string }> {
    if (this.#closed) throw new SmtpFailure('The mail sender is closed.', { outcome: 'temporary', scope: 'server' });
    const session = await this.#acquire();
    let handedOver = false;
    try {
      const body = new PassThrough();
      // The stream is read only after the server's 354, and ends once all of it is in the connection's hands.
      body.on('end', () => {
        handedOver = true;
      });
      body.end(message);
      const info = await new Promise<{ response: string }>((resolve, reject) => {
        session.connection.send({ from: envelope.from, to: [envelope.to], size: message.length }, body, (error, result) => (error ? reject(error) : resolve(result)));
      });
      this.#release(session);
      return { reply: info.response };
    } catch (error) {
      this.#discard(session);
      throw classify(error as NodemailerError, handedOver);
    }
  }

  /** Closes every session; messages in flight finish or fail on their own. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const session of this.#idle.splice(0)) this.#quit(session);
    for (const wake of this.#waiting.splice(0)) wake();
  }

  async #acquire(): Promise<Session> {
    for (;;) {
      const reused = this.#idle.pop();
      if (reused) {
        clearTimeout(reused.idleTimer);
        if (!reused.closed) return reused;
        this.#open -= 1;
        continue;
      }
      if (this.#open < this.#options.maxConnections) break;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      if (this.#closed) throw new SmtpFailure('The mail sender is closed.', { outcome: 'temporary', scope: 'server' });
    }
    this.#open += 1;
    try {
      return await this.#connect();
    } catch (error) {
      this.#open -= 1;
      this.#waiting.shift()?.();
      throw error instanceof SmtpFailure ? error : classify(error as NodemailerError, false);
    }
  }

  async #connect(): Promise<Session> {
    const config = this.#config;
    const connection = new SMTPConnection({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS,
      ...(config.clientName ? { name: config.clientName } : {}),
      connectionTimeout: this.#options.connectionTimeoutMs,
      greetingTimeout: this.#options.greetingTimeoutMs,
      socketTimeout: this.#options.socketTimeoutMs,
      logger: false,
    });
    const session: Session = { connection, closed: false };
    // Until the session is ready, a failure may come as an 'error' event alone (a greeting that never comes does);
    // once it is, a send's callback reports its own. Without a listener an 'error' event would end the process.
    let failSetUp: (error: unknown) => void = () => undefined;
    connection.on('error', (error) => {
      session.closed = true;
      failSetUp(error);
    });
    connection.on('end', () => {
      session.closed = true;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        failSetUp = reject;
        connection.connect((error) => (error ? reject(error) : resolve()));
      });
      if (config.user !== undefined) {
        await new Promise<void>((resolve, reject) => {
          failSetUp = reject;
          connection.login({ user: config.user, pass: config.pass }, (error) => (error ? reject(error) : resolve()));
        });
      }
    } catch (error) {
      connection.close();
      throw error;
    } finally {
      failSetUp = () => undefined;
    }
    return session;
  }

  #release(session: Session): void {
    if (session.closed || this.#closed) return this.#discard(session);
    session.idleTimer = setTimeout(() => {
      const at = this.#idle.indexOf(session);
      if (at >= 0) this.#idle.splice(at, 1);
      this.#quit(session);
    }, this.#options.idleMs);
    session.idleTimer.unref?.();
    this.#idle.push(session);
    this.#waiting.shift()?.();
  }

  /** Closes a session after a failure: its state is unknown, so it is never reused. */
  #discard(session: Session): void {
    session.closed = true;
    session.connection.close();
    this.#open -= 1;
    this.#waiting.shift()?.();
  }

  #quit(session: Session): void {
    if (!session.closed) session.connection.quit();
    session.closed = true;
    this.#open -= 1;
    this.#waiting.shift()?.();
  }
}

/**
 * What a failure of nodemailer's SMTP client means for the message, given whether it had been handed over.
 *
 * @example
 * classify({ responseCode: 550, command: 'RCPT TO', … }, false).outcome //=> 'permanent'
 * classify({ code: 'ECONNECTION', … }, true).outcome //=> 'uncertain'
 */
export function classify(error: NodemailerError, handedOver: boolean): SmtpFailure {
  const reply = error.response?.trim();
  const code = error.responseCode;
  const command = error.command ?? '';
  const about = MESSAGE_COMMANDS.has(command);
  const cause = error;
  if (typeof code === 'number' && code >= 400) {
    // A reply is an answer: whatever it says, the server has not taken the message unless it said 2xx.
    if (about && code >= 500 && error.permanent !== false) return new SmtpFailure(`Refused: ${reply ?? code}`, { outcome: 'permanent', scope: 'message', reply, cause });
    if (about) return new SmtpFailure(`Deferred: ${reply ?? code}`, { outcome: 'temporary', scope: 'message', reply, cause });
    const configuration = command.startsWith('AUTH') || error.code === 'EAUTH';
    return new SmtpFailure(`${configuration ? 'Log-in to the mail server failed' : 'The mail server refused the session'}: ${reply ?? code}`, { outcome: 'temporary', scope: 'server', reply, configuration, cause });
  }
  if (handedOver) {
    return new SmtpFailure(`The connection ended after the message was handed over, before the server answered (${error.code ?? error.message})`, { outcome: 'uncertain', scope: 'server', cause });
  }
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') return new SmtpFailure(`Not sendable: ${error.message}`, { outcome: 'permanent', scope: 'message', cause });
  const configuration = error.code === 'EAUTH' || error.code === 'ETLS' || error.code === 'EREQUIRETLS';
  return new SmtpFailure(`${configuration ? 'The mail server session failed' : 'The mail server could not be reached'}: ${error.message}`, { outcome: 'temporary', scope: 'server', configuration, cause });
}
