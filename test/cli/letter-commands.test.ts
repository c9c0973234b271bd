/**
 * Letters from the command line, on the local store: the draft asked for with `case command`, edited with
 * `letter edit`, sent by email to a real SMTP server with `/send`, or printed with `letter print` and recorded as
 * posted. The whole configured path: the sweep the command runs opens the mail outbox in the data directory.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';
import { SmtpTestServer } from '../mail/support/smtp-test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = '2026-11-24T10:00:00Z'; // a Tuesday
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-letters-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const smtp = await SmtpTestServer.start();
  cleanups.push(() => smtp.close());
  const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), USER: 'mary', REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: 'Centre Complaints <complaints@example.org>' };
  const run = async (argv: string[], stdin?: string) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, env, now: () => Date.parse(NOW), ...(stdin === undefined ? {} : { readStdin: async () => stdin }) });
    return { code, stdout, stderr };
  };
  const open = async (answers: Record<string, unknown>) => {
    const file = path.join(dir, `complaint-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify({ identity: 'named', onBehalf: 'myself', incident: 'single', incidentDate: '2026-11-10', spokenToSomeone: 'no', complaint: 'The handover was late.', outcomeWanted: 'An apology.', privacy: true, ...answers }));
    const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-11-23T10:00', '--input', file]);
    const reference = /RDR-[A-Z0-9-]+/.exec(opened.stdout)?.[0];
    if (!reference) throw new Error(`no case: ${opened.stderr}`);
    return reference;
  };
  return { dir, smtp, run, open };
}

describe('letters from the command line', () => {
  test('draft, edit, send by email: one letter, the edited text, the acknowledgement recorded', { timeout: 120_000 }, async () => {
    const d = await desk();
    const reference = await d.open({ name: 'Ann Example', contactBy: 'email', email: 'ann@example.com' });
    const drafted = await d.run(['case', 'command', reference, '/draft acknowledgement']);
    expect(drafted).toMatchObject({ code: 0, stdout: expect.stringContaining('Done: `/draft acknowledgement`: draft 1 is below') });

    const shown = (await d.run(['case', 'show', reference])).stdout;
    expect(shown).not.toContain('redress:contact');
    const letter = shown.slice(shown.indexOf('Dear Ann Example,'), shown.indexOf('Cambridge & Ely Child Contact Centres', shown.indexOf('Yours sincerely')) + 'Cambridge & Ely Child Contact Centres'.length);
    const edited = await d.run(['letter', 'edit', reference, '1'], `${letter.replace('will look into it.', 'will look into it, and will telephone you on Friday.').replace('Co-Ordinator\nCambridge', 'Co-Ordinator<br>\nCambridge')}\n`);
    expect(edited).toMatchObject({ code: 0, stdout: `Draft 1 of ${reference} now holds the new letter. Send it with /send 1.\n` });

    const sent = await d.run(['case', 'command', reference, '/send 1']);
    expect(sent.stdout).toContain('Done: `/send 1`: draft 1 sent by email Tuesday 24 November 2026 at 10:00am; acknowledgement recorded.');
    expect(sent.code).toBe(0);
    const letters = d.smtp.received.filter((m) => m.subject.includes('we have received it'));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ envelopeTo: ['ann@example.com'], subject: `Your complaint ${reference}: we have received it (Stage 1)` });
    expect(letters[0]?.text).toContain('will telephone you on Friday.');
    expect(letters[0]?.text).toContain('Co-Ordinator\nCambridge & Ely Child Contact Centres');

    const again = await d.run(['case', 'command', reference, '/send 1']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('draft 1 was already sent by email');
    expect(d.smtp.received.filter((m) => m.subject.includes('we have received it'))).toHaveLength(1);
  });

  test('by post: the letter printed for A4 with the address, then recorded with the posting date', { timeout: 120_000 }, async () => {
    const d = await desk();
    const reference = await d.open({ name: 'Bob <Example>', contactBy: 'post', address: '2 Low Road\nEly\nCB7 4BB' });
    await d.run(['case', 'command', reference, '/draft acknowledgement']);
    const file = path.join(d.dir, 'letter.html');
    const printed = await d.run(['letter', 'print', reference, '1', '--output', file]);
    expect(printed).toMatchObject({ code: 0, stdout: expect.stringContaining(`Print it on A4, post it, then write "/send 1 posted <date>" on the case.`) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<p>2 Low Road<br>\nEly<br>\nCB7 4BB</p>');
    expect(html).toContain('<p>Dear Bob &lt;Example&gt;,</p>');
    expect(html).not.toMatch(/&amp;#|&#8203;|\\/);

    const recorded = await d.run(['case', 'command', reference, '/send 1 posted 2026-11-23']);
    expect(recorded.stdout).toContain('Done: `/send 1 posted 2026-11-23`: draft 1 posted Monday 23 November 2026; acknowledgement recorded.');
    expect(d.smtp.received.filter((m) => m.subject.includes('we have received it'))).toHaveLength(0);
  });

  test('bad input names the problem', async () => {
    const d = await desk();
    const reference = await d.open({ name: 'Ann Example', contactBy: 'email', email: 'ann@example.com' });
    expect(await d.run(['letter', 'print', reference, '3'])).toMatchObject({ code: 2, stderr: expect.stringContaining(`Case ${reference} has no draft letter 3; /draft on the case makes one.`) });
    expect(await d.run(['letter', 'print', reference, 'two'])).toMatchObject({ code: 2, stderr: expect.stringContaining('"two" is not a draft\'s number.') });
    expect(await d.run(['letter', 'print', 'RDR-NOPE'])).toMatchObject({ code: 2 });
    await d.run(['case', 'command', reference, '/draft outcome upheld']);
    expect(await d.run(['letter', 'print', reference, '1', '--output', path.join(d.dir, 'x.html')])).toMatchObject({ code: 1, stderr: expect.stringContaining('Draft 1 still holds text in [[…]] to be written') });
    expect(await d.run(['letter', 'edit', reference, '1'], '  \n')).toMatchObject({ code: 2, stderr: expect.stringContaining('The new letter is empty') });
  });
});
