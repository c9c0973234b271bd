/**
 * An organisation's own site, as `npx redress init` and `npm start` make it on a fresh clone: a project in a
 * temporary folder with redress.yaml (name, short name, logo, accent, contact, privacy), built and served by the
 * real server from that folder, looked at in a real browser. Its pages carry its name, logo and colour and are as
 * accessible as the demonstration's; only its procedure is published and takes complaints; its privacy notice is
 * its own; its statistics follow the ledger without a rebuild; and no page names a file.
 */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { main } from '../../scripts/cli/main.ts';
import { GOOD_COMPLAINT } from '../intake/complaint-fixture.ts';
import { LIFECYCLES, runLifecycles } from '../ledger/lifecycles.ts';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { axeViolations } from './support/axe.ts';
import { organisationProject, type OrganisationProject } from './support/organisation-project.ts';
import { buildSite, startServer } from './support/site-server.ts';
import { vnuErrors } from './support/vnu.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const NAME = 'Riverside Child Contact Centre';
const ACCENT = '#7a2e8c';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48"><rect width="120" height="48" fill="#7a2e8c"/><text x="10" y="32" font-size="24" fill="#fff">RCCC</text></svg>\n';
/** No page may name a file: a procedure's YAML, its folder, or a source document. */
const FILE_NAMES = /workflows\/|\.ya?ml\b|\.txt\b/;

let project: OrganisationProject;
let build: { outDir: string; remove: () => Promise<void> };
let site: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let work: string;
let own: string;

/** Every page of the organisation's site, by a name for its screenshot. */
let PAGES: Record<string, string> = {};

