import { describe, expect, test } from 'vitest';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { seedProcedure } from '../support/procedures.ts';
import { caseBody, sweep } from '../support/sweep-harness.ts';

function setup(now = '2026-11-02T10:00:00Z') {
  let clock = Date.parse(now);
  const store = new MemoryStore(() => clock);
  const setClock = (at: string) => (clock = Date.parse(at));
  return { store, setClock };
}

async function open(store: MemoryStore, reference: string, procedure: string, received: string, fields = {}) {
  const { case: created } = await store.createCase({ reference, title: `${reference} (${procedure})`, body: caseBody(reference, procedure, received, fields), labels: ['complaint', `procedure:${procedure}`], assignees: [] });
  return created.id;
}

const botComments = (store: MemoryStore, id: string) => (store.comments.get(id) ?? []).filter((c) => c.byBot);
const markerKinds = (store: MemoryStore, id: string) => botComments(store, id).map((c) => parseMarker(c.body)?.kind);

describe('a new ceccc case', () => {
  test('gets its stage and status labels, an assignee and one status comment', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-02T11:00:00Z');
    const summary = await sweep(store, '2026-11-02T11:00:00Z');
    expect(summary).toMatchObject({ seen: 1, changed: 1, reminders: 0, problems: [] });
    const stored = store.cases.get(id);
    expect(stored?.labels.sort()).toEqual(['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received']);
    expect(stored?.assignees).toEqual(['mary-coordinator']);
    expect(markerKinds(store, id)).toEqual(['status']);
    const status = botComments(store, id)[0]?.body ?? '';
    expect(status).toContain('### Case RDR-AAAA: Stage 1, received, not yet acknowledged');
    expect(status).toContain('| Acknowledge the complaint in writing <sub>`stage-1.acknowledge`</sub> | Monday 9 November 2026 | on track |');
    expect(status).toContain('**Next:** Acknowledge the complaint in writing by Monday 9 November 2026 (Co-Ordinator).');
    expect(parseCaseBlock(stored?.body ?? '')?.sweep?.statusComment?.id).toBe(botComments(store, id)[0]?.id);
  });

  test('a second sweep with nothing changed makes no write', async () => {
    const { store, setClock } = setup();
    await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-02T11:00:00Z');
    const first = await sweep(store, '2026-11-02T11:00:00Z');
    const writes = store.requests.writes;
    const second = await sweep(store, '2026-11-02T12:00:00Z', { since: '2026-11-02T11:00:00Z' });
    expect(first.changed).toBe(1);
    expect(second).toMatchObject({ seen: 1, changed: 0 });
    expect(store.requests.writes).toBe(writes);
    // Unchanged since the last sweep: planned from its block alone, reading only the list.
    const third = await sweep(store, '2026-11-02T13:00:00Z', { since: '2026-11-02T12:30:00Z' });
    expect(third.changed).toBe(0);
    expect(store.requests.writes).toBe(writes);
  });
});

