/**
 * Letters from staff, through the sweep on the memory store, sent to a real SMTP server: a draft is posted once,
 * edited by staff, and sent once by /send; the event it stands for is recorded at the time it went, by the person
 * who wrote /send; the letter is recorded on the case and in the ledger (never its address or words). Letters by
 * post are recorded with the posting date staff give; a case without contact details asks staff how it went.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import type { StoredComment } from '../../scripts/core/case/case-store.ts';
import { draftsOn, LETTER_START } from '../../scripts/core/letters/draft-comment.ts';
import { letterRecords, sentLetters } from '../../scripts/core/letters/letter-record.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { ANN, caseBodyWithContact, letterWorld, type LetterWorld } from '../support/letter-world.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { sweep } from '../support/sweep-harness.ts';

const worlds: LetterWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.cleanup();
});

const REFERENCE = 'RDR-CECC-0001';

async function setUp(options: { procedure?: string; contact?: typeof ANN | null; smtp?: boolean } = {}) {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  const store = new MemoryStore(() => clock.now);
  const procedure = options.procedure ?? 'ceccc';
  await store.createCase({
    reference: REFERENCE,
    title: `${REFERENCE} · ${procedure}`,
    body: caseBodyWithContact(REFERENCE, procedure, '2026-11-02T10:00:00Z', options.contact === undefined ? ANN : options.contact),
    labels: ['complaint', `procedure:${procedure}`],
    assignees: [],
  });
  const world = await letterWorld(clock, { smtp: options.smtp ?? true });
  worlds.push(world);
  return {
    clock,
    store,
    world,
    /** A comment by a member of staff (write access unless a test says otherwise). */
    say(body: string, at: string, author = 'mary-coordinator') {
      clock.now = Date.parse(at);
      return store.comment(REFERENCE, body, { author, association: 'MEMBER' });
    },
    run(at: string) {
      clock.now = Date.parse(at);
      return sweep(store, at, { letters: world.mailer, clock: () => clock.now, ledger: world.ledger });
    },
    comments: () => store.comments.get(REFERENCE) ?? [],
    block: () => parseCaseBlock(store.cases.get(REFERENCE)?.body ?? ''),
    replyTo(comment: StoredComment) {
      return (store.comments.get(REFERENCE) ?? []).find((c) => c.byBot && parseMarker(c.body)?.kind === 'reply' && parseMarker(c.body)?.fields.comment === comment.id)?.body ?? '';
    },
    /** Staff edit the draft's letter, below its line, as they would on GitHub. */
    async editDraft(n: number, change: (letter: string) => string, at: string) {
      clock.now = Date.parse(at);
      const draft = draftsOn(store.comments.get(REFERENCE) ?? [], REFERENCE).find((d) => d.marker.n === n);
      if (!draft?.text) throw new Error(`no draft ${n}`);
      const comment = (store.comments.get(REFERENCE) ?? []).find((c) => c.id === draft.commentId) as StoredComment;
      const head = comment.body.slice(0, comment.body.indexOf(LETTER_START) + LETTER_START.length);
      await store.updateComment(REFERENCE, comment.id, `${head}\n\n---\n\n${change(draft.text)}\n`);
    },
  };
}

