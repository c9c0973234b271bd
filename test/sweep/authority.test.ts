/**
 * Who may command a case, on the GitHub test server with the accounts of the recommended setup: the intake
 * server's machine user (`redress-intake`, which opens cases and posts the continuations of long complaints) and
 * the sweep's own account (`redress-bot`). Authority is decided once, when a command is first seen, from the
 * collaborator permission endpoint, and recorded on the case with who acted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { CaseIntake } from '../../scripts/adapters/intake/case-intake.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { complaint } from '../intake/complaint-fixture.ts';
import { seedProcedure } from '../support/procedures.ts';
import { caseBody, sweep } from '../support/sweep-harness.ts';

const REPO = 'acme/complaints';
const INTAKE_TOKEN = 'ghs_intakemachineusertoken';

const cleanups: (() => Promise<void>)[] = [];
let server: GitHubTestServer | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  server?.assertNoViolations();
  await server?.close();
  server = undefined;
});

function storeFor(s: GitHubTestServer, token: string, clock: { now: number }) {
  const requests = { reads: 0, writes: 0 };
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token, apiUrl: s.url }, { pacing: 'none', retryAfterBaseValue: 5 });
  octokit.hook.after('request', (_response, options) => {
    if (options.method === 'GET') requests.reads += 1;
    else requests.writes += 1;
  });
  return Object.assign(new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: 5 }), { requests });
}

/** The cases repository with two software accounts and staff: hana (write), rui (read), and a stranger. */
async function world() {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  server = await casesServer(clock);
  const s = server;
  for (const login of ['redress-intake', 'hana', 'rui', 'stranger']) s.state.addUser({ login });
  s.state.addCollaborator({ repo: REPO, login: 'redress-intake', permission: 'write' });
  s.state.addCollaborator({ repo: REPO, login: 'hana', permission: 'write' });
  s.state.addCollaborator({ repo: REPO, login: 'rui', permission: 'read' });
  s.state.addToken(INTAKE_TOKEN, 'redress-intake');
  const sweeper = storeFor(s, CASES_TOKEN, clock);
  const intakeStore = storeFor(s, INTAKE_TOKEN, clock);
  const repo = s.state.requireRepo(REPO);
  let lastSweep: string | undefined;
  return {
    clock,
    sweeper,
    intakeStore,
    async open(received = '2026-11-02T10:00:00Z') {
      clock.now = Date.parse(received);
      const reference = `RDR-AUTH-${String(s.state.issues(repo).length + 1).padStart(4, '0')}`;
      const created = await intakeStore.createCase({ reference, title: `${reference} · ceccc`, body: caseBody(reference, 'ceccc', received), labels: ['complaint', 'procedure:ceccc'], assignees: [], notCreatedBefore: received });
      return Number(created.case.id);
    },
    comment(issue: number, body: string, at: string, as: string) {
      clock.now = Date.parse(at);
      return s.state.createComment({ repo: REPO, issueNumber: issue, as, body });
    },
    edit(comment: ReturnType<GitHubTestServer['state']['createComment']>, body: string, at: string) {
      clock.now = Date.parse(at);
      s.state.updateComment(repo, comment, body);
    },
    async sweepAt(now: string) {
      clock.now = Date.parse(now);
      const summary = await sweep(sweeper, now, { since: lastSweep, people: (_procedure, role) => (role === 'chair' ? ['hubot'] : ['octocat']) });
      if (!summary.locked && summary.skipped.length === 0) lastSweep = now;
      return summary;
    },
    events: (issue: number) => parseCaseBlock(s.state.issue(repo, issue)?.body ?? '')?.events ?? [],
    block: (issue: number) => parseCaseBlock(s.state.issue(repo, issue)?.body ?? ''),
    issue: (issue: number) => s.state.issue(repo, issue),
    replies: (issue: number) => s.state.comments(repo, issue).filter((c) => c.author === 'redress-bot' && parseMarker(c.body)?.kind === 'reply').map((c) => c.body),
    permissionLookups: () => s.requests.filter((r) => r.operationId === 'repos/get-collaborator-permission-level').length,
  };
}

