/**
 * Emails to staff through the sweep, the real mail outbox and a real SMTP server: a new case, each reminder and
 * each escalation step reach the people of the role once, however many sweeps run; what falls due out of hours
 * waits for the next working morning; the notices on the case say exactly who was told and how; and the emails hold
 * nothing from the complaint.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import type { StaffMember } from '../../scripts/core/organisation/roster.ts';
import type { SweepDeps } from '../../scripts/core/sweep/run-sweep.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { ANN, caseBodyWithContact, letterWorld, type LetterWorld } from '../support/letter-world.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { sweep } from '../support/sweep-harness.ts';

const worlds: LetterWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.cleanup();
});

const ROSTER: Record<string, Record<string, StaffMember[]>> = {
  ceccc: {
    coordinator: [{ name: 'Mary Smith', github: 'mary-coordinator', email: 'mary@example.org' }],
    chair: [{ name: 'Chris Chair', github: 'ceccc-chair' }],
  },
  'op-performance': {
    'quality-coordinator': [{ name: 'Quinn', github: 'qc', email: 'qc@example.org' }],
    'department-head': [{ name: 'Dee Head', github: 'dept-head', email: 'head@example.org' }, { name: 'No Address', github: 'dept-deputy' }],
  },
};

async function setUp(procedure: string, received: string, options: { smtp?: boolean } = {}) {
  const clock = { now: Date.parse(received) };
  const store = new MemoryStore(() => clock.now);
  const reference = 'RDR-STAF-0001';
  await store.createCase({ reference, title: `${reference} · ${procedure}`, body: caseBodyWithContact(reference, procedure, received, ANN), labels: ['complaint', `procedure:${procedure}`], assignees: [] });
  const world = await letterWorld(clock, { smtp: options.smtp ?? true });
  worlds.push(world);
  const emailing: NonNullable<SweepDeps['emailing']> = {
    staff: (p, role) => ROSTER[p]?.[role] ?? [],
    link: (stored) => `https://github.com/acme/cases/issues/${stored.id}`,
    prefix: 'EC',
    mailer: { send: async (request) => ({ status: (await world.mailer.send(request, { again: false })).status }) },
  };
  return {
    store,
    world,
    reference,
    run(at: string) {
      clock.now = Date.parse(at);
      return sweep(store, at, { letters: world.mailer, clock: () => clock.now, emailing, ledger: world.ledger });
    },
    say(body: string, at: string) {
      clock.now = Date.parse(at);
      return store.comment(reference, body, { author: 'mary-coordinator', association: 'MEMBER' });
    },
    notices: (kind: string) => (store.comments.get(reference) ?? []).filter((c) => c.byBot && parseMarker(c.body)?.kind === kind).map((c) => c.body),
    block: () => parseCaseBlock(store.cases.get(reference)?.body ?? ''),
  };
}

describe('a new case', () => {
  test('in working hours: its handler is emailed at once, and once however many sweeps run', async () => {
    const t = await setUp('ceccc', '2026-12-02T10:00:00Z');
    const first = await t.run('2026-12-02T10:01:00Z');
    await t.run('2026-12-02T10:02:00Z');
    await t.run('2026-12-02T11:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    const mail = t.world.smtp.received[0];
    expect(mail?.envelopeTo).toEqual(['mary@example.org']);
    expect(mail?.subject).toMatch(/^\[EC\] New case: case RDR-STAF-0001/);
    expect(mail?.text).toContain('Open the case: https://github.com/acme/cases/issues/RDR-STAF-0001');
    // Nothing from the complaint or about the complainant.
    for (const secret of ['Complaint text', ANN.name, ANN.email ?? '', 'High Street']) expect(mail?.text).not.toContain(secret);
    expect(first.staffEmails).toBe(1);
    expect(first.told).toEqual([{ reference: 'RDR-STAF-0001', what: 'new-case', words: 'Told: Mary Smith by email.' }]);
    expect(t.block()?.sweep?.notices).toBeUndefined();
    // The ledger keeps the fact (what, when, how), never to whom.
    const entry = await t.world.entry(t.reference);
    expect(entry?.events.filter((e) => e.type === 'staff-notified')).toEqual([{ seq: 2, type: 'staff-notified', at: '2026-12-02T10:01:00.000Z', actor: 'system', notice: 'new-case', sentBy: 'email' }]);
    expect(JSON.stringify(entry)).not.toMatch(/mary|Mary/);
  });

  test('received on a Friday evening: waits in the case until Monday 09:00, then goes once', async () => {
    const t = await setUp('ceccc', '2026-12-04T18:30:00Z');
    await t.run('2026-12-04T18:31:00Z');
    expect(t.block()?.sweep?.notices).toEqual([expect.objectContaining({ what: 'new-case', notBefore: '2026-12-07T09:00:00.000Z' })]);
    await t.run('2026-12-05T12:00:00Z'); // Saturday
    await t.run('2026-12-07T08:59:00Z'); // Monday, a minute early
    expect(t.world.smtp.received).toHaveLength(0);
    await t.run('2026-12-07T09:00:00Z');
    await t.run('2026-12-07T09:05:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(t.world.smtp.received[0]?.at).toBeGreaterThan(0);
    expect(t.block()?.sweep?.notices).toBeUndefined();
  });

  test('withdrawn before Monday morning: the waiting notice is dropped, and nobody is emailed', async () => {
    const t = await setUp('ceccc', '2026-12-04T18:30:00Z');
    await t.run('2026-12-04T18:31:00Z');
    t.say('/withdraw in writing', '2026-12-05T10:00:00Z');
    await t.run('2026-12-05T10:05:00Z');
    await t.run('2026-12-07T09:30:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
    expect(t.block()?.sweep?.notices).toBeUndefined();
  });

  test('received on Christmas Eve evening: waits over Christmas and the Boxing Day holiday until Tuesday 29 December', async () => {
    const t = await setUp('ceccc', '2026-12-24T17:45:00Z');
    await t.run('2026-12-24T17:46:00Z');
    await t.run('2026-12-28T10:00:00Z'); // the Boxing Day substitute bank holiday
    expect(t.world.smtp.received).toHaveLength(0);
    await t.run('2026-12-29T09:01:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
  });

  test('no mail server: nothing is claimed as emailed; the message is written to the data directory, once', async () => {
    const t = await setUp('ceccc', '2026-12-02T10:00:00Z', { smtp: false });
    const first = await t.run('2026-12-02T10:01:00Z');
    await t.run('2026-12-02T10:02:00Z');
    expect(first.staffEmails).toBe(0);
    // Nothing was sent, so the ledger records no notification.
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);
    expect(first.told[0]?.words).toContain('The email to Mary Smith was not sent: no mail server is configured');
    expect(first.told[0]?.words).not.toContain('by email');
    const { entries } = await t.world.mailer.outbox.list();
    expect(entries.filter((e) => e.kind === 'staff-notice').map((e) => e.status)).toEqual(['written']);
  });
});

describe('reminders and escalations', () => {
  test('a reminder: one email, and the notice says who was mentioned and who was emailed', async () => {
    const t = await setUp('ceccc', '2026-11-02T10:00:00Z');
    await t.run('2026-11-02T10:05:00Z');
    t.say('/acknowledge', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:05:00Z');
    expect(t.world.smtp.received).toHaveLength(1); // the new case
    await t.run('2026-11-26T09:30:00Z');
    await t.run('2026-11-26T09:40:00Z');
    await t.run('2026-11-26T10:40:00Z');
    expect(t.world.smtp.received).toHaveLength(2);
    const reminder = t.world.smtp.received[1];
    expect(reminder?.subject).toMatch(/^\[EC\] Reminder: case RDR-STAF-0001, .+ due Monday 30 November 2026$/);
    expect(reminder?.envelopeTo).toEqual(['mary@example.org']);
    expect(t.notices('reminder')).toHaveLength(1);
    expect(t.notices('reminder')[0]).toMatch(/\n\nTold: @mary-coordinator by GitHub mention; Mary Smith by email\.\n$/);
  });

  test('an escalation step: each person with an address emailed once; the one without is named, never claimed', async () => {
    const t = await setUp('op-performance', '2026-11-02T10:00:00Z');
    await t.run('2026-11-02T10:05:00Z');
    t.say('/acknowledge target 2026-11-06', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    const before = t.world.smtp.received.length;
    // The target date passed: the department head is told on the next working morning.
    await t.run('2026-11-09T09:30:00Z');
    await t.run('2026-11-09T09:45:00Z');
    const escalations = t.notices('escalation');
    expect(escalations).toHaveLength(1);
    const mails = t.world.smtp.received.slice(before).filter((m) => m.subject.includes('Escalation'));
    expect(mails.map((m) => m.envelopeTo[0])).toEqual(['head@example.org']);
    expect(escalations[0]).toContain('The procedure says: ');
    expect(escalations[0]).toContain('Told: @dept-head by GitHub mention; Dee Head by email. No Address has no email address in redress.yaml, so no email went to them.');
  });
});
