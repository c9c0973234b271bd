/**
 * Letters from staff on the GitHub test server, as a GitHub deployment runs them: the sweep runs in Actions, where
 * nothing in the data directory outlives a run, so every sweep here gets a fresh mail outbox. The draft is posted
 * once and edited by staff through the API (a read-only collaborator cannot edit it: GitHub refuses), and /send
 * sends it once, to a real SMTP server, however many sweeps follow.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import type { MailPoint } from '../../scripts/adapters/mail/deliver-mail.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { draftsOn, LETTER_START } from '../../scripts/core/letters/draft-comment.ts';
import { letterRecords } from '../../scripts/core/letters/letter-record.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { caseBodyWithContact, letterWorld, type LetterWorld } from '../support/letter-world.ts';
import { sweep } from '../support/sweep-harness.ts';

const REPO = 'acme/complaints';
const PEOPLE: Record<string, Record<string, string[]>> = { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } };

let server: GitHubTestServer | undefined;
const worlds: LetterWorld[] = [];
afterEach(async () => {
  server?.assertNoViolations();
  await server?.close();
  server = undefined;
  for (const world of worlds.splice(0)) await world.cleanup();
});

async function setUp() {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  server = await casesServer(clock);
  const s = server;
  s.state.addUser({ login: 'reader' });
  s.state.addCollaborator({ repo: REPO, login: 'reader', permission: 'read' });
  s.state.addToken('octocat-token', 'octocat');
  s.state.addToken('reader-token', 'reader');
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: CASES_TOKEN, apiUrl: s.url }, { pacing: 'none', retryAfterBaseValue: 5 });
  const requests = { reads: 0, writes: 0 };
  const store = Object.assign(new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: 5 }), { requests });
  const created = await store.createCase({ reference: 'RDR-CECC-0001', title: 'RDR-CECC-0001 · ceccc', body: caseBodyWithContact('RDR-CECC-0001', 'ceccc', '2026-11-02T10:00:00Z'), labels: ['complaint', 'procedure:ceccc'], assignees: [], notCreatedBefore: '2026-11-02T10:00:00Z' });
  const issue = Number(created.case.id);
  const world = await letterWorld(clock);
  worlds.push(world);
  const repo = s.state.requireRepo(REPO);
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const as = (token: string) => new Octokit({ baseUrl: s.url, auth: token, log: quiet });
  return {
    clock,
    world,
    issue,
    comment(body: string, at: string, login = 'octocat') {
      clock.now = Date.parse(at);
      return s.state.createComment({ repo: REPO, issueNumber: issue, as: login, body });
    },
    /** One sweep as GitHub Actions runs it: a new runner, so a mail outbox in an empty data directory. */
    async actionsSweep(at: string, options: { checkpoint?: (point: MailPoint) => Promise<void> } = {}) {
      clock.now = Date.parse(at);
      const mailer = await world.reopen({ dataDir: await mkdtemp(path.join(os.tmpdir(), 'redress-actions-run-')), ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}) });
      try {
        return await sweep(store, at, { people: (procedure, role) => PEOPLE[procedure]?.[role] ?? [], letters: mailer, clock: () => clock.now, ledger: world.ledger });
      } finally {
        await mailer.close();
      }
    },
    comments: () => s.state.comments(repo, issue).map((c) => ({ id: String(c.id), author: c.author, association: 'MEMBER' as const, byBot: c.author === 'redress-bot', body: c.body, createdAt: new Date(c.createdAt).toISOString(), updatedAt: new Date(c.updatedAt).toISOString() })),
    block: () => parseCaseBlock(s.state.issue(repo, issue)?.body ?? ''),
    /** Edits the draft's letter through the API as `token`'s person would, in GitHub's web editor. */
    async editDraft(token: string, n: number, change: (letter: string) => string, at: string) {
      clock.now = Date.parse(at);
      const draft = draftsOn(this.comments(), 'RDR-CECC-0001').find((d) => d.marker.n === n);
      const comment = s.state.comments(repo, issue).find((c) => String(c.id) === draft?.commentId);
      if (!draft?.text || !comment) throw new Error(`no draft ${n}`);
      const head = comment.body.slice(0, comment.body.indexOf(LETTER_START) + LETTER_START.length);
      return as(token).rest.issues.updateComment({ owner: 'acme', repo: 'complaints', comment_id: comment.id, body: `${head}\n\n---\n\n${change(draft.text)}\n` });
    },
    replyTo(id: number) {
      return s.state.comments(repo, issue).find((c) => c.author === 'redress-bot' && parseMarker(c.body)?.kind === 'reply' && parseMarker(c.body)?.fields.comment === String(id))?.body ?? '';
    },
  };
}

