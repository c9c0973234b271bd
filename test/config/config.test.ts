import { describe, expect, test } from 'vitest';
import { assigneeProblems, configSecrets, parseConfig } from '../../scripts/core/config/config-schema.ts';
import { parseMailFrom, parseSmtpUrl } from '../../scripts/core/config/mail-config.ts';
import { publicAddress } from '../../scripts/core/config/public-url.ts';
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
        mail: { from: { name: 'Redress', address: 'redress@localhost' } },
        ledgerSync: { kind: 'off' },
        statisticsCacheSeconds: 300,
        trackRateLimit: { count: 10, perMs: 600_000 },
      },
    });
  });

  describe('the ledger on the server', () => {
    const github = { REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 't0k' };

    test('pulled with git every few minutes from a clone kept for it; the statistics counted again every so many seconds', () => {
      const result = parseConfig({ ...github, REDRESS_LEDGER_SYNC: 'git', REDRESS_LEDGER_DIR: '/var/lib/redress/ledger/cases', REDRESS_LEDGER_SYNC_MINUTES: '2', REDRESS_STATISTICS_CACHE_SECONDS: '60' });
      expect(result).toMatchObject({ ok: true, config: { ledgerDir: '/var/lib/redress/ledger/cases', ledgerSync: { kind: 'git', intervalMinutes: 2 }, statisticsCacheSeconds: 60 } });
      expect(parseConfig({ ...github, REDRESS_LEDGER_SYNC: 'git', REDRESS_LEDGER_DIR: 'ledger/cases' })).toMatchObject({ ok: true, config: { ledgerSync: { kind: 'git', intervalMinutes: 5 } } });
    });

    test.each([
      [{ REDRESS_LEDGER_SYNC: 'git', REDRESS_LEDGER_DIR: 'x' }, 'REDRESS_LEDGER_SYNC="git": only with the GitHub store (REDRESS_GITHUB_REPO), whose ledger GitHub Actions commits; the local store writes its own.'],
      [{ ...github, REDRESS_LEDGER_SYNC: 'git' }, 'REDRESS_LEDGER_SYNC="git": set REDRESS_LEDGER_DIR to the cases/ folder of a clone of the cases repository kept for the ledger (see "The ledger on the server" in docs/configuration.md).'],
      [{ ...github, REDRESS_LEDGER_SYNC: 'svn' }, 'REDRESS_LEDGER_SYNC="svn": Invalid option: expected one of "off"|"git"'],
      [{ REDRESS_LEDGER_SYNC_MINUTES: '0' }, 'REDRESS_LEDGER_SYNC_MINUTES="0": At least 1 minute.'],
      [{ REDRESS_STATISTICS_CACHE_SECONDS: 'five' }, 'REDRESS_STATISTICS_CACHE_SECONDS="five": Write a whole number.'],
    ])('%j is refused: %s', (env, problem) => {
      expect(parseConfig(env)).toEqual({ ok: false, problems: [problem] });
    });
  });

  test('a repository and a token: the GitHub store, with the API URL of GitHub Enterprise or the test server', () => {
    const result = parseConfig({ REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 't0k', GITHUB_API_URL: 'http://127.0.0.1:9999/api/v3/' });
    expect(result).toMatchObject({ ok: true, config: { store: { kind: 'github', github: { owner: 'org', repo: 'cases', token: 't0k', apiUrl: 'http://127.0.0.1:9999/api/v3' } } } });
  });

  test('the account the server writes as: a GitHub login, kept with the store; an empty one (an unset Actions variable) is none', () => {
    const github = { REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 't0k' };
    expect(parseConfig({ ...github, REDRESS_BOT_LOGIN: 'example-complaints' })).toMatchObject({ ok: true, config: { store: { github: { botLogin: 'example-complaints' } } } });
    expect(parseConfig({ ...github, REDRESS_BOT_LOGIN: 'redress-app[bot]' })).toMatchObject({ ok: true, config: { store: { github: { botLogin: 'redress-app[bot]' } } } });
    const unset = parseConfig({ ...github, REDRESS_BOT_LOGIN: '' });
    expect(unset.ok && unset.config.store.kind === 'github' && 'botLogin' in unset.config.store.github).toBe(false);
    for (const bad of ['@example-complaints', 'two words', '-starts-with-hyphen', 'x'.repeat(40)]) {
      expect(parseConfig({ ...github, REDRESS_BOT_LOGIN: bad })).toEqual({ ok: false, problems: [`REDRESS_BOT_LOGIN=${JSON.stringify(bad)}: A GitHub login, such as "example-complaints" (letters, digits and hyphens).`] });
    }
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

  describe('the site’s public address and the tracking links', () => {
    test.each([
      ['https://complaints.example.org', 'https://complaints.example.org'],
      ['https://complaints.example.org/', 'https://complaints.example.org'],
      ['https://Complaints.Example.org:8443', 'https://complaints.example.org:8443'],
      ['http://127.0.0.1:4321', 'http://127.0.0.1:4321'],
      ['http://localhost:4321/', 'http://localhost:4321'],
    ])('REDRESS_PUBLIC_URL=%s is %s', (value, url) => {
      expect(parseConfig({ REDRESS_PUBLIC_URL: value })).toMatchObject({ ok: true, config: { publicUrl: url } });
    });

    test.each([
      ['http://complaints.example.org', 'Use https:// (http:// only for 127.0.0.1 or localhost, on this machine).'],
      ['ftp://complaints.example.org', 'Use https://'],
      ['complaints.example.org', 'Write the site’s address, such as https://complaints.example.org.'],
      ['https://complaints.example.org/complaints', 'Give the address alone, without a path, query or #: the site is served from its root.'],
      ['https://complaints.example.org/?a=1', 'Give the address alone, without a path, query or #'],
      ['https://user:pw@complaints.example.org', 'Give the address without a user name or password.'],
    ])('REDRESS_PUBLIC_URL=%s is refused, naming the variable', (value, message) => {
      const result = parseConfig({ REDRESS_PUBLIC_URL: value });
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.problems).toEqual([expect.stringContaining(`REDRESS_PUBLIC_URL=${JSON.stringify(value)}: ${message}`)]);
    });

    test('redress.yaml’s site.url first, then REDRESS_PUBLIC_URL, then the address the server listens on', () => {
      const base = { host: '127.0.0.1', port: 4321 };
      expect(publicAddress({ ...base, siteUrl: 'https://complaints.example.org/', configured: 'https://other.example' })).toEqual({ url: 'https://complaints.example.org', source: 'redress.yaml' });
      expect(publicAddress({ ...base, siteUrl: undefined, configured: 'https://other.example' })).toEqual({ url: 'https://other.example', source: 'REDRESS_PUBLIC_URL' });
      expect(publicAddress({ ...base, siteUrl: undefined, configured: undefined })).toEqual({ url: 'http://127.0.0.1:4321', source: 'HOST and PORT' });
      expect(publicAddress({ host: '::1', port: 8080, siteUrl: undefined, configured: undefined }).url).toBe('http://[::1]:8080');
    });

    test('the tracking secret is checked like the form secret, and never shown; the look-up limit can be turned off', () => {
      expect(parseConfig({ REDRESS_TRACKING_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toEqual({ ok: false, problems: [expect.stringMatching(/^REDRESS_TRACKING_SECRET: Use a random value/)] });
      const secret = '0123456789abcdef0123456789abcdef';
      const result = parseConfig({ REDRESS_TRACKING_SECRET: secret, REDRESS_TRACK_RATE_LIMIT: 'off' });
      expect(result).toMatchObject({ ok: true, config: { trackingSecret: secret, trackRateLimit: undefined } });
      expect(result.ok && configSecrets(result.config)).toContain(secret);
    });
  });

  test('the data directory is made absolute against the working directory', () => {
    expect(readConfig({}, '/srv/redress').dataDir).toBe('/srv/redress/.redress');
    expect(readConfig({ REDRESS_DATA_DIR: '/var/lib/redress' }, '/srv').dataDir).toBe('/var/lib/redress');
  });

  describe('mail', () => {
    test('an SMTP URL with credentials, and the sender: STARTTLS required to another machine', () => {
      const result = parseConfig({ REDRESS_SMTP_URL: 'smtp://apikey:s3cr%40t@smtp.example.org:587', REDRESS_MAIL_FROM: 'Example Complaints <complaints@example.org>' });
      expect(result).toMatchObject({
        ok: true,
        config: {
          mail: {
            smtp: { host: 'smtp.example.org', port: 587, secure: false, requireTLS: true, user: 'apikey', pass: 's3cr@t' },
            from: { name: 'Example Complaints', address: 'complaints@example.org' },
          },
        },
      });
    });

    test('smtps:// is TLS from the start on 465; a server on this machine may go without TLS; options in the URL', () => {
      expect(parseSmtpUrl('smtps://u:p@smtp.gmail.com')).toEqual({ ok: true, smtp: { host: 'smtp.gmail.com', port: 465, secure: true, requireTLS: false, user: 'u', pass: 'p' } });
      expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toEqual({ ok: true, smtp: { host: '127.0.0.1', port: 2525, secure: false, requireTLS: false } });
      expect(parseSmtpUrl('smtp://[::1]:25')).toMatchObject({ ok: true, smtp: { host: '::1', requireTLS: false } });
      expect(parseSmtpUrl('smtp://relay.internal:25?tls=optional&name=redress.example.org')).toEqual({
        ok: true,
        smtp: { host: 'relay.internal', port: 25, secure: false, requireTLS: false, clientName: 'redress.example.org' },
      });
      expect(parseSmtpUrl('smtp://smtp-relay.gmail.com')).toMatchObject({ ok: true, smtp: { port: 587, requireTLS: true } });
    });

    test('a sender alone is fine (it signs the files written when nothing is sent); a bare address too', () => {
      expect(parseConfig({ REDRESS_MAIL_FROM: 'complaints@example.org' })).toMatchObject({ ok: true, config: { mail: { from: { address: 'complaints@example.org' } } } });
      expect(parseMailFrom('"Smith, Jones & Co" <office@example.org>')).toEqual({ ok: true, from: { name: 'Smith, Jones & Co', address: 'office@example.org' } });
    });

    test('SMTP without a sender is refused, naming the variable', () => {
      expect(parseConfig({ REDRESS_SMTP_URL: 'smtp://u:p@smtp.example.org' })).toEqual({
        ok: false,
        problems: [expect.stringMatching(/^REDRESS_MAIL_FROM: required when REDRESS_SMTP_URL is set/)],
      });
    });

    test.each([
      ['http://u:hunter22@smtp.example.org', /^REDRESS_SMTP_URL: the scheme is smtp: or smtps:/],
      ['smtp://u:hunter22@smtp.example.org:465', /port 465 speaks TLS from the first byte: write smtps:/],
      ['smtps://u:hunter22@smtp.example.org:587', /port 587 starts in plain text and upgrades with STARTTLS: write smtp:/],
      ['smtp://user@smtp.example.org', /a user name without a password/],
      ['smtp://:hunter22@smtp.example.org', /a password without a user name/],
      ['smtp://u:hunter22%zz@smtp.example.org', /not properly percent-encoded/],
      ['smtp://u:hunter22@smtp.example.org/path', /no path after the port/],
      ['smtp://u:hunter22@smtp.example.org?pool=true', /unknown option "pool=true"/],
      ['smtp://u:hunter22@smtp.example.org:99999', /^REDRESS_SMTP_URL: not a URL/],
      ['u:hunter22@smtp.example.org', /^REDRESS_SMTP_URL: the scheme is smtp: or smtps:/],
      ['smtp://u:hunter22@', /^REDRESS_SMTP_URL: not a URL|no server named/],
    ])('a bad SMTP URL %s is named, and its password never shown', (url, message) => {
      const result = parseConfig({ REDRESS_SMTP_URL: url, REDRESS_MAIL_FROM: 'complaints@example.org' });
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems;
      expect(problems).toEqual([expect.stringMatching(message)]);
      expect(problems.join('\n')).not.toContain('hunter22');
    });

    test('a bad sender is named with its value', () => {
      for (const from of ['complaints', 'Complaints <complaints>', 'a@example.org\r\nBcc: x@example.org', '<>']) {
        const result = parseConfig({ REDRESS_MAIL_FROM: from });
        expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^REDRESS_MAIL_FROM=.*: (write an address|no line breaks)/)] });
      }
    });

    test('mail problems are listed with the others, all at once, and the start-up error hides the password', () => {
      const result = parseConfig({ PORT: 'x', REDRESS_SMTP_URL: 'ftp://u:hunter22@x', REDRESS_MAIL_FROM: 'nope' });
      expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^PORT=/), expect.stringMatching(/^REDRESS_SMTP_URL: the scheme/), expect.stringMatching(/^REDRESS_MAIL_FROM=/)] });
      let message = '';
      try {
        readConfig({ REDRESS_SMTP_URL: 'smtp://u:hunter22@smtp.example.org:465', REDRESS_MAIL_FROM: 'a@example.org' }, '/srv');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('REDRESS_SMTP_URL="smtp://u:***@smtp.example.org:465"');
      expect(message).not.toContain('hunter22');
    });

    test('the secrets a logger must hide: the GitHub token and the SMTP password', () => {
      const result = parseConfig({ REDRESS_GITHUB_REPO: 'org/cases', GITHUB_TOKEN: 'ghp_x', REDRESS_SMTP_URL: 'smtp://u:hunter22@smtp.example.org', REDRESS_MAIL_FROM: 'a@example.org' });
      expect(result.ok && configSecrets(result.config)).toEqual(['ghp_x', 'hunter22']);
    });
  });
});