describe('staff commands', () => {
  test('an acknowledgement is recorded, answered, and moves the labels on', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    await sweep(store, '2026-11-02T11:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, 'Letter sent.\n/acknowledge', { association: 'MEMBER' });
    setClock('2026-11-03T10:05:00Z');
    const summary = await sweep(store, '2026-11-03T10:05:00Z', { since: '2026-11-02T11:00:00Z' });
    expect(summary.changed).toBe(1);
    const stored = store.cases.get(id);
    expect(stored?.labels).toContain('status:acknowledged');
    expect(stored?.labels).not.toContain('status:received');
    const reply = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply');
    expect(reply?.body).toContain('- Done: `/acknowledge`: acknowledgement recorded.');
    expect(reply?.body).toContain('**Next:** Send a formal written response by Monday 30 November 2026 (Co-Ordinator).');
    expect(parseCaseBlock(stored?.body ?? '')?.events.map((e) => e.type)).toEqual(['received', 'acknowledged']);
    // Replying again would be a double post: the next sweep leaves it.
    const writes = store.requests.writes;
    await sweep(store, '2026-11-03T11:00:00Z', { since: '2026-11-03T10:05:00Z' });
    expect(store.requests.writes).toBe(writes);
  });

  test('a command that makes no sense gets an error reply and changes nothing', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, '/escalate\n/respond maybe', { association: 'OWNER' });
    await sweep(store, '2026-11-03T10:05:00Z');
    const reply = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body ?? '';
    expect(reply).toContain('- Not done: `/escalate`: Stage 2 can be asked for once Stage 1 has been answered.');
    expect(reply).toContain('- Not done: `/respond maybe`: "maybe" is not an outcome');
    expect(store.cases.get(id)?.labels).toContain('stage:stage-1');
  });

  test('commands from people without write access are refused with a reply; the complainant\'s own text is never read', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    store.cases.get(id)!.body = `/close\n${store.cases.get(id)!.body}`;
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, '/close', { association: 'NONE', author: 'someone' });
    store.comment(id, '/withdraw', { association: 'CONTRIBUTOR', author: 'other' });
    store.permissions.set('reader', 'read');
    store.comment(id, '/acknowledge', { association: 'COLLABORATOR', author: 'reader' });
    const summary = await sweep(store, '2026-11-03T10:05:00Z');
    expect(summary.ignoredComments).toBe(3);
    expect(store.cases.get(id)?.state).toBe('open');
    expect(parseCaseBlock(store.cases.get(id)?.body ?? '')?.events.map((e) => e.type)).toEqual(['received']);
    expect(markerKinds(store, id)).toEqual(['status', 'reply', 'reply', 'reply']);
    expect(botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'reply').map((c) => c.body)).toEqual([
      expect.stringContaining('- Not done: `/close`: you cannot command this case'),
      expect.stringContaining('- Not done: `/withdraw`: you cannot command this case'),
      expect.stringContaining('Your access is "read".'),
    ]);
  });

  test('a comment that starts with a Redress marker is never read for commands, whoever wrote it', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    // Continuations, addenda and letters carry the complainant's words; an intake account with write access posts them.
    for (const kind of ['continuation', 'addendum', 'letter']) {
      store.comment(id, `<!-- redress:${kind} v1 case=RDR-AAAA part=1 -->\n/acknowledge\n/respond upheld\n/close`, { author: 'intake-account', association: 'MEMBER' });
    }
    const summary = await sweep(store, '2026-11-03T10:05:00Z');
    expect(summary.ignoredComments).toBe(0);
    expect(parseCaseBlock(store.cases.get(id)?.body ?? '')?.events.map((e) => e.type)).toEqual(['received']);
    expect(store.cases.get(id)?.state).toBe('open');
    expect(markerKinds(store, id)).toEqual(['status']);
  });

  test('an edited command takes its new meaning and its reply is updated; a deleted one no longer counts', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'op-performance', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T09:00:00Z');
    const command = store.comment(id, '/acknowledge target 2026-11-20');
    await sweep(store, '2026-11-03T09:05:00Z');
    setClock('2026-11-03T09:10:00Z');
    await store.updateComment(id, command.id, '/acknowledge target 2026-11-27');
    await sweep(store, '2026-11-03T09:15:00Z', { since: '2026-11-03T09:05:00Z' });
    const replies = botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('Updated after the command comment was edited.');
    const status = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status).toContain('Friday 27 November 2026');
    // Deleting the comment removes its events.
    store.comments.set(id, (store.comments.get(id) ?? []).filter((c) => c.id !== command.id));
    store.cases.get(id)!.updatedAt = '2026-11-03T09:20:00.000Z';
    await sweep(store, '2026-11-03T09:25:00Z', { since: '2026-11-03T09:15:00Z' });
    expect(parseCaseBlock(store.cases.get(id)?.body ?? '')?.events.map((e) => e.type)).toEqual(['received']);
    expect(store.cases.get(id)?.labels).toContain('status:received');
    // …and the deletion is recorded on the case, once.
    expect(botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'deleted').map((c) => c.body)).toEqual([
      expect.stringContaining('was deleted or no longer holds commands: what it recorded no longer counts.'),
    ]);
    store.cases.get(id)!.updatedAt = '2026-11-03T09:30:00.000Z';
    await sweep(store, '2026-11-03T09:35:00Z', { since: '2026-11-03T09:25:00Z' });
    expect(botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'deleted')).toHaveLength(1);
  });

  test('/learning records what the organisation changed, as a category only', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-20T10:00:00Z');
    store.comment(id, '/respond upheld\n/learning training Volunteers briefed on handovers');
    await sweep(store, '2026-11-20T10:05:00Z');
    const events = parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? [];
    expect(events.at(-1)).toEqual({ type: 'change-made', at: '2026-11-20T10:00:00.000Z', actor: 'staff', by: 'staff', comment: '1', change: 'training' });
    expect(JSON.stringify(events)).not.toContain('handovers');
    expect(botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body).toContain('change recorded for the complaint statistics');
  });

  test('a withdrawal confirmed in writing closes the case', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, '/withdraw in writing');
    await sweep(store, '2026-11-03T10:05:00Z');
    expect(store.cases.get(id)).toMatchObject({ state: 'closed' });
    expect(store.cases.get(id)?.labels).toContain('status:withdrawn');
  });
});

