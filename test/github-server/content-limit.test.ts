// The test server's model of GitHub's secondary rate limit on content creation: 80 content-creating
// requests a minute and 500 an hour per account, refused past them with 403 and retry-after.
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CONTENT_CREATION_LIMIT_MESSAGE } from './content-limit.ts';
import { type GitHubTestServer, startGitHubServer } from './index.ts';

const owner = 'acme';
const repo = 'complaints';
const START = Date.parse('2025-03-03T09:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let clock = START;
let server: GitHubTestServer;

beforeEach(async () => {
  clock = START;
  server = await startGitHubServer({ now: () => clock });
  const { state } = server;
  for (const login of ['redress-bot', 'hana']) {
    state.addUser({ login });
    state.addToken(`${login}-token`, login);
  }
  state.addToken('redress-bot-second-token', 'redress-bot');
  state.addRepo({ owner, name: repo });
  for (const login of ['redress-bot', 'hana']) state.addCollaborator({ repo: `${owner}/${repo}`, login, permission: 'write' });
});

afterEach(async () => {
  try {
    server.assertNoViolations();
  } finally {
    await server.close();
  }
});

function client(token = 'redress-bot-token'): Octokit {
  return new Octokit({ baseUrl: server.url, auth: token, log: silent });
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string; response: { data: { message: string; documentation_url: string }; headers: Record<string, string | undefined> } }> {
  try {
    await promise;
  } catch (error) {
    return error as Awaited<ReturnType<typeof refusal>>;
  }
  throw new Error('Expected the request to be refused');
}

async function createIssues(count: number, token?: string): Promise<void> {
  for (let i = 0; i < count; i += 1) await client(token).rest.issues.create({ owner, repo, title: `Case ${i}` });
}

const issueCount = () => server.state.issues(server.state.requireRepo(`${owner}/${repo}`)).length;

describe('content creation: 80 a minute', () => {
  test('the 81st content-creating request in a minute is refused as GitHub does, and not applied', async () => {
    await createIssues(80);
    clock += 59 * SECOND;
    const refused = await refusal(client().rest.issues.create({ owner, repo, title: 'One too many' }));
    expect(refused.status).toBe(403);
    expect(refused.response.headers['retry-after']).toBe('1');
    expect(refused.response.data.message).toBe(`${CONTENT_CREATION_LIMIT_MESSAGE} ${refused.response.headers['x-github-request-id']}.`);
    expect(refused.response.data.documentation_url).toBe('https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits');
    expect(issueCount()).toBe(80);
    expect(server.requests.at(-1)).toMatchObject({ operationId: 'issues/create', status: 403, contentCreation: 'refused', countedAgainstRateLimit: false });
    expect(server.contentLimit?.used('redress-bot')).toEqual({ minute: 80, hour: 80 });
  });

  test('plugin-throttling recognises the refusal as a secondary rate limit and is told when to retry', async () => {
    await createIssues(80);
    const told: number[] = [];
    const throttled = new (Octokit.plugin(throttling))({
      baseUrl: server.url,
      auth: 'redress-bot-token',
      log: silent,
      throttle: { onSecondaryRateLimit: (retryAfter) => void told.push(retryAfter), onRateLimit: () => false },
    });
    const refused = await refusal(throttled.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'Reminder' }));
    expect(refused.status).toBe(403);
    expect(told).toEqual([60]);
    expect(server.state.comments(server.state.requireRepo(`${owner}/${repo}`), 1)).toEqual([]);
  });

  test('the window slides: room comes back as the oldest requests age out, not at a fixed boundary', async () => {
    await createIssues(40);
    clock += 30 * SECOND;
    await createIssues(40);
    clock += 1 * SECOND;
    // The first 40 leave the window 60 s after they were made: 29 s from now.
    expect((await refusal(client().rest.issues.create({ owner, repo, title: 'Early' }))).response.headers['retry-after']).toBe('29');
    clock = START + MINUTE - 1;
    expect((await refusal(client().rest.issues.create({ owner, repo, title: 'Still early' }))).status).toBe(403);
    clock = START + MINUTE;
    await createIssues(40);
    // A fixed minute from START would now allow 80; the last 60 seconds hold 80 already.
    const full = await refusal(client().rest.issues.create({ owner, repo, title: 'Sliding' }));
    expect(full.response.headers['retry-after']).toBe('30');
    expect(issueCount()).toBe(120);
  });

  test('comments and labels count alongside issues; edits, issue labels and reads do not', async () => {
    await client().rest.issues.create({ owner, repo, title: 'Case' });
    for (let i = 0; i < 59; i += 1) await client().rest.issues.createComment({ owner, repo, issue_number: 1, body: `Part ${i}` });
    for (let i = 0; i < 20; i += 1) await client().rest.issues.createLabel({ owner, repo, name: `flag:${i}`, color: 'ededed' });
    expect(server.contentLimit?.used('redress-bot').minute).toBe(80);

    // Past the limit: reads, edits and label changes on the issue still work.
    await client().rest.issues.update({ owner, repo, issue_number: 1, title: 'Renamed' });
    await client().rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['flag:1'] });
    expect((await client().rest.issues.get({ owner, repo, issue_number: 1 })).data).toMatchObject({ title: 'Renamed', comments: 59 });
    expect((await client().rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 100 })).data).toHaveLength(59);
    expect((await refusal(client().rest.issues.createComment({ owner, repo, issue_number: 1, body: 'One more' }))).status).toBe(403);
    expect((await refusal(client().rest.issues.createLabel({ owner, repo, name: 'flag:late', color: 'ededed' }))).status).toBe(403);
    expect(server.state.labels(server.state.requireRepo(`${owner}/${repo}`)).some((label) => label.name === 'flag:late')).toBe(false);
    expect(server.requests.filter((request) => request.contentCreation === 'counted')).toHaveLength(80);
  });

  test('the limit is per account: another account is unaffected, and a second token of the same account shares it', async () => {
    await createIssues(80);
    expect((await refusal(client('redress-bot-second-token').rest.issues.create({ owner, repo, title: 'Same account' }))).status).toBe(403);
    await createIssues(80, 'hana-token');
    expect(issueCount()).toBe(160);
    expect(server.contentLimit?.used('hana')).toEqual({ minute: 80, hour: 80 });
  });
});

