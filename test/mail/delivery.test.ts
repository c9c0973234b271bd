/**
 * The mail outbox against a real SMTP server (smtp-server, started by the test): every message arrives once, with
 * its own stable Message-ID, through refusals, stalls and outages; a 5xx fails it for good; a lost answer leaves it
 * uncertain and never sent twice by Redress itself.
 */
import { readFile, stat } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, test } from 'vitest';
import { MailOutbox, mailFactOf, mailId } from '../../scripts/adapters/mail/mail-outbox.ts';
import { resendMessage, forgetMessage } from '../../scripts/adapters/mail/staff-actions.ts';
import { FROM, mailWorld, request, type MailWorld } from './support/mail-world.ts';

const worlds: MailWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.cleanup();
});

async function world(options: Parameters<typeof mailWorld>[0] = {}): Promise<MailWorld> {
  const made = await mailWorld(options);
  worlds.push(made);
  return made;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('Timed out.');
    await pause(10);
  }
}

describe('sending', () => {
  test('a message arrives once, with its headers, its Message-ID from its key, and its text intact', async () => {
    const w = await world();
    const { entry, added } = await w.runtime.enqueue(request());
    expect(added).toBe(true);
    expect(entry.id).toBe(mailId('receipt:RDR-7KX4-M9QP-2TK'));
    expect(entry.messageId).toMatch(/^<[0-9a-f]{32}\.redress@example\.org>$/);

    const sent = await w.settled(entry.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, detail: expect.stringContaining('OK: queued') });
    expect(w.server.received).toHaveLength(1);
    const mail = w.server.received[0]!;
    expect(mail).toMatchObject({
      messageId: entry.messageId,
      envelopeFrom: 'complaints@example.org',
      envelopeTo: ['ann@example.com'],
      from: '"Example Complaints" <complaints@example.org>',
      to: 'ann@example.com',
      subject: 'We have received your complaint RDR-7KX4-M9QP-2TK',
    });
    expect(mail.text.trim()).toBe(request().text.trim());
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect((mail.headers.get('date') as Date).toISOString()).toBe(new Date(Date.parse(entry.queuedAt) - (Date.parse(entry.queuedAt) % 1000)).toISOString());
  });

  test('the fact a ledger may keep of a sent message holds no address, subject or words', async () => {
    const w = await world();
    const { entry } = await w.runtime.enqueue(request());
    const sent = await w.settled(entry.id);
    const fact = mailFactOf(sent);
    expect(fact).toEqual({ key: 'receipt:RDR-7KX4-M9QP-2TK', caseReference: 'RDR-7KX4-M9QP-2TK', kind: 'receipt', channel: 'email', status: 'sent', at: sent.statusAt });
    expect(JSON.stringify(fact)).not.toMatch(/ann@|example\.com|We have received|Dear/);
  });

  test('the same key enqueued again is the same message: sent once, and the first words are kept', async () => {
    const w = await world();
    const first = await w.runtime.enqueue(request());
    const again = await w.runtime.enqueue(request({ text: 'A different text' }));
    expect(again).toMatchObject({ added: false, entry: { id: first.entry.id, text: request().text } });
    await w.settled(first.entry.id);
    const later = await w.runtime.enqueue(request());
    expect(later).toMatchObject({ added: false, entry: { status: 'sent' } });
    await pause(300);
    expect(w.server.count(first.entry.messageId)).toBe(1);
    expect(w.server.received).toHaveLength(1);
  });

  test('credentials in the URL are used to log in', async () => {
    const w = await world({ auth: { user: 'mailer', pass: 'p@ss:word' }, url: (s) => `smtp://mailer:p%40ss%3Aword@127.0.0.1:${s.port}` });
    const { entry } = await w.runtime.enqueue(request());
    await w.settled(entry.id);
    expect(w.server.received[0]?.user).toBe('mailer');
  });

  test('a wrong password fails no message: they wait, and the configuration problem is logged without the password', async () => {
    const w = await world({ auth: { user: 'mailer', pass: 'right' }, url: (s) => `smtp://mailer:wrong-secret@127.0.0.1:${s.port}` });
    const { entry } = await w.runtime.enqueue(request());
    // Tried again and again, and back in the queue after each try.
    await until(async () => ((await w.runtime.outbox.get(entry.id))?.attempts ?? 0) >= 3);
    await until(async () => (await w.runtime.outbox.get(entry.id))?.status === 'queued');
    expect(await w.runtime.outbox.get(entry.id)).toMatchObject({ status: 'queued', detail: expect.stringMatching(/535/) });
    expect(w.logs.some((line) => line.includes('"level":"error"') && line.includes('check REDRESS_SMTP_URL'))).toBe(true);
    expect(w.logs.join('\n')).not.toContain('wrong-secret');
    expect(w.server.received).toHaveLength(0);
  });

  test('requests that could not make a message are refused before anything is written, naming the field', async () => {
    const w = await world();
    await expect(w.runtime.enqueue(request({ to: 'not an address' }))).rejects.toThrow(/to/);
    await expect(w.runtime.enqueue(request({ subject: 'Line one\r\nBcc: someone@example.org' }))).rejects.toThrow(/subject|one line/i);
    await expect(w.runtime.enqueue(request({ key: 'receipt:RDR--x' }))).rejects.toThrow(/--/);
    expect((await w.runtime.outbox.list()).entries).toHaveLength(0);
  });
});

