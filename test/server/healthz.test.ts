/**
 * GET /healthz through the real server (`npm start`'s scripts/server/start.ts in front of the built site): 200 when
 * complaints can be taken, 503 with the reason when not; the intake's and the mail's queues, the last sweep and the
 * last pull of the ledger; no path, address or token. And the ledger Actions commits reaching the server's
 * statistics page by the pull, with a bare repository standing in for the cases repository on GitHub.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import type { HealthReport } from '../../scripts/server/healthz.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import { buildSite } from '../e2e/support/site-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';
import { postComplaint, startIntakeServer, type IntakeServer } from '../intake/support/intake-server.ts';
import { LIFECYCLES, runLifecycles } from '../ledger/lifecycles.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';

const run = promisify(execFile);
const IDENTITY = { GIT_AUTHOR_NAME: 'Actions', GIT_AUTHOR_EMAIL: 'actions@example.org', GIT_COMMITTER_NAME: 'Actions', GIT_COMMITTER_EMAIL: 'actions@example.org' };
const git = async (cwd: string, ...args: string[]) => (await run('git', ['-C', cwd, ...args], { env: { ...process.env, ...IDENTITY } })).stdout.trim();

let build: { outDir: string; remove: () => Promise<void> };
let work: string;

beforeAll(async () => {
  [build, work] = await Promise.all([buildSite(), mkdtemp(path.join(os.tmpdir(), 'redress-healthz-'))]);
}, 180_000);

afterAll(async () => {
  await build?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string>): Promise<IntakeServer> {
  const server = await startIntakeServer(build.outDir, { REDRESS_SWEEP_INTERVAL_MINUTES: '0', ...env });
  cleanups.push(() => server.stop());
  return server;
}

async function health(url: string): Promise<{ status: number; headers: Headers; text: string; report: HealthReport }> {
  const response = await fetch(`${url}/healthz`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, report: JSON.parse(text) as HealthReport };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function folder(name: string): Promise<string> {
  const dir = path.join(work, `${name}-${randomUUID().slice(0, 8)}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('the local store', () => {
  test('200 with the queues, the last sweep and no sync; no path or address in it; never cached', async () => {
    const dataDir = await folder('local');
    const site = await start({ REDRESS_DATA_DIR: dataDir });
    const first = await health(site.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.report).toEqual({
      status: 'ok',
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      problems: [],
      store: { kind: 'local', reachable: true },
      intake: { writable: true, waiting: 0 },
      mail: { waiting: 0, uncertain: 0, failed: 0 },
      sweep: { lastStartedAt: null },
      ledgerSync: { mode: 'off' },
    });

    await writeFile(path.join(dataDir, 'sweep-state.json'), JSON.stringify({ lastStartedAt: '2027-03-01T10:05:00.000Z', pending: [] }));
    expect((await health(site.url)).report.sweep).toEqual({ lastStartedAt: '2027-03-01T10:05:00.000Z' });
    expect((await fetch(`${site.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${site.url}/healthz`, { method: 'POST' })).status).toBe(405);
    expect(first.text).not.toContain(dataDir);
  }, 60_000);

  test('503 naming the reason when the intake cannot keep a complaint; 200 again once it can', async () => {
    const dataDir = await folder('broken');
    const site = await start({ REDRESS_DATA_DIR: dataDir });
    const outbox = path.join(dataDir, 'outbox');
    await rename(outbox, `${outbox}.moved`);
    await writeFile(outbox, 'not a folder');
    const broken = await health(site.url);
    expect(broken.status).toBe(503);
    expect(broken.report).toMatchObject({ status: 'unavailable', problems: ['The intake cannot write its outbox (ENOTDIR).'], intake: { writable: false, waiting: null }, store: { reachable: true } });
    expect(broken.text).not.toContain(dataDir);
    await rm(outbox);
    await rename(`${outbox}.moved`, outbox);
    expect((await health(site.url)).status).toBe(200);
  }, 60_000);

  test('mail waiting while the SMTP server is down, then uncertain when its answer is lost; no complainant’s address shown', async () => {
    const dataDir = await folder('mail');
    const smtp = await SmtpTestServer.start();
    cleanups.push(() => smtp.close());
    await smtp.down();
    const site = await start({ REDRESS_DATA_DIR: dataDir, REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: 'Example Complaints <complaints@example.org>' });
    const complaint = { ...GOOD_COMPLAINT, submissionId: randomUUID(), renderedAt: new Date(Date.now() - 60_000).toISOString(), incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) };
    expect((await postComplaint(site.url, complaint)).status).toBe(201);
    const waiting = await until(async () => {
      const { report } = await health(site.url);
      return report.mail.waiting === 1 ? report : undefined;
    });
    // Mail is not needed to take a complaint: the server is still up.
    expect(waiting).toMatchObject({ status: 'ok', mail: { waiting: 1, uncertain: 0 } });
    smtp.fail({ kind: 'drop-after-data' });
    await smtp.up();
    const uncertain = await until(async () => {
      const { report } = await health(site.url);
      return report.mail.uncertain === 1 ? report : undefined;
    });
    expect(uncertain).toMatchObject({ status: 'ok', mail: { waiting: 0, uncertain: 1, failed: 0 } });
    expect(JSON.stringify(uncertain)).not.toContain(GOOD_COMPLAINT.email!);
  }, 90_000);
});

describe('the GitHub store', () => {
  let github: GitHubTestServer;
  const STRANGER = 'ghs_strangertoken00000000000000000';

  beforeAll(async () => {
    github = await casesServer({
      get now() {
        return Date.now();
      },
    });
    github.state.addUser({ login: 'stranger' });
    github.state.addToken(STRANGER, 'stranger');
  });

  afterAll(async () => {
    github?.assertNoViolations();
    await github?.close().catch(() => undefined);
  });

  const env = (dataDir: string, token = CASES_TOKEN) => ({
    REDRESS_DATA_DIR: dataDir,
    REDRESS_GITHUB_REPO: 'acme/complaints',
    GITHUB_TOKEN: token,
    GITHUB_API_URL: github.url,
    REDRESS_GITHUB_PACING: 'none',
  });

  test('reachable: 200; asked again with the ETag, GitHub answers 304, which costs no rate limit; the token never shown', async () => {
    const site = await start(env(await folder('github')));
    const first = await health(site.url);
    expect(first.status).toBe(200);
    expect(first.report).toMatchObject({ status: 'ok', store: { kind: 'github', reachable: true }, ledgerSync: { mode: 'off' } });
    expect((await health(site.url)).status).toBe(200);
    const probes = github.requests.filter((request) => request.operationId === 'repos/get');
    expect(probes.slice(-2).map((request) => [request.status, request.countedAgainstRateLimit])).toEqual([
      [200, true],
      [304, false],
    ]);
    expect(first.text).not.toContain(CASES_TOKEN);
    expect(first.text).not.toContain('acme');
  }, 60_000);

  test('a token that cannot read the cases repository: 503, saying GitHub did not answer as it should', async () => {
    const site = await start(env(await folder('stranger'), STRANGER));
    const { status, report, text } = await health(site.url);
    expect(status).toBe(503);
    expect(report).toMatchObject({ status: 'unavailable', store: { kind: 'github', reachable: false }, problems: ['The case store on GitHub did not answer as it should (HTTP 404).'] });
    expect(text).not.toContain(STRANGER);
  }, 60_000);

  describe('the ledger pulled from the cases repository', () => {
    let entries: string;

    beforeAll(async () => {
      entries = await folder('entries');
      await runLifecycles([LIFECYCLES.cecccEscalated!, LIFECYCLES.cecccLate!], createLedgerWriter({ dir: entries, git: false }));
    }, 60_000);

    /** The cases repository with its code and an empty ledger, and the server's sparse clone of its cases/. */
    async function casesRepository() {
      const root = await folder('repository');
      const remote = path.join(root, 'cases.git');
      const actions = path.join(root, 'actions');
      const ledger = path.join(root, 'ledger');
      await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
      await git(root, 'clone', '--quiet', remote, actions);
      await mkdir(path.join(actions, 'cases'), { recursive: true });
      await writeFile(path.join(actions, 'cases', '.gitkeep'), '');
      await writeFile(path.join(actions, 'redress.yaml'), '# the code and procedures, which the ledger clone never checks out\n');
      await git(actions, 'add', '--all');
      await git(actions, 'commit', '--quiet', '-m', 'The cases repository');
      await git(actions, 'push', '--quiet', 'origin', 'HEAD:main');
      await git(root, 'clone', '--quiet', '--no-checkout', remote, ledger);
      await git(ledger, 'sparse-checkout', 'set', 'cases');
      await git(ledger, 'checkout', '--quiet', 'main');
      return { remote, actions, ledger };
    }

    test('what Actions committed after the clone was made reaches the statistics page and /healthz by the pull', async () => {
      const { actions, ledger, remote } = await casesRepository();
      // The hourly sweep in Actions commits the ledger and its state.
      await cp(entries, path.join(actions, 'cases'), { recursive: true });
      await writeFile(path.join(actions, 'cases', '.sweep-state.json'), `${JSON.stringify({ lastStartedAt: '2027-03-01T10:17:00.000Z', pending: [] })}\n`);
      await git(actions, 'add', '--all');
      await git(actions, 'commit', '--quiet', '-m', 'Ledger: 2 cases');
      await git(actions, 'push', '--quiet', 'origin', 'HEAD:main');

      const site = await start({ ...env(await folder('synced')), REDRESS_LEDGER_SYNC: 'git', REDRESS_LEDGER_DIR: path.join(ledger, 'cases'), REDRESS_STATISTICS_CACHE_SECONDS: '0' });
      const report = await until(async () => {
        const { report } = await health(site.url);
        return report.ledgerSync.mode === 'git' && report.ledgerSync.lastSyncedAt ? report : undefined;
      });
      expect(report).toMatchObject({ status: 'ok', ledgerSync: { mode: 'git', failuresInARow: 0, commit: await git(remote, 'rev-parse', 'main') }, sweep: { lastStartedAt: '2027-03-01T10:17:00.000Z' } });
      const statistics = await (await fetch(`${site.url}/statistics/`)).text();
      expect(statistics).toContain('Cambridge &amp; Ely Child Contact Centres: ');
      expect(statistics).not.toContain('No complaints have been recorded');
    }, 90_000);

    test('a pull that fails is counted and the ledger already there is still served; taking complaints is unaffected', async () => {
      const { ledger, remote } = await casesRepository();
      await cp(entries, path.join(ledger, 'cases'), { recursive: true });
      await rm(remote, { recursive: true });
      const site = await start({ ...env(await folder('unsynced')), REDRESS_LEDGER_SYNC: 'git', REDRESS_LEDGER_DIR: path.join(ledger, 'cases'), REDRESS_STATISTICS_CACHE_SECONDS: '0' });
      const { status, report } = await until(async () => {
        const answer = await health(site.url);
        return answer.report.ledgerSync.mode === 'git' && answer.report.ledgerSync.failuresInARow > 0 ? answer : undefined;
      });
      expect(status).toBe(200);
      expect(report.ledgerSync).toMatchObject({ mode: 'git', lastSyncedAt: null, failuresInARow: 1 });
      expect(await (await fetch(`${site.url}/statistics/`)).text()).toContain('Cambridge &amp; Ely Child Contact Centres: ');
      expect(site.output()).toContain('The case ledger could not be pulled');
    }, 90_000);
  });

  // Last of this group: it stops the GitHub test server the others share.
  test('GitHub gone: 503', async () => {
    const site = await start(env(await folder('gone')));
    expect((await health(site.url)).status).toBe(200);
    await github.close();
    const { status, report } = await health(site.url);
    expect(status).toBe(503);
    expect(report.store).toEqual({ kind: 'github', reachable: false });
    expect(report.problems[0]).toMatch(/^The case store on GitHub did not answer as it should/);
  }, 60_000);
});