describe('a letter on GitHub', () => {
  test('posted once, edited by staff, not by a read-only collaborator, sent once with the sender and the time of sending', async () => {
    const t = await setUp();
    t.comment('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.actionsSweep('2026-11-03T09:05:00Z');
    await t.actionsSweep('2026-11-03T09:10:00Z');
    expect(draftsOn(t.comments(), 'RDR-CECC-0001')).toHaveLength(1);

    await t.editDraft('octocat-token', 1, (letter) => letter.replace('The Co-Ordinator will look into it.', 'The Co-Ordinator will look into it and ring you on Thursday.'), '2026-11-03T09:20:00Z');
    // GitHub lets only people with write access edit someone else's comment: the reader's edit never lands.
    await expect(t.editDraft('reader-token', 1, (letter) => `${letter}\nPS from a reader: your complaint is rejected.`, '2026-11-03T09:25:00Z')).rejects.toMatchObject({ status: 403 });
    expect(draftsOn(t.comments(), 'RDR-CECC-0001')[0]?.text).not.toContain('PS from a reader');

    const send = t.comment('/send', '2026-11-03T10:00:00Z');
    expect((await t.actionsSweep('2026-11-03T10:01:00Z')).problems).toEqual([]);
    await t.actionsSweep('2026-11-03T11:00:00Z');
    await t.actionsSweep('2026-11-04T11:00:00Z');

    expect(t.world.smtp.received).toHaveLength(1);
    const mail = t.world.smtp.received[0]!;
    expect(mail.envelopeTo).toEqual(['ann@example.com']);
    expect(mail.text).toContain('ring you on Thursday.');
    expect(mail.text).not.toContain('PS from a reader');

    expect(t.block()?.events.map((e) => [e.type, e.at, e.by])).toEqual([
      ['received', '2026-11-02T10:00:00.000Z', undefined],
      ['letter-sent', '2026-11-03T10:01:00.000Z', 'octocat'],
      ['acknowledged', '2026-11-03T10:01:00.000Z', 'octocat'],
    ]);
    expect(letterRecords(t.comments(), 'RDR-CECC-0001').map((r) => r.record)).toEqual([expect.objectContaining({ state: 'sent', by: 'octocat', send: String(send.id), channel: 'email' })]);
    expect(t.replyTo(send.id)).toContain('draft 1 sent by email Tuesday 3 November 2026 at 10:01am; acknowledgement recorded.');
    const entry = await t.world.entry('RDR-CECC-0001');
    expect(entry?.events.find((e) => e.type === 'letter-sent')).toEqual({ seq: 2, type: 'letter-sent', at: '2026-11-03T10:01:00.000Z', actor: 'staff', by: 'octocat', letter: 'acknowledgement', sentBy: 'email' });
    expect(JSON.stringify(entry)).not.toMatch(/ann@example|Ann Example|ring you/);
  });

  test('a read-only collaborator’s /send sends nothing', async () => {
    const t = await setUp();
    t.comment('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.actionsSweep('2026-11-03T09:05:00Z');
    const send = t.comment('/send 1', '2026-11-03T10:00:00Z', 'reader');
    await t.actionsSweep('2026-11-03T10:01:00Z');
    expect(t.world.smtp.received).toHaveLength(0);
    expect(t.replyTo(send.id)).toContain('you cannot command this case');
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);
  });

  test('a run that stops between handing the letter over and recording the answer leaves it uncertain, never sent twice', async () => {
    const t = await setUp();
    t.comment('/draft acknowledgement', '2026-11-03T09:00:00Z');
    await t.actionsSweep('2026-11-03T09:05:00Z');
    t.comment('/send 1', '2026-11-03T10:00:00Z');
    // The runner dies once the mail server has the letter, before anything else is written.
    const stopped = await t.actionsSweep('2026-11-03T10:01:00Z', {
      checkpoint: async (point) => {
        if (point === 'after-smtp-accept') throw new Error('The runner was cancelled.');
      },
    });
    expect(stopped.problems.map((p) => p.problem)).toEqual([expect.stringContaining('The runner was cancelled.')]);
    expect(letterRecords(t.comments(), 'RDR-CECC-0001')[0]?.record.state).toBe('sending');
    expect(t.world.smtp.received).toHaveLength(1);

    // The next run starts with an empty outbox: the case's own record is what stops a second copy.
    await t.actionsSweep('2026-11-03T11:00:00Z');
    await t.actionsSweep('2026-11-03T12:00:00Z');
    expect(t.world.smtp.received).toHaveLength(1);
    const record = t.comments().find((c) => parseMarker(c.body)?.kind === 'letter')?.body ?? '';
    expect(letterRecords(t.comments(), 'RDR-CECC-0001')[0]?.record.state).toBe('uncertain');
    expect(record).toContain('Ask the complainant; if it did not arrive, write `/send 1 again`.');
    expect(t.block()?.events.map((e) => e.type)).toEqual(['received']);

    // Staff asked: it did not arrive. They send it again, once.
    t.comment('/send 1 again', '2026-11-04T09:00:00Z');
    await t.actionsSweep('2026-11-04T09:01:00Z');
    await t.actionsSweep('2026-11-04T10:00:00Z');
    expect(t.world.smtp.received).toHaveLength(2);
    expect(t.world.smtp.received[0]?.messageId).toBe(t.world.smtp.received[1]?.messageId);
    expect(t.block()?.events.find((e) => e.type === 'acknowledged')).toMatchObject({ at: '2026-11-04T09:01:00.000Z', by: 'octocat' });
  });
});
