/**
 * The receipt email's fact in the ledger on GitHub, as the recommended deployment runs it: the server opens the case
 * and records the receipt email with its own account's token (a machine user), while the sweep runs in GitHub Actions
 * with the workflow's token, another account, which GitHub will not name to itself. The sweep knows the server's
 * marked records as Redress's own through REDRESS_BOT_LOGIN, and no one else's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { readLedgerFile } from '../../scripts/adapters/ledger/ledger-files.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { parseLedgerEntry } from '../../scripts/core/ledger/format-ledger-entry.ts';
import { mailRecordMarker } from '../../scripts/core/mail/mail-record.ts';
import { casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { mailWorld, request } from '../mail/support/mail-world.ts';
import { caseBodyWithContact } from '../support/letter-world.ts';
import { sweep } from '../support/sweep-harness.ts';

const REPO = 'acme/complaints';
const REFERENCE = 'RDR-7KX4-M9QP-2TK';
const SERVER_ACCOUNT = 'example-complaints';
const PEOPLE: Record<string, Record<string, string[]>> = { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } };
const cleanups: (() => Promise<void>)[] = [];
let server: GitHubTestServer | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  server?.assertNoViolations();
  await server?.close();
  server = undefined;
});

function storeFor(s: GitHubTestServer, token: string, clock: { now: number }, writers?: string[]) {
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token, apiUrl: s.url }, { pacing: 'none', retryAfterBaseValue: 1, retries: 0 });
  return Object.assign(new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: 5, ...(writers ? { writers } : {}) }), { requests: { reads: 0, writes: 0 } });
}

/** A case the server opened a minute ago, its receipt email sent to a real SMTP server and recorded on it. */
async function setUp() {
  const clock = { now: Math.floor(Date.now() / 1000) * 1000 };
  server = await casesServer(clock);
  server.state.addUser({ login: SERVER_ACCOUNT });
  server.state.addCollaborator({ repo: REPO, login: SERVER_ACCOUNT, permission: 'write' });
  server.state.addToken('server-token', SERVER_ACCOUNT);
  // The workflow's token: the app's bot account, which GET /user refuses to describe.
  server.state.addUser({ login: 'github-actions[bot]' });
  server.state.addCollaborator({ repo: REPO, login: 'github-actions[bot]', permission: 'write' });
  server.state.addToken('actions-token', 'github-actions[bot]');

  const received = new Date(clock.now - 60_000).toISOString();
  const serverStore = storeFor(server, 'server-token', clock);
  await serverStore.createCase({ reference: REFERENCE, title: `${REFERENCE} · ceccc`, body: caseBodyWithContact(REFERENCE, 'ceccc', received), labels: ['complaint', 'procedure:ceccc'], assignees: [], notCreatedBefore: received });
  const mail = await mailWorld({ store: serverStore });
  cleanups.push(() => mail.cleanup());
  const { entry } = await mail.runtime.enqueue(request());
  await mail.settled(entry.id, ['sent']);
  expect(mail.server.received).toHaveLength(1);

  const ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'redress-github-receipt-'));
  cleanups.push(() => rm(ledgerDir, { recursive: true, force: true }));
  const s = server;
  return {
    clock,
    server: s,
    /** The Actions sweep: the workflow's token, and REDRESS_BOT_LOGIN when given. */
    async actionsSweep(writers?: string[]) {
      clock.now += 60_000;
      const summary = await sweep(storeFor(s, 'actions-token', clock, writers), new Date(clock.now).toISOString(), { people: (procedure, role) => PEOPLE[procedure]?.[role] ?? [], ledger: createLedgerWriter({ dir: ledgerDir, git: false }) });
      expect(summary.problems).toEqual([]);
      const text = await readLedgerFile(path.join(ledgerDir, received.slice(0, 4), `${REFERENCE}.json`));
      if (text === undefined) throw new Error('No ledger entry.');
      return { text, entry: parseLedgerEntry(text) };
    },
    record() {
      const issue = s.state.issues(s.state.requireRepo(REPO)).find((i) => i.title.startsWith(REFERENCE));
      return s.state.comments(s.state.requireRepo(REPO), issue?.number ?? 0).find((c) => c.body.startsWith(mailRecordMarker(REFERENCE, `receipt:${REFERENCE}`)));
    },
    issueNumber: () => s.state.issues(s.state.requireRepo(REPO)).find((i) => i.title.startsWith(REFERENCE))?.number ?? 0,
  };
}

describe('the receipt email of a web complaint, in the ledger the Actions sweep writes', () => {
  test('with REDRESS_BOT_LOGIN naming the server’s account: one receipt-sent fact, however many sweeps run', async () => {
    const t = await setUp();
    expect(t.record()?.author).toBe(SERVER_ACCOUNT);
    await t.actionsSweep([SERVER_ACCOUNT]);
    const { text, entry } = await t.actionsSweep([SERVER_ACCOUNT]);
    expect(entry.events.filter((event) => event.type === 'receipt-sent')).toEqual([expect.objectContaining({ type: 'receipt-sent', actor: 'system', sentBy: 'email' })]);
    expect(text).not.toContain('ann@example.com');
  });

  test('without it the workflow’s token cannot tell the server’s record from anyone’s, and records no fact', async () => {
    const t = await setUp();
    const { entry } = await t.actionsSweep();
    expect(entry.events.map((event) => event.type)).toEqual(['received']);
  });

  test('the same record written by a member of staff is not the software’s, even with REDRESS_BOT_LOGIN set', async () => {
    const t = await setUp();
    const record = t.record();
    if (!record) throw new Error('no record');
    // Staff copy the server's record onto the case, and the server's own is deleted.
    t.server.state.createComment({ repo: REPO, issueNumber: t.issueNumber(), as: 'octocat', body: record.body });
    t.server.state.deleteComment(t.server.state.requireRepo(REPO), record);
    const { entry } = await t.actionsSweep([SERVER_ACCOUNT]);
    expect(entry.events.map((event) => event.type)).toEqual(['received']);
  });
});
