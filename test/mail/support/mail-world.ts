/**
 * A mail runtime wired to a real SMTP test server, in a temporary data directory, with short timeouts and backoff
 * so that retries happen within a test. Everything it opens is closed by `cleanup`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../scripts/adapters/log/logger.ts';
import { openMailRuntime, type MailRuntime, type MailRuntimeOptions } from '../../../scripts/adapters/mail/mail-runtime.ts';
import type { MailEntry } from '../../../scripts/adapters/mail/mail-outbox.ts';
import { parseSmtpUrl, type MailAddress } from '../../../scripts/core/config/mail-config.ts';
import type { CaseStore } from '../../../scripts/core/case/case-store.ts';
import type { MailRequest } from '../../../scripts/core/mail/mail-request.ts';
import { SmtpTestServer } from './smtp-test-server.ts';

export const FROM: MailAddress = { name: 'Example Complaints', address: 'complaints@example.org' };

export const FAST: NonNullable<MailRuntimeOptions['tuning']> = {
  baseDelayMs: 40,
  maxDelayMs: 300,
  pollMs: 100,
  connectionTimeoutMs: 1_000,
  greetingTimeoutMs: 300,
  socketTimeoutMs: 1_000,
  idleMs: 200,
};

export function request(overrides: Partial<MailRequest> = {}): MailRequest {
  return {
    key: 'receipt:RDR-7KX4-M9QP-2TK',
    caseReference: 'RDR-7KX4-M9QP-2TK',
    kind: 'receipt',
    to: 'ann@example.com',
    subject: 'We have received your complaint RDR-7KX4-M9QP-2TK',
    text: 'Dear Ann,\n\nWe received your complaint on Wednesday 23 December 2026 at 10:00am.\n\nÀ bientôt — the centre.\n',
    ...overrides,
  };
}

export interface MailWorld {
  dataDir: string;
  server: SmtpTestServer;
  runtime: MailRuntime;
  logs: string[];
  /** Resolves when the entry reaches one of these statuses. */
  settled(id: string, statuses?: MailEntry['status'][], timeoutMs?: number): Promise<MailEntry>;
  cleanup(): Promise<void>;
}

export async function mailWorld(options: { smtp?: boolean; store?: CaseStore; auth?: { user: string; pass: string }; url?: (server: SmtpTestServer) => string; tuning?: MailRuntimeOptions['tuning']; dataDir?: string } = {}): Promise<MailWorld> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'redress-mail-')));
  const server = await SmtpTestServer.start(options.auth ? { auth: options.auth } : {});
  const logs: string[] = [];
  const log = createLogger({ write: (line) => logs.push(line), level: 'debug' });
  const url = options.url?.(server) ?? server.url;
  const parsed = parseSmtpUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  const runtime = await openMailRuntime({
    mail: options.smtp === false ? { from: FROM } : { smtp: parsed.smtp, from: FROM },
    dataDir,
    log,
    ...(options.store ? { store: options.store } : {}),
    startWorker: true,
    tuning: { ...FAST, ...options.tuning },
  });
  return {
    dataDir,
    server,
    runtime,
    logs,
    async settled(id, statuses = ['sent', 'written', 'failed', 'uncertain', 'forgotten'], timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entry = await runtime.outbox.get(id);
        if (entry && statuses.includes(entry.status) && (!entry.caseReference || !options.store || entry.recorded === entry.status)) return entry;
        if (Date.now() > deadline) throw new Error(`Message ${id} is ${entry?.status ?? 'missing'}, not ${statuses.join('/')}.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async cleanup() {
      await runtime.close();
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
