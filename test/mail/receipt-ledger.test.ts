/**
 * The complainant's receipt email in the ledger: the real outbox sends it to a real SMTP server and records it on
 * the case; the sweep reads the record back and the ledger keeps the fact (`receipt-sent`: when, by email) once,
 * however many sweeps run or however often the record is rewritten, and never the address or the words. An email
 * that was only written to the data directory, or that failed, is no such fact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { readLedgerFile } from '../../scripts/adapters/ledger/ledger-files.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import { mailRecordMarker } from '../../scripts/core/mail/mail-record.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { caseBody, sweep } from '../support/sweep-harness.ts';
import { mailWorld, request, type MailWorld } from './support/mail-world.ts';

const REFERENCE = 'RDR-7KX4-M9QP-2TK';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A case received a minute ago, its receipt email sent through the real outbox, and a ledger to sweep into. */
async function setUp(options: { smtp?: boolean } = {}) {
  const received = new Date(Math.floor(Date.now() / 1_000) * 1_000 - 60_000).toISOString();
  const store = new MemoryStore(() => Date.now());
  await store.createCase({ reference: REFERENCE, title: `${REFERENCE} · ceccc`, body: caseBody(REFERENCE, 'ceccc', received), labels: ['complaint', 'procedure:ceccc'], assignees: [] });
  const world: MailWorld = await mailWorld({ store, ...options });
  cleanups.push(() => world.cleanup());
  const ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'redress-receipt-ledger-'));
  cleanups.push(() => rm(ledgerDir, { recursive: true, force: true }));
  const ledger = createLedgerWriter({ dir: ledgerDir, git: false });
  return {
    store,
    world,
    received,
    run: (minutesLater = 1) => sweep(store, new Date(Date.now() + minutesLater * 60_000).toISOString(), { ledger }),
    async entry() {
      const text = await readLedgerFile(path.join(ledgerDir, received.slice(0, 4), `${REFERENCE}.json`));
      if (text === undefined) throw new Error('No ledger entry.');
      return { text, entry: parseLedgerEntry(text) };
    },
    block: () => parseCaseBlock(store.cases.get(REFERENCE)?.body ?? ''),
    record: () => (store.comments.get(REFERENCE) ?? []).find((c) => c.byBot && c.body.startsWith(mailRecordMarker(REFERENCE, `receipt:${REFERENCE}`))),
  };
}

describe('the receipt email as a fact in the ledger', () => {
  test('a receipt the mail server accepted is one receipt-sent fact, after the receipt, by email, with nothing personal', async () => {
    const t = await setUp();
    const { entry: queued } = await t.world.runtime.enqueue(request());
    const sent = await t.world.settled(queued.id, ['sent']);
    expect(t.world.server.received).toHaveLength(1);

    await t.run(1);
    await t.run(2);
    await t.run(60);
    const { text, entry } = await t.entry();
    const receipts = entry.events.filter((event) => event.type === 'receipt-sent');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ type: 'receipt-sent', actor: 'system', sentBy: 'email' });
    expect(Object.keys(receipts[0] ?? {}).sort()).toEqual(['actor', 'at', 'sentBy', 'seq', 'type']);
    // The record gives the minute; the fact is never dated before the complaint was received, nor after it was sent.
    const at = Date.parse(receipts[0]?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(Date.parse(t.received));
    expect(at).toBeLessThanOrEqual(Date.parse(sent.statusAt));
    // Not the procedure's acknowledgement: the acknowledgement's time limit still runs, and nothing was refused.
    expect(entry.stages[0]?.acknowledged).toBeUndefined();
    expect(entry.refusedCommands ?? []).toEqual([]);
    for (const personal of ['ann@example.com', 'example.com', 'Dear Ann', 'We have received', 'bientôt']) expect(text).not.toContain(personal);
    // Kept in the case's block, so it stands whatever later happens to the comment.
    expect(t.block()?.events.filter((event) => event.type === 'receipt-sent')).toHaveLength(1);
  });

  test('kept once the record on the case is gone', async () => {
    const t = await setUp();
    const { entry: sent } = await t.world.runtime.enqueue(request());
    await t.world.settled(sent.id, ['sent']);
    await t.run(1);
    const comments = t.store.comments.get(REFERENCE) ?? [];
    t.store.comments.set(REFERENCE, comments.filter((c) => c !== t.record()));
    expect(t.record()).toBeUndefined();
    await t.run(30);
    const { entry } = await t.entry();
    expect(entry.events.filter((event) => event.type === 'receipt-sent')).toHaveLength(1);
  });

  test('with no mail server the message is written to the data directory: no fact of sending', async () => {
    const t = await setUp({ smtp: false });
    const { entry: written } = await t.world.runtime.enqueue(request());
    await t.world.settled(written.id, ['written']);
    expect(t.record()?.body).toContain('Email not sent: no mail server is configured');
    await t.run(1);
    const { entry } = await t.entry();
    expect(entry.events.map((event) => event.type)).toEqual(['received']);
  });

  test('only the software’s own record of this case counts: not one a person wrote, nor another case’s', async () => {
    const t = await setUp({ smtp: false });
    const { entry: written } = await t.world.runtime.enqueue(request());
    await t.world.settled(written.id, ['written']);
    const forged = (t.record()?.body ?? '').replace('**Email not sent: no mail server is configured**', '**Email sent**');
    expect(forged).toContain('**Email sent**: acknowledgement of receipt');
    t.store.comment(REFERENCE, forged, { author: 'someone', association: 'NONE' });
    t.store.comment(REFERENCE, forged.replaceAll(REFERENCE, 'RDR-OTHR-CASE-2TK'), { byBot: true, author: 'redress', association: 'NONE' });
    await t.run(1);
    const { entry } = await t.entry();
    expect(entry.events.map((event) => event.type)).toEqual(['received']);
  });
});
