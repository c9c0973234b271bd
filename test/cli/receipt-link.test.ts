/**
 * The tracking link in the receipt email of a case opened with `npx redress case open`: signed with the server's key
 * (REDRESS_TRACKING_SECRET, or the one a server made in the data directory) so that the server, opened on the same
 * data directory as it opens at start, shows the case's page; never with a key of the command's own. Without the
 * server's key the email sends the complainant to the look-up page where the site's address is known, and says
 * nothing of a page where it is not; the command tells staff which.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readConfig } from '../../scripts/adapters/config/read-config.ts';
import { loadTrackingPage } from '../../scripts/adapters/http/tracking-page.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { silentLogger } from '../../scripts/adapters/log/logger.ts';
import { openTrackingKeys } from '../../scripts/adapters/tracking/tracking-keys.ts';
import { TRACKING_SECRET_FILE } from '../../scripts/adapters/tracking/tracking-secret.ts';
import { trackingService } from '../../scripts/adapters/tracking/tracking-service.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { main } from '../../scripts/cli/main.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';
import { seedProcedure } from '../support/procedures.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SITE = 'https://complaints.example.org';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function run(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: ROOT, env, now: () => Date.now() });
  return { code, stdout, stderr };
}

/** Opens a case by email from a named complainant, and returns its reference and the receipt email's words. */
async function openCase(env: Record<string, string>, answers: Record<string, unknown> = {}) {
  const { procedure: _p, submissionId: _s, renderedAt: _r, ...good } = GOOD_COMPLAINT;
  const input = path.join(env.REDRESS_DATA_DIR ?? '', '..', 'answers.json');
  await writeFile(input, JSON.stringify({ ...good, incidentDate: '2026-11-30', ...answers }));
  const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-01T09:00', '--input', input], env);
  expect(opened).toMatchObject({ code: 0, stderr: '' });
  const reference = /Case (RDR-[A-Z0-9-]+) opened/.exec(opened.stdout)?.[1] ?? '';
  const shown = await run(['mail', 'show', `receipt:${reference}`], env);
  return { reference, stdout: opened.stdout, email: shown.code === 0 ? shown.stdout : undefined };
}

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-receipt-link-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** What the server would show for `token`, opened on `env` as it opens at start. */
async function serverOpens(env: Record<string, string>, token: string) {
  const config = readConfig(env, ROOT);
  const keys = await openTrackingKeys({ config, log: silentLogger });
  const store = await LocalCaseStore.open({ dataDir: config.dataDir, commitIntervalMs: 0 });
  cleanups.push(() => store.close());
  const tracking = trackingService({ keys, config, store, procedure: async (id) => seedProcedure(id), calendarFor: (procedure) => calendarFor(procedure), log: silentLogger });
  return loadTrackingPage(token, { tracking, now: () => Date.now() });
}

const linkIn = (email: string | undefined) => /(https?:\/\/\S+\/track\/(1\.[^/\s]+)\/)/.exec(email ?? '');

