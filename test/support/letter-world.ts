/**
 * What the sweep's letters need in a test: the real letter mailer (the mail outbox in a temporary data directory)
 * sending to a real SMTP server the test starts, a ledger folder, and the case's contact block as intake writes it.
 * The mailer keeps the test's clock, so a letter's time of sending is the time the test says it is.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLedgerWriter, type LedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { readLedgerFile } from '../../scripts/adapters/ledger/ledger-files.ts';
import { openLetterMailer, type OpenLetterMailer } from '../../scripts/adapters/mail/letter-mailer.ts';
import type { MailPoint } from '../../scripts/adapters/mail/deliver-mail.ts';
import { parseSmtpUrl } from '../../scripts/core/config/mail-config.ts';
import { renderContactBlock, type ContactRecord } from '../../scripts/core/letters/contact-record.ts';
import { parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { FROM } from '../mail/support/mail-world.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';
import { caseBody } from './sweep-harness.ts';

export const ANN: ContactRecord = { name: 'Ann Example', contactBy: 'email', email: 'ann@example.com', address: '1 High Street\nEly' };

/** A case body as intake writes it, with the complainant's contact block (none: a case from before they were kept). */
export function caseBodyWithContact(reference: string, procedure: string, received: string, contact: ContactRecord | null = ANN, fields: Record<string, unknown> = {}): string {
  const body = caseBody(reference, procedure, received, fields);
  return contact ? `${body}\n${renderContactBlock(contact)}\n` : body;
}

export interface LetterWorld {
  smtp: SmtpTestServer;
  dataDir: string;
  ledgerDir: string;
  ledger: LedgerWriter;
  /** The letter mailer as the sweep gets it; `reopen` gives a new one, as the next run (or process) would have. */
  mailer: OpenLetterMailer;
  reopen(options?: { dataDir?: string; checkpoint?: (point: MailPoint) => Promise<void> }): Promise<OpenLetterMailer>;
  entry(reference: string, year?: string): Promise<LedgerEntry | undefined>;
  cleanup(): Promise<void>;
}

export async function letterWorld(clock: { now: number }, options: { smtp?: boolean; checkpoint?: (point: MailPoint) => Promise<void> } = {}): Promise<LetterWorld> {
  const smtp = await SmtpTestServer.start();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-letters-'));
  const ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'redress-letters-ledger-'));
  const parsed = parseSmtpUrl(smtp.url);
  if (!parsed.ok) throw new Error(parsed.problem);
  const mailers: OpenLetterMailer[] = [];
  const dirs = [dataDir, ledgerDir];
  const open = async (dir: string, checkpoint?: (point: MailPoint) => Promise<void>) => {
    const mailer = await openLetterMailer({
      mail: options.smtp === false ? { from: FROM } : { smtp: parsed.smtp, from: FROM },
      dataDir: dir,
      now: () => clock.now,
      ...(checkpoint ? { checkpoint } : {}),
      tuning: { connectionTimeoutMs: 1_000, greetingTimeoutMs: 500, socketTimeoutMs: 2_000 },
    });
    mailers.push(mailer);
    return mailer;
  };
  const world: LetterWorld = {
    smtp,
    dataDir,
    ledgerDir,
    ledger: createLedgerWriter({ dir: ledgerDir, git: false }),
    mailer: await open(dataDir, options.checkpoint),
    async reopen(again = {}) {
      if (again.dataDir && !dirs.includes(again.dataDir)) dirs.push(again.dataDir);
      world.mailer = await open(again.dataDir ?? dataDir, again.checkpoint);
      return world.mailer;
    },
    async entry(reference, year = '2026') {
      const text = await readLedgerFile(path.join(ledgerDir, year, `${reference}.json`));
      return text === undefined ? undefined : parseLedgerEntry(text);
    },
    async cleanup() {
      for (const mailer of mailers) await mailer.close().catch(() => undefined);
      await smtp.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}
