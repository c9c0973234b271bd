/**
 * The public site in a real browser: one build and one server for the whole suite, one Chromium.
 * Screenshots of every page at desktop width and at 320px go to test-results/screenshots/ for people to look at.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { axeViolations } from './support/axe.ts';
import { weighPage } from './support/page-weight.ts';
import { buildSite, startServer } from './support/site-server.ts';
import { vnuErrors } from './support/vnu.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const KB = 1024;
const PROCEDURES = ['ceccc', 'cecops', 'cms-vocational', 'naccc-model', 'op-performance'];
const COMPLAINABLE = ['ceccc', 'cecops', 'cms-vocational', 'op-performance'];
const RECEIPT = '/procedures/ceccc/received/?ref=RDR-7KX4-M9QP-2TW&at=2026-12-23T10%3A00%3A00.000Z';
/** An incident a week ago (YYYY-MM-DD): in the past and in time whenever the tests run. */
const LAST_WEEK = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

/** Every page of the site, by a name for its screenshot. */
const PAGES: Record<string, string> = {
  home: '/',
  privacy: '/privacy/',
  statistics: '/statistics/',
  'not-found': '/no-such-page/',
  ...Object.fromEntries(PROCEDURES.map((id) => [`procedure-${id}`, `/procedures/${id}/`])),
  ...Object.fromEntries(COMPLAINABLE.map((id) => [`complain-${id}`, `/procedures/${id}/complain/`])),
  ...Object.fromEntries(PROCEDURES.map((id) => [`fidelity-${id}`, `/procedures/${id}/fidelity/`])),
  receipt: RECEIPT,
  'track-lookup': '/track/',
};

let site: { url: string; stop: () => Promise<void> };
let build: { outDir: string; remove: () => Promise<void> };
let browser: Browser;
let work: string;