beforeAll(async () => {
  const executablePath = ensureChromium();
  project = await organisationProject({
    init: ['--name', NAME, '--nation', 'scotland', '--from', 'naccc-model', '--email', 'complaints@riverside.example'],
    organisation: (text) =>
      text.replace(
        'contact:\n  email: complaints@riverside.example\n',
        [
          'shortName: Riverside CCC',
          'logo: riverside-logo.svg',
          `accent: "${ACCENT}"`,
          'contact:',
          '  email: complaints@riverside.example',
          '  phone: 01632 960 123',
          '  address: |',
          '    Riverside Hall',
          '    1 Mill Lane',
          '    Riverside RV1 2AB',
          'privacy:',
          '  icoRegistration: ZA123456',
          '  retention: 7 years',
          '  contact: Our data protection lead, privacy@riverside.example',
          'site:',
          '  url: https://complaints.riverside.example',
          '',
        ].join('\n'),
      ),
    publicFiles: { 'riverside-logo.svg': LOGO },
  });
  own = project.procedure;
  PAGES = {
    home: '/',
    privacy: '/privacy/',
    statistics: '/statistics/',
    'not-found': '/no-such-page/',
    procedure: `/procedures/${own}/`,
    complain: `/procedures/${own}/complain/`,
    fidelity: `/procedures/${own}/fidelity/`,
  };
  [build, browser, work] = await Promise.all([
    buildSite({ root: project.dir }),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
    mkdtemp(path.join(os.tmpdir(), 'redress-organisation-html-')),
  ]);
  site = await startServer(build.outDir, { cwd: project.dir, env: { REDRESS_MIN_FILL_SECONDS: '0', REDRESS_RATE_LIMIT: 'off', REDRESS_STATISTICS_CACHE_SECONDS: '15' } });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await build?.remove();
  await project?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

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

function complaint(procedure: string) {
  return { ...GOOD_COMPLAINT, procedure, submissionId: randomUUID(), renderedAt: new Date(Date.now() - 60_000).toISOString(), incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) };
}

function post(body: object): Promise<Response> {
  return fetch(`${site.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: site.url }, body: JSON.stringify(body) });
}

describe('the organisation’s own pages', () => {
  test('every page: its name and logo in the header, titles ending with its name, its contact details and a small credit in the footer', async () => {
    const { context, page } = await open();
    for (const [name, url] of Object.entries(PAGES)) {
      await page.goto(`${site.url}${url}`);
      expect(await page.title(), name).toMatch(new RegExp(` – ${NAME}$`));
      await expect(page.getByRole('banner').getByRole('link', { name: NAME, exact: true }).getAttribute('href')).resolves.toBe('/');
      const logo = page.locator('header img.site-logo');
      await expect(logo.getAttribute('src')).resolves.toBe('/riverside-logo.svg');
      // The name beside it in the same link is the logo's text alternative: the image itself is not read twice.
      await expect(logo.getAttribute('alt')).resolves.toBe('');
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), `${name}: the logo loads`).toBe(true);
      const footer = page.getByRole('contentinfo');
      await expect(footer.getByRole('heading', { name: `Contact ${NAME}` }).isVisible()).resolves.toBe(true);
      await expect(footer.getByRole('link', { name: 'complaints@riverside.example' }).getAttribute('href')).resolves.toBe('mailto:complaints@riverside.example');
      await expect(footer.getByRole('link', { name: '01632 960 123' }).getAttribute('href')).resolves.toBe('tel:01632960123');
      await expect(footer.locator('.address').innerText()).resolves.toBe('Post: Riverside Hall\n1 Mill Lane\nRiverside RV1 2AB');
      await expect(footer.locator('.credit').textContent()).resolves.toBe('Runs on Redress');
      expect(await page.content(), name).not.toContain('demonstration');
    }
    await context.close();
  }, 60_000);

  test('on a narrow screen the short name is shown, and the link still reads the full name to a screen reader', async () => {
    const { context, page } = await open({ width: 320, height: 640 });
    await page.goto(`${site.url}/`);
    await expect(page.locator('.site-name-short').isVisible()).resolves.toBe(true);
    await expect(page.locator('.site-name-short').textContent()).resolves.toBe('Riverside CCC');
    // Both are in the accessible name, so a voice user can say what they see.
    await expect(page.getByRole('banner').getByRole('link', { name: `${NAME} Riverside CCC`, exact: true }).count()).resolves.toBe(1);
    await context.close();
  });

  test('the accent colour drives links, buttons and the header; the focus style stays yellow and black', async () => {
    const { context, page } = await open();
    await page.goto(`${site.url}/procedures/${own}/`);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    await expect(page.locator(`main a[href="/procedures/${own}/fidelity/"]`).evaluate((a) => getComputedStyle(a).color)).resolves.toBe(rgb(ACCENT));
    const button = page.locator('a.button');
    await expect(button.evaluate((a) => getComputedStyle(a).backgroundColor)).resolves.toBe(rgb(ACCENT));
    await expect(button.evaluate((a) => getComputedStyle(a).color)).resolves.toBe('rgb(255, 255, 255)');
    // The header: a darker shade of the accent under white text, the accent itself as its edge.
    await expect(page.locator('.site-header').evaluate((h) => getComputedStyle(h).backgroundColor)).resolves.toBe('rgb(67, 25, 77)');
    await expect(page.locator('.site-header').evaluate((h) => getComputedStyle(h).borderBottomColor)).resolves.toBe(rgb(ACCENT));
    await button.focus();
    await expect(button.evaluate((a) => [getComputedStyle(a).backgroundColor, getComputedStyle(a).color])).resolves.toEqual(['rgb(255, 221, 0)', 'rgb(11, 12, 12)']);
    await context.close();
  });

  test('the complaint form says how else to reach the organisation', async () => {
    const text = await (await fetch(`${site.url}/procedures/${own}/complain/`)).text();
    expect(text).toContain(`If you would rather not use this form, or need help with it, contact ${NAME} by email at <a href="mailto:complaints@riverside.example">complaints@riverside.example</a>, by telephone on <a href="tel:01632960123">01632 960 123</a> or by post at Riverside Hall, 1 Mill Lane, Riverside RV1 2AB.`);
  });
});

describe('only the published procedure', () => {
  test('is listed; the demonstration procedures and the model it fills in have no page, form or fidelity report', async () => {
    const home = await (await fetch(`${site.url}/`)).text();
    expect([...home.matchAll(/href="\/procedures\/([^/"]+)\/"/g)].map((match) => match[1])).toEqual([own]);
    for (const id of ['ceccc', 'cecops', 'cms-vocational', 'op-performance', 'naccc-model', 'spso-model', 'housing-ombudsman-code']) {
      for (const page of ['', 'complain/', 'fidelity/']) expect((await fetch(`${site.url}/procedures/${id}/${page}`)).status, `${id}/${page}`).toBe(404);
    }
    // Its own page names the model without linking to a page the site does not have.
    const procedure = await (await fetch(`${site.url}/procedures/${own}/`)).text();
    expect(procedure).toContain('This procedure follows the NACCC model complaints procedure for child contact centres.');
    expect(procedure).not.toContain('href="/procedures/naccc-model/"');
  });

  test('takes complaints; the endpoint and the form token refuse any other as no procedure on this site', async () => {
    const accepted = await post(complaint(own));
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ reference: expect.stringMatching(/^RDR-/), procedure: own });
    for (const id of ['ceccc', 'naccc-model']) {
      const refused = await post(complaint(id));
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual({ error: `There is no procedure "${id}" on this site.` });
      const token = await fetch(`${site.url}/api/form-token?procedure=${id}`);
      expect(token.status).toBe(404);
      expect(await token.json()).toEqual({ error: `There is no procedure "${id}" on this site.` });
    }
    const form = await fetch(`${site.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url },
      body: 'procedure=ceccc&identity=anonymous',
    });
    expect(form.status).toBe(404);
    expect(await form.text()).toBe('There is no procedure "ceccc" on this site.');
  });
});

