import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { rateLimitedUntil } from '../../scripts/adapters/github/content-pacing.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import type { SweepDeps } from '../../scripts/core/sweep/run-sweep.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { caseBody, sweep } from '../support/sweep-harness.ts';

const REPO = 'acme/complaints';
// Who holds each role in the test repository (all assignable collaborators there).
const PEOPLE: Record<string, Record<string, string[]>> = {
  ceccc: { coordinator: ['octocat'], chair: ['hubot'] },
  'op-performance': { 'quality-coordinator': ['octocat'], 'department-head': ['hubot'], 'senior-manager': ['staff-member'], 'managing-director': ['octocat'] },
  'cms-vocational': { 'operations-director': ['octocat'], 'board-member': ['hubot'] },
};

let server: GitHubTestServer | undefined;
afterEach(async () => {
  // Every request the sweep made was one GitHub would accept, answered as GitHub documents.
  server?.assertNoViolations();
  await server?.close();
  server = undefined;
});

/** The cases repository on the GitHub test server, a store on it, and a clock both share. */
async function world() {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  server = await casesServer(clock);
  server.state.addUser({ login: 'stranger' });
  const requests = { reads: 0, writes: 0 };
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: CASES_TOKEN, apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 5 });
  octokit.hook.after('request', (_response, options) => {
    if (options.method === 'GET') requests.reads += 1;
    else requests.writes += 1;
  });
  const store = Object.assign(new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: 5 }), { requests });
  const s = server;
  const repo = s.state.requireRepo(REPO);
  let lastSweep: string | undefined;
  return {
    store,
    requests,
    /** Opens a case as intake does, at `received`. */
    async open(procedure: string, received: string, fields: Record<string, unknown> = {}) {
      clock.now = Date.parse(received);
      const reference = `RDR-${procedure.slice(0, 4).toUpperCase()}-${String(s.state.issues(repo).length + 1).padStart(4, '0')}`;
      const created = await store.createCase({ reference, title: `${reference} (${procedure})`, body: caseBody(reference, procedure, received, fields), labels: ['complaint', `procedure:${procedure}`], assignees: [], notCreatedBefore: received });
      return Number(created.case.id);
    },
    /** A comment written on the issue at `at` by a person. */
    comment(issue: number, body: string, at: string, as = 'octocat') {
      clock.now = Date.parse(at);
      s.state.createComment({ repo: REPO, issueNumber: issue, as, body });
    },
    async sweepAt(now: string, overrides: Partial<SweepDeps> = {}) {
      clock.now = Date.parse(now);
      const summary = await sweep(store, now, { people: (procedure, role) => PEOPLE[procedure]?.[role] ?? [], since: lastSweep, ...overrides });
      if (!summary.locked && summary.skipped.length === 0) lastSweep = now;
      return summary;
    },
    issue: (n: number) => s.state.issue(repo, n),
    labels: (n: number) => {
      const found = s.state.issue(repo, n);
      return found ? s.state.issueLabels(repo, found).map((label) => label.name).sort() : [];
    },
    byKind: (n: number, kind: string) => s.state.comments(repo, n).filter((c) => c.author === 'redress-bot' && parseMarker(c.body)?.kind === kind).map((c) => c.body),
  };
}

describe('ceccc on GitHub: stage 1, stage 2, final, NACCC', () => {
  test('the issue follows the case from receipt to the end of the procedure', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    await w.sweepAt('2026-11-02T11:00:00Z');
    expect(w.labels(issue)).toEqual(['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received']);
    expect(w.issue(issue)?.assignees).toEqual(['octocat']);
    expect(w.byKind(issue, 'status')).toHaveLength(1);

    w.comment(issue, '/acknowledge', '2026-11-03T10:00:00Z');
    w.comment(issue, '/respond not-upheld by email', '2026-11-27T15:00:00Z');
    await w.sweepAt('2026-11-27T15:30:00Z');
    expect(w.labels(issue)).toContain('status:responded');
    expect(w.byKind(issue, 'status')[0]).toContain('The complainant may ask for Stage 2 by Friday 4 December 2026.');

    w.comment(issue, '/escalate', '2026-12-02T09:30:00Z');
    await w.sweepAt('2026-12-02T10:00:00Z');
    expect(w.labels(issue)).toContain('stage:stage-2');
    // Stage 2 is the Chair's: the assignee follows the handler.
    expect(w.issue(issue)?.assignees).toEqual(['hubot']);

    // The Chair, who had no part in stage 1, decides stage 2.
    w.comment(issue, '/acknowledge\n/respond partly-upheld 2026-12-21 by email', '2026-12-21T16:00:00Z', 'hubot');
    await w.sweepAt('2026-12-22T10:00:00Z');
    expect(w.labels(issue)).toContain('status:concluded');
    const status = w.byKind(issue, 'status')[0] ?? '';
    expect(status).toContain('The complainant may go to National Association of Child Contact Centres (NACCC) by Monday 15 March 2027.');
    expect(status).toContain('| Send the full written decision and reasons <sub>`stage-2.respond`</sub> | Monday 4 January 2027 | met |');
    expect(w.labels(issue)).not.toContain('flag:not-independent');

    w.comment(issue, '/close', '2026-12-23T09:00:00Z');
    await w.sweepAt('2026-12-23T09:05:00Z');
    expect(w.issue(issue)?.state).toBe('closed');
    expect(w.labels(issue)).toContain('status:closed');
    // One status comment, edited in place all along; one reply per command comment.
    expect(w.byKind(issue, 'status')).toHaveLength(1);
    expect(w.byKind(issue, 'reply')).toHaveLength(5);
  });
});