beforeAll(async () => {
  const executablePath = ensureChromium();
  [build, browser, work] = await Promise.all([
    buildSite(),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
    mkdtemp(path.join(os.tmpdir(), 'redress-e2e-html-')),
  ]);
  site = await startServer(build.outDir);
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await build?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * A fresh browser context. `javaScript: false` turns scripting off; `siteScripts: false` keeps it on (for axe)
 * but blocks the site's own scripts, which shows each page as a person without JavaScript gets it.
 */
async function open(options: { javaScript?: boolean; siteScripts?: boolean; width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  if (options.siteScripts === false) await context.route('**/_astro/*.js', (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

/** Fills in a complete, valid complaint (mouse or keyboard does not matter here; see the keyboard test). */
async function fillValidComplaint(page: Page): Promise<void> {
  await page.check('#identity');
  await page.fill('#name', 'Ann Example');
  await page.fill('#email', 'ann@example.com');
  await page.check('#contactBy');
  await page.check('#onBehalf');
  await page.fill('#childName', 'Cal Example');
  await page.fill('#childRelationship', 'Mother');
  await page.check('#incident');
  await page.fill('#incidentDate', LAST_WEEK);
  await page.check('#spokenToSomeone-no');
  await page.fill('#complaint', 'The handover last week was forty minutes late and nobody told us why.');
  await page.fill('#outcomeWanted', 'Handovers on time, and to be told when they are late.');
  await page.check('#adjustments-interpreter');
  await page.fill('#interpreterLanguage', 'Polish');
  await page.check('#privacy');
}

async function expectReceipt(page: Page): Promise<void> {
  await page.waitForURL(/\/procedures\/ceccc\/received\/\?ref=RDR-/);
  await expect(page.locator('h1').textContent()).resolves.toBe('Complaint received');
  const reference = await page.locator('.reference').textContent();
  expect(reference).toMatch(/^RDR-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{3}$/);
  await expect(page.locator('dl').first().textContent()).resolves.toContain('Acknowledge the complaint in writing');
}

describe('making a complaint', () => {
  test('with JavaScript: the form is sent and the receipt shows the reference and dates', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    await fillValidComplaint(page);
    await page.click('button[type=submit]');
    await expectReceipt(page);
    await context.close();
  });

  test('without JavaScript: the same', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    await fillValidComplaint(page);
    await page.click('button[type=submit]');
    await expectReceipt(page);
    await context.close();
  });

  test('by keyboard alone', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    /** Presses Tab until the element with this id has focus, as a keyboard user would. */
    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 80; presses += 1) {
        if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await tabTo('identity');
    await page.keyboard.press('Space');
    await tabTo('name');
    await page.keyboard.type('Kay Board');
    await tabTo('email');
    await page.keyboard.type('kay@example.com');
    await tabTo('contactBy');
    await page.keyboard.press('Space');
    await tabTo('onBehalf');
    await page.keyboard.press('Space');
    await tabTo('incident');
    await page.keyboard.press('Space');
    await tabTo('incidentDate');
    // A date field takes its parts in the order of the browser's own locale, which may be day-month or
    // month-day: 3 March reads the same either way. A year ago is late, which the form asks about but accepts.
    await page.keyboard.type(`0303${new Date().getFullYear() - 1}`);
    expect(await page.inputValue('#incidentDate')).toBe(`${new Date().getFullYear() - 1}-03-03`);
    await tabTo('spokenToSomeone');
    await page.keyboard.press('ArrowDown'); // Moves to and selects "No".
    await tabTo('complaint');
    await page.keyboard.type('Typed without a mouse.');
    await tabTo('outcomeWanted');
    await page.keyboard.type('An explanation.');
    await tabTo('privacy');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send complaint');
    await page.keyboard.press('Enter');
    await expectReceipt(page);
    await context.close();
  });

  test('invalid without JavaScript: 400, GOV.UK error summary focused, input kept', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    await page.check('#identity');
    await page.fill('#name', 'Ann Example');
    await page.fill('#email', 'ann@');
    await page.check('#contactBy');
    await page.fill('#complaint', 'Kept as typed.');
    await page.check('#adjustments-interpreter');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/complaints')), page.click('button[type=submit]')]);
    expect(response.status()).toBe(400);
    await expectErrorState(page);
    await context.close();
  });

  test('invalid with JavaScript: the same summary and messages, before anything is sent', async () => {
    const { context, page } = await open();
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    await page.check('#identity');
    await page.fill('#name', 'Ann Example');
    await page.fill('#email', 'ann@');
    await page.check('#contactBy');
    await page.fill('#complaint', 'Kept as typed.');
    await page.check('#adjustments-interpreter');
    await page.click('button[type=submit]');
    await expectErrorState(page);
    expect(posts).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('a late complaint is asked about exceptional circumstances, only when late', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    const question = page.locator('[data-late-question]');
    await expect(question.isVisible()).resolves.toBe(false);
    await page.fill('#incidentDate', '2020-01-01');
    await expect(question.isVisible()).resolves.toBe(true);
    await expect(question.textContent()).resolves.toContain('Only if your complaint is late');
    await page.fill('#incidentDate', await page.evaluate(() => new Date().toISOString().slice(0, 10)));
    await expect(question.isVisible()).resolves.toBe(false);
    await context.close();

    const noScript = await open({ javaScript: false });
    await noScript.page.goto(`${site.url}/procedures/ceccc/complain/`);
    await expect(noScript.page.locator('#lateReason').isVisible()).resolves.toBe(true);
    await noScript.context.close();
  });

  test('the endpoint: JSON 201 with the dates; a form posted from another site is refused', async () => {
    // A JSON client asks for a form first, and sends the complaint with it once a person could have written it.
    const { sendAfter, expiresAt: _expires, ...form } = await (await fetch(`${site.url}/api/form-token?procedure=cms-vocational`)).json();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(sendAfter) - Date.now() + 50)));
    const json = await fetch(`${site.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        ...form, identity: 'anonymous',
        onBehalf: 'myself', incident: 'single', incidentDate: '2025-06-01', spokenToSomeone: 'no', complaint: 'By JSON.', privacy: true,
      }),
    });
    expect(json.status).toBe(201);
    // Sent anonymously: nobody can tell the sender of a change of date, so none is promised, and the answer says why.
    expect(await json.json()).toMatchObject({ reference: expect.stringMatching(/^RDR-/), procedure: 'cms-vocational', dates: [], anonymous: { noReply: expect.stringContaining('cannot reply to you') } });

    const foreign = await fetch(`${site.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example' },
      body: 'procedure=ceccc',
    });
    expect(foreign.status).toBe(403);
  });
});

