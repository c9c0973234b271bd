// The GitHub test server, driven by the real Octokit the product uses.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type GitHubTestServer, findOperation, normalizeSchema, startGitHubServer, validateResponse } from './index.ts';

const owner = 'acme';
const repo = 'complaints';
const BOT = 'redress-bot[bot]';
const START = Date.parse('2025-03-03T09:00:00Z');
const HOUR = 60 * 60 * 1000;

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const ResilientOctokit = Octokit.plugin(retry, throttling);

let clock = START;
let server: GitHubTestServer;

/** A private repository owned by `acme`; the bot and `hana` may write, `rui` may only read. */
function seed(target: GitHubTestServer): void {
  const { state } = target;
  for (const login of [BOT, 'hana', 'rui', 'stranger']) state.addUser({ login });
  state.addRepo({ owner, name: repo });
  state.addCollaborator({ repo: `${owner}/${repo}`, login: BOT, permission: 'write' });
  state.addCollaborator({ repo: `${owner}/${repo}`, login: 'hana', permission: 'write' });
  state.addCollaborator({ repo: `${owner}/${repo}`, login: 'rui', permission: 'read' });
  for (const login of [BOT, 'hana', 'rui', 'stranger']) state.addToken(`${login}-token`, login);
}

function octokit(token = `${BOT}-token`, target = server): Octokit {
  return new Octokit({ baseUrl: target.url, auth: token, log: silent });
}

