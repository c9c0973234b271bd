import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../scripts/cli/main.ts';
import { ISSUE_FORM_FILE } from '../../scripts/cli/commands/issue-form-generate.ts';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { Outbox } from '../../scripts/adapters/intake/outbox.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { validateComplaint } from '../../scripts/core/complaint/complaint-schema.ts';
import { issueForm, readIssueForm } from '../../scripts/core/intake/issue-form.ts';
import { casesServer, CASES_TOKEN } from '../case-store/cases-server.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = Date.parse('2026-12-23T12:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function run(argv: string[], env: Record<string, string> = {}, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: ROOT,
    env,
    now: () => NOW,
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  });
  return { code, stdout, stderr };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const { procedure: _procedure, submissionId: _id, renderedAt: _at, ...ANSWERS } = GOOD_COMPLAINT;

describe('redress issue-form generate', () => {
  test('the committed issue form is what the complaint schema generates', async () => {
    expect(await run(['issue-form', 'generate', '--check'])).toEqual({ code: 0, stdout: `${ISSUE_FORM_FILE} is up to date.\n`, stderr: '' });
  });

  test('the form is well formed for GitHub: unique ids and labels, options, required answers', async () => {
    const form = parse(await readFile(path.join(ROOT, ISSUE_FORM_FILE), 'utf8'));
    expect(form).toMatchObject({ name: expect.any(String), description: expect.any(String), body: expect.any(Array) });
    const elements = form.body.filter((e: { type: string }) => e.type !== 'markdown');
    const ids = elements.map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const labels = elements.map((e: { attributes: { label: string } }) => e.attributes.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const element of elements) {
      expect(['input', 'textarea', 'dropdown', 'checkboxes']).toContain(element.type);
      if (element.type === 'dropdown') expect(element.attributes.options.length).toBeGreaterThan(0);
      if (element.type === 'checkboxes') for (const option of element.attributes.options) expect(option.label).toEqual(expect.any(String));
    }
    expect(ids).toEqual(expect.arrayContaining(['procedure', 'channel', 'received', 'identity', 'complaint', 'incidentDate', 'adjustments', 'privacy']));
    expect(ids).not.toEqual(expect.arrayContaining(['submissionId']));
    expect(form.title).toBe('Complaint received (no names here)');
  });

  test('an issue made with the form reads back into a valid complaint', () => {
    const elements = (issueForm([{ id: 'ceccc', name: 'Cambridge & Ely' }]).body as { type: string; id: string; attributes: { label: string; options?: { label: string }[] } }[]).filter((e) => e.type !== 'markdown');
    const answers: Record<string, string | string[] | boolean> = { procedure: 'ceccc', channel: 'email', received: '2026-12-22T09:00', ...ANSWERS, name: 'Ann @admin', adjustments: ['large-print'], aboutHandler: true };
    // How GitHub writes the body of an issue made from a form.
    const body = elements
      .map((e) => {
        const value = answers[e.id];
        if (e.type === 'checkboxes') {
          const ticked = Array.isArray(value) ? value : value === true ? [e.attributes.options?.[0]?.label ?? ''] : [];
          return `### ${e.attributes.label}\n\n${(e.attributes.options ?? []).map((o) => `- [${ticked.includes(o.label) ? 'X' : ' '}] ${o.label}`).join('\n')}`;
        }
        return `### ${e.attributes.label}\n\n${value === undefined ? '_No response_' : String(value)}`;
      })
      .join('\n\n');
    const read = readIssueForm(body);
    expect(read).toMatchObject({ procedure: 'ceccc', channel: 'email', received: '2026-12-22T09:00' });
    const result = validateComplaint({ ...read.complaint, submissionId: GOOD_COMPLAINT.submissionId, renderedAt: GOOD_COMPLAINT.renderedAt }, { today: '2026-12-23' });
    expect(result.success).toBe(true);
    expect(result.success && result.complaint).toMatchObject({ name: 'Ann @admin', aboutHandler: true, adjustments: ['large-print'], privacy: true });
  });
});