describe('the privacy notice', () => {
  const text = (html: string) => html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').replace(/ ([,.;:])/g, '$1');

  test('names the organisation as controller with its details, its ICO registration, privacy contact and retention period', async () => {
    const notice = text(await (await fetch(`${site.url}/privacy/`)).text());
    expect(notice).toContain(`${NAME} is the controller of the information you give through this site`);
    expect(notice).toContain('Email complaints@riverside.example');
    expect(notice).toContain('Telephone 01632 960 123');
    expect(notice).toContain('Post Riverside Hall 1 Mill Lane Riverside RV1 2AB');
    expect(notice).toContain('Registered with the Information Commissioner’s Office Registration number ZA123456');
    expect(notice).toContain('For questions about your information Our data protection lead, privacy@riverside.example');
    expect(notice).toContain(`${NAME} keeps your complaint and the information about it for 7 years after the complaint is closed, and then deletes it.`);
    // This server keeps cases in its local store and has no SMTP server.
    expect(notice).toContain('Your complaint is recorded as a case on the server that runs this site');
    expect(notice).toContain('This site does not send email at present.');
    expect(notice).not.toMatch(/to be reviewed|demonstration/i);
  });

  test('says where the data is kept and what mail is sent as the server is configured, naming no repository, host or secret', async () => {
    const configured = async (env: Record<string, string>) => {
      const other = await startServer(build.outDir, { cwd: project.dir, env });
      try {
        return text(await (await fetch(`${other.url}/privacy/`)).text());
      } finally {
        await other.stop();
      }
    };
    const token = 'ghp_PrivacyCanary0123456789abcdefABCD';
    const github = { REDRESS_GITHUB_REPO: 'riverside/complaints-cases', GITHUB_TOKEN: token, GITHUB_API_URL: 'http://127.0.0.1:9' };
    const onGitHub = await configured({ ...github, GITHUB_API_URL: 'https://api.github.com', REDRESS_SMTP_URL: 'smtp://mailer:s3cretpass@127.0.0.1:2525', REDRESS_MAIL_FROM: 'complaints@riverside.example' });
    expect(onGitHub).toContain(`Your complaint is recorded as a private case in ${NAME}’s case repository on GitHub, a service of GitHub, Inc., which keeps it for ${NAME} as a processor.`);
    expect(onGitHub).toContain('GitHub’s servers are in the United States, so your information is transferred outside the UK');
    expect(onGitHub).toContain('you are sent an email once your complaint is recorded');
    for (const secret of [token, 's3cretpass', 'mailer', 'complaints-cases', '127.0.0.1']) expect(onGitHub).not.toContain(secret);
    const enterprise = await configured({ ...github, GITHUB_API_URL: 'https://git.riverside.example/api/v3' });
    expect(enterprise).toContain(`Your complaint is recorded as a private case on ${NAME}’s own GitHub Enterprise server.`);
    expect(enterprise).not.toContain('git.riverside.example');
  }, 60_000);
});

