/**
 * The complainant's correspondence from end to end, with every part real: a complaint sent in Chromium reaches a
 * real SMTP server as exactly one email to the complainant, with the reference, the received date, the
 * acknowledgement date the site shows, a copy of what was written and a tracking link; the link opens a page showing
 * the stage and the acknowledgement date; staff then draft and send the acknowledgement letter with the command
 * line against the server's data directory, the letter arrives as one more email, and the page lists it and shows
 * the next date, with JavaScript and without; the ledger then keeps the fact of each email, once, and the audit
 * report says the receipt went, with nothing of the complainant in either.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadWorkflows, readExtraHolidays, WORKFLOWS_DIR } from '../../scripts/adapters/fs/procedure-files.ts';
import { toLocal } from '../../scripts/core/calendar/london-time.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { datesOnReceipt } from '../../scripts/core/deadlines/dates-on-receipt.ts';
import { formatDayLong, formatInstantLong } from '../../scripts/core/text/plain-dates.ts';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { axeViolations } from './support/axe.ts';
import { buildSite, freePort, startServer } from './support/site-server.ts';
import { SmtpTestServer, type ReceivedMail } from '../mail/support/smtp-test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMPLAINANT = 'ann.example@example.com';
const FROM = 'Example Complaints <complaints@example.org>';
/** An incident a week ago (YYYY-MM-DD): in the past and in time whenever the tests run. */
const LAST_WEEK = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const COMPLAINT = 'The handover on Saturday was forty minutes late, and nobody at the centre told us why.';
const OUTCOME = 'Handovers on time, and a phone call when one is going to be late.';

let smtp: SmtpTestServer;
let build: { outDir: string; remove: () => Promise<void> };
let site: Awaited<ReturnType<typeof startServer>>;
/**
 * The site's public address: the server's, by a name other than the one it listens on (127.0.0.1), so a link that
 * points at it shows that REDRESS_PUBLIC_URL was followed.
 */
let publicUrl: string;
let browser: Browser;
/** What staff would type in a terminal beside the server: `npx redress …`, on the server's data directory. */
let staffEnv: Record<string, string>;

beforeAll(async () => {
  const executablePath = ensureChromium();
  [smtp, build, browser] = await Promise.all([SmtpTestServer.start(), buildSite(), chromium.launch({ executablePath, args: CHROMIUM_ARGS })]);
  // Chosen just before the server starts, so the address the emails link to is the one it listens on.
  const port = await freePort();
  publicUrl = `http://localhost:${port}`;
  const mail = { REDRESS_SMTP_URL: smtp.url, REDRESS_MAIL_FROM: FROM };
  site = await startServer(build.outDir, { port, env: { ...mail, REDRESS_PUBLIC_URL: publicUrl, REDRESS_MIN_FILL_SECONDS: '0' } });
  staffEnv = { ...mail, REDRESS_DATA_DIR: site.dataDir, USER: 'mary' };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
  await build?.remove();
});

async function open(options: { javaScript?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true, locale: 'en-GB', timezoneId: 'Europe/London' });
  return { context, page: await context.newPage() };
}

/** Polls until `probe` gives a value, for at most `timeoutMs`. */
async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\nServer output:\n${site.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `npx redress <args>` as staff would, in a process of its own. */
async function redress(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'cli', 'redress.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...staffEnv }, timeout: 60_000 });
}

/** The acknowledgement and response dates the procedure engine gives a web complaint to ceccc received at `receivedAt`. */
async function promisedDates(receivedAt: number): Promise<{ acknowledge: string; respond: string }> {
  const { procedures } = await loadWorkflows(path.join(ROOT, WORKFLOWS_DIR), ROOT);
  const procedure = procedures.get('ceccc');
  if (!procedure) throw new Error('No ceccc procedure.');
  const holidays = await readExtraHolidays(path.join(ROOT, WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml'));
  const { dates } = datesOnReceipt({ procedure, calendar: calendarFor(procedure, holidays), channel: 'web', receivedAt });
  const day = (id: string) => {
    const found = dates.find((date) => date.id === id);
    if (!found) throw new Error(`No ${id} date on receipt.`);
    return formatDayLong(found.dueDay);
  };
  return { acknowledge: day('stage-1.acknowledge'), respond: day('stage-1.respond') };
}

/** What the tracking page says, read the same way with JavaScript and without. */
async function readTrackingPage(page: Page) {
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    stage: await text('#stage'),
    next: await text('#what-happens-next + p'),
    limits: Object.fromEntries(
      await page.locator('[data-limit]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-limit'), (row.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim()])),
    ) as Record<string, string>,
    correspondence: await page.locator('#correspondence > div').evaluateAll((rows) =>
      rows.map((row) => ({ date: row.querySelector('time')?.textContent?.trim() ?? '', text: (row.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim() })),
    ),
    history: await page.locator('#history > div').evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim())),
    status: await text('#status'),
    main: await text('main'),
  };
}