async function expectErrorState(page: Page): Promise<void> {
  const summary = page.locator('.error-summary');
  await expect(summary.getAttribute('role')).resolves.toBe('alert');
  await expect(summary.locator('h2').textContent()).resolves.toBe('There is a problem');
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
  expect(await page.title()).toMatch(/^Error: Make a complaint/);
  const links = await summary.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.textContent]));
  expect(links).toEqual([
    ['#email', 'Enter an email address in the correct format, like name@example.com'],
    ['#onBehalf', 'Select whether you are complaining for yourself or for someone else'],
    ['#incident', 'Select whether this was one incident or a series of incidents'],
    ['#incidentDate', 'Enter the date of the incident'],
    ['#spokenToSomeone', 'Select whether you have already spoken to anyone about this'],
    ['#outcomeWanted', 'Enter what you would like to happen to put things right'],
    ['#interpreterLanguage', 'Enter the language you need an interpreter for'],
    ['#privacy', 'Confirm that you have read the privacy notice'],
  ]);
  // Beside the field: the message with its hidden "Error:" prefix, tied to the field by aria-describedby.
  await expect(page.locator('#email-error').textContent()).resolves.toBe('Error: Enter an email address in the correct format, like name@example.com');
  await expect(page.locator('#email').getAttribute('aria-describedby')).resolves.toContain('email-error');
  await expect(page.locator('fieldset:has(#onBehalf)').getAttribute('aria-describedby')).resolves.toContain('onBehalf-error');
  // What the person entered is still there.
  await expect(page.inputValue('#name')).resolves.toBe('Ann Example');
  await expect(page.inputValue('#email')).resolves.toBe('ann@');
  await expect(page.inputValue('#complaint')).resolves.toBe('Kept as typed.');
  await expect(page.isChecked('#adjustments-interpreter')).resolves.toBe(true);
  await expect(page.isChecked('#contactBy')).resolves.toBe(true);
}

