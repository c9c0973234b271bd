/**
 * The endpoint, the intake and the GitHub store together, against the GitHub test server: hostile input never
 * crashes the endpoint, and whatever becomes an issue has a clean title, the right labels and assignee, and a
 * body with no markup, mention or reference of the complainant's making. Also invalid UTF-8 and 1 MB bodies.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handleComplaintPost, type ComplaintsEndpointDeps } from '../../scripts/adapters/http/complaints-endpoint.ts';
import { CaseIntake } from '../../scripts/adapters/intake/case-intake.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { submissionDigest } from '../../scripts/adapters/intake/submission-digest.ts';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createGitHubClient } from '../../scripts/adapters/github/github-client.ts';
import { GitHubCaseStore } from '../../scripts/adapters/github/github-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { ComplaintSchema } from '../../scripts/core/complaint/complaint-schema.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { casesServer, CASES_TOKEN } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { markupOf, mentionsAndReferences, withoutContactBlock } from '../support/markdown-safety.ts';
import { seedProcedure } from '../support/procedures.ts';
import { GOOD_COMPLAINT } from './complaint-fixture.ts';
import { signed, testFormTokens } from './support/form-tokens.ts';
import { harmless, hostileComplaint, hostileInput } from './support/hostile.ts';

const SITE = 'http://127.0.0.1:4321';
const NOW = Date.parse('2026-12-23T10:00:00Z');
const ceccc = seedProcedure('ceccc');
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter'), addendum: await readTemplate('addendum') };
const ASSIGNEES = { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } };
/** Forms are sent ten minutes after they were shown. */
const form = <T extends object>(input: T) => signed(input, NOW - 600_000);

let server: GitHubTestServer;
let dataDir: string;
let deps: ComplaintsEndpointDeps;

beforeAll(async () => {
  // The clock stands still here, so GitHub's per-minute limit on content creation would never lift: it is tested
  // where time moves (test/github-server, test/intake/surge).
  server = await casesServer({ now: NOW }, { contentCreationLimit: false });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-hostile-'));
  const octokit = createGitHubClient({ owner: 'acme', repo: 'complaints', token: CASES_TOKEN, apiUrl: server.url }, { pacing: 'none', retryAfterBaseValue: 1 });
  const store = new GitHubCaseStore({ octokit, owner: 'acme', repo: 'complaints' });
  const intake = new CaseIntake({
    store,
    outbox: await new Outbox(dataDir).open(),
    procedure: async (id) => (id === 'ceccc' ? ceccc : undefined),
    calendarFor: (procedure) => calendarFor(procedure),
    templates: async () => templates,
    assignees: ASSIGNEES,
    minFillMs: 3_000,
    deliveryWaitMs: 10_000,
    log: silentLogger,
  });
  deps = {
    procedure: async (id) => (id === 'ceccc' ? ceccc : undefined),
    calendarFor: (procedure) => calendarFor(procedure),
    intake,
    now: () => NOW,
    formTokens: testFormTokens(),
    showForm: async () => new Response('<p>form</p>', { headers: { 'content-type': 'text/html' } }),
  };
});

afterAll(async () => {
  server.assertNoViolations();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

function jsonPost(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: SITE, ...headers }, body });
}

function issueFor(reference: string) {
  const repo = server.state.requireRepo('acme/complaints');
  const issue = server.state.issues(repo).find((i) => i.title.startsWith(reference));
  return issue && { issue, labels: server.state.issueLabels(repo, issue).map((l) => l.name) };
}

describe('hostile input through POST /api/complaints into GitHub issues', () => {
  test('never crashes the endpoint and never reaches an issue unescaped', async () => {
    await fc.assert(
      fc.asyncProperty(hostileComplaint, async (texts) => {
        const input = form({ ...hostileInput(texts), submissionId: randomUUID() });
        const response = await handleComplaintPost(jsonPost(JSON.stringify(input)), deps);
        expect([201, 400]).toContain(response.status);
        const answer = await response.json();
        if (response.status === 400) {
          expect(answer.errors).toBeDefined();
          return;
        }
        const found = issueFor(answer.reference);
        expect(found).toBeDefined();
        const { issue, labels } = found as NonNullable<typeof found>;
        expect(issue.title).toBe(`${answer.reference} · ceccc`);
        expect(labels).toEqual(expect.arrayContaining(['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received', 'flag:out-of-time']));
        expect(issue.assignees).toEqual(['octocat']);
        const body = issue.body ?? '';
        expect(mentionsAndReferences(body)).toEqual([]);
        const block = parseCaseBlock(body);
        const complaint = ComplaintSchema.parse(input);
        const expected = planNewCase({ complaint: harmless(complaint), procedure: ceccc, calendar: calendarFor(ceccc), channel: 'web', reference: answer.reference, receivedAt: Date.parse(block?.received ?? ''), assignees: ASSIGNEES, templates, submissionDigest: submissionDigest(complaint) });
        // The contact details for letters sit in one hidden comment, which differs with them; the rest must not.
        if (!body.includes('continues in the first')) expect(markupOf(withoutContactBlock(body))).toEqual(markupOf(withoutContactBlock(expected.newCase.body)));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  test('invalid UTF-8 is read as replacement characters, not a crash', async () => {
    const before = Buffer.from(JSON.stringify(form({ ...GOOD_COMPLAINT, submissionId: randomUUID(), complaint: 'PLACEHOLDER' })));
    const index = before.indexOf('PLACEHOLDER');
    const bytes = Buffer.concat([before.subarray(0, index), Buffer.from([0x41, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x40, 0x61]), before.subarray(index + 'PLACEHOLDER'.length)]);
    const response = await handleComplaintPost(jsonPost(bytes), deps);
    expect(response.status).toBe(201);
    const { reference } = await response.json();
    const body = issueFor(reference)?.issue.body ?? '';
    expect(body).toContain('A\uFFFD\uFFFD\uFFFD\\(\uFFFD\uFFFD\uFFFD&#64;&#8203;a');
    expect(mentionsAndReferences(body)).toEqual([]);
  });

  test('a 1 MB string is refused with 413 before it is read into a case, as JSON or as a form', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const json = await handleComplaintPost(jsonPost(JSON.stringify({ ...GOOD_COMPLAINT, complaint: huge })), deps);
    expect(json.status).toBe(413);
    const form = new URLSearchParams({ ...Object.fromEntries(Object.entries(GOOD_COMPLAINT).map(([k, v]) => [k, String(v)])), complaint: huge });
    const posted = await handleComplaintPost(new Request(`${SITE}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE }, body: form }), deps);
    expect(posted.status).toBe(413);
  });

  test('a complaint over the schema’s length is a 400 naming the field, and makes no issue', async () => {
    const before = server.state.issues(server.state.requireRepo('acme/complaints')).length;
    const response = await handleComplaintPost(jsonPost(JSON.stringify(form({ ...GOOD_COMPLAINT, submissionId: randomUUID(), complaint: '@'.repeat(20_001) }))), deps);
    expect(response.status).toBe(400);
    expect((await response.json()).errors.fieldErrors.complaint).toEqual(['Your complaint must be 20,000 characters or fewer']);
    expect(server.state.issues(server.state.requireRepo('acme/complaints'))).toHaveLength(before);
  });
});
