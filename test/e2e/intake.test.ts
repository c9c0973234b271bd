/**
 * A complaint made in a real browser reaches GitHub (the test server) as an issue: the right title, labels,
 * assignee and an escaped body; a double submit makes one issue; an outage still gives the person a reference,
 * and one issue once GitHub is back. The token configured for GitHub appears in no page, response or log line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { buildSite } from './support/site-server.ts';
import { casesServer } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { mentionsAndReferences } from '../support/markdown-safety.ts';
import { startIntakeServer, type IntakeServer } from '../intake/support/intake-server.ts';

/** A token shaped like a real one, so any leak of it is unmistakable. */
const TOKEN = 'ghp_LeakCanary0123456789abcdefABCDEF0123';
const LAST_WEEK = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

let build: { outDir: string; remove: () => Promise<void> };
let github: GitHubTestServer;
let site: IntakeServer;
let browser: Browser;
let dataDir: string;
/** Every page and response body the browser received. */
const seen: string[] = [];

beforeAll(async () => {
  const executablePath = ensureChromium();
  [build, browser, github, dataDir] = await Promise.all([
    buildSite(),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
    casesServer({
      get now() {
        return Date.now();
      },
    }),
    mkdtemp(path.join(os.tmpdir(), 'redress-e2e-intake-')),
  ]);
  github.state.addToken(TOKEN, 'redress-bot');
  site = await startIntakeServer(build.outDir, {
    REDRESS_DATA_DIR: dataDir,
    REDRESS_GITHUB_REPO: 'acme/complaints',
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: github.url,
    REDRESS_GITHUB_PACING: 'none',
    REDRESS_ASSIGNEES: JSON.stringify({ ceccc: { coordinator: ['octocat'], chair: ['hubot'] } }),
    REDRESS_MIN_FILL_SECONDS: '2',
    REDRESS_DELIVERY_WAIT_MS: '1500',
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  github?.assertNoViolations();
  await github?.close();
  await build?.remove();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function openForm(options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.on('response', (response) => {
    void response.text().then((text) => seen.push(text), () => undefined);
  });
  await page.goto(`${site.url}/procedures/ceccc/complain/`);
  return page;
}

async function fill(page: Page, complaint: string): Promise<void> {
  await page.check('#identity');
  await page.fill('#name', 'Ann @admin Example');
  await page.fill('#email', 'ann@example.com');
  await page.check('#contactBy');
  await page.check('#onBehalf');
  await page.check('#incident');
  await page.fill('#incidentDate', LAST_WEEK);
  await page.check('#spokenToSomeone-no');
  await page.fill('#complaint', complaint);
  await page.fill('#outcomeWanted', 'An explanation.');
  await page.check('#privacy');
  // A person takes longer than the minimum fill time; a script does not wait.
  await page.waitForTimeout(2_100);
}

async function referenceOnReceipt(page: Page): Promise<string> {
  await page.waitForURL(/\/procedures\/ceccc\/received\/\?ref=RDR-/);
  return new URL(page.url()).searchParams.get('ref') ?? '';
}

function issuesFor(reference: string) {
  const repo = github.state.requireRepo('acme/complaints');
  return github.state.issues(repo).filter((issue) => issue.title.startsWith(reference)).map((issue) => ({ issue, labels: github.state.issueLabels(repo, issue).map((l) => l.name) }));
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a complaint made in the browser', () => {
  test('becomes one issue with its reference and procedure in the title, its labels, its assignee and an escaped body', async () => {
    const page = await openForm();
    await fill(page, 'The handover was late. @admin please see #1 <img src=https://evil.example/x.png> **now**');
    await page.click('button[type=submit]');
    const reference = await referenceOnReceipt(page);
    await expect(page.locator('.reference').textContent()).resolves.toBe(reference);
    const [found] = await eventually(() => (issuesFor(reference).length ? issuesFor(reference) : undefined));
    const { issue, labels } = found as NonNullable<typeof found>;
    expect(issue.title).toBe(`${reference} · ceccc`);
    expect(labels.sort()).toEqual(['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received']);
    expect(issue.assignees).toEqual(['octocat']);
    const body = issue.body ?? '';
    expect(body).toContain('&#64;&#8203;admin please see &#35;&#8203;1 &lt;img src&#61;https&#58;&#8203;//evil.example/x.png&gt; \\*\\*now\\*\\*');
    expect(body).toContain('**Name:** Ann &#64;&#8203;admin Example');
    expect(mentionsAndReferences(body)).toEqual([]);
    await page.context().close();
  });

  test('sent again after its answer was lost makes one issue, under one reference', async () => {
    const page = await openForm({ javaScript: false });
    await fill(page, 'Sent twice: the first answer never arrived.');
    const submissionId = await page.inputValue('input[name=submissionId]');
    let posts = 0;
    // The first post reaches the server, but its answer is cut off on the way back, as on a flaky connection.
    await page.route('**/api/complaints', async (route) => {
      posts += 1;
      if (posts === 1) {
        await route.fetch({ maxRedirects: 0 });
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.click('button[type=submit]').catch(() => undefined);
    await page.waitForTimeout(500);
    // The person presses reload on the error page, which sends the same form again.
    await page.reload().catch(() => undefined);
    const reference = await referenceOnReceipt(page);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(posts).toBe(2);
    expect(issuesFor(reference)).toHaveLength(1);
    expect(JSON.parse(/\{"reference".*?\} -->/.exec(issuesFor(reference)[0]?.issue.body ?? '')?.[0]?.slice(0, -4) ?? '{}').submissionId).toBe(submissionId);
    await page.context().close();
  });

  test('sent twice at once from the page makes one issue, and both answers carry its reference', async () => {
    const page = await openForm();
    await fill(page, 'Double-clicked.');
    const answers = await page.evaluate(async () => {
      const form = document.querySelector('form[data-complaint-form]') as HTMLFormElement;
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
      const send = () =>
        fetch('/api/complaints', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body }).then(async (r) => ({ status: r.status, json: await r.json() }));
      return Promise.all([send(), send()]);
    });
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const reference = answers[0]?.json.reference as string;
    expect(answers[1]?.json.reference).toBe(reference);
    expect(answers[1]?.json.receivedAt).toBe(answers[0]?.json.receivedAt);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(issuesFor(reference)).toHaveLength(1);
    await page.context().close();
  });

  test('filled in faster than a person could is answered with a receipt but makes no issue, whatever renderedAt says', async () => {
    const page = await openForm({ javaScript: false });
    // A script fills the form in at once and sends it, claiming it was shown years ago: only the time the server
    // signed in formToken counts.
    await page.evaluate((lastWeek) => {
      const form = document.querySelector('form[data-complaint-form]') as HTMLFormElement;
      const input = (selector: string) => form.querySelector(selector) as HTMLInputElement;
      input('input[name=renderedAt]').value = '2020-01-01T00:00:00.000Z';
      for (const selector of ['input[name=identity][value=anonymous]', '#onBehalf', '#incident', '#spokenToSomeone-no', '#privacy']) input(selector).checked = true;
      input('#incidentDate').value = lastWeek;
      (form.querySelector('#complaint') as HTMLTextAreaElement).value = 'Sent by a script.';
      (form.querySelector('#outcomeWanted') as HTMLTextAreaElement).value = 'Nothing.';
      form.submit();
    }, LAST_WEEK);
    const reference = await referenceOnReceipt(page);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(issuesFor(reference)).toHaveLength(0);
    await page.context().close();
  });

  test('during a GitHub outage still gets a reference, and exactly one issue once GitHub is back', async () => {
    github.faults.inject({ method: 'POST', path: /\/issues$/, times: 10_000, fault: { type: 'status', status: 503 } });
    const page = await openForm();
    await fill(page, 'Sent while GitHub was down.');
    await page.click('button[type=submit]');
    const reference = await referenceOnReceipt(page);
    expect(issuesFor(reference)).toHaveLength(0);
    github.faults.clear();
    await eventually(() => (issuesFor(reference).length > 0 ? true : undefined), 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(issuesFor(reference)).toHaveLength(1);
    await page.context().close();
  }, 60_000);
});

describe('the GitHub token', () => {
  test('never reaches a page, a response or a log line', async () => {
    const answers = await Promise.all([
      fetch(`${site.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: site.url }, body: '{"procedure":"ceccc"}' }),
      fetch(`${site.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' }),
      fetch(`${site.url}/procedures/ceccc/complain/`),
      fetch(`${site.url}/`),
    ]);
    for (const answer of answers) {
      seen.push(await answer.text());
      seen.push(JSON.stringify([...answer.headers]));
    }
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) expect(text).not.toContain(TOKEN);
    expect(site.output()).toContain('Intake ready');
    expect(site.output()).not.toContain(TOKEN);
    expect(site.output()).not.toContain(TOKEN.slice(4, 20));
  });
});