describe('the statistics page', () => {
  test('follows the ledger without a rebuild, once its reading is older than REDRESS_STATISTICS_CACHE_SECONDS; only the published procedure is shown', async () => {
    const page = async () => {
      const response = await fetch(`${site.url}/statistics/`);
      return { html: await response.text(), cacheControl: response.headers.get('cache-control') };
    };
    // The server counts the ledger between these two instants: before the first, the count cannot have expired.
    const requestedAt = Date.now();
    const before = await page();
    const readAt = Date.now();
    expect(before.html).toContain('No complaints have been recorded in the ledger yet');
    expect(before.cacheControl).toMatch(/^public, max-age=(1[0-5]|[0-9])$/);

    // A complaint, swept as the server's own sweep would sweep it: its entry is written to the ledger.
    expect((await post(complaint(own))).status).toBe(201);
    let out = '';
    const code = await main(['sweep'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: project.dir, env: { REDRESS_DATA_DIR: site.dataDir }, now: () => Date.now() });
    expect(code, out).toBe(0);
    const ledger = path.join(site.dataDir, 'ledger');
    expect((await readdir(ledger, { recursive: true })).filter((name) => name.endsWith('.json')).length).toBeGreaterThan(0);
    // A demonstration procedure's case in the same ledger is not the organisation's to publish.
    const demonstration = await mkdtemp(path.join(os.tmpdir(), 'redress-organisation-ledger-'));
    await runLifecycles([LIFECYCLES.cecccEscalated!], createLedgerWriter({ dir: demonstration, git: false }));
    await cp(demonstration, ledger, { recursive: true });
    await rm(demonstration, { recursive: true, force: true });

    if (Date.now() - requestedAt < 10_000) expect((await page()).html).toContain('No complaints have been recorded in the ledger yet');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readAt + 15_500 - Date.now())));
    const after = await page();
    expect(after.html).not.toContain('No complaints have been recorded in the ledger yet');
    expect(after.html).toContain(`<h2 id="stats-${own}"`);
    expect(after.html).not.toContain('stats-ceccc');
    expect(after.html).toContain('fewer than 5');
  }, 90_000);
});

describe('every page', () => {
  test('names no file', async () => {
    const found: string[] = [];
    for (const [name, url] of Object.entries(PAGES)) {
      const html = await (await fetch(`${site.url}${url}`)).text();
      const match = FILE_NAMES.exec(html);
      if (match) found.push(`${name}: …${html.slice(Math.max(0, match.index - 60), match.index + 20)}…`);
    }
    expect(found).toEqual([]);
  });

  test('has no axe-core violations, with and without JavaScript, at desktop width and at 320px', async () => {
    const found: Record<string, unknown> = {};
    for (const [javaScript, width] of [[true, 1280], [false, 1280], [true, 320]] as const) {
      const { context, page } = await open({ siteScripts: javaScript, width, height: width === 320 ? 640 : 900 });
      for (const [name, url] of Object.entries(PAGES)) {
        await page.goto(`${site.url}${url}`);
        // By now the statistics page has tables (see its test above), which scroll sideways at 320px.
        if (name === 'statistics') expect(await page.locator('table').count()).toBeGreaterThan(0);
        const violations = await axeViolations(page);
        if (violations.length > 0) found[`${name} at ${width}${javaScript ? '' : ' (no JavaScript)'}`] = violations;
      }
      await context.close();
    }
    expect(found).toEqual({});
  }, 120_000);

  test('passes the Nu HTML Checker', async () => {
    const files: string[] = [];
    for (const [name, url] of Object.entries(PAGES)) {
      const file = path.join(work, `${name}.html`);
      await writeFile(file, await (await fetch(`${site.url}${url}`)).text());
      files.push(file);
    }
    expect(await vnuErrors(files)).toEqual([]);
  }, 60_000);

  test('reflows at 320px and at 200% zoom without scrolling sideways; screenshots for people', async () => {
    const scrolls: string[] = [];
    for (const [label, width, height] of [['desktop', 1280, 900], ['320', 320, 640], ['zoom-200', 640, 450]] as const) {
      const { context, page } = await open({ width, height });
      for (const [name, url] of Object.entries(PAGES)) {
        await page.goto(`${site.url}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) scrolls.push(`${name} at ${label}: ${overflow}px too wide`);
        if (label !== 'zoom-200') await page.screenshot({ path: path.join(SCREENSHOTS, `organisation-${name}-${label}.png`), fullPage: true });
      }
      await context.close();
    }
    expect(scrolls).toEqual([]);
  }, 120_000);
});