describe('a letter by email, from draft to sent', () => {
  test('the draft is posted once, edited, and sent once; the acknowledgement is recorded at the time it went, by who sent it', async () => {
    const t = await setUp();
    const ask = t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    await t.run('2026-11-03T09:06:00Z');
    const drafts = draftsOn(t.comments(), REFERENCE);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.marker).toMatchObject({ n: 1, letter: 'acknowledgement', stage: 'stage-1', from: ask.id });
    expect(drafts[0]?.text).toContain('Dear Ann Example,');
    expect(t.replyTo(ask)).toContain('Done: `/draft acknowledgement`: draft 1 is below: edit the letter if need be, then write /send 1.');
    // Nothing recorded yet: a draft is not a letter.
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);

    await t.editDraft(1, (letter) => letter.replace('The Co-Ordinator will look into it.', 'The Co-Ordinator will look into it and will call you this week.'), '2026-11-03T09:30:00Z');
    const send = t.say('/send', '2026-11-03T10:15:00Z');
    expect((await t.run('2026-11-03T10:16:00Z')).problems).toEqual([]);
    expect((await t.run('2026-11-03T11:00:00Z')).problems).toEqual([]);

    expect(t.world.smtp.received).toHaveLength(1);
    const mail = t.world.smtp.received[0]!;
    expect(mail).toMatchObject({ envelopeTo: ['ann@example.com'], subject: `Your complaint ${REFERENCE}: we have received it (Stage 1)` });
    // The text as staff left it, as plain text: the escaping that keeps it safe on GitHub is undone.
    expect(mail.text).toContain('will call you this week.');
    expect(mail.text).toContain('Co-Ordinator\nCambridge & Ely Child Contact Centres');
    expect(mail.text).not.toMatch(/<br>|&#|redress:/);

    const events = t.block()?.events ?? [];
    expect(events.map((e) => [e.type, e.at, e.by])).toEqual([
      ['received', '2026-11-02T10:00:00.000Z', undefined],
      ['letter-sent', '2026-11-03T10:16:00.000Z', 'mary-coordinator'],
      ['acknowledged', '2026-11-03T10:16:00.000Z', 'mary-coordinator'],
    ]);
    expect(events[1]).toMatchObject({ letter: 'acknowledgement', sentBy: 'email', stage: 'stage-1' });

    const records = letterRecords(t.comments(), REFERENCE);
    expect(records.map((r) => r.record)).toEqual([
      expect.objectContaining({ n: 1, letter: 'acknowledgement', channel: 'email', state: 'sent', at: '2026-11-03T10:16:00.000Z', by: 'mary-coordinator', send: send.id }),
    ]);
    expect(sentLetters(t.comments(), REFERENCE)).toEqual([{ letter: 'acknowledgement', at: '2026-11-03T10:16:00.000Z', sentBy: 'email', subject: `Your complaint ${REFERENCE}: we have received it (Stage 1)` }]);
    expect(t.replyTo(send)).toContain('Done: `/send`: draft 1 sent by email Tuesday 3 November 2026 at 10:16am; acknowledgement recorded.');

    // The ledger holds the fact: which letter, when, by what channel; never the address, subject or words.
    const entry = await t.world.entry(REFERENCE);
    expect(entry?.events.map((e) => e.type)).toEqual(['received', 'letter-sent', 'acknowledged']);
    expect(entry?.events[1]).toEqual({ seq: 2, type: 'letter-sent', at: '2026-11-03T10:16:00.000Z', actor: 'staff', by: 'mary-coordinator', letter: 'acknowledgement', sentBy: 'email' });
    expect(JSON.stringify(entry)).not.toMatch(/ann@|Ann Example|High Street|we have received it|call you/);
    expect(entry?.clocks.find((c) => c.id === 'stage-1.acknowledge')).toMatchObject({ state: 'met', met: '2026-11-03T10:16:00.000Z' });
  });

  test('a sent letter stands when its /send comment is deleted, and a /send of a sent draft is refused', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    const send = t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    t.store.comments.set(REFERENCE, t.comments().filter((c) => c.id !== send.id));
    const again = t.say('/send 1', '2026-11-03T11:00:00Z');
    await t.run('2026-11-03T11:01:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received', 'letter-sent', 'acknowledged']);
    expect(t.replyTo(again)).toContain('Not done: `/send 1`: draft 1 was already sent by email Tuesday 3 November 2026 at 10:01am.');
  });

  test('an outcome letter is a response sent by email: the stage 2 window counts from the day it is received', async () => {
    const t = await setUp();
    t.say('/acknowledge', '2026-11-03T09:00:00Z');
    t.say('/draft outcome not-upheld', '2026-11-20T09:00:00Z');
    await t.run('2026-11-20T09:05:00Z');
    // The outcome letter has text for staff to write: until they do, it is not sent.
    const early = t.say('/send', '2026-11-20T09:10:00Z');
    await t.run('2026-11-20T09:11:00Z');
    expect(t.replyTo(early)).toContain('Not done: `/send`: draft 1 still holds text in [[…]] to be written: edit the draft, then write /send 1.');
    expect(t.world.smtp.received).toHaveLength(0);

    await t.editDraft(1, (letter) => letter.replace(/\[\[[^\]]*\]\]/g, 'We looked at the centre’s records.'), '2026-11-20T15:00:00Z');
    t.say('/send 1', '2026-11-20T15:30:00Z');
    // Sent at 17:20, after working hours: it counts as received the next working day, Monday 23 November.
    await t.run('2026-11-20T17:20:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(t.world.smtp.received[0]?.text).toContain('Please do this within 5 working days of the day you receive this letter.');
    const responded = t.block()?.events.find((e) => e.type === 'responded');
    expect(responded).toMatchObject({ at: '2026-11-20T17:20:00.000Z', outcome: 'not-upheld', sentBy: 'email', by: 'mary-coordinator' });
    const status = t.comments().find((c) => c.byBot && parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status).toContain('from its receipt, Monday 23 November 2026: sent by email Friday 20 November 2026 at 5:20pm');
  });
});