describe('op-performance on GitHub: target date and escalation ladder', () => {
  test('each step of the ladder is told once, with a mention, 24 hours after the one before', async () => {
    const w = await world();
    const issue = await w.open('op-performance', '2026-11-02T10:00:00Z');
    w.comment(issue, '/acknowledge target 2026-11-20', '2026-11-03T09:00:00Z');
    await w.sweepAt('2026-11-03T09:05:00Z');
    const notices = () => w.byKind(issue, 'escalation').map((body) => body.split('\n')[1]?.split(':')[0]);
    await w.sweepAt('2026-11-23T09:30:00Z');
    expect(notices()).toEqual(['@hubot']);
    await w.sweepAt('2026-11-23T10:30:00Z');
    expect(notices()).toEqual(['@hubot']);
    await w.sweepAt('2026-11-24T09:30:00Z');
    await w.sweepAt('2026-11-25T09:30:00Z');
    expect(notices()).toEqual(['@hubot', '@staff-member', '@octocat']);
    expect(w.labels(issue)).toEqual(expect.arrayContaining(['overdue', 'escalated:3']));
    await w.sweepAt('2026-11-25T10:30:00Z');
    expect(w.byKind(issue, 'escalation')).toHaveLength(3);
    w.comment(issue, '/respond upheld', '2026-11-25T11:00:00Z');
    await w.sweepAt('2026-11-25T11:05:00Z');
    expect(w.labels(issue)).not.toContain('overdue');
    expect(w.labels(issue)).not.toContain('escalated:3');
  });
});

describe('cms-vocational on GitHub: complaint and appeal', () => {
  test('the appeal goes to a board member and concludes the procedure', async () => {
    const w = await world();
    const issue = await w.open('cms-vocational', '2026-11-02T10:00:00Z');
    w.comment(issue, '/respond not-upheld by email', '2026-11-13T10:00:00Z');
    w.comment(issue, '/escalate', '2026-11-20T10:00:00Z');
    await w.sweepAt('2026-11-20T10:30:00Z');
    expect(w.labels(issue)).toEqual(expect.arrayContaining(['stage:appeal', 'status:received']));
    expect(w.issue(issue)?.assignees).toEqual(['hubot']);
    expect(w.byKind(issue, 'status')[0]).toContain('| Respond to the appeal <sub>`appeal.respond`</sub> | Friday 4 December 2026 | on track |');
    w.comment(issue, '/respond upheld', '2026-12-01T10:00:00Z');
    await w.sweepAt('2026-12-01T10:30:00Z');
    expect(w.labels(issue)).toContain('status:concluded');
  });
});