describe('temporary failures: retried with backoff, delivered once', () => {
  test('421 at the greeting twice, then the server recovers', async () => {
    const w = await world();
    w.server.fail({ kind: 'reply', at: 'connect', code: 421, message: 'Too busy, try later' }, 2);
    const { entry } = await w.runtime.enqueue(request());
    const sent = await w.settled(entry.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 3 });
    expect(w.server.connections).toBe(3);
    expect(w.server.count(entry.messageId)).toBe(1);
    expect(w.logs.some((line) => line.includes('The mail server is unavailable') && line.includes('421'))).toBe(true);
  });

  test('451 to MAIL FROM defers the one message; it goes on a later try, with the same Message-ID', async () => {
    const w = await world();
    w.server.fail({ kind: 'reply', at: 'mail-from', code: 451, message: 'Greylisted' }, 2);
    const { entry } = await w.runtime.enqueue(request());
    const sent = await w.settled(entry.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 3 });
    expect(w.server.received.map((m) => m.messageId)).toEqual([entry.messageId]);
  });

  test('a server that accepts the connection and never answers times out, then recovers', async () => {
    const w = await world();
    w.server.fail({ kind: 'silent' });
    const started = Date.now();
    const { entry } = await w.runtime.enqueue(request());
    const sent = await w.settled(entry.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    // The greeting timeout (300 ms here) passed before the second try.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(w.server.count(entry.messageId)).toBe(1);
  });

  test('while the server is down every message waits, tried once per backoff step, not once per message', async () => {
    const w = await world({ tuning: { baseDelayMs: 100, maxDelayMs: 400 } });
    await w.server.down();
    const ids = [];
    const started = Date.now();
    for (let i = 1; i <= 6; i += 1) ids.push((await w.runtime.enqueue(request({ key: `receipt:RDR-${i}`, caseReference: `RDR-${i}` }))).entry.id);
    await pause(700);
    const entries = await Promise.all(ids.map((id) => w.runtime.outbox.get(id)));
    const elapsed = Date.now() - started;
    // Waiting (or on a try at this very moment), none given up on.
    expect(entries.every((e) => e?.status === 'queued' || e?.status === 'sending')).toBe(true);
    const attempts = entries.reduce((sum, e) => sum + (e?.attempts ?? 0), 0);
    // Refused connections pause the server for everyone: at each backoff step (100, 200, 400, then every 400 ms, each
    // a quarter shorter at the most with jitter) only the tries already under way in the worker's four lanes meet the
    // outage, where trying each message on its own would make six tries a step. Counted for the time that passed,
    // however slow the machine.
    let steps = 0;
    for (let at = 0, step = 1; at <= elapsed; step += 1, steps += 1) at += 0.75 * Math.min(400, 100 * 2 ** (step - 1));
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(4 * steps);
    await w.server.up();
    for (const id of ids) await w.settled(id, ['sent']);
    expect(w.server.received).toHaveLength(6);
    expect(new Set(w.server.received.map((m) => m.messageId)).size).toBe(6);
  });

  test('temporary failures that go on past the limit fail the message, with the last reply', async () => {
    const w = await world({ tuning: { giveUpAfterMs: 200 } });
    w.server.fail({ kind: 'reply', at: 'rcpt-to', code: 452, message: 'Mailbox full' }, 1_000);
    const { entry } = await w.runtime.enqueue(request());
    const failed = await w.settled(entry.id, ['failed']);
    expect(failed.detail).toMatch(/^Not delivered after 0 days of temporary failures; the last: 452 Mailbox full/);
    expect(w.server.received).toHaveLength(0);
  });
});