describe('reminders', () => {
  async function acknowledged() {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, '/acknowledge');
    await sweep(store, '2026-11-03T10:05:00Z');
    return { store, setClock, id };
  }
  const reminders = (store: MemoryStore, id: string) => botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'reminder').map((c) => c.body);

  test('two working days before, mentioning the handler, posted once', async () => {
    const { store, id } = await acknowledged();
    const summary = await sweep(store, '2026-11-26T09:30:00Z', { since: '2026-11-03T10:05:00Z' });
    expect(summary.reminders).toBe(1);
    expect(reminders(store, id)).toEqual([
      '<!-- redress:reminder v1 case=RDR-AAAA clock=stage-1.respond level=before-2-working-days due=2026-11-30 -->\n@mary-coordinator: **Send a formal written response** for case RDR-AAAA is due in 2 working days: due by **Monday 30 November 2026** (Co-Ordinator).\n\nTold: @mary-coordinator by GitHub mention.\n',
    ]);
    expect(store.cases.get(id)?.labels).toContain('due:soon');
    const again = await sweep(store, '2026-11-26T15:00:00Z', { since: '2026-11-26T09:30:00Z' });
    expect(again.reminders).toBe(0);
    expect(reminders(store, id)).toHaveLength(1);
  });

  test('never at night or at the weekend: the reminder waits for working hours', async () => {
    const { store, id } = await acknowledged();
    expect((await sweep(store, '2026-11-29T12:00:00Z')).reminders).toBe(0); // Sunday
    expect((await sweep(store, '2026-11-30T00:00:00Z')).reminders).toBe(0); // midnight
    expect((await sweep(store, '2026-11-30T09:00:00Z')).reminders).toBe(1);
    expect(reminders(store, id)[0]).toContain('level=due-today');
  });

  test('overdue: the label and one overdue reminder', async () => {
    const { store, id } = await acknowledged();
    await sweep(store, '2026-12-01T10:00:00Z');
    expect(store.cases.get(id)?.labels).toContain('overdue');
    expect(reminders(store, id).map((r) => parseMarker(r)?.fields.level)).toEqual(['overdue']);
  });

  test('a long sweep keeps its lock alive, so it is not taken for a dead one', async () => {
    const { store } = await acknowledged();
    for (const ref of ['RDR-LONG1', 'RDR-LONG2', 'RDR-LONG3']) await open(store, ref, 'ceccc', '2026-11-02T10:00:00Z');
    // Each case takes six minutes of real time: the lock (15 minutes) would lapse half-way through without renewal.
    let elapsed = Date.parse('2026-11-26T09:30:00Z');
    const clock = () => elapsed;
    store.clock = clock;
    const updateBody = store.updateBody.bind(store);
    store.updateBody = async (id, body) => {
      await updateBody(id, body);
      elapsed += 6 * 60_000;
    };
    const lapses: boolean[] = [];
    const acquire = store.acquireLock.bind(store);
    store.acquireLock = async (name, holder, ttl) => {
      lapses.push((store.locks.get(name)?.until ?? Infinity) < elapsed);
      return acquire(name, holder, ttl);
    };
    const summary = await sweep(store, '2026-11-26T09:30:00Z', { clock });
    expect(summary.locked).toBe(false);
    // Taken once, then renewed as the sweep went on, never after it had lapsed.
    expect(lapses.length).toBeGreaterThan(2);
    expect(lapses.every((lapsed) => !lapsed)).toBe(true);
  });

  test('each reminder posted is a fact of the case: which time limit, how near its due date, when; no one named', async () => {
    const { store, id } = await acknowledged();
    await sweep(store, '2026-11-26T09:30:00Z');
    await sweep(store, '2026-11-30T09:00:00Z');
    await sweep(store, '2026-12-01T10:00:00Z');
    const recorded = (parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? []).filter((e) => e.type === 'reminder-sent');
    expect(recorded).toEqual([
      { type: 'reminder-sent', at: '2026-11-26T09:30:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 'before-2-working-days', due: '2026-11-30' },
      { type: 'reminder-sent', at: '2026-11-30T09:00:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 'due-today', due: '2026-11-30' },
      { type: 'reminder-sent', at: '2026-12-01T10:00:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 'overdue', due: '2026-11-30' },
    ]);
    expect(reminders(store, id)).toHaveLength(3);
    // The facts stay with the case once it is closed.
    store.comment(id, '/close');
    await sweep(store, '2026-12-02T10:00:00Z');
    const events = parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? [];
    expect(events.filter((e) => e.type === 'reminder-sent')).toHaveLength(3);
  });

  test('a reminder on the case that its events do not record is recorded from the reminder, at the time it was posted', async () => {
    const { store, setClock, id } = await acknowledged();
    setClock('2026-11-26T09:30:00Z');
    await sweep(store, '2026-11-26T09:30:00Z');
    // The case's block as a sweep that stopped before writing it (or an earlier version of Redress) left it.
    const block = parseCaseBlock(store.cases.get(id)?.body ?? '')!;
    const { renderCaseBlock } = await import('../../scripts/core/case/case-block.ts');
    store.cases.get(id)!.body = `Complaint text.\n\n${renderCaseBlock({ ...block, events: block.events.filter((e) => e.type !== 'reminder-sent') })}\n`;
    store.cases.get(id)!.updatedAt = '2026-11-26T09:31:00.000Z';
    setClock('2026-11-26T12:00:00Z');
    const summary = await sweep(store, '2026-11-26T12:00:00Z', { since: '2026-11-26T09:30:00Z' });
    expect(summary.reminders).toBe(0);
    const recorded = (parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? []).filter((e) => e.type === 'reminder-sent');
    expect(recorded).toEqual([{ type: 'reminder-sent', at: '2026-11-26T09:30:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 'before-2-working-days', due: '2026-11-30' }]);
    expect(reminders(store, id)).toHaveLength(1);
  });

  test('two sweeps at once post each reminder once', async () => {
    const { store, id } = await acknowledged();
    const [a, b] = await Promise.all([
      sweep(store, '2026-11-26T09:30:00Z', { holder: 'a' }),
      sweep(store, '2026-11-26T09:30:00Z', { holder: 'b' }),
    ]);
    expect([a.locked, b.locked].sort()).toEqual([false, true]);
    expect(reminders(store, id)).toHaveLength(1);
  });
});

describe('ceccc: a complaint about the Co-Ordinator, and the independence of stage 2', () => {
  test('the Chair has stage 1; stage 2 goes to the Trustees other than the Chair, and a decision by the Chair is flagged', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-ABOU', 'ceccc', '2026-11-02T10:00:00Z', { aboutHandler: true });
    await sweep(store, '2026-11-02T11:00:00Z');
    expect(store.cases.get(id)?.assignees).toEqual(['ceccc-chair']);
    setClock('2026-11-20T10:00:00Z');
    store.comment(id, '/acknowledge 2026-11-03\n/respond not-upheld by email', { author: 'ceccc-chair' });
    setClock('2026-11-23T10:00:00Z');
    store.comment(id, '/escalate', { author: 'mary-coordinator' });
    await sweep(store, '2026-11-23T10:05:00Z');
    // "This person ... will not have been involved in stage 1 of the complaint."
    expect(store.cases.get(id)?.assignees).toEqual(['trustee-a', 'trustee-b']);
    const status = () => botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status()).toContain('Handled by: **Trustees of the Committee** (not the Chair of the Committee, who handled an earlier stage this one must be independent of)');
    expect(status()).toContain('- The Chair of the Committee handled Stage 1, so Stage 2 is for the Trustees other than the Chair.');
    expect(store.cases.get(id)?.labels).not.toContain('flag:not-independent');
    setClock('2026-12-10T10:00:00Z');
    store.comment(id, '/acknowledge 2026-11-24\n/respond upheld by email', { author: 'ceccc-chair' });
    await sweep(store, '2026-12-10T10:05:00Z');
    expect(store.cases.get(id)?.labels).toContain('flag:not-independent');
    expect(status()).toContain('- Stage 2 was decided by someone involved in Stage 1, where the procedure requires someone not involved');
  });
});

describe('ceccc: the window to ask for stage 2', () => {
  test('runs from the stage 1 response\'s receipt; once it has passed, staff see what the procedure says of a late request', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-WIND', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-27T15:00:00Z');
    store.comment(id, '/acknowledge 2026-11-03\n/respond not-upheld 2026-11-27 15:00 by post');
    await sweep(store, '2026-11-27T15:05:00Z');
    const status = () => botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status()).toContain('| Ask for stage 2 (complainant) <sub>`stage-2.request`</sub> | Tuesday 8 December 2026 (from its receipt, Tuesday 1 December 2026: sent by post Friday 27 November 2026 at 3:00pm) | on track |');
    expect(status()).toContain('**Next:** The complainant may ask for Stage 2 by Tuesday 8 December 2026. Write /escalate if they do, or /close.');
    await sweep(store, '2026-12-09T10:00:00Z');
    expect(status()).toContain('**Next:** The time to ask for Stage 2 ended on Tuesday 8 December 2026. A later request is considered only if there are exceptional circumstances. Write /escalate if the complainant asks anyway, or /close.');
  });
});

