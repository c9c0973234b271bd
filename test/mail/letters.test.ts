/**
 * Staff's letters through the mail outbox to a real SMTP server, on the local store (the real one, in a data
 * directory that is kept): exactly once through a process that stops half-way, a server that is down, and the
 * outbox's own knowledge of what the server accepted. The GitHub store, where nothing outlives a run, is tested in
 * test/sweep/github-letters.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import type { MailPoint } from '../../scripts/adapters/mail/deliver-mail.ts';
import { mailId } from '../../scripts/adapters/mail/mail-outbox.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { letterRecords } from '../../scripts/core/letters/letter-record.ts';
import { letterMailKey } from '../../scripts/core/letters/send-letters.ts';
import { caseBodyWithContact, letterWorld, type LetterWorld } from '../support/letter-world.ts';
import { sweep } from '../support/sweep-harness.ts';

const REFERENCE = 'RDR-CECC-0007';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ clock: { now: number }; store: LocalCaseStore & { requests: { reads: number; writes: number } }; world: LetterWorld; say(body: string, at: string): Promise<void>; run(at: string): ReturnType<typeof sweep>; draftAndSend(): Promise<void> }> {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-letters-local-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const store = Object.assign(await LocalCaseStore.open({ dataDir, commitIntervalMs: 0, now: () => clock.now }), { requests: { reads: 0, writes: 0 } });
  cleanups.push(() => store.close());
  await store.createCase({ reference: REFERENCE, title: `${REFERENCE} · ceccc`, body: caseBodyWithContact(REFERENCE, 'ceccc', '2026-11-02T10:00:00Z'), labels: ['complaint', 'procedure:ceccc'], assignees: [] });
  const world = await letterWorld(clock);
  cleanups.push(() => world.cleanup());
  const t = {
    clock,
    store,
    world,
    async say(body: string, at: string) {
      clock.now = Date.parse(at);
      await store.addCommentAs(REFERENCE, body, { author: 'mary', association: 'OWNER' });
    },
    run(at: string) {
      clock.now = Date.parse(at);
      return sweep(store, at, { letters: world.mailer, clock: () => clock.now, ledger: world.ledger });
    },
    async draftAndSend() {
      await t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
      await t.run('2026-11-03T09:05:00Z');
      await t.say('/send 1', '2026-11-03T10:00:00Z');
    },
  };
  return t;
}

const stopAt = (wanted: MailPoint) => async (point: MailPoint) => {
  if (point === wanted) throw new Error(`stopped at ${point}`);
};

describe('letters through a process that stops half-way, on a data directory that is kept', () => {
  test('stopped after the server accepted it and the outbox recorded so: the next sweep records it sent, at that time', async () => {
    const t = await setUp();
    await t.draftAndSend();
    await t.world.mailer.close();
    await t.world.reopen({ checkpoint: stopAt('after-sent-record') });
    const stopped = await t.run('2026-11-03T10:01:00Z');
    expect(stopped.problems).toEqual([expect.objectContaining({ problem: expect.stringContaining('stopped at after-sent-record') })]);
    expect(letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record.state).toBe('sending');
    await t.world.mailer.close();

    await t.world.reopen();
    await t.run('2026-11-03T11:00:00Z');
    await t.run('2026-11-03T12:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record).toMatchObject({ state: 'sent', at: '2026-11-03T10:01:00.000Z' });
    const block = parseCaseBlock((await t.store.getCase(REFERENCE)).body);
    expect(block?.events.find((e) => e.type === 'acknowledged')).toMatchObject({ at: '2026-11-03T10:01:00.000Z', by: 'mary' });
  });

  test('stopped once the server had it, before its answer was recorded anywhere: uncertain, and never sent by itself', async () => {
    const t = await setUp();
    await t.draftAndSend();
    await t.world.mailer.close();
    await t.world.reopen({ checkpoint: stopAt('after-smtp-accept') });
    await t.run('2026-11-03T10:01:00Z');
    await t.world.mailer.close();
    await t.world.reopen();
    await t.run('2026-11-03T11:00:00Z');
    await t.run('2026-11-03T12:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record.state).toBe('uncertain');
    // The outbox agrees, so `redress mail list` shows it waiting for staff too.
    expect((await t.world.mailer.outbox.get(mailId(letterMailKey({ case: REFERENCE, draft: letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record.draft ?? '' }))))?.status).toBe('uncertain');
  });
});

describe('a mail server that is down', () => {
  test('the letter waits on the case, certainly unsent; once the server is back the next sweep sends it once', async () => {
    const t = await setUp();
    await t.draftAndSend();
    await t.world.smtp.down();
    await t.run('2026-11-03T10:01:00Z');
    const [waiting] = letterRecords(await t.store.listComments(REFERENCE), REFERENCE);
    expect(waiting?.record).toMatchObject({ state: 'queued', tried: '2026-11-03T10:01:00.000Z' });
    await t.run('2026-11-03T11:00:00Z');
    expect(t.world.smtp.received).toHaveLength(0);

    await t.world.smtp.up();
    await t.run('2026-11-03T12:00:00Z');
    await t.run('2026-11-03T13:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record).toMatchObject({ state: 'sent', at: '2026-11-03T12:00:00.000Z' });
  });

  test('three days of deferrals and it is given up as failed, for staff to send another way', async () => {
    const t = await setUp();
    await t.draftAndSend();
    await t.world.smtp.down();
    await t.run('2026-11-03T10:01:00Z');
    await t.run('2026-11-05T10:00:00Z');
    expect(letterRecords(await t.store.listComments(REFERENCE), REFERENCE)[0]?.record.state).toBe('queued');
    await t.run('2026-11-06T10:02:00Z');
    const records = letterRecords(await t.store.listComments(REFERENCE), REFERENCE);
    expect(records[0]?.record.state).toBe('failed');
    await t.world.smtp.up();
    await t.run('2026-11-06T11:00:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
  });
});