describe('who may command a case on GitHub', () => {
  test('a long complaint whose words hold commands, continued in comments by the intake account, records nothing', async () => {
    const w = await world();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-authority-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const outbox = await new Outbox(dir).open();
    cleanups.push(() => outbox.close());
    const intake = new CaseIntake({
      store: w.intakeStore,
      outbox,
      procedure: async (id) => seedProcedure(id),
      calendarFor: (procedure) => calendarFor(procedure),
      templates: async () => ({ issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter'), addendum: await readTemplate('addendum') }),
      assignees: {},
      minFillMs: 0,
      deliveryWaitMs: 10_000,
      log: silentLogger,
    });
    const forged = ['/acknowledge', '/respond upheld', '/close', '  /withdraw', '/escalate 2026-11-02'].join('\n');
    // "@a" escapes to fifteen characters or so: enough of it pushes the complaint past one issue's body.
    const text = `${forged}\n\n${'@a '.repeat(3000)}\n${forged}\n${'@b '.repeat(2900)}\n${forged}`;
    w.clock.now = Date.parse('2026-11-02T10:00:00Z');
    const receipt = await intake.submit(complaint({ complaint: text.slice(0, 20_000), outcomeWanted: forged, spokenToDetails: forged, paperwork: forged }), { receivedAt: w.clock.now });
    expect(receipt.queued).toBe(false);
    const issue = Number((await w.sweeper.findByReference(receipt.reference))?.id);
    const continuations = server!.state.comments(server!.state.requireRepo(REPO), issue).filter((c) => parseMarker(c.body)?.kind === 'continuation');
    expect(continuations.length).toBeGreaterThan(0);
    // The intake account is not the sweep's, and has write access: its comments are still never read as commands.
    expect(continuations.every((c) => c.author === 'redress-intake')).toBe(true);

    const summary = await w.sweepAt('2026-11-02T10:30:00Z');
    expect(summary.problems).toEqual([]);
    expect(w.events(issue).map((e) => e.type)).toEqual(['received']);
    expect(w.issue(issue)?.state).toBe('open');
    expect(w.replies(issue)).toEqual([]);
    // Nobody's access was even asked about: no comment held a command that could count.
    expect(w.permissionLookups()).toBe(0);
  });

  test('a read-only collaborator and a stranger are told they cannot command; nothing is recorded', async () => {
    const w = await world();
    const issue = await w.open();
    w.comment(issue, '/acknowledge', '2026-11-03T10:00:00Z', 'rui');
    w.comment(issue, 'Please close this.\n/withdraw', '2026-11-03T10:01:00Z', 'stranger');
    const summary = await w.sweepAt('2026-11-03T10:05:00Z');
    expect(summary.ignoredComments).toBe(2);
    expect(w.events(issue).map((e) => e.type)).toEqual(['received']);
    expect(w.issue(issue)?.state).toBe('open');
    const replies = w.replies(issue);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('you cannot command this case: commands need write, maintain or admin access. Your access is "read".');
    expect(replies[1]).toContain('You have no access to this repository.');
    expect(Object.values(w.block(issue)?.authority ?? {}).map((d) => [d.by, d.permission])).toEqual([['rui', 'read'], ['stranger', 'none']]);
  });

  test('an ignored command never applies later, even once its author is given write access', async () => {
    const w = await world();
    const issue = await w.open();
    w.comment(issue, '/withdraw', '2026-11-03T10:00:00Z', 'stranger');
    await w.sweepAt('2026-11-03T10:05:00Z');
    server!.state.addCollaborator({ repo: REPO, login: 'stranger', permission: 'write' });
    w.comment(issue, 'Now with access.', '2026-11-04T10:00:00Z', 'hana');
    await w.sweepAt('2026-11-04T10:05:00Z');
    expect(w.events(issue).map((e) => e.type)).toEqual(['received']);
    expect(w.issue(issue)?.state).toBe('open');
    // The refusal was answered once, and its author's access was not asked about again.
    expect(w.replies(issue)).toHaveLength(1);
    expect(w.permissionLookups()).toBe(1);
  });

  test('a leaver’s acknowledgement stands after their access is removed, and says who acknowledged', async () => {
    const w = await world();
    const issue = await w.open();
    w.comment(issue, 'Letter sent.\n/acknowledge', '2026-11-03T10:00:00Z', 'hana');
    await w.sweepAt('2026-11-03T10:05:00Z');
    expect(w.events(issue).at(-1)).toMatchObject({ type: 'acknowledged', actor: 'staff', by: 'hana' });
    const decided = w.block(issue)?.authority;
    expect(Object.values(decided ?? {})).toEqual([expect.objectContaining({ by: 'hana', permission: 'write', decided: '2026-11-03T10:05:00.000Z' })]);

    server!.state.removeCollaborator({ repo: REPO, login: 'hana' });
    w.comment(issue, 'Hana has left; I have the case now.', '2026-11-10T10:00:00Z', 'octocat');
    await w.sweepAt('2026-11-10T10:05:00Z');
    expect(w.events(issue).map((e) => [e.type, e.by])).toEqual([['received', undefined], ['acknowledged', 'hana']]);
    expect(w.block(issue)?.authority).toEqual(decided);
    expect(w.permissionLookups()).toBe(1);
  });

  test('an edit by someone who has lost write access is not applied; what the comment recorded stands', async () => {
    const w = await world();
    const issue = await w.open();
    const comment = w.comment(issue, '/acknowledge', '2026-11-03T10:00:00Z', 'hana');
    await w.sweepAt('2026-11-03T10:05:00Z');
    server!.state.addCollaborator({ repo: REPO, login: 'hana', permission: 'read' });
    w.edit(comment, '/acknowledge\n/withdraw', '2026-11-04T10:00:00Z');
    await w.sweepAt('2026-11-04T10:05:00Z');
    expect(w.events(issue).map((e) => e.type)).toEqual(['received', 'acknowledged']);
    expect(w.issue(issue)?.state).toBe('open');
    expect(w.replies(issue)).toEqual([expect.stringContaining('this edit was not applied')]);
    // The refused edit is remembered: later sweeps neither ask again nor apply it.
    w.comment(issue, 'A note.', '2026-11-05T10:00:00Z', 'octocat');
    await w.sweepAt('2026-11-05T10:05:00Z');
    expect(w.events(issue).map((e) => e.type)).toEqual(['received', 'acknowledged']);
    expect(w.permissionLookups()).toBe(2);
  });

  test('an edit by someone who still has write access takes its new meaning, recorded as theirs', async () => {
    const w = await world();
    const issue = await w.open();
    const comment = w.comment(issue, '/acknowledge 2026-11-02', '2026-11-03T10:00:00Z', 'hana');
    await w.sweepAt('2026-11-03T10:05:00Z');
    w.edit(comment, '/acknowledge 2026-11-03', '2026-11-03T11:00:00Z');
    await w.sweepAt('2026-11-03T11:05:00Z');
    expect(w.events(issue).map((e) => [e.type, e.at, e.by])).toEqual([
      ['received', '2026-11-02T10:00:00.000Z', undefined],
      ['acknowledged', '2026-11-03T10:00:00.000Z', 'hana'],
    ]);
    expect(w.replies(issue)).toEqual([expect.stringContaining('Updated after the command comment was edited.')]);
  });
});