describe('cecops: a complaint about an Accredited User', () => {
  test('the status comment says CECOPS may pass it on and how to record it; /pass-on stops the case', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-COPS', 'cecops', '2026-11-02T10:00:00Z');
    await sweep(store, '2026-11-02T11:00:00Z');
    const status = () => botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status()).toContain('**Passing on:** A complaint that relates specifically to an Accredited User may be passed by CECOPS to the independent inspection body that assesses Accredited Users. If it is passed on, write `/pass-on independent-regulator`.');
    setClock('2026-11-05T10:00:00Z');
    store.comment(id, '/pass-on independent-regulator');
    await sweep(store, '2026-11-05T10:05:00Z');
    expect(store.cases.get(id)).toMatchObject({ state: 'closed' });
    expect(store.cases.get(id)?.labels).toContain('status:passed-on');
    expect(botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body).toContain('- Done: `/pass-on independent-regulator`: case passed on.');
    expect(status()).not.toContain('**Passing on:**');
    expect(status()).toContain('**Next:** The case was passed on to The independent inspection body for Accredited Users. Write /reopen if it comes back.');
  });
});

describe('dates staff set', () => {
  test('/target before the acknowledgement says the date it set, and the status shows it waiting', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-BBBB', 'op-performance', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T09:00:00Z');
    store.comment(id, '/target 2026-11-20');
    await sweep(store, '2026-11-03T09:05:00Z');
    const reply = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body ?? '';
    expect(reply).toContain('- Done: `/target 2026-11-20`: target completion date set: Friday 20 November 2026.');
    const status = () => botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status()).toContain('| Resolve the complaint by the target completion date <sub>`formal.target`</sub> | Target Friday 20 November 2026, counted once the complaint is acknowledged. | not started |');
    setClock('2026-11-04T09:00:00Z');
    store.comment(id, '/acknowledge');
    await sweep(store, '2026-11-04T09:05:00Z');
    expect(status()).toContain('| Resolve the complaint by the target completion date <sub>`formal.target`</sub> | Friday 20 November 2026 | on track |');
  });

  test('an extension recorded after its notice was sent takes the day it was sent, and the reply says both dates', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-26T10:00:00Z');
    store.comment(id, '/acknowledge 2026-11-03\n/extend 2026-12-11 investigation needs a site visit sent 2026-11-25');
    await sweep(store, '2026-11-26T10:05:00Z');
    const reply = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body ?? '';
    expect(reply).toContain('new response date recorded: Friday 11 December 2026, sent Wednesday 25 November 2026.');
    const events = parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? [];
    expect(events.find((e) => e.type === 'extended')).toMatchObject({ at: '2026-11-25T12:00:00.000Z', until: '2026-12-11' });
  });

  test('a notice dated before the stage began is refused', async () => {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-AAAA', 'ceccc', '2026-11-10T10:00:00Z');
    setClock('2026-11-12T10:00:00Z');
    store.comment(id, '/extend 2026-12-18 investigation sent 2026-11-09');
    await sweep(store, '2026-11-12T10:05:00Z');
    const reply = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'reply')?.body ?? '';
    expect(reply).toContain('- Not done: `/extend 2026-12-18 investigation sent 2026-11-09`: This is dated before the complaint was received.');
  });
});