describe('letters that are not sent, and why', () => {
  test('a draft edited after /send was written is not sent by it; a new /send sends the text as it then stands', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    const send = t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.editDraft(1, (letter) => `${letter}\nP.S. Added after the /send.`, '2026-11-03T10:01:00Z');
    await t.run('2026-11-03T10:02:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
    expect(t.replyTo(send)).toContain('Not done: `/send 1`: draft 1 was edited after this /send was written, so it was not sent: read it again, and write a new /send 1 if it is right.');
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);

    t.say('/send 1', '2026-11-03T10:30:00Z');
    await t.run('2026-11-03T10:31:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(t.world.smtp.received[0]?.text).toContain('P.S. Added after the /send.');
  });

  test('a /send by someone who cannot command sends nothing', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    t.store.permissions.set('visitor', 'read');
    const send = t.say('/send 1', '2026-11-03T10:00:00Z', 'visitor');
    await t.run('2026-11-03T10:01:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
    expect(letterRecords(t.comments(), REFERENCE)).toEqual([]);
    expect(t.replyTo(send)).toContain('you cannot command this case');
  });

  test('letters are refused where the procedure would refuse what they stand for', async () => {
    const t = await setUp({ procedure: 'cms-vocational' });
    const extension = t.say('/draft extension 2026-12-18 waiting for a witness', '2026-11-03T09:00:00Z');
    const twice = t.say('/acknowledge', '2026-11-03T09:10:00Z');
    const ack = t.say('/draft acknowledgement', '2026-11-03T09:20:00Z');
    await t.run('2026-11-03T09:30:00Z');
    expect(t.replyTo(extension)).toContain('Not done: `/draft extension 2026-12-18 waiting for a witness`: This procedure makes no provision for extending the time limit at Complaint.');
    expect(t.replyTo(twice)).toContain('Done');
    expect(t.replyTo(ack)).toContain('Not done: `/draft acknowledgement`: Complaint was already acknowledged.');
    expect(draftsOn(t.comments(), REFERENCE)).toEqual([]);
  });

  test('an anonymous complainant has nobody to write to', async () => {
    const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
    const store = new MemoryStore(() => clock.now);
    await store.createCase({ reference: REFERENCE, title: REFERENCE, body: caseBodyWithContact(REFERENCE, 'ceccc', '2026-11-02T10:00:00Z', null, { anonymous: true }), labels: ['complaint'], assignees: [] });
    const ask = store.comment(REFERENCE, '/draft acknowledgement', { author: 'mary-coordinator' });
    await sweep(store, '2026-11-03T09:00:00Z');
    const reply = (store.comments.get(REFERENCE) ?? []).find((c) => parseMarker(c.body)?.fields.comment === ask.id)?.body;
    expect(reply).toContain('the complainant chose to stay anonymous, so there is nobody to write to.');
  });

  test('two drafts waiting: /send must say which', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    t.say('/draft extension 2026-12-18 investigation of the rota', '2026-11-03T09:01:00Z');
    await t.run('2026-11-03T09:05:00Z');
    expect(draftsOn(t.comments(), REFERENCE).map((d) => [d.marker.n, d.marker.letter])).toEqual([
      [1, 'acknowledgement'],
      [2, 'extension'],
    ]);
    const send = t.say('/send', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    expect(t.replyTo(send)).toContain('Not done: `/send`: 2 drafts are waiting (1, 2): say which, as /send <number>.');
    const none = t.say('/send 7', '2026-11-03T10:02:00Z');
    await t.run('2026-11-03T10:03:00Z');
    expect(t.replyTo(none)).toContain('there is no draft 7 on this case.');
    expect(t.world.smtp.received).toHaveLength(0);
  });
});