describe('When will I hear back?', () => {
  test('ceccc, a complaint on Wednesday 23 December 2026: Christmas week is skipped', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/ceccc/`);
    await page.fill('#reply-dates-day', '2026-12-23');
    // 5 working days: 24, 29, 30, 31 December and 4 January (25 and 28 December and 1 January are bank holidays).
    await expect(page.locator('#reply-dates-intro').textContent()).resolves.toContain('received on Wednesday 23 December 2026');
    const rows = await page.locator('#reply-dates-list > div').evaluateAll((divs) => divs.map((div) => [div.querySelector('dt')?.textContent, div.querySelector('dd')?.textContent]));
    expect(rows).toEqual([
      ['Acknowledge the complaint in writing', 'by Monday 4 January 2027'],
      ['Send a formal written response', 'by Monday 25 January 2027'],
    ]);
    await context.close();
  });

  test('op-performance: 48 hours, with the time of day, and the target date in words', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/op-performance/`);
    await page.fill('#reply-dates-day', '2026-07-01');
    // A chosen day is taken as received at midday: 48 elapsed hours later is midday on Friday.
    await expect(page.locator('#reply-dates-intro').textContent()).resolves.toContain('received on Wednesday 1 July 2026 at 12:00pm');
    const rows = await page.locator('#reply-dates-list > div').evaluateAll((divs) => divs.map((div) => div.textContent));
    expect(rows).toEqual([
      'Acknowledge receipt by return email, with a target dateby Friday 3 July 2026 at 12:00pm',
      'Resolve the complaint by the target completion dateby the target date given in the acknowledgement',
    ]);
    // Only the rule a limit in hours follows: no 5pm cut-off, no working days.
    await expect(page.locator('#counting-rules').textContent()).resolves.toBe('A time limit in hours runs from the time your complaint is received, through nights, weekends and bank holidays.');
    await context.close();
  });

  test('each page states how its working days are counted: "at or after 5pm", and a receipt on a Saturday', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${site.url}/procedures/ceccc/`);
    const rules = await page.locator('#counting-rules').textContent();
    expect(rules).toContain('A complaint received at or after 5pm counts as received the next day.');
    expect(rules).toContain('A complaint received on a day that is not a working day, such as a Saturday or a bank holiday, counts as received that day, so the next working day is the first working day counted.');
    // The window for stage 2 counts from receiving the stage 1 response: the page says when that is.
    await expect(page.locator('#time-limits-for-complaining ~ ul').first().textContent()).resolves.toContain('To ask for Stage 2: within 5 working days of receiving the response to Stage 1.');
    await expect(page.locator('#when-a-response-is-received').textContent()).resolves.toContain('one posted counts as received on the second working day after it is posted');
    await context.close();
  });

  test('without JavaScript the rule is in words and no dates are shown', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${site.url}/procedures/ceccc/`);
    await expect(page.locator('#reply-dates-heading + p + ul').textContent()).resolves.toContain('within 5 working days of receiving your complaint');
    await expect(page.locator('[data-reply-dates]').isVisible()).resolves.toBe(false);
    await context.close();
  });

  test('the fidelity report is linked from the procedure page and works without JavaScript', async () => {
    const { context, page } = await open({ javaScript: false });
    await page.goto(`${site.url}/procedures/ceccc/`);
    await page.click('a[href="/procedures/ceccc/fidelity/"]');
    await expect(page.locator('h1').textContent()).resolves.toContain('How this page follows the source document');
    const rule = (path: string) => page.locator('.fidelity > li').filter({ has: page.locator('span.secondary', { hasText: new RegExp(`^${path.replace(/\./g, '\\.')}$`) }) });
    const stage2 = rule('stages.stage-2.clocks.request');
    await expect(stage2.locator('.tag').textContent()).resolves.toBe('Rule of the source');
    await expect(stage2.locator('blockquote').textContent()).resolves.toBe('“within 5 working days of receipt of the Stage 1 response”');
    const instead = rule('stages.stage-2.independence.instead');
    await expect(instead.locator('.tag').textContent()).resolves.toBe('Assumption');
    await expect(instead.textContent()).resolves.toContain('the Trustees other than the Chair decide stage 2');
    await context.close();
  });

  test('a procedure with no time limits says so and ships no JavaScript', async () => {
    const { context, page } = await open();
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await page.goto(`${site.url}/procedures/cecops/`);
    await expect(page.locator('#reply-dates-heading + p').textContent()).resolves.toContain('does not set time limits');
    expect(scripts).toEqual([]);
    await context.close();
  });
});