describe('content creation: 500 an hour', () => {
  test('the 501st in an hour is refused, though every minute kept under 80, until the first ages out of the hour', async () => {
    // 50 every six minutes: 500 over 54 minutes, never near 80 in a minute.
    for (let batch = 0; batch < 10; batch += 1) {
      clock = START + batch * 6 * MINUTE;
      await createIssues(50);
    }
    clock = START + 59 * MINUTE;
    const refused = await refusal(client().rest.issues.create({ owner, repo, title: 'Over the hour' }));
    expect(refused.status).toBe(403);
    expect(refused.response.headers['retry-after']).toBe('60');
    expect(server.contentLimit?.used('redress-bot')).toEqual({ minute: 0, hour: 500 });
    clock = START + 60 * MINUTE;
    await createIssues(50);
    expect((await refusal(client().rest.issues.create({ owner, repo, title: 'The next batch ages out later' }))).response.headers['retry-after']).toBe(String(6 * 60));
    expect(issueCount()).toBe(550);
  });
});

test('turned off, the server creates content without limit (for benchmarks of days of writes)', async () => {
  const unlimited = await startGitHubServer({ now: () => clock, contentCreationLimit: false });
  try {
    unlimited.state.addUser({ login: 'redress-bot' });
    unlimited.state.addToken('t', 'redress-bot');
    unlimited.state.addRepo({ owner, name: repo });
    unlimited.state.addCollaborator({ repo: `${owner}/${repo}`, login: 'redress-bot', permission: 'write' });
    const octokit = new Octokit({ baseUrl: unlimited.url, auth: 't', log: silent });
    for (let i = 0; i < 120; i += 1) await octokit.rest.issues.create({ owner, repo, title: `Case ${i}` });
    expect(unlimited.state.issues(unlimited.state.requireRepo(`${owner}/${repo}`))).toHaveLength(120);
    expect(unlimited.contentLimit).toBeUndefined();
    expect(unlimited.requests.every((request) => request.contentCreation === null)).toBe(true);
    unlimited.assertNoViolations();
  } finally {
    await unlimited.close();
  }
});
