/**
 * The behaviour every CaseStore must have, whichever store it is: run by local-store.test.ts and
 * github-store.test.ts, so intake, the sweep and staff commands can rely on one behaviour.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CaseNotFoundError, type AuthorAssociation, type CaseStore, type NewCase } from '../../scripts/core/case/case-store.ts';

/** What a contract run needs from the store under test. */
export interface ContractSubject {
  store: CaseStore;
  /** Moves the store's clock on (the clock starts at 2026-12-23T10:00:00Z). */
  advance(ms: number): void;
  /** Adds a comment by a person, as staff would on the store's own interface. */
  addStaffComment(id: string, body: string, association: AuthorAssociation): Promise<void>;
  /** How many cases the store holds with this reference in their title, looking past the interface. */
  countCases(reference: string): Promise<number>;
  cleanup(): Promise<void>;
}

export const CONTRACT_START = Date.parse('2026-12-23T10:00:00Z');

let sequence = 0;
export function newCase(overrides: Partial<NewCase> = {}): NewCase {
  sequence += 1;
  const reference = overrides.reference ?? `RDR-TEST-${String(sequence).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  return {
    reference,
    title: `${reference} · ceccc`,
    body: `Complaint body of ${reference}\n\nwith paragraphs, émoji 🙂 and <b>markup</b> kept as written.`,
    labels: ['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received'],
    assignees: ['octocat'],
    notCreatedBefore: new Date(CONTRACT_START).toISOString(),
    ...overrides,
  };
}

export function defineCaseStoreContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`${name}: the case store contract`, () => {
    let subject: ContractSubject;
    let store: CaseStore;
    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    test('creates a case that reads back as it was written, open', async () => {
      const input = newCase();
      const { case: created, created: wasCreated } = await store.createCase(input);
      expect(wasCreated).toBe(true);
      expect(created).toMatchObject({ reference: input.reference, title: input.title, state: 'open', assignees: ['octocat'] });
      expect(created.labels.sort()).toEqual([...input.labels].sort());
      const read = await store.getCase(created.id);
      expect(read).toMatchObject({ id: created.id, reference: input.reference, title: input.title, body: input.body, state: 'open' });
      expect(Date.parse(read.createdAt)).toBe(CONTRACT_START);
      expect(await store.findByReference(input.reference)).toMatchObject({ id: created.id });
    });

    test('creating the same reference again returns the first case and makes no second one', async () => {
      const input = newCase();
      const first = await store.createCase(input);
      subject.advance(5_000);
      const again = await store.createCase({ ...input, body: 'a retry with a later rendering' });
      expect(again.created).toBe(false);
      expect(again.case.id).toBe(first.case.id);
      expect(again.case.body).toBe(input.body);
      expect(await subject.countCases(input.reference)).toBe(1);
    });

    test('concurrent creations of one reference make one case', async () => {
      const input = newCase();
      const results = await Promise.all(Array.from({ length: 4 }, () => store.createCase(input)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.case.id)).size).toBe(1);
      expect(await subject.countCases(input.reference)).toBe(1);
    });

    test('a closed case is still found by its reference, so a late retry does not reopen it as a new case', async () => {
      const input = newCase();
      const { case: created } = await store.createCase(input);
      await store.setState(created.id, 'closed');
      const again = await store.createCase(input);
      expect(again).toMatchObject({ created: false, case: { id: created.id, state: 'closed' } });
    });

    test('an unknown reference is not found; an unknown id is a CaseNotFoundError', async () => {
      expect(await store.findByReference('RDR-NONE-NONE-2')).toBeUndefined();
      await expect(store.getCase('999999')).rejects.toBeInstanceOf(CaseNotFoundError);
    });

    test('labels are a set: adding twice keeps one, removing an absent label is fine', async () => {
      const { case: c } = await store.createCase(newCase({ labels: ['complaint'] }));
      await store.addLabels(c.id, ['flag:anonymous', 'status:received']);
      await store.addLabels(c.id, ['flag:anonymous']);
      expect((await store.getCase(c.id)).labels.sort()).toEqual(['complaint', 'flag:anonymous', 'status:received']);
      await store.removeLabel(c.id, 'status:received');
      await store.removeLabel(c.id, 'status:received');
      expect((await store.getCase(c.id)).labels.sort()).toEqual(['complaint', 'flag:anonymous']);
    });

    test('assignees are replaced as a whole', async () => {
      const { case: c } = await store.createCase(newCase());
      await store.setAssignees(c.id, ['hubot']);
      expect((await store.getCase(c.id)).assignees).toEqual(['hubot']);
      await store.setAssignees(c.id, []);
      expect((await store.getCase(c.id)).assignees).toEqual([]);
    });

    test('the body is replaced exactly, long and non-ASCII text included', async () => {
      const { case: c } = await store.createCase(newCase());
      const body = `${'Ünïcødé — “quoted” 🙂\n'.repeat(2_000)}<!-- redress:case v1 sha=00000000 {} -->`;
      await store.updateBody(c.id, body);
      expect((await store.getCase(c.id)).body).toBe(body);
    });

    test('closing takes a case out of the open list; reopening brings it back', async () => {
      const { case: c } = await store.createCase(newCase());
      expect((await store.listOpenCases()).map((x) => x.id)).toContain(c.id);
      await store.setState(c.id, 'closed');
      expect((await store.getCase(c.id)).state).toBe('closed');
      expect((await store.listOpenCases()).map((x) => x.id)).not.toContain(c.id);
      await store.setState(c.id, 'open');
      expect((await store.listOpenCases()).map((x) => x.id)).toContain(c.id);
    });

    test('cases can be listed open, closed or all', async () => {
      const { case: open } = await store.createCase(newCase());
      const { case: closed } = await store.createCase(newCase());
      await store.setState(closed.id, 'closed');
      const ids = async (state: 'open' | 'closed' | 'all') => (await store.listCases({ state })).map((x) => x.id);
      expect(await ids('open')).toContain(open.id);
      expect(await ids('open')).not.toContain(closed.id);
      expect(await ids('closed')).toEqual([closed.id]);
      expect((await ids('all')).sort()).toEqual([open.id, closed.id].sort());
    });

    test('the open list can be limited to cases changed since an instant', async () => {
      const { case: old } = await store.createCase(newCase());
      subject.advance(60_000);
      const since = new Date(CONTRACT_START + 60_000).toISOString();
      const { case: fresh } = await store.createCase(newCase());
      const ids = (await store.listOpenCases({ since })).map((x) => x.id);
      expect(ids).toContain(fresh.id);
      expect(ids).not.toContain(old.id);
      subject.advance(60_000);
      await store.addLabels(old.id, ['due:soon']);
      expect((await store.listOpenCases({ since })).map((x) => x.id)).toContain(old.id);
    });

    test('the software’s comments are marked as its own; staff comments carry their association', async () => {
      const { case: c } = await store.createCase(newCase());
      const mine = await store.addComment(c.id, '<!-- redress:status v1 case=X -->\nStatus');
      expect(mine).toMatchObject({ byBot: true, body: '<!-- redress:status v1 case=X -->\nStatus' });
      subject.advance(1_000);
      await subject.addStaffComment(c.id, '/acknowledge', 'MEMBER');
      const comments = await store.listComments(c.id);
      expect(comments.map((x) => [x.body, x.byBot])).toEqual([
        ['<!-- redress:status v1 case=X -->\nStatus', true],
        ['/acknowledge', false],
      ]);
      expect(COMMANDERS).toContain(comments[1]?.association);
      expect(Date.parse(comments[1]?.createdAt ?? '')).toBe(CONTRACT_START + 1_000);
    });

    test('a comment is edited in place, keeping its id and creation time', async () => {
      const { case: c } = await store.createCase(newCase());
      const comment = await store.addComment(c.id, 'first');
      subject.advance(2_000);
      const edited = await store.updateComment(c.id, comment.id, 'second');
      expect(edited).toMatchObject({ id: comment.id, body: 'second', createdAt: comment.createdAt });
      expect(Date.parse(edited.updatedAt)).toBe(CONTRACT_START + 2_000);
      expect((await store.listComments(c.id)).map((x) => x.body)).toEqual(['second']);
    });

    test('comments can be limited to those changed since an instant', async () => {
      const { case: c } = await store.createCase(newCase());
      await store.addComment(c.id, 'early');
      subject.advance(10_000);
      await store.addComment(c.id, 'late');
      const since = new Date(CONTRACT_START + 10_000).toISOString();
      expect((await store.listComments(c.id, { since })).map((x) => x.body)).toEqual(['late']);
    });

    test('ensuring labels twice is harmless', async () => {
      const labels = [
        { name: 'complaint', color: '5319e7', description: 'A complaint' },
        { name: 'flag:contract-test', color: 'e99695', description: 'Made by the contract test' },
      ];
      await store.ensureLabels(labels);
      await store.ensureLabels(labels);
    });

    test('a lock is held by one holder at a time, and taken over once it is stale', async () => {
      expect(await store.acquireLock('sweep', 'run-1', 60_000)).toBe(true);
      expect(await store.acquireLock('sweep', 'run-2', 60_000)).toBe(false);
      await store.releaseLock('sweep', 'run-2');
      expect(await store.acquireLock('sweep', 'run-2', 60_000)).toBe(false);
      await store.releaseLock('sweep', 'run-1');
      expect(await store.acquireLock('sweep', 'run-2', 60_000)).toBe(true);
      subject.advance(61_000);
      expect(await store.acquireLock('sweep', 'run-3', 60_000)).toBe(true);
      expect(await store.acquireLock('sweep', 'run-2', 60_000)).toBe(false);
      await store.releaseLock('sweep', 'run-3');
    });
  });
}

const COMMANDERS: readonly AuthorAssociation[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];
