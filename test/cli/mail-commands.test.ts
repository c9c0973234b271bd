import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { MailOutbox } from '../../scripts/adapters/mail/mail-outbox.ts';
import { openMailRuntime } from '../../scripts/adapters/mail/mail-runtime.ts';
import { parseSmtpUrl } from '../../scripts/core/config/mail-config.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';
import { FAST, FROM, request } from '../mail/support/mail-world.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function run(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: ROOT, env, now: () => Date.now() });
  return { code, stdout, stderr };
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-mail-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function smtpServer(): Promise<SmtpTestServer> {
  const server = await SmtpTestServer.start();
  cleanups.push(() => server.close());
  return server;
}

/** A case in the local store of `dir` for messages to be recorded on. */
async function caseFor(dir: string, reference: string): Promise<void> {
  const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 0 });
  await store.createCase({ reference, title: `${reference} · ceccc`, body: 'The complaint', labels: ['complaint'], assignees: [] });
  await store.close();
}

/** Enqueues messages as the server would, and lets its worker settle them. */
async function enqueue(dir: string, requests: ReturnType<typeof request>[], smtpUrl?: string) {
  const parsed = smtpUrl ? parseSmtpUrl(smtpUrl) : undefined;
  const runtime = await openMailRuntime({ mail: parsed?.ok ? { smtp: parsed.smtp, from: FROM } : { from: FROM }, dataDir: dir, log: silentLogger, startWorker: false, tuning: FAST });
  const entries = [];
  for (const r of requests) entries.push((await runtime.enqueue(r)).entry);
  await runtime.close();
  return entries;
}