describe('the demonstration', () => {
  test('says what it is: titles end with Redress, and the privacy notice says who is responsible, never "to be reviewed"', async () => {
    const home = await (await fetch(`${site.url}/`)).text();
    expect(home).toContain('<title>Complaints procedures – Redress</title>');
    expect(home).toContain('This is a demonstration of Redress, showing the procedures of real organisations as examples.');
    expect(home).not.toContain('Runs on Redress');
    const privacy = await fetch(`${site.url}/privacy/`);
    const notice = (await privacy.text()).replace(/<[^>]+>/g, '');
    expect(notice).toContain('This is a demonstration site. It runs Redress');
    expect(notice).toContain('Whoever runs this copy of Redress is the controller of anything sent through it, and is responsible for it.');
    expect(notice).toContain('A demonstration site has no retention period of its own');
    // As this server is configured: the local store, and no SMTP server.
    expect(notice).toContain('Your complaint is recorded as a case on the server that runs this site');
    expect(notice).toContain('This site does not send email at present.');
    expect(notice).not.toMatch(/to be reviewed/i);
  });

  test('the statistics page is rendered on request from the ledger, and may be kept for the period it is counted for', async () => {
    const statistics = await fetch(`${site.url}/statistics/`);
    expect(statistics.status).toBe(200);
    expect(statistics.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(await statistics.text()).toMatch(/These figures were counted from the ledger on \w+day \d+ \w+ \d{4} at [\d:]+[ap]m, and are counted again every 5 minutes\./);
  });
});

describe('every page', () => {
  test('has no axe-core violations, with and without JavaScript', async () => {
    const found: Record<string, unknown> = {};
    for (const javaScript of [true, false]) {
      const { context, page } = await open({ siteScripts: javaScript });
      for (const [name, url] of Object.entries(PAGES)) {
        await page.goto(`${site.url}${url}`);
        const violations = await axeViolations(page);
        if (violations.length > 0) found[`${name}${javaScript ? '' : ' (no JavaScript)'}`] = violations;
      }
      // The complaint form shown again with errors by the server.
      await page.goto(`${site.url}/procedures/ceccc/complain/`);
      await page.click('button[type=submit]');
      await page.waitForSelector('.error-summary:not([hidden])');
      const violations = await axeViolations(page);
      if (violations.length > 0) found[`complain with errors${javaScript ? '' : ' (no JavaScript)'}`] = violations;
      await context.close();
    }
    expect(found).toEqual({});
  }, 240_000);

  test('passes the Nu HTML Checker', async () => {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.endsWith('.html')) files.push(full);
      }
    };
    await walk(path.join(build.outDir, 'client'));
    expect(files.length).toBeGreaterThanOrEqual(PROCEDURES.length + 3);
    // On-demand pages, as the server renders them, including the form shown again with errors.
    const rendered: Record<string, string> = {};
    for (const id of COMPLAINABLE) rendered[`complain-${id}.html`] = await (await fetch(`${site.url}/procedures/${id}/complain/`)).text();
    rendered['privacy.html'] = await (await fetch(`${site.url}/privacy/`)).text();
    rendered['statistics.html'] = await (await fetch(`${site.url}/statistics/`)).text();
    rendered['receipt.html'] = await (await fetch(`${site.url}${RECEIPT}`)).text();
    rendered['receipt-bad.html'] = await (await fetch(`${site.url}/procedures/ceccc/received/?ref=RDR-XXXX`)).text();
    rendered['track-lookup.html'] = await (await fetch(`${site.url}/track/`)).text();
    rendered['track-lookup-errors.html'] = await (
      await fetch(`${site.url}/track/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url }, body: 'reference=RDR-1&email=nope' })
    ).text();
    rendered['track-invalid.html'] = await (await fetch(`${site.url}/track/1.RDR-7KX4-M9QP-2TW.1999999999.AAAAAAAAAAAAAAAAAAAAAA/`)).text();
    rendered['complain-errors.html'] = await (
      await fetch(`${site.url}/api/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url },
        body: 'procedure=ceccc&identity=named&email=nope',
      })
    ).text();
    for (const [name, html] of Object.entries(rendered)) {
      const file = path.join(work, name);
      await writeFile(file, html);
      files.push(file);
    }
    expect(await vnuErrors(files)).toEqual([]);
  }, 60_000);

  test('names no file: no procedure file, its folder or a source document, in any page as served', async () => {
    const found: string[] = [];
    for (const [name, url] of Object.entries(PAGES)) {
      const html = await (await fetch(`${site.url}${url}`)).text();
      const match = /workflows\/|\.ya?ml\b|\.txt\b/.exec(html);
      if (match) found.push(`${name}: …${html.slice(Math.max(0, match.index - 60), match.index + 20)}…`);
    }
    expect(found).toEqual([]);
  });

  test('weighs at most 60 KB transferred (HTML, CSS and JavaScript, as the server sends them)', async () => {
    const weights: Record<string, { raw: string; transferred: string }> = {};
    const tooHeavy: string[] = [];
    for (const [name, url] of Object.entries(PAGES)) {
      // A fresh browser context per page: nothing comes from the cache of a page weighed before.
      const { context, page } = await open();
      const weight = await weighPage(page, `${site.url}${url}`);
      await context.close();
      weights[name] = { raw: `${(weight.raw / KB).toFixed(1)} KB`, transferred: `${(weight.transferred / KB).toFixed(1)} KB` };
      if (weight.transferred > 60 * KB) tooHeavy.push(`${name}: ${weights[name]?.transferred}`);
      // The server compresses what it sends: every HTML, CSS and JavaScript file of more than a kilobyte.
      const uncompressed = weight.files.filter((file) => file.raw > 1024 && /\.(js|css)$|\/$|\?/.test(file.url) && file.encoding === 'identity');
      expect(uncompressed.map((file) => file.url), `${name}: sent uncompressed`).toEqual([]);
      // Procedure pages carry no JavaScript but the calculator.
      if (name.startsWith('procedure-')) {
        const scripts = weight.files.filter((file) => file.url.endsWith('.js'));
        expect(scripts.every((file) => file.url.includes('ReplyDates')), `${name} loads ${scripts.map((s) => s.url).join(', ')}`).toBe(true);
      }
    }
    console.table(weights);
    expect(tooHeavy).toEqual([]);
  }, 60_000);

  test('reflows at 320px and at 200% zoom without scrolling sideways; screenshots for people', async () => {
    const scrolls: string[] = [];
    // 1280 by 900 at 200% zoom is a 640 by 450 viewport.
    for (const [label, width, height] of [['desktop', 1280, 900], ['320', 320, 640], ['zoom-200', 640, 450]] as const) {
      const { context, page } = await open({ width, height });
      for (const [name, url] of Object.entries(PAGES)) {
        await page.goto(`${site.url}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) scrolls.push(`${name} at ${label}: ${overflow}px too wide`);
        if (label !== 'zoom-200') await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
      }
      await context.close();
    }
    expect(scrolls).toEqual([]);
  }, 240_000);

  test('targets are at least 24 by 24 CSS pixels, or inline in text', async () => {
    const { context, page } = await open({ width: 320, height: 640 });
    const small: string[] = [];
    for (const url of [PAGES.home!, '/procedures/ceccc/complain/', '/procedures/ceccc/']) {
      await page.goto(`${site.url}${url}`);
      small.push(
        ...(await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('input:not([type=hidden]):not(#website), button, select, textarea')]
            .filter((element) => {
              const box = element.getBoundingClientRect();
              // Questions hidden until an answer reveals them have no box yet.
              return element.getClientRects().length > 0 && (box.width < 24 || box.height < 24);
            })
            .map((element) => `${location.pathname} #${element.id}`),
        )),
      );
    }
    expect(small).toEqual([]);
    await context.close();
  });
});

