/**
 * A case never outgrows GitHub's 65,536-character issue body: its record grows with every command, and when the
 * next write would not fit, the complaint's text moves to marked comments of the software's own. When even the
 * record alone is too long, the case is flagged for a person, once, and the other cases go on.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { parseCaseBlock, renderCaseBlock } from '../../scripts/core/case/case-block.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { sweep } from '../support/sweep-harness.ts';

const REPO = 'acme/complaints';
const LIMIT = 65_536;

let server: GitHubTestServer | undefined;
afterEach(async () => {
  server?.assertNoViolations();
  await server?.close();
  server = undefined;
});

async function world() {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  // The sweep's ninety replies land in one instant of this test's clock, where on GitHub the client paces them
  // seconds apart: GitHub's limit on content creation per minute is not what this test is about.
  server = await casesServer(clock, { contentCreationLimit: false });
  const s = server;
  const requests = { reads: 0, writes: 0 };
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: CASES_TOKEN, apiUrl: s.url }, { pacing: 'none', retryAfterBaseValue: 5 });
  const store = Object.assign(new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints', now: () => clock.now, settleMs: 5 }), { requests });
  const repo = s.state.requireRepo(REPO);
  return {
    clock,
    store,
    /** A case whose complaint fills the body almost to the limit, as the longest complaints do. */
    async open(reference: string, text: string) {
      const received = '2026-11-02T10:00:00Z';
      const block = renderCaseBlock({ reference, procedure: { id: 'ceccc', version: { hash: '0123abcd' } }, submissionId: `sub-${reference}`, received, channel: 'web', events: [CaseEventSchema.parse({ type: 'received', at: received, channel: 'web' })] });
      const created = await store.createCase({ reference, title: `${reference} · ceccc`, body: `${block}\n## Complaint ${reference}\n\n${text}\n`, labels: ['complaint', 'procedure:ceccc'], assignees: [], notCreatedBefore: received });
      return Number(created.case.id);
    },
    comment(issue: number, body: string, at: string) {
      clock.now = Date.parse(at);
      s.state.createComment({ repo: REPO, issueNumber: issue, as: 'octocat', body });
    },
    async sweepAt(now: string) {
      clock.now = Date.parse(now);
      return sweep(store, now, { people: (_procedure, role) => (role === 'chair' ? ['hubot'] : ['octocat']) });
    },
    body: (issue: number) => s.state.issue(repo, issue)?.body ?? '',
    labels: (issue: number) => {
      const found = s.state.issue(repo, issue);
      return found ? s.state.issueLabels(repo, found).map((label) => label.name) : [];
    },
    botComments: (issue: number, kind: string) => s.state.comments(repo, issue).filter((c) => c.author === 'redress-bot' && parseMarker(c.body)?.kind === kind).map((c) => c.body),
  };
}

describe('a case’s body and GitHub’s limit', () => {
  test('when the record would push the body past the limit, the complaint moves to comments and nothing is lost', async () => {
    const w = await world();
    const text = 'Words of the complaint, every one of them kept. '.repeat(1_320);
    const issue = await w.open('RDR-FULL-0001', text);
    expect(w.body(issue).length).toBeGreaterThan(LIMIT - 2_000);
    for (let i = 0; i < 20; i += 1) w.comment(issue, `Step ${i}.\n/learning training`, `2026-11-03T10:${String(i).padStart(2, '0')}:00Z`);
    const summary = await w.sweepAt('2026-11-03T11:00:00Z');
    expect(summary.problems).toEqual([]);
    const body = w.body(issue);
    expect(body.length).toBeLessThanOrEqual(LIMIT);
    expect(body).toContain('The complaint and its details are in the comments below');
    expect(parseCaseBlock(body)?.events.filter((e) => e.type === 'change-made')).toHaveLength(20);
    const moved = w.botComments(issue, 'continuation');
    expect(moved.length).toBeGreaterThan(0);
    // Every word is still on the case, once.
    expect(moved.join('')).toContain(text.trim().slice(0, 2_000));
    expect(moved.join('').split('every one of them kept').length - 1).toBe(1_320);
    expect(w.labels(issue)).not.toContain('flag:needs-attention');

    // The case goes on: another command is recorded in the slimmed body, and nothing is moved twice.
    w.comment(issue, '/acknowledge 2026-11-03', '2026-11-04T10:00:00Z');
    await w.sweepAt('2026-11-04T10:05:00Z');
    expect(parseCaseBlock(w.body(issue))?.events.map((e) => e.type)).toContain('acknowledged');
    expect(w.botComments(issue, 'continuation')).toEqual(moved);
  });

  test('a record too long for any body flags the case once; the other cases go on', async () => {
    const w = await world();
    const crowded = await w.open('RDR-FULL-0002', 'A short complaint.');
    const quiet = await w.open('RDR-FULL-0003', 'Another complaint.');
    const commands = Array.from({ length: 6 }, () => '/learning training').join('\n');
    for (let i = 0; i < 90; i += 1) w.comment(crowded, commands, new Date(Date.parse('2026-11-03T09:00:00Z') + i * 60_000).toISOString());
    w.comment(quiet, '/acknowledge', '2026-11-03T10:40:00Z');
    const summary = await w.sweepAt('2026-11-03T11:00:00Z');
    expect(summary.problems.map((p) => p.reference)).toEqual(['RDR-FULL-0002']);
    expect(summary.problems[0]?.problem).toContain('longer than an issue can hold');
    expect(w.labels(crowded)).toContain('flag:needs-attention');
    expect(w.botComments(crowded, 'problem')).toHaveLength(1);
    expect(w.body(crowded).length).toBeLessThanOrEqual(LIMIT);
    // The other case was brought up to date as usual.
    expect(parseCaseBlock(w.body(quiet))?.events.map((e) => e.type)).toEqual(['received', 'acknowledged']);

    await w.sweepAt('2026-11-03T12:00:00Z');
    expect(w.botComments(crowded, 'problem')).toHaveLength(1);
  });
});