describe('redress case open', () => {
  test('opens a case in the local store from a file of answers, and prints its reference and dates', async () => {
    const dataDir = await tempDir();
    const input = path.join(dataDir, 'letter.json');
    await writeFile(input, JSON.stringify(ANSWERS));
    const result = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00', '--input', input], { REDRESS_DATA_DIR: dataDir, REDRESS_COMMIT_INTERVAL_MS: '0' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const reference = /Case (RDR-[A-Z0-9-]+) opened/.exec(result.stdout)?.[1] ?? '';
    expect(result.stdout).toContain('received Tuesday 22 December 2026 at 9:00am by email');
    expect(result.stdout).toContain('Acknowledge the complaint in writing: by Thursday 31 December 2026');
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    const stored = await store.findByReference(reference);
    expect(parseCaseBlock(stored?.body ?? '')).toMatchObject({ channel: 'email', received: '2026-12-22T09:00:00.000Z' });
    expect(await store.history()).toEqual(expect.arrayContaining([expect.stringContaining(`${reference}: case opened`)]));
    await store.close();
  });

  test('reads the answers from standard input, and prints JSON when asked', async () => {
    const dataDir = await tempDir();
    const result = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00', '--json'], { REDRESS_DATA_DIR: dataDir }, JSON.stringify(ANSWERS));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ reference: expect.stringMatching(/^RDR-/), queued: false, receivedAt: '2026-12-22T09:00:00.000Z', dates: [{ id: 'stage-1.acknowledge', dueDate: '2026-12-31' }, { id: 'stage-1.respond' }] });
  });

  test('answers that are not a valid complaint are listed by field, for staff, with what each takes; nothing is created', async () => {
    const dataDir = await tempDir();
    const answers = { ...ANSWERS, complaint: '', privacy: false, identity: 'nameless', adjustments: ['large-print', 'sign-language'], incidentDate: '31/02/2026', phone: 'call me' };
    const result = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00'], { REDRESS_DATA_DIR: dataDir }, JSON.stringify(answers));
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  complaint (The complaint, in their words): no answer was given; it takes text, at most 20,000 characters.',
        '  privacy (Privacy notice): false is not allowed; it takes true (the complainant has been told about the privacy notice).',
        '  identity (Does the complainant give their name?): "nameless" is not allowed; it takes one of: named, anonymous.',
        '  adjustments (Help they need to take part): ["large-print","sign-language"] is not allowed; it takes a list of any of: large-print, phone-call, interpreter, advocate, other.',
        '  incidentDate (Date of the incident (the last, for a series)): "31/02/2026" is not allowed (Date of the incident must be a real date); it takes a date, 2026-11-28 or 28/11/2026.',
        expect.stringMatching(/^ {2}phone \(Telephone number\): "call me" is not allowed \(Enter a telephone number, like .*\); it takes a telephone number/),
      ]),
    );
    expect(result.stderr).not.toMatch(/Enter your complaint|Confirm that you have read/);
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect(await store.listCases({ state: 'all' })).toEqual([]);
    await store.close();
  });

  test('takes dates as staff write them everywhere: 28/11/2026, and a time after a space', async () => {
    const dataDir = await tempDir();
    const result = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '22/12/2026 09:00', '--json'], { REDRESS_DATA_DIR: dataDir }, JSON.stringify({ ...ANSWERS, incidentDate: '28/11/2026' }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ receivedAt: '2026-12-22T09:00:00.000Z' });
  });

  test('--help lists every field with the values it takes', async () => {
    const help = await run(['case', 'open', '--help'], {});
    expect(help.code).toBe(0);
    for (const field of Object.keys(ANSWERS)) expect(help.stdout).toContain(`  ${field}`);
    expect(help.stdout).toContain('one of: named, anonymous; required');
    expect(help.stdout).toContain('a list of any of: large-print, phone-call, interpreter, advocate, other; optional');
  });

  test.each([
    [['case', 'open', 'ceccc', '--received', '2026-12-22T09:00'], '--channel is required.'],
    [['case', 'open', 'ceccc', '--channel', 'fax', '--received', '2026-12-22T09:00'], '--channel: "fax" is not one of phone, letter, in-person, email.'],
    [['case', 'open', 'ceccc', '--channel', 'phone', '--received', '2026-12-22T09:00'], '--channel: ceccc takes no complaints by phone (its channels: web, email).'],
    [['case', 'open', 'ceccc', '--channel', 'email', '--received', 'yesterday'], '--received: "yesterday" is not a date and time: write it as 2026-11-28T10:00, 2026-11-28 10:00 or 28/11/2026 10:00 (UK time).'],
    [['case', 'open', 'ceccc', '--channel', 'email', '--received', '2027-01-22T09:00'], '--received is in the future.'],
    [['case', 'open', 'nope', '--channel', 'email', '--received', '2026-12-22T09:00'], 'Unknown procedure "nope"'],
    [['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00'], 'The answers are not valid JSON'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const result = await run(argv, { REDRESS_DATA_DIR: await tempDir() }, '{not json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: redress case open');
  });

  test('a bad configuration stops the command, naming the variable', async () => {
    const result = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00'], { REDRESS_GITHUB_REPO: 'org/cases' }, JSON.stringify(ANSWERS));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GITHUB_TOKEN: required when REDRESS_GITHUB_REPO (org/cases) is set.');
  });
});