describe('other turns of a case on GitHub', () => {
  test('a withdrawal closes the issue; a reopening opens it', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    w.comment(issue, '/withdraw in writing', '2026-11-04T10:00:00Z');
    await w.sweepAt('2026-11-04T10:05:00Z');
    expect(w.issue(issue)?.state).toBe('closed');
    expect(w.labels(issue)).toContain('status:withdrawn');
    w.comment(issue, '/reopen', '2026-11-05T10:00:00Z');
    await w.sweepAt('2026-11-05T10:05:00Z', { only: String(issue) });
    expect(w.issue(issue)?.state).toBe('open');
  });

  test('an extension moves the response date and says it was revised', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    w.comment(issue, '/acknowledge\n/extend 2026-12-11 investigation needs a visit', '2026-11-25T10:00:00Z');
    await w.sweepAt('2026-11-25T10:05:00Z');
    expect(w.byKind(issue, 'status')[0]).toContain('| Send a formal written response <sub>`stage-1.respond`</sub> | Friday 11 December 2026 (revised) | on track |');
    expect(w.byKind(issue, 'reply')[0]).toContain('- Done: `/extend 2026-12-11 investigation needs a visit`: new response date recorded: Friday 11 December 2026.');
  });

  test('a pause the procedure does not provide for is refused like an extension, and the clocks run on', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    w.comment(issue, '/pause complainant-request', '2026-11-04T10:00:00Z');
    await w.sweepAt('2026-11-12T10:00:00Z');
    expect(w.labels(issue)).not.toContain('status:paused');
    expect(w.labels(issue)).toContain('overdue');
    expect(w.byKind(issue, 'reply')[0]).toContain('- Not done: `/pause complainant-request`: This procedure makes no provision for pausing its time limits.');
  });

  test('a complaint received on 23 December is due for acknowledgement on 4 January', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-12-23T10:00:00Z');
    await w.sweepAt('2026-12-23T10:30:00Z');
    expect(w.byKind(issue, 'status')[0]).toContain('| Acknowledge the complaint in writing <sub>`stage-1.acknowledge`</sub> | Monday 4 January 2027 | on track |');
    // Two working days before Monday 4 January is Wednesday 30 December (New Year's Day is a holiday).
    await w.sweepAt('2026-12-29T09:30:00Z');
    expect(w.byKind(issue, 'reminder')).toEqual([]);
    await w.sweepAt('2026-12-30T09:30:00Z');
    expect(w.byKind(issue, 'reminder')).toEqual([expect.stringContaining('level=before-2-working-days due=2027-01-04')]);
  });

  test('a command from someone without write access is not carried out, and they are told why', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    w.comment(issue, '/close', '2026-11-03T10:00:00Z', 'stranger');
    const summary = await w.sweepAt('2026-11-03T10:05:00Z');
    expect(summary.ignoredComments).toBe(1);
    expect(w.issue(issue)?.state).toBe('open');
    expect(w.byKind(issue, 'reply')).toEqual([expect.stringContaining('you cannot command this case')]);
  });

  test('a second sweep with nothing changed makes no write request', async () => {
    const w = await world();
    for (const procedure of ['ceccc', 'op-performance', 'cms-vocational', 'cecops']) await w.open(procedure, '2026-11-02T10:00:00Z');
    await w.sweepAt('2026-11-02T11:00:00Z');
    const writes = w.requests.writes;
    const second = await w.sweepAt('2026-11-02T12:00:00Z');
    expect(second.cases.flatMap((c) => c.actions)).toEqual([]);
    expect(second.changed).toBe(0);
    expect(w.requests.writes).toBe(writes);
    const readsBefore = w.requests.reads;
    await w.sweepAt('2026-11-02T13:00:00Z');
    // Nothing changed since the last sweep: one list request, no other read, no write.
    expect(w.requests.reads - readsBefore).toBe(1);
    expect(w.requests.writes).toBe(writes);
  });

  test('two sweeps at once post each reminder once', async () => {
    const w = await world();
    const issue = await w.open('ceccc', '2026-11-02T10:00:00Z');
    w.comment(issue, '/acknowledge', '2026-11-03T10:00:00Z');
    await w.sweepAt('2026-11-03T10:05:00Z');
    const [a, b] = await Promise.all([w.sweepAt('2026-11-26T09:30:00Z', { holder: 'run-a' }), w.sweepAt('2026-11-26T09:30:00Z', { holder: 'run-b' })]);
    expect(a.reminders + b.reminders).toBe(1);
    expect(w.byKind(issue, 'reminder')).toHaveLength(1);
  });
});

describe('a sweep at GitHub’s limit on content creation', () => {
  test('stops cleanly, leaves the rest for the next run, which takes them first; nothing is posted twice', async () => {
    const w = await world();
    // Seeded straight into the server: a hundred cases opened over days, not in this minute.
    const issues = Array.from({ length: 100 }, (_, i) => {
      const reference = `RDR-LIMT-${String(i + 1).padStart(4, '0')}`;
      return server!.state.createIssue({ repo: REPO, as: 'redress-bot', title: `${reference} · ceccc`, body: caseBody(reference, 'ceccc', '2026-11-02T10:00:00Z'), labels: ['complaint', 'procedure:ceccc'] }).number;
    });
    const limitReached = (error: unknown) => {
      const until = rateLimitedUntil(error, Date.parse('2026-11-02T10:05:00Z'));
      return until === undefined ? undefined : { until };
    };
    // A status comment for each case: GitHub takes 80 content-creating requests a minute from one account.
    const first = await w.sweepAt('2026-11-02T10:05:00Z', { limitReached });
    expect(first.problems).toEqual([]);
    expect(first.limitedUntil).toBeDefined();
    expect(first.skipped.length).toBeGreaterThanOrEqual(20);
    const withStatus = () => issues.filter((n) => w.byKind(n, 'status').length > 0);
    expect(withStatus()).toHaveLength(100 - first.skipped.length);
    expect(issues.every((n) => !w.labels(n).includes('flag:needs-attention'))).toBe(true);

    const second = await w.sweepAt('2026-11-02T10:07:00Z', { limitReached, pending: new Set(first.skipped) });
    expect(second.problems).toEqual([]);
    expect(second.skipped).toEqual([]);
    expect(withStatus()).toHaveLength(100);
    expect(issues.every((n) => w.byKind(n, 'status').length === 1)).toBe(true);
  }, 60_000);
});