/** The status and response of a request expected to fail. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string; response?: { data: unknown; headers: Record<string, string | undefined> } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; message: string; response?: { data: unknown; headers: Record<string, string | undefined> } };
  }
  throw new Error('Expected the request to fail');
}

function requestsFor(operationId: string): GitHubTestServer['requests'] {
  return server.requests.filter((request) => request.operationId === operationId);
}

beforeEach(async () => {
  clock = START;
  server = await startGitHubServer({ now: () => clock });
  seed(server);
});

afterEach(async () => {
  try {
    server.assertNoViolations();
  } finally {
    await server.close();
  }
});

describe('issues', () => {
  test('creates an issue with labels and assignees and reads it back', async () => {
    const created = await octokit().rest.issues.create({ owner, repo, title: 'Late refund', body: 'Case body', labels: ['complaint', 'bug'], assignees: ['hana'] });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${server.url}/repos/${owner}/${repo}/issues/1`);

    clock += 5_000;
    const { data } = await octokit('hana-token').rest.issues.get({ owner, repo, issue_number: created.data.number });
    expect(data).toMatchObject({
      number: 1,
      title: 'Late refund',
      body: 'Case body',
      state: 'open',
      state_reason: null,
      comments: 0,
      user: { login: BOT, type: 'Bot' },
      author_association: 'COLLABORATOR',
      assignee: { login: 'hana' },
      created_at: '2025-03-03T09:00:00Z',
      updated_at: '2025-03-03T09:00:00Z',
      closed_at: null,
    });
    expect(data.assignees?.map((user) => user.login)).toEqual(['hana']);
    expect(data.labels.map((label) => (typeof label === 'string' ? label : label.name))).toEqual(['bug', 'complaint']);
    // GitHub creates unknown labels with its neutral colour when a pusher names them.
    expect(server.state.label(server.state.requireRepo(`${owner}/${repo}`), 'complaint')).toMatchObject({ color: 'ededed', isDefault: false });
  });

  test('drops labels and assignees from users without push access, and refuses unassignable users', async () => {
    const fromReader = await octokit('rui-token').rest.issues.create({ owner, repo, title: 'From a reader', labels: ['urgent'], assignees: ['hana'] });
    expect(fromReader.data.labels).toEqual([]);
    expect(fromReader.data.assignees).toEqual([]);
    expect(server.state.label(server.state.requireRepo(`${owner}/${repo}`), 'urgent')).toBeUndefined();

    const refused = await failure(octokit().rest.issues.create({ owner, repo, title: 'Assign a stranger', assignees: ['stranger'] }));
    expect(refused.status).toBe(422);
    expect(refused.response?.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'stranger' }] });

    const hidden = await failure(octokit('stranger-token').rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(hidden.status).toBe(404);
  });

  test('closing records the reason, who closed it and when', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Closable' });
    clock += HOUR;
    const { data } = await octokit().rest.issues.update({ owner, repo, issue_number: 1, state: 'closed', state_reason: 'not_planned' });
    expect(data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2025-03-03T10:00:00Z', updated_at: '2025-03-03T10:00:00Z', closed_by: { login: BOT } });
    const reopened = await octokit().rest.issues.update({ owner, repo, issue_number: 1, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
  });

  test('paginates 250 issues in exactly 3 requests of 100 with GitHub-style Link headers', async () => {
    for (let index = 0; index < 250; index += 1) server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: `Case ${index + 1}` });
    const issues = await octokit().paginate(octokit().rest.issues.listForRepo, { owner, repo, per_page: 100 });
    expect(issues).toHaveLength(250);
    expect(issues[0]?.number).toBe(250);
    expect(issues.at(-1)?.number).toBe(1);
    expect(new Set(issues.map((issue) => issue.number)).size).toBe(250);
    expect(requestsFor('issues/list-for-repo').map((request) => request.query)).toEqual(['?per_page=100', '?per_page=100&page=2', '?per_page=100&page=3']);

    const middle = await octokit().rest.issues.listForRepo({ owner, repo, per_page: 100, page: 2 });
    const base = `${server.url}/repos/${owner}/${repo}/issues?per_page=100`;
    expect(middle.headers.link).toBe(`<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`);
    const single = await octokit().rest.issues.listForRepo({ owner, repo, labels: 'none-such' });
    expect(single.data).toEqual([]);
    expect(single.headers.link).toBeUndefined();
  });

  test('filters by since (updated at or after), state and labels, and sorts by updated', async () => {
    const repoName = `${owner}/${repo}`;
    server.state.createIssue({ repo: repoName, as: 'hana', title: 'First', labels: ['complaint'] });
    clock += HOUR;
    server.state.createIssue({ repo: repoName, as: 'hana', title: 'Second', labels: ['complaint', 'bug'] });
    clock += HOUR;
    server.state.createIssue({ repo: repoName, as: 'hana', title: 'Third', state: 'closed' });
    clock += HOUR;
    server.state.createComment({ repo: repoName, issueNumber: 1, as: 'rui', body: 'Any news?' });

    const since = new Date(START + 90 * 60 * 1000).toISOString();
    const recent = await octokit().rest.issues.listForRepo({ owner, repo, since, state: 'all', sort: 'updated', direction: 'asc' });
    expect(recent.data.map((issue) => issue.number)).toEqual([3, 1]);
    expect(recent.data[1]).toMatchObject({ comments: 1, updated_at: '2025-03-03T12:00:00Z' });

    const openOnly = await octokit().rest.issues.listForRepo({ owner, repo, since });
    expect(openOnly.data.map((issue) => issue.number)).toEqual([1]);
    const labelled = await octokit().rest.issues.listForRepo({ owner, repo, labels: 'Complaint,bug' });
    expect(labelled.data.map((issue) => issue.number)).toEqual([2]);
  });

  test('rejects bodies above 65536 characters like GitHub', async () => {
    const refused = await failure(octokit().rest.issues.create({ owner, repo, title: 'Huge', body: 'x'.repeat(65_537) }));
    expect(refused.status).toBe(422);
    expect(server.state.issues(server.state.requireRepo(`${owner}/${repo}`))).toHaveLength(0);
  });
});

describe('comments and labels', () => {
  test('comments move the issue\'s updated_at and comment count', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    clock += HOUR;
    const created = await octokit().rest.issues.createComment({ owner, repo, issue_number: 1, body: '<!-- redress:status v1 -->' });
    expect(created.data.html_url).toBe(`https://github.com/${owner}/${repo}/issues/1#issuecomment-${created.data.id}`);
    expect((await octokit().rest.issues.get({ owner, repo, issue_number: 1 })).data).toMatchObject({ comments: 1, updated_at: '2025-03-03T10:00:00Z' });

    clock += HOUR;
    const edited = await octokit().rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'edited' });
    expect(edited.data).toMatchObject({ body: 'edited', created_at: '2025-03-03T10:00:00Z', updated_at: '2025-03-03T11:00:00Z' });
    const rui = await failure(octokit('rui-token').rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'not mine' }));
    expect(rui.status).toBe(403);

    clock += HOUR;
    await octokit().rest.issues.deleteComment({ owner, repo, comment_id: created.data.id });
    expect((await octokit().rest.issues.get({ owner, repo, issue_number: 1 })).data).toMatchObject({ comments: 0, updated_at: '2025-03-03T12:00:00Z' });
    expect((await failure(octokit().rest.issues.getComment({ owner, repo, comment_id: created.data.id }))).status).toBe(404);
  });

  test('lists repository comments ascending by default and by sort and direction when asked', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    const first = server.state.createComment({ repo: `${owner}/${repo}`, issueNumber: 1, as: 'hana', body: 'one' });
    clock += HOUR;
    const second = server.state.createComment({ repo: `${owner}/${repo}`, issueNumber: 1, as: 'hana', body: 'two' });
    clock += HOUR;
    server.state.updateComment(server.state.requireRepo(`${owner}/${repo}`), first, 'one, edited');

    const ascending = await octokit().rest.issues.listCommentsForRepo({ owner, repo });
    expect(ascending.data.map((comment) => comment.id)).toEqual([first.id, second.id]);
    const byUpdate = await octokit().rest.issues.listCommentsForRepo({ owner, repo, sort: 'updated' });
    expect(byUpdate.data.map((comment) => comment.id)).toEqual([first.id, second.id]);
    const byCreation = await octokit().rest.issues.listCommentsForRepo({ owner, repo, sort: 'created' });
    expect(byCreation.data.map((comment) => comment.id)).toEqual([second.id, first.id]);
    const recent = await octokit().rest.issues.listComments({ owner, repo, issue_number: 1, since: new Date(START + 90 * 60 * 1000).toISOString() });
    expect(recent.data.map((comment) => comment.body)).toEqual(['one, edited']);
  });

  test('a label name taken in any case answers 422 already_exists', async () => {
    const created = await octokit().rest.issues.createLabel({ owner, repo, name: 'Escalated', color: 'B60205', description: 'Sent to the ombudsman' });
    expect(created.data).toMatchObject({ name: 'Escalated', color: 'b60205', default: false });
    const duplicate = await failure(octokit().rest.issues.createLabel({ owner, repo, name: 'escalated' }));
    expect(duplicate.status).toBe(422);
    expect(duplicate.response?.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
  });

  test('adds, replaces and removes issue labels; removing an absent label is 404', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    const added = await octokit().rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['stage: intake', 'bug'] });
    expect(added.data.map((label) => label.name)).toEqual(['bug', 'stage: intake']);
    const replaced = await octokit().rest.issues.setLabels({ owner, repo, issue_number: 1, labels: ['stage: review'] });
    expect(replaced.data.map((label) => label.name)).toEqual(['stage: review']);
    const removed = await octokit().rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'stage: review' });
    expect(removed.data).toEqual([]);
    const absent = await failure(octokit().rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'stage: review' }));
    expect(absent.status).toBe(404);
    expect((await failure(octokit('rui-token').rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['x'] }))).status).toBe(403);
  });

  test('assignees: add ignores unassignable users, the check answers 204 or 404', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    const added = await octokit().rest.issues.addAssignees({ owner, repo, issue_number: 1, assignees: ['hana', 'stranger'] });
    expect(added.data.assignees?.map((user) => user.login)).toEqual(['hana']);
    expect((await octokit().rest.issues.checkUserCanBeAssigned({ owner, repo, assignee: 'rui' })).status).toBe(204);
    expect((await failure(octokit().rest.issues.checkUserCanBeAssigned({ owner, repo, assignee: 'stranger' }))).status).toBe(404);
    const permission = await octokit().rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: 'rui' });
    expect(permission.data).toMatchObject({ permission: 'read', role_name: 'read', user: { login: 'rui' } });
  });
});

describe('conditional requests and rate limits', () => {
  test('an ETag match answers 304 without spending the rate limit', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    const first = await octokit().rest.issues.get({ owner, repo, issue_number: 1 });
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(first.headers['x-ratelimit-remaining']).toBe('4999');

    const notModified = await failure(octokit().rest.issues.get({ owner, repo, issue_number: 1, headers: { 'if-none-match': first.headers.etag } }));
    expect(notModified.status).toBe(304);
    expect(notModified.response?.headers['x-ratelimit-remaining']).toBe('4999');
    expect(server.requests.at(-1)).toMatchObject({ status: 304, countedAgainstRateLimit: false });

    await octokit().rest.issues.update({ owner, repo, issue_number: 1, title: 'Renamed' });
    const changed = await octokit().rest.issues.get({ owner, repo, issue_number: 1, headers: { 'if-none-match': first.headers.etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.headers['x-ratelimit-remaining']).toBe('4997');
  });

  test('an exhausted primary rate limit answers 403 until the window resets', async () => {
    const realTime = await startGitHubServer({ rateLimit: 3, now: () => clock });
    clock = Date.now();
    seed(realTime);
    const limits: number[] = [];
    const client = new ResilientOctokit({
      baseUrl: realTime.url,
      auth: `${BOT}-token`,
      log: silent,
      throttle: {
        onRateLimit: (retryAfter) => {
          limits.push(retryAfter);
          return false;
        },
        onSecondaryRateLimit: () => false,
      },
    });
    try {
      for (const expected of ['2', '1', '0']) expect((await client.rest.repos.get({ owner, repo })).headers['x-ratelimit-remaining']).toBe(expected);
      const refused = await failure(client.rest.repos.get({ owner, repo }));
      expect(refused.status).toBe(403);
      expect(refused.message).toMatch(/^API rate limit exceeded for user ID \d+\./);
      expect(refused.response?.headers['x-ratelimit-remaining']).toBe('0');
      expect(limits).toHaveLength(1);
      // Seconds until x-ratelimit-reset (a whole second, rounded up) plus the plugin's one second.
      expect(limits[0]).toBeGreaterThan(3590);
      expect(limits[0]).toBeLessThanOrEqual(3602);
      const overview = await client.rest.rateLimit.get();
      expect(overview.data.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
      expect(realTime.requests.at(-1)?.countedAgainstRateLimit).toBe(false);

      clock += HOUR;
      expect((await client.rest.repos.get({ owner, repo })).headers['x-ratelimit-remaining']).toBe('2');
      realTime.assertNoViolations();
    } finally {
      await realTime.close();
    }
  });

  test('missing or unknown credentials answer 401', async () => {
    const anonymous = await failure(new Octokit({ baseUrl: server.url, log: silent }).rest.users.getAuthenticated());
    expect(anonymous).toMatchObject({ status: 401, message: expect.stringMatching(/^Requires authentication/) });
    const unknown = await failure(octokit('forged').rest.users.getAuthenticated());
    expect(unknown).toMatchObject({ status: 401, message: expect.stringMatching(/^Bad credentials/) });
    expect((await octokit('hana-token').rest.users.getAuthenticated()).data.login).toBe('hana');
  });
});

describe('contract checks', () => {
  test('requests GitHub would reject are refused and recorded as violations', async () => {
    const tooMany = await failure(octokit().rest.issues.listForRepo({ owner, repo, per_page: 500 }));
    // @ts-expect-error -- deliberately outside the documented enum
    const bogus = await failure(octokit().rest.issues.listForRepo({ owner, repo, state: 'bogus' }));
    // @ts-expect-error -- deliberately missing the required title
    const untitled = await failure(octokit().rest.issues.create({ owner, repo, body: 'No title' }));
    const unknown = await failure(octokit().request('GET /repos/{owner}/{repo}/complaints', { owner, repo }));
    expect([tooMany.status, bogus.status, untitled.status, unknown.status]).toEqual([422, 422, 422, 404]);

    const violations = server.takeViolations();
    expect(violations.map((violation) => [violation.kind, violation.operationId])).toEqual([
      ['request', 'issues/list-for-repo'],
      ['request', 'issues/list-for-repo'],
      ['request', 'issues/create'],
      ['unknown-route', null],
    ]);
    expect(violations[0]?.problems).toEqual(['issues/list-for-repo query.per_page: must be <= 100 (got 500)']);
    expect(violations[1]?.problems[0]).toContain('query.state: must be equal to one of the allowed values ["open","closed","all"] (got "bogus")');
    expect(violations[2]?.problems).toContain("issues/create body: must have required property 'title'");
    expect(server.state.issues(server.state.requireRepo(`${owner}/${repo}`))).toHaveLength(0);
  });

  test('a response that departs from the description is caught, recorded and answered 500', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    server.faults.inject({
      operationId: 'issues/get',
      fault: {
        type: 'corrupt-response',
        mutate: (body) => {
          const issue = body as Record<string, unknown>;
          delete issue.node_id;
          return { ...issue, state_reason: 'forgotten' };
        },
      },
    });
    const corrupted = await failure(octokit().rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(corrupted.status).toBe(500);
    const [violation, ...others] = server.takeViolations();
    expect(others).toEqual([]);
    expect(violation).toMatchObject({ kind: 'response', operationId: 'issues/get' });
    expect(violation?.problems).toContain("issues/get response: must have required property 'node_id'");
    expect(violation?.problems.some((problem) => problem.includes('response.state_reason') && problem.includes('"forgotten"'))).toBe(true);
    expect((await octokit().rest.issues.get({ owner, repo, issue_number: 1 })).status).toBe(200);
  });

  test('nullable schemas accept null and still check non-null values', () => {
    expect(normalizeSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(normalizeSchema({ allOf: [{ $ref: '#/components/schemas/simple-user' }], nullable: true }))
      .toEqual({ anyOf: [{ allOf: [{ $ref: 'github-rest-api.json#/components/schemas/simple-user' }] }, { type: 'null' }] });

    const operation = findOperation('GET', '/repos/acme/complaints/labels/bug')?.operation;
    if (!operation) throw new Error('issues/get-label not found');
    const label = { id: 1, node_id: 'LA_x', url: 'http://127.0.0.1/repos/acme/complaints/labels/bug', name: 'bug', color: 'd73a4a', default: true };
    expect(validateResponse({ operation, status: 200, body: { ...label, description: null } })).toEqual([]);
    expect(validateResponse({ operation, status: 200, body: { ...label, description: 7 } }).map((problem) => problem.message)).toEqual(['response.description: must be string,null (got 7)']);
    expect(validateResponse({ operation, status: 201, body: label }).map((problem) => problem.location)).toEqual(['status']);
  });
});

describe('faults', () => {
  test('a 502 is retried by plugin-retry and the issue is created once', async () => {
    server.faults.inject({ operationId: 'issues/create', fault: { type: 'status', status: 502 } });
    const client = new (Octokit.plugin(retry))({ baseUrl: server.url, auth: `${BOT}-token`, log: silent, retry: { retryAfterBaseValue: 10 } });
    const created = await client.rest.issues.create({ owner, repo, title: 'Retried' });
    expect(created.status).toBe(201);
    expect(requestsFor('issues/create').map((request) => [request.status, request.fault])).toEqual([[502, 'status'], [201, null]]);
    expect(server.state.issues(server.state.requireRepo(`${owner}/${repo}`))).toHaveLength(1);
    expect(server.faults.pending()).toBe(0);
  });

  test.each([403, 429] as const)('a secondary rate limit (%i with retry-after) is honoured by plugin-throttling', async (status) => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    server.faults.inject({ method: 'GET', path: `/repos/${owner}/${repo}/issues/1`, fault: { type: 'secondary-rate-limit', retryAfterSeconds: 1, status } });
    const waits: number[] = [];
    // Throttling alone: combined with plugin-retry, a 429 is retried by plugin-retry's own
    // backoff before plugin-throttling sees it (403 is in plugin-retry's doNotRetry list).
    const client = new (Octokit.plugin(throttling))({
      baseUrl: server.url,
      auth: `${BOT}-token`,
      log: silent,
      throttle: {
        onSecondaryRateLimit: (retryAfter) => {
          waits.push(retryAfter);
          return true;
        },
        onRateLimit: () => false,
      },
    });
    const started = Date.now();
    const { data } = await client.rest.issues.get({ owner, repo, issue_number: 1 });
    expect(data.title).toBe('Case');
    expect(waits).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(requestsFor('issues/get').map((request) => request.status)).toEqual([status, 200]);
  });

  test('a destroyed connection surfaces as an error with no response', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    server.faults.inject({ operationId: 'issues/get', fault: { type: 'disconnect' } });
    const dropped = await failure(octokit().rest.issues.get({ owner, repo, issue_number: 1 }));
    expect(dropped.status).toBe(500);
    expect(dropped.response).toBeUndefined();
    expect(requestsFor('issues/get')).toMatchObject([{ status: null, fault: 'disconnect' }]);
  });

  test('a write whose response is lost is applied, and a blind retry applies it twice', async () => {
    server.state.createIssue({ repo: `${owner}/${repo}`, as: 'hana', title: 'Case' });
    server.faults.inject({ operationId: 'issues/create-comment', fault: { type: 'disconnect', when: 'after' } });
    const client = new (Octokit.plugin(retry))({ baseUrl: server.url, auth: `${BOT}-token`, log: silent, retry: { retryAfterBaseValue: 10 } });
    await client.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'Reminder' });
    const repoRecord = server.state.requireRepo(`${owner}/${repo}`);
    expect(server.state.comments(repoRecord, 1).map((comment) => comment.body)).toEqual(['Reminder', 'Reminder']);
  });

  test('a delay slows the request without failing it', async () => {
    server.faults.inject({ operationId: 'repos/get', fault: { type: 'delay', ms: 150 } });
    const started = Date.now();
    expect((await octokit().rest.repos.get({ owner, repo })).data).toMatchObject({ full_name: `${owner}/${repo}`, private: true, permissions: { push: true, admin: false } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