describe('letters by post, by hand, and cases without contact details', () => {
  test('the complainant asked for post: /send says how to print and confirm; /send posted records the posting date', async () => {
    const t = await setUp({ contact: { name: 'Bob Example', contactBy: 'post', address: '2 Low Road\nEly\nCB7 4BB' } });
    t.say('/acknowledge', '2026-11-03T09:00:00Z');
    t.say('/draft extension 2026-12-18 investigation needs a visit', '2026-11-20T09:00:00Z');
    await t.run('2026-11-20T09:05:00Z');
    const draft = draftsOn(t.comments(), REFERENCE)[0];
    expect(draft?.text?.split('\n').slice(0, 3)).toEqual(['2 Low Road<br>', 'Ely<br>', 'CB7 4BB']);
    expect(t.comments().find((c) => c.id === draft?.commentId)?.body).toContain(`print it with \`npx redress letter print ${REFERENCE} 1\`, post it, then write \`/send 1 posted <date>\``);
    await t.editDraft(1, (letter) => letter.replace(/\[\[[^\]]*\]\]/g, 'We have spoken to two volunteers.'), '2026-11-20T10:00:00Z');

    const plain = t.say('/send', '2026-11-20T11:00:00Z');
    await t.run('2026-11-20T11:01:00Z');
    expect(t.replyTo(plain)).toContain(`Not done: \`/send\`: the complainant asked for letters by post: print it (npx redress letter print ${REFERENCE} 1), post it, then write /send 1 posted <date>.`);

    t.say('/send 1 posted 2026-11-20', '2026-11-23T09:00:00Z');
    await t.run('2026-11-23T09:01:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record).toMatchObject({ channel: 'post', state: 'posted', at: '2026-11-20T12:00:00.000Z' });
    expect(t.block()?.events.filter((e) => e.type === 'extended' || e.type === 'letter-sent')).toEqual([
      expect.objectContaining({ type: 'letter-sent', at: '2026-11-20T12:00:00.000Z', letter: 'extension', sentBy: 'post', until: '2026-12-18', reason: 'investigation' }),
      expect.objectContaining({ type: 'extended', at: '2026-11-20T12:00:00.000Z', until: '2026-12-18', reason: 'investigation', by: 'mary-coordinator' }),
    ]);
  });

  test('a case opened before contact records were kept: the draft shows where the address goes, and staff say how it went', async () => {
    const t = await setUp({ contact: null });
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    const draft = draftsOn(t.comments(), REFERENCE)[0];
    expect(draft?.text?.split('\n')[0]).toBe("[[The complainant's postal address, if this letter goes by post: copy it from the complaint.]]");
    await t.editDraft(1, (letter) => letter.replace(/\[\[[^\]]*\]\]/, '3 Fen Lane<br>\nEly'), '2026-11-03T09:30:00Z');
    const send = t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    expect(t.replyTo(send)).toContain('this case has no contact details on record for letters: send it yourself, then write /send 1 posted <date> or /send 1 by hand <date>.');
    t.say('/send 1 by hand 2026-11-03 10:30', '2026-11-03T11:00:00Z');
    await t.run('2026-11-03T11:01:00Z');
    expect(t.block()?.events.find((e) => e.type === 'acknowledged')).toMatchObject({ at: '2026-11-03T10:30:00.000Z', by: 'mary-coordinator' });
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record).toMatchObject({ channel: 'hand', state: 'handed' });
  });
});