describe('redress outbox flush', () => {
  test('delivers what waits in the outbox once GitHub answers again, and says what it did', async () => {
    const clock = { now: NOW };
    const server = await casesServer(clock);
    cleanups.push(() => server.close());
    const dataDir = await tempDir();
    const env = { REDRESS_DATA_DIR: dataDir, REDRESS_GITHUB_REPO: 'acme/complaints', GITHUB_TOKEN: CASES_TOKEN, GITHUB_API_URL: server.url, REDRESS_GITHUB_PACING: 'none', REDRESS_DELIVERY_WAIT_MS: '200' };
    server.faults.inject({ method: 'GET', path: /labels/, times: 1_000, fault: { type: 'status', status: 503 } });
    const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-12-22T09:00'], env, JSON.stringify(ANSWERS));
    expect(opened.code).toBe(0);
    expect(opened.stdout).toContain('the case is queued');
    expect(await new Outbox(dataDir).pending()).toHaveLength(1);
    // The command's own attempt has ended: nothing more reaches GitHub from it.
    const requestsAfterOpen = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.requests.length).toBe(requestsAfterOpen);
    server.faults.clear();
    const flushed = await run(['outbox', 'flush'], env);
    expect(flushed).toMatchObject({ code: 0, stdout: '1 delivered, 0 still waiting.\n' });
    expect(server.state.issues(server.state.requireRepo('acme/complaints'))).toHaveLength(1);
    expect(await new Outbox(dataDir).pending()).toHaveLength(0);
    expect(opened.stderr + flushed.stderr).not.toContain(CASES_TOKEN);
  });
});

