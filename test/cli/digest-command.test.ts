import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const ROSTER = `name: Example Centres
shortName: EC
contact: { email: complaints@example.org }
publish: [ceccc]
people:
  - name: Mary Smith
    github: mary-ceccc
    email: mary@example.org
    roles: { ceccc: [coordinator] }
  - name: Sam Jones
    roles: { ceccc: [coordinator] }
`;

/** A project with the procedures and a roster, a local store with one case received Monday 23 November 2026. */
async function project(env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-digest-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  await writeFile(path.join(dir, 'redress.yaml'), ROSTER);
  const fullEnv = { REDRESS_DATA_DIR: path.join(dir, 'data'), USER: 'mary', ...env };
  const run = async (argv: string[], now = '2026-11-30T08:30:00Z') => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: fullEnv, now: () => Date.parse(now) });
    return { code, stdout, stderr };
  };
  const complaint = path.join(dir, 'complaint.json');
  await writeFile(complaint, JSON.stringify({ identity: 'named', name: 'Jo Bloggs', email: 'jo@example.org', contactBy: 'email', onBehalf: 'myself', incident: 'single', incidentDate: '2026-11-20', spokenToSomeone: 'no', complaint: 'The session was cancelled.', outcomeWanted: 'A new session.', privacy: true }));
  const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-11-23T10:00', '--input', complaint], '2026-11-23T10:05:00Z');
  expect(opened.code).toBe(0);
  const reference = /RDR-[A-Z0-9-]+/.exec(opened.stdout)?.[0] ?? '';
  return { run, reference };
}

describe('redress digest', () => {
  test('prints one digest per handler, with the case, its dates in words and the command that shows it; nothing of the complaint', { timeout: 120_000 }, async () => {
    const { run, reference } = await project();
    const shown = await run(['digest']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('To: Mary Smith <mary@example.org>\nSubject: [EC] Your cases this week:');
    expect(shown.stdout).toContain('To: Sam Jones (no email address in redress.yaml)');
    expect(shown.stdout).toContain('Cases for Mary Smith, week beginning Monday 30 November.');
    expect(shown.stdout).toMatch(new RegExp(`- ${reference} \\(.+\\): .+, (was )?due \\w+day \\d{1,2} (November|December)\\n  npx redress case show ${reference}`));
    for (const secret of ['Jo Bloggs', 'jo@example.org', 'session was cancelled']) expect(shown.stdout).not.toContain(secret);
  });

  test('--send emails each digest once a week, however often it is run; the person without an address is named', { timeout: 120_000 }, async () => {
    const smtp = await SmtpTestServer.start();
    cleanups.push(() => smtp.close());
    const { run } = await project({ REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: 'Complaints <complaints@example.org>' });
    // The complainant's receipt email went when the case was opened; the digests are what follows.
    const digests = () => smtp.received.filter((m) => m.subject.includes('Your cases this week'));
    const sent = await run(['digest', '--send']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Digest emailed to Mary Smith. Not emailed (no email address in redress.yaml): Sam Jones.');
    await run(['digest', '--send'], '2026-12-02T15:00:00Z');
    expect(digests().map((m) => m.envelopeTo[0])).toEqual(['mary@example.org']);
    expect(digests()[0]?.subject).toMatch(/^\[EC\] Your cases this week: \d+ overdue, \d+ due$/);
    // The next week is another digest.
    await run(['digest', '--send'], '2026-12-07T09:00:00Z');
    expect(digests()).toHaveLength(2);
    expect(smtp.received.filter((m) => m.envelopeTo[0] !== 'jo@example.org')).toHaveLength(2);
  });

  test('the sweep sends the digest in its first run on or after Monday 08:00, once that week', { timeout: 120_000 }, async () => {
    const smtp = await SmtpTestServer.start();
    cleanups.push(() => smtp.close());
    const { run } = await project({ REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: 'Complaints <complaints@example.org>' });
    const digests = () => smtp.received.filter((m) => m.subject.includes('Your cases this week'));
    const sunday = await run(['sweep'], '2026-11-29T20:00:00Z');
    expect(sunday.stdout).not.toContain('Staff digest');
    await run(['sweep'], '2026-11-30T07:59:00Z');
    expect(digests()).toHaveLength(0);
    const monday = await run(['sweep'], '2026-11-30T08:05:00Z');
    expect(monday.stdout).toContain('**Staff digest for 2026-W49:** Digest emailed to Mary Smith. Not emailed (no email address in redress.yaml): Sam Jones.');
    await run(['sweep'], '2026-11-30T09:05:00Z');
    await run(['sweep'], '2026-12-02T10:00:00Z');
    expect(digests().map((m) => m.envelopeTo[0])).toEqual(['mary@example.org']);
  });

  test('a bad --now is refused, naming the option', { timeout: 120_000 }, async () => {
    const { run } = await project();
    const refused = await run(['digest', '--now', 'next tuesday']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--now');
  });
});
