import { describe, expect, test } from 'vitest';
import { assigneeProblems, parseConfig } from '../../scripts/core/config/config-schema.ts';
import { ConfigError, readConfig } from '../../scripts/adapters/config/read-config.ts';

describe('configuration', () => {
  test('nothing set: the local store in .redress on 127.0.0.1:4321', () => {
    expect(parseConfig({})).toEqual({
      ok: true,
      config: {
        store: { kind: 'local' },
        dataDir: '.redress',
        host: '127.0.0.1',
        port: 4321,
        assignees: {},
        rateLimit: { count: 10, perMs: 600_000 },
        trustProxy: false,
        minFillMs: 3000,
        commitIntervalMs: 200,
        deliveryWaitMs: 8000,
        githubPacing: 'github',
      },
    });
  });

  test('a repository and a token: the GitHub store, with the API URL of GitHub Enterprise or the test server', () => {
    const result = parseConfig({ REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 't0k', GITHUB_API_URL: 'http://127.0.0.1:9999/api/v3/' });
    expect(result).toMatchObject({ ok: true, config: { store: { kind: 'github', github: { owner: 'org', repo: 'cases', token: 't0k', apiUrl: 'http://127.0.0.1:9999/api/v3' } } } });
  });

  test('in GitHub Actions the repository falls back to the one the workflow runs in', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'org/cases', GITHUB_TOKEN: 't' };
    expect(parseConfig(env)).toMatchObject({ ok: true, config: { store: { kind: 'github', github: { owner: 'org', repo: 'cases' } } } });
    expect(parseConfig({ GITHUB_REPOSITORY: 'org/cases', GITHUB_TOKEN: 't' })).toMatchObject({ ok: true, config: { store: { kind: 'local' } } });
  });

  test('empty variables count as unset', () => {
    expect(parseConfig({ PORT: '', REDRESS_GITHUB_REPO: '' })).toMatchObject({ ok: true, config: { port: 4321, store: { kind: 'local' } } });
  });

  test('every bad value is named with its variable, all at once', () => {
    const result = parseConfig({
      REDRESS_GITHUB_REPO: 'not a repo',
      PORT: '99999',
      GITHUB_API_URL: 'ftp://x',
      REDRESS_RATE_LIMIT: 'lots',
      REDRESS_MIN_FILL_SECONDS: '-1',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^REDRESS_GITHUB_REPO="not a repo": Write the repository as owner\/name/),
      expect.stringMatching(/^GITHUB_API_URL="ftp:\/\/x": An http\(s\) URL/),
      expect.stringMatching(/^PORT="99999": A port is 1 to 65535/),
      expect.stringMatching(/^REDRESS_RATE_LIMIT="lots": Write "<count>\/<duration>"/),
      expect.stringMatching(/^REDRESS_MIN_FILL_SECONDS="-1": Write a whole number/),
    ]);
  });

  test('a repository without a token is refused, and a token value is never echoed', () => {
    expect(parseConfig({ REDRESS_GITHUB_REPO: 'org/cases' })).toEqual({ ok: false, problems: ['GITHUB_TOKEN: required when REDRESS_GITHUB_REPO (org/cases) is set.'] });
    const error = (() => {
      try {
        readConfig({ REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 'ghp_secret', PORT: 'x' }, '/srv');
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('PORT="x"');
    expect(error.message).not.toContain('ghp_secret');
  });

  test('rate limits are written <count>/<duration> or off', () => {
    expect(parseConfig({ REDRESS_RATE_LIMIT: '5/30s' })).toMatchObject({ config: { rateLimit: { count: 5, perMs: 30_000 } } });
    expect(parseConfig({ REDRESS_RATE_LIMIT: '100/1h' })).toMatchObject({ config: { rateLimit: { count: 100, perMs: 3_600_000 } } });
    expect(parseConfig({ REDRESS_RATE_LIMIT: 'off' })).toMatchObject({ config: { rateLimit: undefined } });
  });

  test('the assignee map is JSON of procedure → role → logins, checked against the procedures', () => {
    const ok = parseConfig({ REDRESS_ASSIGNEES: '{"ceccc": {"coordinator": ["octocat"], "chair": ["hubot"]}}' });
    expect(ok).toMatchObject({ ok: true, config: { assignees: { ceccc: { coordinator: ['octocat'], chair: ['hubot'] } } } });
    expect(parseConfig({ REDRESS_ASSIGNEES: '{ceccc:' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^REDRESS_ASSIGNEES: not valid JSON/)] });
    expect(parseConfig({ REDRESS_ASSIGNEES: '{"ceccc": {"chair": ["@org/team"]}}' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^REDRESS_ASSIGNEES\.ceccc\.chair\.0: A GitHub login.*teams cannot be assigned/)],
    });
    const roles = new Map([['ceccc', ['coordinator', 'chair']]]);
    expect(assigneeProblems({ ceccc: { boss: ['a'] }, nope: {} }, roles)).toEqual([
      'REDRESS_ASSIGNEES.ceccc.boss: ceccc has no role "boss" (roles: coordinator, chair).',
      'REDRESS_ASSIGNEES.nope: no procedure "nope" (procedures: ceccc).',
    ]);
  });

  test('the data directory is made absolute against the working directory', () => {
    expect(readConfig({}, '/srv/redress').dataDir).toBe('/srv/redress/.redress');
    expect(readConfig({ REDRESS_DATA_DIR: '/var/lib/redress' }, '/srv').dataDir).toBe('/var/lib/redress');
  });
});
