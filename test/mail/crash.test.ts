/**
 * "No message is lost, and none is sent twice": the real server (`npm start`'s scripts/server/start.ts, with an SMTP
 * server the test runs) is killed (SIGKILL, no clean-up) at each point of a receipt email's way out, restarted on
 * the same data directory, and what the SMTP server received is counted by Message-ID. A message whose fate the
 * kill made unknowable is never sent again by Redress: it is shown as uncertain until staff resend or forget it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { MailOutbox, mailId, type MailEntry } from '../../scripts/adapters/mail/mail-outbox.ts';
import { main } from '../../scripts/cli/main.ts';
import { buildSite } from '../e2e/support/site-server.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';
import { postComplaint, startIntakeServer, type IntakeServer } from '../intake/support/intake-server.ts';
import { FROM } from './support/mail-world.ts';
import { SmtpTestServer } from './support/smtp-test-server.ts';

let build: { outDir: string; remove: () => Promise<void> };
beforeAll(async () => {
  build = await buildSite();
}, 180_000);
afterAll(async () => {
  await build?.remove();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  dir: string;
  smtp: SmtpTestServer;
  env: Record<string, string>;
}

async function setup(): Promise<Setup> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-mail-crash-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const smtp = await SmtpTestServer.start();
  cleanups.push(() => smtp.close());
  const env = {
    REDRESS_DATA_DIR: dir,
    REDRESS_COMMIT_INTERVAL_MS: '20',
    REDRESS_SWEEP_INTERVAL_MINUTES: '0',
    REDRESS_SMTP_URL: smtp.url,
    REDRESS_MAIL_FROM: 'Example Complaints <complaints@example.org>',
  };
  return { dir, smtp, env };
}

async function start(env: Record<string, string>): Promise<IntakeServer> {
  const server = await startIntakeServer(build.outDir, env);
  cleanups.push(() => server.stop());
  return server;
}

function submission() {
  return { ...GOOD_COMPLAINT, submissionId: randomUUID(), renderedAt: new Date(Date.now() - 60_000).toISOString(), incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The receipt of a case once nothing more happens to it by itself: settled, and recorded on its case. */
function settledReceipt(dir: string, reference: string): Promise<MailEntry> {
  const outbox = new MailOutbox(dir, { from: FROM });
  return waitFor(async () => {
    const entry = await outbox.get(mailId(`receipt:${reference}`)).catch(() => undefined);
    return entry && ['sent', 'uncertain', 'failed'].includes(entry.status) && entry.recorded === entry.status ? entry : undefined;
  });
}

async function cli(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: path.resolve(import.meta.dirname, '../..'), env, now: () => Date.now() });
  return { code, stdout, stderr };
}

async function cases(dir: string): Promise<string[]> {
  const names = await readdir(path.join(dir, 'complaints')).catch(() => []);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5));
}

describe('killed on the way out, a receipt email is sent once, or shown as uncertain and never sent twice', () => {
  test.each([
    ['after-mail-enqueue', 'sent', 1],
    ['after-sending-mark', 'uncertain', 0],
    ['after-smtp-accept', 'uncertain', 1],
    ['after-sent-record', 'sent', 1],
  ] as const)('killed at %s: %s after the restart, received %i time(s)', async (point, status, received) => {
    const { dir, smtp, env } = await setup();
    const first = await start({ ...env, REDRESS_TEST_MAIL_CRASH_AT: point });
    const complaint = submission();
    const reference = referenceForSubmission(complaint.submissionId);
    // The kill may come before or after the person is answered: the email is sent once the case exists.
    await postComplaint(first.url, complaint).catch(() => undefined);
    expect(await first.exited).toBe('SIGKILL');

    await start(env);
    const entry = await settledReceipt(dir, reference);
    expect(entry.status).toBe(status);
    // A little longer: nothing is sent again behind our back.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.count(entry.messageId)).toBe(received);
    expect(await cases(dir)).toEqual([reference]);

    const list = await cli(['mail', 'list'], env);
    if (status === 'uncertain') {
      expect(list.stdout).toMatch(new RegExp(`${entry.id} .*UNCERTAIN`));
      expect(list.stdout).toContain('1 may or may not have been delivered');
      if (received === 0) {
        // Staff ask the complainant, who has nothing: they resend it, once.
        expect(await cli(['mail', 'resend', entry.id], env)).toMatchObject({ code: 0 });
        expect(smtp.count(entry.messageId)).toBe(1);
      } else {
        // The complainant has it: staff leave it.
        expect(await cli(['mail', 'forget', entry.id], env)).toMatchObject({ code: 0 });
        expect(smtp.count(entry.messageId)).toBe(1);
      }
    }
    const show = await cli(['case', 'show', reference], env);
    expect(show.stdout.match(/Redress \(mail\)/g)).toHaveLength(1);
  }, 120_000);

  test('killed with several messages under way: each is sent once or shown as uncertain, none twice, none lost', async () => {
    const { dir, smtp, env } = await setup();
    // The first message the SMTP server accepts kills the process; the others are then queued, being sent, or still
    // to be enqueued by a submission not yet delivered.
    const first = await start({ ...env, REDRESS_TEST_MAIL_CRASH_AT: 'after-smtp-accept' });
    const complaints = Array.from({ length: 6 }, submission);
    await Promise.all(complaints.map((c) => postComplaint(first.url, c).catch(() => undefined)));
    expect(await first.exited).toBe('SIGKILL');

    await start(env);
    // The complaints that reached the outbox before the kill all become cases; each case's receipt settles.
    const made = await waitFor(async () => {
      const pending = await readdir(path.join(dir, 'outbox')).catch(() => []);
      return pending.some((n) => n.endsWith('.json')) ? undefined : await cases(dir);
    });
    expect(made.length).toBeGreaterThan(0);
    for (const reference of made) expect(complaints.map((c) => referenceForSubmission(c.submissionId))).toContain(reference);
    const receipts = await Promise.all(made.map((reference) => settledReceipt(dir, reference)));
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // No duplicates: no Message-ID arrived twice.
    for (const receipt of receipts) expect(smtp.count(receipt.messageId)).toBeLessThanOrEqual(1);
    // None lost: every receipt was received, or is in front of staff as uncertain.
    for (const receipt of receipts) {
      if (smtp.count(receipt.messageId) === 0) expect(receipt.status).toBe('uncertain');
      if (receipt.status === 'sent') expect(smtp.count(receipt.messageId)).toBe(1);
    }
    // At least the one accepted at the kill: received, and its answer never recorded.
    expect(receipts.filter((r) => r.status === 'uncertain').length).toBeGreaterThan(0);
    expect(smtp.received.length).toBe(new Set(smtp.received.map((m) => m.messageId)).size);
  }, 120_000);
});