describe('permanent failures and lost answers', () => {
  test('550 to RCPT TO fails the message with the server’s reply, and it is not tried again', async () => {
    const w = await world();
    w.server.fail({ kind: 'reply', at: 'rcpt-to', code: 550, message: 'No such user here' }, 5);
    const { entry } = await w.runtime.enqueue(request());
    const failed = await w.settled(entry.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, detail: expect.stringMatching(/^550 .*No such user here/) });
    const connections = w.server.connections;
    await pause(500);
    expect(w.server.connections).toBe(connections);
    expect(await w.runtime.outbox.get(entry.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  test('550 to the message itself fails it too', async () => {
    const w = await world();
    w.server.fail({ kind: 'reply', at: 'data', code: 554, message: 'Message rejected as spam' });
    const { entry } = await w.runtime.enqueue(request());
    expect(await w.settled(entry.id)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^554 .*spam/) });
    expect(w.server.received).toHaveLength(0);
  });

  test('a connection dropped after the whole message went: uncertain, not resent; resending is a person’s decision', async () => {
    const w = await world();
    w.server.fail({ kind: 'drop-after-data' });
    const { entry } = await w.runtime.enqueue(request());
    const uncertain = await w.settled(entry.id);
    expect(uncertain).toMatchObject({ status: 'uncertain', attempts: 1, detail: expect.stringMatching(/after the message was handed over/) });
    // The server did get it: a blind retry would have made a duplicate.
    expect(w.server.count(entry.messageId)).toBe(1);
    await pause(500);
    expect(w.server.count(entry.messageId)).toBe(1);
    expect((await w.runtime.outbox.counts()).uncertain).toBe(1);

    const decision = await resendMessage(w.runtime.outbox, entry.id, { by: 'hana', now: Date.now() });
    expect(decision).toMatchObject({ ok: true, entry: { status: 'queued', resends: 1, by: 'hana' } });
    if (decision.ok) w.runtime.worker.notify(decision.entry);
    expect(await w.settled(entry.id)).toMatchObject({ status: 'sent', attempts: 2, resends: 1 });
    expect(w.server.received.map((m) => m.messageId)).toEqual([entry.messageId, entry.messageId]);
  });

  test('a message may be resent or forgotten only when Redress could not settle it', async () => {
    const w = await world();
    const { entry } = await w.runtime.enqueue(request());
    await w.settled(entry.id);
    expect(await resendMessage(w.runtime.outbox, entry.id, { by: 'hana', now: Date.now() })).toEqual({ ok: false, reason: expect.stringMatching(/was accepted by the mail server/) });
    expect(await forgetMessage(w.runtime.outbox, entry.id, { by: 'hana', now: Date.now() })).toMatchObject({ ok: false });
    // Faults apply to new sessions: let the idle one close first.
    await pause(300);
    w.server.fail({ kind: 'reply', at: 'rcpt-to', code: 550 });
    const refused = (await w.runtime.enqueue(request({ key: 'receipt:RDR-2' }))).entry;
    await w.settled(refused.id);
    expect(await forgetMessage(w.runtime.outbox, refused.id, { by: 'hana', now: Date.now() })).toMatchObject({ ok: true, entry: { status: 'forgotten', by: 'hana' } });
    expect(await forgetMessage(w.runtime.outbox, refused.id, { by: 'hana', now: Date.now() })).toEqual({ ok: false, reason: expect.stringMatching(/set aside already/) });
  });

  test('a message left "sending" by a process that died is settled as uncertain at start-up, and not sent', async () => {
    const dataDir = (await world({ smtp: false })).dataDir;
    const outbox = await new MailOutbox(dataDir, { from: FROM }).open();
    const { entry } = await outbox.enqueue(request({ key: 'receipt:RDR-DEAD' }), Date.now());
    // As a killed process leaves it: marked sending, owned by a pid that no longer exists.
    await outbox.write({ ...entry, status: 'sending', attempts: 1, owner: `${(await import('node:os')).hostname()}/999999999/00ff00ff00ff00ff` });
    await outbox.close();
    const w = await world({ dataDir });
    const settled = await w.settled(entry.id);
    expect(settled).toMatchObject({ status: 'uncertain', detail: expect.stringMatching(/process sending it stopped/) });
    expect(w.server.received).toHaveLength(0);
    await until(async () => w.logs.some((line) => line.includes('may not have been delivered') && line.includes(entry.id)));
  });
});

describe('no SMTP server configured', () => {
  test('each message is written as an .eml file in the data directory, readable by this account only', async () => {
    const w = await world({ smtp: false });
    const { entry } = await w.runtime.enqueue(request());
    const written = await w.settled(entry.id);
    expect(written).toMatchObject({ status: 'written', file: `${entry.id}.eml` });
    const file = w.runtime.outbox.emlPath(written) ?? '';
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(w.runtime.outbox.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(`${w.runtime.outbox.dir}/${entry.id}.json`)).mode & 0o777).toBe(0o600);
    const raw = await readFile(file);
    expect(raw.toString('utf8')).toMatch(/\r\n\r\n/);
    const parsed = await simpleParser(raw);
    expect(parsed).toMatchObject({ messageId: entry.messageId, subject: entry.subject });
    expect(parsed.text?.trim()).toBe(entry.text.trim());
    expect(w.server.connections).toBe(0);
  });
});