describe('when the mail server does not take the letter', () => {
  test('a temporary refusal leaves it queued on the case; the next sweep sends it, once', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    t.world.smtp.fail({ kind: 'reply', at: 'rcpt-to', code: 451, message: 'Greylisted, try again' });
    const send = t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record).toMatchObject({ state: 'queued', tried: '2026-11-03T10:01:00.000Z' });
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);
    expect(t.replyTo(send)).toContain('draft 1 is not sent yet: the mail server could not take it');
    // The case is read again at the next sweep although nothing on it changed.
    expect(t.block()?.sweep?.letters).toHaveLength(1);

    await t.run('2026-11-03T11:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record).toMatchObject({ state: 'sent', at: '2026-11-03T11:00:00.000Z' });
    expect(t.block()?.events.find((e) => e.type === 'acknowledged')).toMatchObject({ at: '2026-11-03T11:00:00.000Z', by: 'mary-coordinator' });
    expect(t.block()?.sweep?.letters).toBeUndefined();
    expect(t.replyTo(send)).toContain('draft 1 sent by email Tuesday 3 November 2026 at 11:00am; acknowledgement recorded.');
    await t.run('2026-11-03T12:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
  });

  test('a permanent refusal fails it; /send again after the address is checked sends it', async () => {
    const t = await setUp();
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    t.world.smtp.fail({ kind: 'reply', at: 'rcpt-to', code: 550, message: 'No such mailbox' });
    t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record.state).toBe('failed');
    const record = t.comments().find((c) => parseMarker(c.body)?.kind === 'letter')?.body ?? '';
    expect(record).toContain('No such mailbox');
    const plain = t.say('/send 1', '2026-11-03T11:00:00Z');
    await t.run('2026-11-03T11:01:00Z');
    expect(t.replyTo(plain)).toContain('draft 1 was tried by email before (failed: see its record): write /send 1 again to send it again.');
    t.say('/send 1 again', '2026-11-03T12:00:00Z');
    await t.run('2026-11-03T12:01:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record).toMatchObject({ state: 'sent', at: '2026-11-03T12:01:00.000Z' });
  });

  test('with no mail server configured nothing is sent, nothing is recorded as sent, and staff are told', async () => {
    const t = await setUp({ smtp: false });
    t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.run('2026-11-03T09:05:00Z');
    const send = t.say('/send 1', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:01:00Z');
    expect(letterRecords(t.comments(), REFERENCE)[0]?.record.state).toBe('written');
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);
    expect(t.replyTo(send)).toContain('Not done: `/send 1`: draft 1 was not sent: no mail server is configured.');
  });
});

test('draft comments carry the marker, so no line of them is ever read as a command', async () => {
  const t = await setUp();
  t.say('/draft acknowledgement', '2026-11-03T09:00:00Z');
  await t.run('2026-11-03T09:05:00Z');
  await t.editDraft(1, (letter) => `${letter}\n/close\n/respond upheld`, '2026-11-03T09:10:00Z');
  await t.run('2026-11-03T09:15:00Z');
  expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);
  expect(t.store.cases.get(REFERENCE)?.state).toBe('open');
});