describe('following a complaint', () => {
  /** Sends a valid complaint without JavaScript, once a person could have written it, and waits for the receipt. */
  async function sendComplaint(page: Page, options: { anonymous?: boolean } = {}): Promise<string> {
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    const shown = Date.now();
    await fillValidComplaint(page);
    if (options.anonymous) await page.check('#identity-anonymous');
    // Sent sooner than the minimum fill time, a complaint is answered but set aside, and would have no case.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shown + 3_500 - Date.now())));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/procedures\/ceccc\/received\/\?ref=RDR-.*&token=/);
    return (await page.locator('.reference').textContent()) ?? '';
  }

  /** The page's HTML as the server sends it (to the same address), in a file for the Nu HTML Checker. */
  async function saveHtml(url: string, name: string): Promise<string> {
    const file = path.join(work, name);
    await writeFile(file, await (await fetch(url)).text());
    return file;
  }

  async function expectNoAxeViolations(url: string): Promise<void> {
    for (const siteScripts of [true, false]) {
      const { context, page } = await open({ siteScripts });
      await page.goto(url);
      expect(await axeViolations(page), `${url}${siteScripts ? '' : ' (no JavaScript)'}`).toEqual([]);
      await context.close();
    }
  }

  test('without JavaScript: the receipt gives the copy to print or download and the link to the tracking page, which shows the stage and what is next', async () => {
    const { context, page } = await open({ javaScript: false });
    const reference = await sendComplaint(page);
    const receiptUrl = page.url();
    // The copy of what was sent, on the page and as a text file.
    await expect(page.locator('#your-copy').textContent()).resolves.toBe('Your copy of what you sent');
    await expect(page.locator('.complaint-copy').textContent()).resolves.toContain('The handover last week was forty minutes late and nobody told us why.');
    const download = await fetch(new URL(await page.locator('a[download]').getAttribute('href') ?? '', site.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="complaint-${reference}.txt"`);
    expect(await download.text()).toContain('The handover last week was forty minutes late and nobody told us why.');
    // The same address without its token shows no copy.
    const bare = new URL(receiptUrl);
    bare.searchParams.delete('token');
    expect(await (await fetch(bare)).text()).not.toContain('forty minutes late');

    await page.click('text=See how your complaint is progressing');
    await page.waitForURL(/\/track\/1\.RDR-/);
    const trackingUrl = page.url();
    await expect(page.locator('h1').textContent()).resolves.toBe(`Complaint ${reference}Your complaint to Cambridge & Ely Child Contact Centres`);
    await expect(page.locator('#stage').textContent()).resolves.toMatch(/^Stage 1 of 2, handled by the Co-Ordinator/);
    await expect(page.locator('#what-happens-next + p').textContent()).resolves.toMatch(/^The Co-Ordinator should acknowledge the complaint in writing by \w+day \d+ \w+ \d{4}\.$/);
    await expect(page.locator('#history').textContent()).resolves.toContain('Complaint received, at Stage 1');
    // Without a mail server the receipt email is written to a file, not sent: nothing is listed as sent.
    await expect(page.locator('#correspondence').textContent()).resolves.toBe('None yet.');
    const html = await page.content();
    for (const words of ['forty minutes', 'Ann Example', 'ann@example.com', 'Cal Example']) expect(html).not.toContain(words);
    await context.close();

    await expectNoAxeViolations(receiptUrl);
    await expectNoAxeViolations(trackingUrl);
    expect(await vnuErrors([await saveHtml(receiptUrl, 'receipt-with-copy.html'), await saveHtml(trackingUrl, 'tracking.html')])).toEqual([]);
    // Kept by no cache and never sent to another site as a referrer: the address is the key to the page.
    const headers = (await fetch(trackingUrl)).headers;
    expect([headers.get('cache-control'), headers.get('referrer-policy')]).toEqual(['no-store, private', 'same-origin']);
  }, 120_000);

  test('the look-up form, without JavaScript: errors by the field, the same answer for a wrong address, and the page for the right one', async () => {
    // The site's scripts blocked, the browser's on: axe runs as a script.
    const { context, page } = await open({ siteScripts: false });
    const reference = await sendComplaint(page);
    await page.goto(`${site.url}/track/`);
    const [empty] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    expect(empty.status()).toBe(400);
    await expect(page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).resolves.toEqual(['#reference', '#email']);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#reference', reference);
    await page.fill('#email', 'someone-else@example.com');
    const [wrong] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    expect(wrong.status()).toBe(404);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('We could not find a complaint with that reference and email address.');
    await expect(page.inputValue('#reference')).resolves.toBe(reference);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#email', 'ANN@example.com');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/track\/1\.RDR-/);
    await expect(page.locator('#summary').textContent()).resolves.toContain(reference);
    await context.close();
  }, 120_000);

  test('anonymously: the receipt says nobody can reply and promises no dates; the tracking page neither', async () => {
    const { context, page } = await open({ javaScript: false });
    await sendComplaint(page, { anonymous: true });
    const receiptUrl = page.url();
    await expect(page.locator('#no-reply').textContent()).resolves.toMatch(/cannot reply/);
    expect(await page.locator('main').textContent()).not.toContain('Acknowledge the complaint in writing');
    await page.click('text=See how your complaint is progressing');
    await page.waitForURL(/\/track\/1\.RDR-/);
    const trackingUrl = page.url();
    await expect(page.locator('#anonymous').textContent()).resolves.toMatch(/cannot reply/);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toMatch(/\bby \w+day \d+ \w+ \d{4}/);
    expect(await page.locator('#time-limits, #sent-to-you').count()).toBe(0);
    await context.close();
    await expectNoAxeViolations(receiptUrl);
    await expectNoAxeViolations(trackingUrl);
    expect(await vnuErrors([await saveHtml(receiptUrl, 'receipt-anonymous.html'), await saveHtml(trackingUrl, 'tracking-anonymous.html')])).toEqual([]);
  }, 120_000);
});