describe('op-performance escalation ladder', () => {
  async function pastTarget() {
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-BBBB', 'op-performance', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T09:00:00Z');
    store.comment(id, '/acknowledge target 2026-11-20');
    await sweep(store, '2026-11-03T09:05:00Z');
    const notices = () => botComments(store, id).filter((c) => parseMarker(c.body)?.kind === 'escalation').map((c) => c.body.split('\n')[1]?.split(':')[0]);
    const notified = () => (parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? []).filter((e) => e.type === 'escalation-notified').map((e) => [e.at, e.actor]);
    return { store, setClock, id, notices, notified };
  }

  test('department head, then senior manager, then managing director, each 24 hours after the one before was told', async () => {
    const { store, setClock, id, notices, notified } = await pastTarget();
    // Monday morning after a Friday target: the department head only. "Response time for the departments head is
    // 24 hours to this e-mail."
    setClock('2026-11-23T09:30:00Z');
    expect((await sweep(store, '2026-11-23T09:30:00Z')).escalations).toBe(1);
    expect(notices()).toEqual(['@dept-head']);
    expect(store.cases.get(id)?.labels).toContain('escalated:1');
    expect(notified()).toEqual([['2026-11-23T09:30:00.000Z', 'system']]);
    // An hour later, and the next morning before the 24 hours are up: nobody else.
    expect((await sweep(store, '2026-11-23T10:30:00Z')).escalations).toBe(0);
    expect((await sweep(store, '2026-11-24T09:29:00Z')).escalations).toBe(0);
    setClock('2026-11-24T09:30:00Z');
    expect((await sweep(store, '2026-11-24T09:30:00Z')).escalations).toBe(1);
    expect(notices()).toEqual(['@dept-head', '@senior']);
    // The sweep that should have told the Managing Director on Wednesday did not run until Friday: one step, then.
    setClock('2026-11-27T11:00:00Z');
    expect((await sweep(store, '2026-11-27T11:00:00Z')).escalations).toBe(1);
    expect(notices()).toEqual(['@dept-head', '@senior', '@md']);
    expect(store.cases.get(id)?.labels).toContain('escalated:3');
    expect(notified().map(([at]) => at)).toEqual(['2026-11-23T09:30:00.000Z', '2026-11-24T09:30:00.000Z', '2026-11-27T11:00:00.000Z']);
    const status = botComments(store, id).find((c) => parseMarker(c.body)?.kind === 'status')?.body ?? '';
    expect(status).toContain('**Escalation:** step 1, Department head, notice posted Monday 23 November 2026 at 9:30am; step 2, Senior Manager, notice posted Tuesday 24 November 2026 at 9:30am; step 3, Managing Director, notice posted Friday 27 November 2026 at 11:00am');
    expect((await sweep(store, '2026-11-30T10:30:00Z')).escalations).toBe(0);
  });

  test('resolved after the first step: nobody else is told', async () => {
    const { store, setClock, id, notices } = await pastTarget();
    setClock('2026-11-23T09:30:00Z');
    await sweep(store, '2026-11-23T09:30:00Z');
    setClock('2026-11-23T15:00:00Z');
    store.comment(id, '/respond upheld by email');
    await sweep(store, '2026-11-23T15:05:00Z');
    await sweep(store, '2026-11-25T10:00:00Z');
    expect(notices()).toEqual(['@dept-head']);
    expect(store.cases.get(id)?.labels).not.toContain('escalated:1');
  });

  test('a notice posted by a sweep that stopped before recording it still counts, from when it was posted', async () => {
    const { store, setClock, id, notices, notified } = await pastTarget();
    setClock('2026-11-23T09:30:00Z');
    await sweep(store, '2026-11-23T09:30:00Z');
    // Put the case's block back as it was before that sweep wrote it: the notice is on the case, its fact is not.
    const block = parseCaseBlock(store.cases.get(id)?.body ?? '');
    expect(block).toBeDefined();
    const { renderCaseBlock } = await import('../../scripts/core/case/case-block.ts');
    store.cases.get(id)!.body = `Complaint text.\n\n${renderCaseBlock({ ...block!, events: block!.events.filter((e) => e.type !== 'escalation-notified') })}\n`;
    store.cases.get(id)!.updatedAt = '2026-11-23T09:31:00.000Z';
    setClock('2026-11-23T12:00:00Z');
    await sweep(store, '2026-11-23T12:00:00Z', { since: '2026-11-23T09:30:00Z' });
    expect(notified()).toEqual([['2026-11-23T09:30:00.000Z', 'system']]);
    expect(notices()).toEqual(['@dept-head']);
    setClock('2026-11-24T09:30:00Z');
    await sweep(store, '2026-11-24T09:30:00Z');
    expect(notices()).toEqual(['@dept-head', '@senior']);
  });
});