describe('redress mail list and show, with no SMTP server configured', () => {
  test('an empty outbox', async () => {
    const dir = await dataDir();
    expect(await run(['mail', 'list'], { REDRESS_DATA_DIR: dir })).toEqual({ code: 0, stdout: 'No messages yet.\n', stderr: '' });
  });

  test('every message is listed with id, when, to, subject and "written to file"; show prints its headers and text', async () => {
    const dir = await dataDir();
    const [first, second] = await enqueue(dir, [request(), request({ key: 'receipt:RDR-2', caseReference: 'RDR-2', to: 'bob@example.net', subject: 'We have received your complaint RDR-2' })]);
    const list = await run(['mail', 'list'], { REDRESS_DATA_DIR: dir });
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.split('\n');
    expect(header).toMatch(/^Id\s+When \(UK\)\s+To\s+Subject\s+State$/);
    expect(rows[0]).toMatch(new RegExp(`^${first!.id}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+ann@example\\.com\\s+We have received your complaint RDR-7KX4-M9QP-2TK\\s+written to file ${first!.id}\\.eml \\(no mail server configured\\)$`));
    expect(rows[1]).toMatch(new RegExp(`^${second!.id} .*bob@example\\.net .*RDR-2 .*written to file`));
    expect(list.stdout).toContain('2 messages: 2 written.');

    const show = await run(['mail', 'show', first!.id.slice(0, 6)], { REDRESS_DATA_DIR: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Message-ID: ${first!.messageId}\n`);
    expect(show.stdout).toContain('From: Example Complaints <complaints@example.org>\nTo: ann@example.com\nSubject: We have received your complaint RDR-7KX4-M9QP-2TK\n');
    expect(show.stdout).toContain(`State: written to file ${first!.id}.eml`);
    expect(show.stdout).toContain(`File: ${path.join(dir, 'mail', `${first!.id}.eml`)}`);
    expect(show.stdout.trimEnd().endsWith(request().text.trimEnd())).toBe(true);

    const byKey = await run(['mail', 'show', 'receipt:RDR-2'], { REDRESS_DATA_DIR: dir });
    expect(byKey.stdout).toContain('To: bob@example.net');
  });

  test('--state filters, --json gives every field, and bad arguments are usage errors', async () => {
    const dir = await dataDir();
    const [entry] = await enqueue(dir, [request()]);
    expect((await run(['mail', 'list', '--state', 'uncertain'], { REDRESS_DATA_DIR: dir })).stdout).toBe('No uncertain messages.\n');
    const json = JSON.parse((await run(['mail', 'list', '--json'], { REDRESS_DATA_DIR: dir })).stdout);
    expect(json).toEqual([expect.objectContaining({ id: entry!.id, status: 'written', to: 'ann@example.com', text: request().text })]);
    const bad = await run(['mail', 'list', '--state', 'lost'], { REDRESS_DATA_DIR: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--state: one of queued, sending, sent, written, failed, uncertain, forgotten.');
    const unknown = await run(['mail', 'show', 'ffffffff'], { REDRESS_DATA_DIR: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No message "ffffffff"');
  });

  test('a damaged file in the outbox is named, and the list says it could not be read', async () => {
    const dir = await dataDir();
    await enqueue(dir, [request()]);
    await writeFile(path.join(dir, 'mail', '00000000000000aa.json'), '{"format": "redress-mail/1"');
    const list = await run(['mail', 'list'], { REDRESS_DATA_DIR: dir });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(`${path.join(dir, 'mail', '00000000000000aa.json')}: cannot be read as a message`);
    expect(list.stdout).toContain('1 message: 1 written.');
  });
});

test('a case opened with an email address: its receipt is written to a file, listed, shown, and recorded on the case', async () => {
  const dir = await dataDir();
  const { procedure: _p, submissionId: _s, renderedAt: _r, ...answers } = GOOD_COMPLAINT;
  const input = path.join(dir, 'letter.json');
  await writeFile(input, JSON.stringify({ ...answers, incidentDate: '2026-11-10' }));
  const env = { REDRESS_DATA_DIR: dir, REDRESS_COMMIT_INTERVAL_MS: '0' };
  const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-11-20T09:00', '--input', input], env);
  expect(opened).toMatchObject({ code: 0, stderr: '' });
  const reference = /Case (RDR-[A-Z0-9-]+) opened/.exec(opened.stdout)?.[1] ?? '';

  const list = await run(['mail', 'list'], env);
  expect(list.stdout).toMatch(new RegExp(`ann@example\\.com\\s+We have received your complaint ${reference}\\s+written to file`));
  const show = await run(['mail', 'show', `receipt:${reference}`], env);
  expect(show.stdout).toContain(`Your reference is ${reference}: please quote it`);
  expect(show.stdout).toContain('We received it on Friday 20 November 2026 at 9:00am');
  expect(show.stdout).toContain('The handover was forty minutes late.');
  const caseShow = await run(['case', 'show', reference], env);
  expect(caseShow.stdout).toContain('**Email not sent: no mail server is configured**: acknowledgement of receipt');
});

describe('redress mail resend and forget', () => {
  test('an uncertain message is flagged by the list; resend sends it, with the same Message-ID', async () => {
    const server = await smtpServer();
    const dir = await dataDir();
    const env = { REDRESS_DATA_DIR: dir, REDRESS_SMTP_URL: server.url, REDRESS_MAIL_FROM: 'Example Complaints <complaints@example.org>' };
    await caseFor(dir, 'RDR-7KX4-M9QP-2TK');
    server.fail({ kind: 'drop-after-data' });
    const [entry] = await enqueue(dir, [request()], server.url);
    expect(server.received).toHaveLength(1);

    const list = await run(['mail', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`${entry!.id} .*UNCERTAIN: The connection ended after the message was handed over.*: resend or forget it`));
    expect(list.stdout).toContain('1 may or may not have been delivered: "npx redress mail show <id>", then "mail resend <id>" or "mail forget <id>".');

    const resend = await run(['mail', 'resend', entry!.id], env);
    expect(resend).toMatchObject({ code: 0, stderr: '' });
    expect(resend.stdout).toMatch(new RegExp(`^${entry!.id}: resent; now sent \\d{4}-`));
    expect(server.received.map((m) => m.messageId)).toEqual([entry!.messageId, entry!.messageId]);
    expect((await run(['mail', 'show', entry!.id], env)).stdout).toMatch(/State: sent .*2 attempts, resent 1×/);
    // And the case says so, in its one record of the message.
    const show = await run(['case', 'show', 'RDR-7KX4-M9QP-2TK'], env);
    expect(show.stdout.match(/Redress \(mail\)/g)).toHaveLength(1);
    expect(show.stdout).toContain('**Email sent**: acknowledgement of receipt');
  });

  test('forget leaves an uncertain message; a sent one is neither resent nor forgotten', async () => {
    const server = await smtpServer();
    const dir = await dataDir();
    const env = { REDRESS_DATA_DIR: dir, REDRESS_SMTP_URL: server.url, REDRESS_MAIL_FROM: 'complaints@example.org', USER: 'hana' };
    server.fail({ kind: 'drop-after-data' });
    const enqueued = await enqueue(dir, [request(), request({ key: 'receipt:RDR-2', caseReference: 'RDR-2' })], server.url);
    // Both went at once: whichever took the first session met the hang-up.
    const outbox = new MailOutbox(dir, { from: FROM });
    const now = await Promise.all(enqueued.map((e) => outbox.get(e.id)));
    const uncertain = now.find((e) => e?.status === 'uncertain');
    const sent = now.find((e) => e?.status === 'sent');
    expect(uncertain?.caseReference).toBeDefined();
    await caseFor(dir, uncertain?.caseReference ?? '');
    const forget = await run(['mail', 'forget', uncertain!.id], env);
    expect(forget).toMatchObject({ code: 0, stdout: `${uncertain!.id}: forgotten; now forgotten by hana.\n` });
    const again = await run(['mail', 'resend', sent!.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Message ${sent!.id} was accepted by the mail server`);
    expect(server.count(sent!.messageId)).toBe(1);
  });

  test('a message written to a file for want of a server is sent once SMTP is configured', async () => {
    const server = await smtpServer();
    const dir = await dataDir();
    const [entry] = await enqueue(dir, [request()]);
    const resend = await run(['mail', 'resend', entry!.id], { REDRESS_DATA_DIR: dir, REDRESS_SMTP_URL: server.url, REDRESS_MAIL_FROM: 'complaints@example.org' });
    expect(resend.code).toBe(0);
    expect(server.count(entry!.messageId)).toBe(1);
  });

  test('a bad SMTP URL stops the command, naming the variable and hiding the password', async () => {
    const dir = await dataDir();
    const result = await run(['mail', 'resend', '0123456789abcdef'], { REDRESS_DATA_DIR: dir, REDRESS_SMTP_URL: 'smtp://u:hunter22@smtp.example.org:465', REDRESS_MAIL_FROM: 'a@example.org' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REDRESS_SMTP_URL="smtp://u:***@smtp.example.org:465": port 465 speaks TLS');
    expect(result.stderr).not.toContain('hunter22');
  });
});