describe('the correspondence of a complaint made online', () => {
  let reference = '';
  let receivedAt = 0;
  let trackingUrl = '';
  let dates: { acknowledge: string; respond: string };
  let receipt: ReceivedMail;

  test('sent in Chromium, it reaches the SMTP server as one email to the complainant with the reference, the dates, a copy and the tracking link', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/ceccc/complain/`);
    await page.getByRole('group', { name: 'Do you want to give your name?' }).getByLabel('Yes, give my name and contact details').check();
    await page.getByLabel('Full name', { exact: true }).fill('Ann Example');
    await page.getByLabel('Email address').fill(COMPLAINANT);
    await page.getByRole('group', { name: 'How would you like to be contacted?' }).getByLabel('Email', { exact: true }).check();
    await page.getByRole('group', { name: 'Who are you complaining for?' }).getByLabel('Myself').check();
    await page.getByRole('group', { name: 'Was this one incident or a series of incidents?' }).getByLabel('One incident').check();
    await page.getByLabel('Date of the incident').fill(LAST_WEEK);
    await page.getByRole('group', { name: /Have you already spoken to anyone/ }).getByLabel('No', { exact: true }).check();
    await page.getByLabel('Your complaint', { exact: true }).fill(COMPLAINT);
    await page.getByLabel('What would you like to happen?').fill(OUTCOME);
    await page.getByLabel('I have read the privacy notice and understand how my information will be used').check();
    const sentFrom = Date.now();
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await page.waitForURL(/\/procedures\/ceccc\/received\/\?ref=RDR-/);
    reference = ((await page.locator('.reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^RDR-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{3}$/);
    receivedAt = Date.parse(new URL(page.url()).searchParams.get('at') ?? '');
    // The server's time of receipt, between the click and the receipt page (with a second's rounding either way).
    expect(receivedAt).toBeGreaterThanOrEqual(sentFrom - 1_000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now() + 1_000);

    dates = await promisedDates(receivedAt);
    const receiptPage = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(receiptPage).toContain(`received your complaint on ${formatInstantLong(receivedAt)}`);
    expect(receiptPage).toContain(`Acknowledge the complaint in writingby ${dates.acknowledge}`);
    expect(receiptPage).toContain(`Send a formal written responseby ${dates.respond}`);
    await context.close();

    receipt = await eventually('the receipt email', () => smtp.received[0]);
    // A moment longer, so that a second copy would have arrived too.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.received).toHaveLength(1);
    expect(receipt.envelopeTo).toEqual([COMPLAINANT]);
    expect(receipt.to).toContain(COMPLAINANT);
    expect(receipt.envelopeFrom).toBe('complaints@example.org');
    expect(receipt.subject).toBe(`We have received your complaint ${reference}`);
    const text = receipt.text.replace(/[ \t]*\n[ \t]*/g, '\n');
    expect(text).toContain(`Your reference is ${reference}`);
    expect(text).toContain(`We received it on ${formatInstantLong(receivedAt)}`);
    expect(text).toContain(`- Acknowledge the complaint in writing: by ${dates.acknowledge}.`);
    expect(text).toContain(`- Send a formal written response: by ${dates.respond}.`);
    expect(text).toContain(COMPLAINT);
    expect(text).toContain(OUTCOME);
    const links = text.match(/https?:\/\/[^\s]+/g) ?? [];
    // The case's own page, and the look-up page for when the link has expired.
    expect(links).toHaveLength(2);
    expect(links).toContain(`${publicUrl}/track/`);
    trackingUrl = links.find((link) => link !== `${publicUrl}/track/`) ?? '';
    expect(trackingUrl.startsWith(`${publicUrl}/track/1.${reference}.`)).toBe(true);
  }, 60_000);

  test('its tracking link opens a page showing the stage and the acknowledgement date, the same without JavaScript, with no accessibility violations', async () => {
    expect(trackingUrl).not.toBe('');
    const { context, page } = await open();
    const response = await page.goto(trackingUrl);
    expect(response?.status()).toBe(200);
    // The receipt email's record is written on the case once the mail server has accepted it: a moment after.
    const shown = await eventually('the receipt email on the tracking page', async () => {
      const read = await readTrackingPage(page);
      if (read.correspondence.length > 0) return read;
      await page.reload();
      return undefined;
    });
    expect(shown.stage).toMatch(/^Stage 1 of 2, handled by the Co-Ordinator/);
    expect(shown.next).toBe(`The Co-Ordinator should acknowledge the complaint in writing by ${dates.acknowledge}.`);
    expect(shown.limits['stage-1.acknowledge']).toContain(dates.acknowledge);
    expect(shown.main).toContain(reference);
    // The receipt email is listed as sent; what the complainant wrote is not on the page.
    expect(shown.correspondence).toEqual([{ date: formatDayLong(toLocal(receivedAt).day), text: `We have received your complaint ${reference} (Email)` }]);
    expect(shown.main).not.toContain('forty minutes');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const plain = await open({ javaScript: false });
    await plain.page.goto(trackingUrl);
    expect(await readTrackingPage(plain.page)).toEqual(shown);
    await plain.context.close();
  }, 60_000);

  test('after staff send the acknowledgement letter, it arrives as one more email, and the page lists it and shows the next date', async () => {
    expect(trackingUrl).not.toBe('');
    const drafted = await redress('case', 'command', reference, '/draft acknowledgement');
    expect(drafted.stdout).toContain('draft 1');
    // A draft goes nowhere until it is sent.
    expect(smtp.received).toHaveLength(1);
    const sent = await redress('case', 'command', reference, '/send 1');
    expect(sent.stdout).toMatch(/draft 1 sent by email .*; acknowledgement recorded\./);

    const letter = await eventually('the acknowledgement letter', () => smtp.received[1]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.received).toHaveLength(2);
    expect(letter.envelopeTo).toEqual([COMPLAINANT]);
    expect(letter.subject).toBe(`Your complaint ${reference}: we have received it (Stage 1)`);
    const words = letter.text.replace(/\s+/g, ' ');
    expect(words).toContain(`Dear Ann Example, Your complaint, reference ${reference}`);
    expect(words).toContain('This letter acknowledges it.');
    expect(words).toContain(`- Send a formal written response: by ${dates.respond}.`);
    expect(words).not.toContain('[[');
    const sentOn = formatDayLong(toLocal(letter.at).day);

    for (const javaScript of [true, false]) {
      const { context, page } = await open({ javaScript });
      await page.goto(trackingUrl);
      const shown = await readTrackingPage(page);
      expect(shown.correspondence, javaScript ? 'with JavaScript' : 'without JavaScript').toEqual([
        { date: formatDayLong(toLocal(receivedAt).day), text: `We have received your complaint ${reference} (Email)` },
        { date: sentOn, text: `${letter.subject} (Email)` },
      ]);
      expect(shown.next).toBe(`The Co-Ordinator should send a formal written response by ${dates.respond}.`);
      expect(shown.limits['stage-1.respond']).toContain(dates.respond);
      expect(shown.stage).toMatch(/^Stage 1 of 2, handled by the Co-Ordinator/);
      expect(shown.status).toBe('Being looked into');
      // Acknowledged when the mail server accepted the letter.
      expect(shown.history.some((event) => event.startsWith(sentOn) && event.endsWith('Stage 1: complaint acknowledged'))).toBe(true);
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  test('the ledger keeps the facts of both emails, once each, and nothing of the complainant or what was written', async () => {
    expect(trackingUrl).not.toBe('');
    const swept = await redress('sweep');
    expect(swept.stdout).toContain('## Redress sweep');
    await redress('sweep');
    const file = path.join(site.dataDir, 'ledger', new Date(receivedAt).toISOString().slice(0, 4), `${reference}.json`);
    const text = await readFile(file, 'utf8');
    const entry = JSON.parse(text) as { events: { type: string; at: string; sentBy?: string; letter?: string }[] };
    expect(entry.events.map((event) => event.type)).toEqual(['received', 'receipt-sent', 'letter-sent', 'acknowledged']);
    const [, receiptSent, letterSent] = entry.events;
    expect(receiptSent).toMatchObject({ type: 'receipt-sent', actor: 'system', sentBy: 'email' });
    expect(Date.parse(receiptSent?.at ?? '')).toBeGreaterThanOrEqual(receivedAt - 1_000);
    expect(Date.parse(receiptSent?.at ?? '')).toBeLessThanOrEqual(receipt.at);
    expect(letterSent).toMatchObject({ type: 'letter-sent', letter: 'acknowledgement', sentBy: 'email' });
    for (const personal of [COMPLAINANT, 'Ann Example', 'forty minutes', 'phone call']) expect(text).not.toContain(personal);

    // The auditor's report, from the ledger alone, says the receipt went and counts the letter as the acknowledgement.
    const audit = (await redress('audit', '--procedure', 'ceccc')).stdout.replace(/\s+/g, ' ');
    expect(audit).toContain(reference);
    const [weekday = '', day = '', month = '', year = ''] = formatDayLong(toLocal(receivedAt).day).split(' ');
    expect(audit).toContain(`a receipt emailed to the complainant on ${weekday.slice(0, 3)} ${day} ${month.slice(0, 3)} ${year}`);
    expect(audit).toContain('acknowledgement sent to the complainant by email, by mary');
    expect(audit).toMatch(/\| Acknowledge the complaint in writing \| [^|]+ \| met \|/);
    expect(audit).not.toContain(COMPLAINANT);
  }, 120_000);
});