describe('an escalation ladder in any procedure', () => {
  test('each step told is a fact of the case, beside the reminders, the same way as at op-performance', async () => {
    const ceccc = seedProcedure('ceccc');
    const laddered: Procedure = {
      ...ceccc,
      stages: ceccc.stages.map((stage) =>
        stage.id === 'stage-1'
          ? { ...stage, escalation: { trigger: 'respond', steps: [{ level: 1, notify: 'chair', summary: 'The Chair is told of an overdue stage 1 response.', source: stage.handler.source }] } }
          : stage,
      ),
    };
    const procedures = new Map([['ceccc', laddered]]);
    const { store, setClock } = setup();
    const id = await open(store, 'RDR-LADR', 'ceccc', '2026-11-02T10:00:00Z');
    setClock('2026-11-03T10:00:00Z');
    store.comment(id, '/acknowledge');
    await sweep(store, '2026-11-03T10:05:00Z', { procedures });
    setClock('2026-12-01T10:00:00Z');
    const summary = await sweep(store, '2026-12-01T10:00:00Z', { procedures });
    expect([summary.reminders, summary.escalations]).toEqual([1, 1]);
    const notices = (parseCaseBlock(store.cases.get(id)?.body ?? '')?.events ?? []).filter((e) => e.type === 'reminder-sent' || e.type === 'escalation-notified');
    expect(notices).toEqual([
      { type: 'reminder-sent', at: '2026-12-01T10:00:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 'overdue', due: '2026-11-30' },
      { type: 'escalation-notified', at: '2026-12-01T10:00:00.000Z', actor: 'system', clock: 'stage-1.respond', level: 1 },
    ]);
  });
});

describe('a case that cannot be trusted', () => {
  test('a hand-edited block is reported on the case and in the summary; other cases go on', async () => {
    const { store } = setup();
    const broken = await open(store, 'RDR-BAD1', 'ceccc', '2026-11-02T10:00:00Z');
    const fine = await open(store, 'RDR-GOOD', 'ceccc', '2026-11-02T10:00:00Z');
    store.cases.get(broken)!.body = store.cases.get(broken)!.body.replace('"channel":"web"', '"channel":"email"');
    const summary = await sweep(store, '2026-11-02T11:00:00Z');
    expect(summary.problems).toEqual([{ reference: 'RDR-BAD1', problem: expect.stringContaining('edited by hand') }]);
    expect(store.cases.get(broken)?.labels).toContain('flag:needs-attention');
    expect(botComments(store, broken).map((c) => c.body)).toEqual([expect.stringContaining('Redress cannot process case RDR-BAD1')]);
    expect(store.cases.get(fine)?.labels).toContain('stage:stage-1');
    // Reported once, not every hour.
    await sweep(store, '2026-11-02T12:00:00Z');
    expect(botComments(store, broken)).toHaveLength(1);
  });

  test('a case whose procedure is unknown is reported', async () => {
    const { store } = setup();
    await open(store, 'RDR-NOPE', 'ceccc', '2026-11-02T10:00:00Z');
    const summary = await sweep(store, '2026-11-02T11:00:00Z', { procedures: new Map() });
    expect(summary.problems[0]?.problem).toContain('"ceccc" is not in workflows/');
  });
});

describe('dry run and budget', () => {
  test('a dry run plans but writes nothing', async () => {
    const { store } = setup();
    await open(store, 'RDR-AAAA', 'ceccc', '2026-11-02T10:00:00Z');
    const writes = store.requests.writes;
    const summary = await sweep(store, '2026-11-02T11:00:00Z', { dryRun: true });
    expect(store.requests.writes).toBe(writes);
    expect(summary.cases[0]?.actions.map((a) => a.kind)).toEqual(['add-labels', 'set-assignees', 'create-status-comment', 'update-block']);
  });

  test('out of budget, the rest of the cases wait for the next run and are named', async () => {
    const { store } = setup();
    for (const ref of ['RDR-AAA1', 'RDR-AAA2', 'RDR-AAA3']) await open(store, ref, 'ceccc', '2026-11-02T10:00:00Z');
    const start = store.requests.reads + store.requests.writes;
    const summary = await sweep(store, '2026-11-02T11:00:00Z', { requestBudget: start + 6 });
    expect(summary.skipped.length).toBeGreaterThan(0);
    expect(summary.seen + summary.skipped.length).toBe(3);
  });

  test('runs that each run out of budget still finish every case, without losing their place', async () => {
    const { store, setClock } = setup();
    const references = Array.from({ length: 12 }, (_, i) => `RDR-BUD${String(i).padStart(2, '0')}`);
    for (const ref of references) await open(store, ref, 'ceccc', '2026-11-02T10:00:00Z');
    let since: string | undefined;
    let pending = new Set<string>();
    const runs: number[] = [];
    for (let run = 0; run < 10 && references.some((ref) => !markerKinds(store, ref).includes('status')); run += 1) {
      const now = new Date(Date.parse('2026-11-02T11:00:00Z') + run * 3_600_000).toISOString();
      setClock(now);
      const used = store.requests.reads + store.requests.writes;
      const summary = await sweep(store, now, { requestBudget: used + 12, since, pending });
      runs.push(summary.changed);
      since = now;
      pending = new Set(summary.skipped);
    }
    expect(references.filter((ref) => !markerKinds(store, ref).includes('status'))).toEqual([]);
    // Every run made progress, and it took several.
    expect(runs.every((changed) => changed > 0)).toBe(true);
    expect(runs.length).toBeGreaterThan(2);
  });
});
