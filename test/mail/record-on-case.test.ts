/**
 * Every message is recorded on its case, through the case store: one marked comment per message, posted once and
 * kept up to date as the outcome changes, with the address and subject escaped; in the local store and on GitHub.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { recordOnCase } from '../../scripts/adapters/mail/record-on-case.ts';
import { resendMessage } from '../../scripts/adapters/mail/staff-actions.ts';
import type { CaseStore, StoredComment } from '../../scripts/core/case/case-store.ts';
import { mailRecordMarker, renderMailRecord } from '../../scripts/core/mail/mail-record.ts';
import { casesServer, CASES_TOKEN } from '../case-store/cases-server.ts';
import { mailWorld, request, type MailWorld } from './support/mail-world.ts';

const REFERENCE = 'RDR-7KX4-M9QP-2TK';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function localStore(): Promise<CaseStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-mail-case-'));
  const store = await LocalCaseStore.open({ dataDir: dir, commitIntervalMs: 10 });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

async function githubStore(): Promise<CaseStore> {
  const server = await casesServer({ now: Date.now() });
  cleanups.push(async () => {
    server.assertNoViolations();
    await server.close();
  });
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: CASES_TOKEN, apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 1, timeoutMs: 2_000, retries: 1 });
  return new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', settleMs: 1 });
}

async function world(store: CaseStore, options: Parameters<typeof mailWorld>[0] = {}): Promise<MailWorld> {
  const made = await mailWorld({ ...options, store });
  cleanups.push(() => made.cleanup());
  return made;
}

async function mailComments(store: CaseStore, id: string): Promise<StoredComment[]> {
  return (await store.listComments(id)).filter((c) => c.body.startsWith(mailRecordMarker(REFERENCE, `receipt:${REFERENCE}`)));
}

describe.each([
  ['local store', localStore],
  ['GitHub store', githubStore],
] as const)('%s', (_name, makeStore) => {
  async function withCase() {
    const store = await makeStore();
    const { case: stored } = await store.createCase({ reference: REFERENCE, title: `${REFERENCE} · ceccc`, body: 'The complaint', labels: ['complaint'], assignees: [] });
    return { store, stored };
  }

  test('a sent message is recorded once on its case: date, kind, address and subject, under its marker', async () => {
    const { store, stored } = await withCase();
    const w = await world(store);
    const { entry } = await w.runtime.enqueue(request());
    await w.settled(entry.id);
    const comments = await mailComments(store, stored.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.byBot).toBe(true);
    const body = comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- redress:mail v1 case=${REFERENCE} key=receipt:${REFERENCE} -->`);
    expect(body).toContain('**Email sent**: acknowledgement of receipt');
    expect(body).toMatch(/- When: \w+day \d+ \w+ \d{4} at \d+:\d\d[ap]m/);
    expect(body).toContain('- To: ann&#64;&#8203;example.com');
    expect(body).toContain(`- Subject: We have received your complaint RDR\\-7KX4\\-M9QP\\-2TK`);
    expect(body).toContain('Mail server’s answer: 250 OK');
  });

  test('the record follows the message: uncertain, then sent after a resend, in the same one comment', async () => {
    const { store, stored } = await withCase();
    const w = await world(store);
    w.server.fail({ kind: 'drop-after-data' });
    const { entry } = await w.runtime.enqueue(request());
    await w.settled(entry.id, ['uncertain']);
    let comments = await mailComments(store, stored.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('**Email may not have been delivered**');
    expect(comments[0]?.body).toContain(`npx redress mail resend ${entry.id}`);

    const decision = await resendMessage(w.runtime.outbox, entry.id, { by: 'hana', now: Date.now() });
    if (decision.ok) w.runtime.worker.notify(decision.entry);
    await w.settled(entry.id, ['sent']);
    comments = await mailComments(store, stored.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('**Email sent**');
  });

  test('recording again (a crash after posting, before noting it) finds the comment by its marker and posts nothing', async () => {
    const { store, stored } = await withCase();
    const w = await world(store);
    const { entry } = await w.runtime.enqueue(request());
    const sent = await w.settled(entry.id);
    const record = recordOnCase(store);
    await record(sent);
    await record(sent);
    expect(await mailComments(store, stored.id)).toHaveLength(1);
  });

  test('a user-controlled address or reply cannot mention anyone or break out of the comment', async () => {
    const { store, stored } = await withCase();
    const body = renderMailRecord({ id: '0123456789abcdef', key: `receipt:${REFERENCE}`, caseReference: REFERENCE, kind: 'receipt', to: '"@octocat -->"@example.com', subject: 'Re: #12 <img src=x>', status: 'failed', at: Date.now(), detail: '550 @hubot see https://evil.example/ -->' });
    await store.addComment(stored.id, body);
    const [comment] = await mailComments(store, stored.id);
    expect(comment?.body.split('\n').slice(1).join('\n')).not.toMatch(/-->|@octocat|@hubot|<img|#12/);
  });
});

test('without a case yet, the record waits and is made once the case exists; the message is not sent again', async () => {
  const store = await localStore();
  const w = await world(store, { tuning: { baseDelayMs: 50, maxDelayMs: 100 } });
  const { entry } = await w.runtime.enqueue(request());
  await w.server.waitFor(() => w.server.received.length === 1);
  // Recording is tried, fails for want of a case, and waits its turn.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await w.runtime.outbox.get(entry.id)).toMatchObject({ status: 'sent' });
  expect((await w.runtime.outbox.get(entry.id))?.recorded).toBeUndefined();
  expect(w.logs.some((line) => line.includes('record it on its case') && line.includes(`No case ${REFERENCE} in the store yet`))).toBe(true);
  const { case: stored } = await store.createCase({ reference: REFERENCE, title: `${REFERENCE} · ceccc`, body: 'The complaint', labels: ['complaint'], assignees: [] });
  await w.settled(entry.id);
  expect(await mailComments(store, stored.id)).toHaveLength(1);
  expect(w.server.received).toHaveLength(1);
});
