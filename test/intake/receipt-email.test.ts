/**
 * The complainant's receipt email: planned with the case from its own template, sent once the case exists (once,
 * however often the form is sent or delivery runs), recorded on the case, and never sent to an anonymous
 * complainant or one who asked to be contacted another way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CaseIntake } from '../../scripts/adapters/intake/case-intake.ts';
import { receiptMailPlanner } from '../../scripts/adapters/intake/intake-mail.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { RetryWorker } from '../../scripts/adapters/intake/retry-worker.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { mailId } from '../../scripts/adapters/mail/mail-outbox.ts';
import { openMailRuntime, type MailRuntime } from '../../scripts/adapters/mail/mail-runtime.ts';
import type { CaseStore } from '../../scripts/core/case/case-store.ts';
import { parseSmtpUrl } from '../../scripts/core/config/mail-config.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { planReceiptEmail } from '../../scripts/core/intake/receipt-email.ts';
import { mailRecordMarker } from '../../scripts/core/mail/mail-record.ts';
import { FAST, FROM } from '../mail/support/mail-world.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';
import { seedProcedure } from '../support/procedures.ts';
import { complaint } from './complaint-fixture.ts';

const RECEIVED = Date.parse('2026-12-23T10:00:00Z');
const REFERENCE = 'RDR-7KX4-M9QP-2TW';
const ceccc = seedProcedure('ceccc');
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter'), addendum: await readTemplate('addendum') };
const receiptTemplate = await readTemplate('receipt-email');

function receiptFor(overrides: Parameters<typeof complaint>[0] = {}) {
  const c = complaint(overrides);
  const plan = planNewCase({ complaint: c, procedure: ceccc, calendar: calendarFor(ceccc), channel: 'web', reference: REFERENCE, receivedAt: RECEIVED, assignees: {}, templates });
  return planReceiptEmail(receiptTemplate, { procedure: ceccc, timeline: plan.timeline, complaint: c, reference: REFERENCE, receivedAt: RECEIVED });
}

describe('the receipt email', () => {
  test('reference, time of receipt, the dates promised, whom to contact and a copy of what they wrote (snapshot)', async () => {
    const mail = receiptFor();
    expect(mail).toMatchObject({ key: `receipt:${REFERENCE}`, caseReference: REFERENCE, kind: 'receipt', to: 'ann@example.com', subject: `We have received your complaint ${REFERENCE}` });
    const text = mail?.text ?? '';
    expect(text).toContain('We received it on Wednesday 23 December 2026 at 10:00am');
    expect(text).toContain('- Acknowledge the complaint in writing: by Monday 4 January 2027.');
    expect(text).toContain('- Send a formal written response: by Monday 25 January 2027.');
    expect(text).toContain('The handover was forty minutes late.\n\nNobody told me why, and my daughter was upset.');
    expect(text).toContain('An explanation, and handovers on time.');
    await expect(text).toMatchFileSnapshot('__snapshots__/receipt-email.ceccc.txt');
  });

  test('what a person wrote is copied as they wrote it: no template syntax runs, control characters go', () => {
    const text = receiptFor({ complaint: 'Costs {{organisation}} £40 & <b>more</b>\u0007\r\nSecond line', name: 'Ann {{reference}}' })?.text ?? '';
    expect(text).toContain('Costs {{organisation}} £40 & <b>more</b>\nSecond line');
    expect(text).toContain('Dear Ann {{reference}},');
  });

  test('nobody is written to who is anonymous, or asked to be contacted by telephone or post', () => {
    expect(receiptFor({ identity: 'anonymous' })).toBeUndefined();
    expect(receiptFor({ contactBy: 'phone' })).toBeUndefined();
    expect(receiptFor({ contactBy: 'post', address: '1 High Street' })).toBeUndefined();
  });
});

describe('sent by the intake', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-receipt-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const server = await SmtpTestServer.start();
    cleanups.push(() => server.close());
    const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 10 });
    cleanups.push(() => store.close());
    const parsed = parseSmtpUrl(server.url);
    if (!parsed.ok) throw new Error(parsed.problem);
    const mail = await openMailRuntime({ mail: { smtp: parsed.smtp, from: FROM }, dataDir: dir, log: silentLogger, store, startWorker: true, tuning: FAST });
    cleanups.push(() => mail.close());
    const outbox = await new Outbox(dir).open();
    cleanups.push(() => outbox.close());
    return { dir, server, store, mail, outbox, intake: intakeWith(store, outbox, mail) };
  }

  function intakeWith(store: CaseStore, outbox: Outbox, mail: MailRuntime, deliveryWaitMs = 5_000) {
    return new CaseIntake({
      store,
      outbox,
      procedure: async (id) => seedProcedure(id),
      calendarFor: (procedure) => calendarFor(procedure),
      templates: async () => templates,
      assignees: {},
      minFillMs: 0,
      deliveryWaitMs,
      log: silentLogger,
      mail,
      planReceiptMail: receiptMailPlanner(),
    });
  }

  /** The store, except that it cannot create a case (as when GitHub is down). */
  function down(store: CaseStore): CaseStore {
    return new Proxy(store, {
      get(target, key) {
        if (key === 'createCase') return () => Promise.reject(new Error('The store is down.'));
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  async function settled(mail: MailRuntime, id: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const entry = await mail.outbox.get(id);
      if (entry?.status === 'sent' && entry.recorded === 'sent') return entry;
      if (Date.now() > deadline) throw new Error(`Message ${id} is ${entry?.status ?? 'not there'}.`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('a complaint with an email address gets one email, recorded on its case; sending the form again sends none', async () => {
    const { server, store, mail, intake } = await setup();
    const result = await intake.submit(complaint(), { receivedAt: RECEIVED });
    expect(result).toMatchObject({ queued: false });
    const entry = await settled(mail, mailId(`receipt:${result.reference}`));
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ messageId: entry.messageId, to: 'ann@example.com', subject: `We have received your complaint ${result.reference}` });
    expect(server.received[0]?.text).toContain(`Your reference is ${result.reference}`);

    await intake.submit(complaint(), { receivedAt: RECEIVED + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.received).toHaveLength(1);
    const stored = await store.findByReference(result.reference);
    const records = (await store.listComments(stored?.id ?? '')).filter((c) => c.body.startsWith(mailRecordMarker(result.reference, `receipt:${result.reference}`)));
    expect(records).toHaveLength(1);
  });

  test('an anonymous complaint sends nothing', async () => {
    const { server, mail, intake } = await setup();
    await intake.submit(complaint({ identity: 'anonymous' }), { receivedAt: RECEIVED });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.received).toHaveLength(0);
    expect((await mail.outbox.list()).entries).toHaveLength(0);
  });

  test('a submission queued while the store is down gets its email when its case is made, not before', async () => {
    const { server, mail, outbox, store: working } = await setup();
    const result = await intakeWith(down(working), outbox, mail, 200).submit(complaint(), { receivedAt: RECEIVED });
    expect(result.queued).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.received).toHaveLength(0);
    expect((await mail.outbox.list()).entries).toHaveLength(0);

    // The store is back: the retry worker delivers the case, and the email follows.
    expect(await new RetryWorker({ store: working, outbox, log: silentLogger, mail }).flush()).toMatchObject({ delivered: [complaint().submissionId], failed: [] });
    await server.waitFor(() => server.received.length === 1);
    expect(server.received[0]?.subject).toBe(`We have received your complaint ${result.reference}`);
  });

  test('a process that cannot send mail does not remove a submission that carries some', async () => {
    const { outbox, mail } = await setup();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-receipt-nomail-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 10 });
    cleanups.push(() => store.close());
    // Queued with mail by an intake that had a mail outbox…
    const queued = await intakeWith(down(store), outbox, mail, 100).submit(complaint(), { receivedAt: RECEIVED });
    expect(queued.queued).toBe(true);
    // …then flushed by one without: the case is made, the entry stays for a process that can send its email.
    const report = await new RetryWorker({ store, outbox, log: silentLogger }).flush();
    expect(report.failed).toEqual([{ submissionId: complaint().submissionId, error: expect.stringMatching(/has messages to send, and this process has no mail outbox/) }]);
    expect(await outbox.pending()).toEqual([complaint().submissionId]);
  });
});