describe('redress case adopt', () => {
  /** The body GitHub makes from the staff issue form with these answers. */
  function formBody(answers: Record<string, string | string[] | boolean>): string {
    const elements = (issueForm([{ id: 'ceccc', name: 'Cambridge & Ely' }]).body as { type: string; id: string; attributes: { label: string; options?: { label: string }[] } }[]).filter((e) => e.type !== 'markdown');
    return elements
      .map((e) => {
        const value = answers[e.id];
        if (e.type === 'checkboxes') {
          const ticked = Array.isArray(value) ? value : value === true ? [e.attributes.options?.[0]?.label ?? ''] : [];
          return `### ${e.attributes.label}\n\n${(e.attributes.options ?? []).map((o) => `- [${ticked.includes(o.label) ? 'X' : ' '}] ${o.label}`).join('\n')}`;
        }
        return `### ${e.attributes.label}\n\n${value === undefined ? '_No response_' : String(value)}`;
      })
      .join('\n\n');
  }

  test('turns a form issue into one case, closes the form issue without the complaint in it, and can run again', async () => {
    const clock = { now: NOW };
    const server = await casesServer(clock);
    cleanups.push(() => server.close());
    const env = {
      REDRESS_DATA_DIR: await tempDir(),
      REDRESS_GITHUB_REPO: 'acme/complaints',
      GITHUB_TOKEN: CASES_TOKEN,
      GITHUB_API_URL: server.url,
      REDRESS_GITHUB_PACING: 'none',
      // The server's, so the receipt email links to the case's own page.
      REDRESS_TRACKING_SECRET: 'a-tracking-secret-shared-with-the-server-0123456789',
      REDRESS_PUBLIC_URL: 'https://complaints.example.org',
    };
    const form = server.state.createIssue({
      repo: 'acme/complaints',
      as: 'staff-member',
      title: 'Complaint received (no names here)',
      labels: ['intake:staff'],
      body: formBody({ procedure: 'ceccc', channel: 'email', received: '2026-12-22T09:00', ...ANSWERS, name: 'Ann @admin', privacy: true, adjustments: ['large-print'] }),
    });
    // The first run dies after creating the case, before tidying the form issue.
    server.faults.inject({ operationId: 'issues/update', fault: { type: 'status', status: 500 }, times: 10 });
    expect((await run(['case', 'adopt', String(form.number)], env)).code).toBe(1);
    server.faults.clear();
    const adopted = await run(['case', 'adopt', String(form.number)], env);
    expect(adopted).toMatchObject({ code: 0, stderr: '' });
    const reference = /case (RDR-[A-Z0-9-]+)/.exec(adopted.stdout)?.[1] ?? '';
    expect(adopted.stdout).toContain("The receipt email links to the complainant's tracking page at https://complaints.example.org/track/.");
    expect((await run(['mail', 'show', `receipt:${reference}`], env)).stdout).toContain(`https://complaints.example.org/track/1.${reference}.`);
    const repo = server.state.requireRepo('acme/complaints');
    const cases = server.state.issues(repo).filter((i) => i.title.startsWith(reference));
    expect(cases).toHaveLength(1);
    expect(cases[0]?.title).toBe(`${reference} · ceccc`);
    expect(parseCaseBlock(cases[0]?.body ?? '')).toMatchObject({ channel: 'email', received: '2026-12-22T09:00:00.000Z' });
    // Who recorded the complaint is on its received event.
    expect(parseCaseBlock(cases[0]?.body ?? '')?.events[0]).toMatchObject({ type: 'received', by: 'staff-member' });
    expect(cases[0]?.body).toContain('Ann &#64;&#8203;admin');
    const closed = server.state.issue(repo, form.number);
    expect(closed?.state).toBe('closed');
    expect(closed?.body).toBe(`Opened as case ${reference} (#${cases[0]?.number}). The complaint's details are in that case and were removed from this issue.`);
    expect(await run(['case', 'adopt', String(form.number)], env)).toMatchObject({ code: 0, stdout: `Issue #${form.number} was adopted already: ${reference} (#${cases[0]?.number}).\n` });
    expect(server.state.issues(repo).filter((i) => i.title.startsWith('RDR-'))).toHaveLength(1);
    server.assertNoViolations();
  });

  test('a form issue opened by someone without write access is not adopted, and the issue says why once', async () => {
    const clock = { now: NOW };
    const server = await casesServer(clock);
    cleanups.push(() => server.close());
    server.state.addUser({ login: 'reader' });
    server.state.addCollaborator({ repo: 'acme/complaints', login: 'reader', permission: 'read' });
    const env = { REDRESS_DATA_DIR: await tempDir(), REDRESS_GITHUB_REPO: 'acme/complaints', GITHUB_TOKEN: CASES_TOKEN, GITHUB_API_URL: server.url, REDRESS_GITHUB_PACING: 'none' };
    const form = server.state.createIssue({
      repo: 'acme/complaints',
      as: 'reader',
      title: 'Complaint received',
      labels: ['intake:staff'],
      body: formBody({ procedure: 'ceccc', channel: 'email', received: '2026-12-22T09:00', ...ANSWERS, privacy: true }),
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refused = await run(['case', 'adopt', String(form.number)], env);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining(`Issue #${form.number} was opened by reader, whose access is "read": only staff with write, maintain or admin access can open a case`) });
    }
    const repo = server.state.requireRepo('acme/complaints');
    expect(server.state.issues(repo).filter((i) => i.title.startsWith('RDR-'))).toEqual([]);
    expect(server.state.issue(repo, form.number)?.state).toBe('open');
    expect(server.state.comments(repo, form.number).map((c) => c.body)).toEqual([expect.stringContaining('only staff with write, maintain or admin access can open a case')]);
    server.assertNoViolations();
  });

  test('needs the GitHub store and an issue number', async () => {
    expect(await run(['case', 'adopt', 'x'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('"x" is not an issue number.') });
    expect(await run(['case', 'adopt', '3'], { REDRESS_DATA_DIR: await tempDir() })).toMatchObject({ code: 2, stderr: expect.stringContaining('set REDRESS_GITHUB_REPO and GITHUB_TOKEN') });
  });
});
