/**
 * The sweep as GitHub Actions runs it, against the GitHub test server: `npx redress sweep` in a checkout of the
 * cases repository, whose redress.yaml holds the roster. The roster's people are assigned and mentioned (GitHub
 * notifies them); with `notify: { email: true }` they are emailed too, once, although every run starts with an
 * empty data directory.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { parseMarker } from '../../scripts/core/sweep/markers.ts';
import { CASES_TOKEN, casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { FROM } from '../mail/support/mail-world.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';
import { caseBody } from '../support/sweep-harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPO = 'acme/complaints';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const ROSTER = `name: Example Centres
contact: { email: complaints@example.org }
publish: [ceccc]
people:
  - name: Octo Cat
    github: octocat
    email: octo@example.org
    roles: { ceccc: [coordinator] }
  - name: Hu Bot
    github: hubot
    roles: { ceccc: [chair] }
`;

async function checkout(roster: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-checkout-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  await writeFile(path.join(dir, 'redress.yaml'), roster);
  return dir;
}

async function setUp(roster: string, smtp?: SmtpTestServer) {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  const server: GitHubTestServer = await casesServer(clock);
  cleanups.push(async () => {
    server.assertNoViolations();
    await server.close();
  });
  const cwd = await checkout(roster);
  const issue = server.state.createIssue({ repo: REPO, as: 'redress-bot', title: 'RDR-GHUB-0001 · ceccc', body: caseBody('RDR-GHUB-0001', 'ceccc', '2026-11-02T10:00:00Z'), labels: ['complaint', 'procedure:ceccc'] });
  const repo = server.state.requireRepo(REPO);
  /** One scheduled run: a fresh runner, so an empty data directory. */
  const run = async (now: string) => {
    clock.now = Date.parse(now);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-runner-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: REPO,
      GITHUB_TOKEN: CASES_TOKEN,
      GITHUB_API_URL: server.url,
      REDRESS_GITHUB_PACING: 'none',
      REDRESS_DATA_DIR: dataDir,
      ...(smtp ? { REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: `${FROM.name ?? 'Redress'} <${FROM.address}>` } : {}),
    };
    let stdout = '';
    let stderr = '';
    const code = await main(['sweep', '--now', now], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, now: () => clock.now });
    return { code, stdout, stderr };
  };
  const comment = (body: string, at: string) => {
    clock.now = Date.parse(at);
    server.state.createComment({ repo: REPO, issueNumber: issue.number, as: 'octocat', body });
  };
  const notices = (kind: string) => server.state.comments(repo, issue.number).filter((c) => parseMarker(c.body)?.kind === kind).map((c) => c.body);
  return { server, cwd, run, comment, notices, issue: () => server.state.issue(repo, issue.number) };
}

describe('an Actions sweep tells the roster’s people', () => {
  test('the stage’s handler from redress.yaml is assigned and mentioned in reminders; nobody is emailed by default', { timeout: 120_000 }, async () => {
    const t = await setUp(ROSTER);
    const first = await t.run('2026-11-02T10:05:00Z');
    expect(first.code).toBe(0);
    expect(t.issue()?.assignees).toEqual(['octocat']);
    // Emailing is off on GitHub unless redress.yaml asks for it: no email action, none claimed.
    expect(first.stdout).toContain('| Emails to staff accepted by the mail server | 0 |');
    expect(first.stdout).not.toContain('Staff told by email');
    t.comment('/acknowledge', '2026-11-03T10:00:00Z');
    await t.run('2026-11-03T10:05:00Z');
    await t.run('2026-11-26T09:30:00Z');
    await t.run('2026-11-26T10:30:00Z');
    const reminders = t.notices('reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain('@octocat: **');
    expect(reminders[0]?.trimEnd().endsWith('Told: @octocat by GitHub mention.')).toBe(true);
    expect(reminders[0]).not.toMatch(/email/i);
  });

  test('with notify.email, the handler is emailed the new case once across runs with nothing kept between them', { timeout: 120_000 }, async () => {
    const smtp = await SmtpTestServer.start();
    cleanups.push(() => smtp.close());
    const t = await setUp(`${ROSTER}notify: { email: true }\n`, smtp);
    const first = await t.run('2026-11-02T10:05:00Z');
    await t.run('2026-11-02T11:05:00Z');
    await t.run('2026-11-02T12:05:00Z');
    expect(first.code).toBe(0);
    expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(['octo@example.org']);
    expect(smtp.received[0]?.text).toContain(`Open the case: ${t.server.url}/acme/complaints/issues/1\n`);
    expect(first.stdout).toContain('- RDR-GHUB-0001, new-case: Told: Octo Cat by email.');
    // The ledger the workflow commits holds the fact, once, and not the address.
    const ledger = await readFile(path.join(t.cwd, 'cases', '2026', 'RDR-GHUB-0001.json'), 'utf8');
    expect(ledger.match(/"type": "staff-notified", "at": "[^"]+", "actor": "system", "notice": "new-case", "sentBy": "email"/g)).toHaveLength(1);
    expect(ledger).not.toMatch(/octo|Octo/);
  });
});
