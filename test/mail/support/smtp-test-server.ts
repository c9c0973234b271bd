/**
 * A real SMTP server for the tests (the `smtp-server` package), with what it received parsed by `mailparser`, and
 * faults a test can ask for: a reply code at a given command, a greeting that never comes, a hang-up after the
 * whole message arrived, or no server at all. It listens behind a small TCP front on a fixed port, so it can go
 * down (connections refused) and come back on the same address, and so a session can be stalled or cut from the
 * client's side of the wire.
 */
import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  headers: Map<string, unknown>;
  raw: Buffer;
  /** When the server had all of it (ms). */
  at: number;
  /** The user the client logged in as, if it did. */
  user?: string;
}

export type SmtpFault =
  /** Answer this code at that point of the session (421 at connect closes it, as real servers do). */
  | { kind: 'reply'; at: 'connect' | 'mail-from' | 'rcpt-to' | 'data'; code: number; message?: string }
  /** Accept the connection and never say anything: the client's greeting timeout ends it. */
  | { kind: 'silent' }
  /** Take the whole message (it counts as received), then hang up without answering. */
  | { kind: 'drop-after-data' };

type SessionFault = Exclude<SmtpFault, { kind: 'silent' }>;

export class SmtpTestServer {
  readonly port: number;
  readonly received: ReceivedMail[] = [];
  /** Connections the front accepted. */
  connections = 0;
  readonly #backend: SMTPServer;
  readonly #backendPort: number;
  #front: net.Server;
  readonly #faults: SmtpFault[] = [];
  /** Per backend session (by the port the front connected from): its fault and the client's socket. */
  private readonly sessions = new Map<number, { fault?: SessionFault; client: net.Socket }>();
  readonly #sockets = new Set<net.Socket>();
  private readonly waiters = new Set<() => void>();

  private constructor(backend: SMTPServer, backendPort: number, front: net.Server, port: number) {
    this.#backend = backend;
    this.#backendPort = backendPort;
    this.#front = front;
    this.port = port;
  }

  /** `auth`: require this user and password (over plain text: loopback only). */
  static async start(options: { auth?: { user: string; pass: string } } = {}): Promise<SmtpTestServer> {
    // The server's callbacks need the instance, which needs the listening server: filled in once it listens.
    const holder: { self?: SmtpTestServer } = {};
    // The front records a session when its own connection is made, which may come just after the server sees it.
    const sessionOf = async (session: SMTPServerSession) => {
      for (let i = 0; i < 100 && !holder.self?.sessions.has(session.remotePort); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
      return holder.self?.sessions.get(session.remotePort);
    };
    const faultOf = async (session: SMTPServerSession) => (await sessionOf(session))?.fault;
    const refuse = (fault: SessionFault | undefined, at: string): Error | null => {
      if (fault?.kind !== 'reply' || fault.at !== at) return null;
      return Object.assign(new Error(fault.message ?? (fault.code >= 500 ? 'Refused for good' : 'Try again later')), { responseCode: fault.code });
    };
    const backend = new SMTPServer({
      logger: false,
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      size: 10 * 1024 * 1024,
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onConnect(session, callback) {
        void faultOf(session).then((fault) => callback(refuse(fault, 'connect')));
      },
      onMailFrom(_address, session, callback) {
        void faultOf(session).then((fault) => callback(refuse(fault, 'mail-from')));
      },
      onRcptTo(_address, session, callback) {
        void faultOf(session).then((fault) => callback(refuse(fault, 'rcpt-to')));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          void (async () => {
            const fault = await faultOf(session);
            const refused = refuse(fault, 'data');
            if (refused) return callback(refused);
            const raw = Buffer.concat(chunks);
            const parsed = await simpleParser(raw);
            const address = (value: typeof parsed.to) => (Array.isArray(value) ? value.map((v) => v.text).join(', ') : (value?.text ?? ''));
            holder.self?.received.push({
              messageId: parsed.messageId ?? '',
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: address(parsed.from),
              to: address(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              headers: parsed.headers as Map<string, unknown>,
              raw,
              at: Date.now(),
              ...(typeof session.user === 'string' ? { user: session.user } : {}),
            });
            for (const wake of holder.self?.waiters ?? []) wake();
            if (fault?.kind === 'drop-after-data') {
              // The answer is lost on the way back: the message is here, the client never hears so.
              (await sessionOf(session))?.client.destroy();
              return;
            }
            callback(null, 'OK: queued');
          })();
        });
      },
    });
    const backendPort = await new Promise<number>((resolve) => backend.listen(0, '127.0.0.1', () => resolve((backend.server.address() as net.AddressInfo).port)));
    const front = net.createServer();
    const port = await new Promise<number>((resolve) => front.listen(0, '127.0.0.1', () => resolve((front.address() as net.AddressInfo).port)));
    const self = new SmtpTestServer(backend, backendPort, front, port);
    holder.self = self;
    self.#serve(front);
    return self;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next `times` sessions meet this fault. */
  fail(fault: SmtpFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#faults.push(fault);
  }

  /** How many messages with this Message-ID arrived. */
  count(messageId: string): number {
    return this.received.filter((mail) => mail.messageId === messageId).length;
  }

  /** Resolves once `probe` holds, looked at whenever a message arrives. */
  async waitFor(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (probe()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out waiting for mail (${this.received.length} received).`));
      }, timeoutMs);
      const check = () => {
        if (!probe()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Stops listening and cuts every open connection: clients are refused until `up()`. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#front.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    this.#front = net.createServer();
    this.#serve(this.#front);
    await new Promise<void>((resolve, reject) => {
      this.#front.once('error', reject);
      this.#front.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async close(): Promise<void> {
    if (this.#front.listening) await this.down();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#backend.close(() => resolve()));
  }

  #serve(front: net.Server): void {
    front.on('connection', (client) => {
      this.connections += 1;
      this.#track(client);
      const fault = this.#faults.shift();
      if (fault?.kind === 'silent') return;
      const upstream = net.connect(this.#backendPort, '127.0.0.1');
      this.#track(upstream);
      upstream.on('connect', () => {
        this.sessions.set(upstream.localPort ?? 0, { client, ...(fault ? { fault } : {}) });
        client.pipe(upstream);
        upstream.pipe(client);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }
}