describe('the receipt email of a case opened from the command line', () => {
  test('beside a server that made its key in the data directory: the case’s own link, which that server opens', async () => {
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_PUBLIC_URL: SITE };
    // The server's first start makes the key.
    await openTrackingKeys({ config: readConfig(env, ROOT), log: silentLogger });
    const { reference, stdout, email } = await openCase(env);
    expect(stdout).toContain(`The receipt email links to the complainant's tracking page at ${SITE}/track/.`);
    const found = linkIn(email);
    expect(found?.[1]?.startsWith(`${SITE}/track/1.${reference}.`)).toBe(true);
    expect(email).toContain(`go to ${SITE}/track/ and enter your reference and this email address`);
    const page = await serverOpens(env, found?.[2] ?? '');
    expect(page).toMatchObject({ kind: 'view', status: 200 });
    if (page.kind === 'view') expect(page.view.reference).toBe(reference);
  });

  test('with REDRESS_TRACKING_SECRET: signed with it, so a server given the same secret opens the link and one with another key does not', async () => {
    const dir = await folder();
    const secret = randomBytes(32).toString('hex');
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_PUBLIC_URL: SITE, REDRESS_TRACKING_SECRET: secret };
    const { reference, email } = await openCase(env);
    const token = linkIn(email)?.[2] ?? '';
    expect(token.startsWith(`1.${reference}.`)).toBe(true);
    expect(await serverOpens(env, token)).toMatchObject({ kind: 'view', status: 200 });
    const { REDRESS_TRACKING_SECRET: _given, ...withoutSecret } = env;
    expect(await serverOpens(withoutSecret, token)).toEqual({ kind: 'invalid', status: 404 });
  });

  test('with no server key here and the site’s address known: no link, the look-up page instead, and no key made', async () => {
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_PUBLIC_URL: SITE };
    const { reference, stdout, email } = await openCase(env);
    expect(linkIn(email)).toBeNull();
    expect(email?.replace(/\s+/g, ' ')).toContain(`You can check the progress of your complaint at any time: go to ${SITE}/track/ and enter your reference, ${reference}, and this email address.`);
    expect(stdout).toContain(`it sends the complainant to ${SITE}/track/ to look the case up`);
    await expect(access(path.join(env.REDRESS_DATA_DIR, TRACKING_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  test('with neither the key nor the site’s address: the email speaks of no page, and staff are told why', async () => {
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0' };
    const { stdout, email } = await openCase(env);
    expect(email).toContain('We have received your complaint');
    expect(email).not.toMatch(/\/track\//);
    expect(email).not.toContain('check the progress');
    expect(stdout).toContain("The receipt email has no link to the tracking page: the server's tracking secret is not here");
    expect(stdout).toContain("and the site's public address is not set (site.url in redress.yaml, or REDRESS_PUBLIC_URL).");
  });

  test('a complainant who asked for post, or gave no name, gets no email, and nothing is said of one', async () => {
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_PUBLIC_URL: SITE };
    const byPost = await openCase(env, { contactBy: 'post', address: '1 High Street, Ely' });
    expect(byPost.email).toBeUndefined();
    expect(byPost.stdout).not.toContain('receipt email');
    const anonymous = await openCase(env, { identity: 'anonymous', name: undefined, email: undefined, phone: undefined, contactBy: undefined });
    expect(anonymous.email).toBeUndefined();
    expect(anonymous.stdout).not.toContain('receipt email');
  });

  test('a mail server that refuses the password: the case is opened, its receipt waits, and the password is printed nowhere', async () => {
    const server = await SmtpTestServer.start({ auth: { user: 'mailer', pass: 'right' } });
    cleanups.push(() => server.close());
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_SMTP_URL: `smtp://mailer:wrong-Secret-9@127.0.0.1:${server.port}`, REDRESS_MAIL_FROM: 'complaints@example.org' };
    const { procedure: _p, submissionId: _s, renderedAt: _r, ...good } = GOOD_COMPLAINT;
    const input = path.join(dir, 'answers.json');
    await writeFile(input, JSON.stringify({ ...good, incidentDate: '2026-11-30' }));
    const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-01T09:00', '--input', input], env);
    expect(opened.code).toBe(0);
    expect(opened.stderr).toContain('Log-in to the mail server failed: 535');
    expect(opened.stderr).toContain('Some messages are still to be sent');
    expect(`${opened.stdout}${opened.stderr}`).not.toContain('wrong-Secret-9');
    expect(server.received).toHaveLength(0);
  });

  test('a damaged key in the data directory is named, and no case is opened', async () => {
    const dir = await folder();
    const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_COMMIT_INTERVAL_MS: '0', REDRESS_PUBLIC_URL: SITE };
    await openTrackingKeys({ config: readConfig(env, ROOT), log: silentLogger });
    await writeFile(path.join(env.REDRESS_DATA_DIR, TRACKING_SECRET_FILE), 'not a key\n');
    const { procedure: _p, submissionId: _s, renderedAt: _r, ...good } = GOOD_COMPLAINT;
    const input = path.join(dir, 'answers.json');
    await writeFile(input, JSON.stringify({ ...good, incidentDate: '2026-11-30' }));
    const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-01T09:00', '--input', input], env);
    expect(opened.code).not.toBe(0);
    expect(opened.stderr).toContain(`${path.join(env.REDRESS_DATA_DIR, TRACKING_SECRET_FILE)} does not hold a tracking secret (64 hex digits)`);
    expect((await run(['case', 'list'], env)).stdout).not.toMatch(/RDR-/);
  });
});
