/**
 * The nginx configuration in deploy/nginx/, run for real in front of the real Redress server: the site file as an
 * organisation installs it (the HTTPS server block and the plain-HTTP one that sends people to it, with the
 * repository's locations file included), changed only where a test machine must differ: ports, the certificate (a
 * self-signed one made here for complaints.example.org, since no certificate authority will sign for a test) and
 * the folder of the locations file. A Let's Encrypt certificate itself, and nginx on ports 80 and 443, cannot be
 * tried here. nginx is installed with apt-get when missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOO_LARGE_MESSAGE } from '../../scripts/adapters/http/complaints-endpoint.ts';
import { buildSite, freePort } from '../e2e/support/site-server.ts';
import { startIntakeServer, type IntakeServer } from '../intake/support/intake-server.ts';
import { ensureNginx, startNginx, testNginxConfig, type RunningNginx } from './support/nginx.ts';
import { send, siteOrigin, type ProxyTarget } from './support/proxy-client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SITE = 'complaints.example.org';

/**
 * Replaces `from` with `to` exactly `times` times, so a change to the site file that the test no longer fits fails
 * here, naming what it expected, rather than testing something else.
 */
function replace(text: string, from: string | RegExp, to: string, times = 1): string {
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from;
  const found = text.match(pattern)?.length ?? 0;
  if (found !== times) throw new Error(`deploy/nginx/redress.conf: expected ${times} of ${String(from)}, found ${found}.`);
  return text.replace(pattern, to);
}

/** The site file with the machine-specific parts a test must change, and nothing else. */
function siteFileForTest(ports: { http: number; https: number; upstream: number }, files: { certificate: string; key: string; webroot: string }): string {
  let text = readFileSync(path.join(ROOT, 'deploy/nginx/redress.conf'), 'utf8');
  text = replace(text, 'listen 80;', `listen 127.0.0.1:${ports.http};`);
  text = replace(text, 'listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`);
  // A container may have no IPv6 loopback.
  text = replace(text, /^\s*listen \[::\]:\d+[^;]*;\n/gm, '', 2);
  text = replace(text, 'server 127.0.0.1:4321;', `server 127.0.0.1:${ports.upstream};`);
  text = replace(text, `/etc/letsencrypt/live/${SITE}/fullchain.pem`, files.certificate);
  text = replace(text, `/etc/letsencrypt/live/${SITE}/privkey.pem`, files.key);
  text = replace(text, 'root /var/www/letsencrypt;', `root ${files.webroot};`);
  text = replace(text, '/opt/redress/deploy/nginx/redress-locations.conf', path.join(ROOT, 'deploy/nginx/redress-locations.conf'));
  return text;
}

const LAST_WEEK = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

/** The answers of an anonymous complaint, as a form or a script sends them with the form's own fields. */
const ANSWERS = { identity: 'anonymous', onBehalf: 'myself', incident: 'single', incidentDate: LAST_WEEK, spokenToSomeone: 'no', complaint: 'The handover was forty minutes late.', outcomeWanted: 'Handovers on time.' };

interface IssuedForm {
  procedure: string;
  submissionId: string;
  renderedAt: string;
  formToken: string;
  sendAfter: string;
}

let work: string;
let build: { outDir: string; remove: () => Promise<void> };
let server: IntakeServer;
let nginx: RunningNginx;
let dataDir: string;
let tls: ProxyTarget;
let plain: ProxyTarget;
let nginxCheck: string;

beforeAll(async () => {
  const nginxPath = ensureNginx();
  work = mkdtempSync(path.join(os.tmpdir(), 'redress-nginx-'));
  dataDir = path.join(work, 'data');
  const certificate = path.join(work, 'certificate.pem');
  const key = path.join(work, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${SITE}`, '-addext', `subjectAltName=DNS:${SITE}`, '-keyout', key, '-out', certificate], { stdio: 'ignore' });
  build = await buildSite();
  server = await startIntakeServer(build.outDir, {
    REDRESS_DATA_DIR: dataDir,
    REDRESS_TRUST_PROXY: 'true',
    REDRESS_RATE_LIMIT: '3/10m',
    REDRESS_MIN_FILL_SECONDS: '1',
    REDRESS_SWEEP_INTERVAL_MINUTES: '0',
  });
  const ports = { http: await freePort(), https: await freePort(), upstream: Number(new URL(server.url).port) };
  const siteFile = path.join(work, 'redress.conf');
  writeFileSync(siteFile, siteFileForTest(ports, { certificate, key, webroot: path.join(work, 'webroot') }));
  nginxCheck = testNginxConfig(nginxPath, work, siteFile);
  nginx = await startNginx({ nginx: nginxPath, dir: work, siteFile, ports: [ports.http, ports.https] });
  tls = { scheme: 'https', port: ports.https, siteName: SITE, ca: readFileSync(certificate, 'utf8') };
  plain = { scheme: 'http', port: ports.http, siteName: SITE };
}, 180_000);

afterAll(async () => {
  await nginx?.stop();
  await server?.stop();
  await build?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `count` forms, issued through the proxy as a JSON client asks for them, once each may be sent. */
async function readyForms(count: number): Promise<IssuedForm[]> {
  const forms: IssuedForm[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await send(tls, { path: '/api/form-token?procedure=ceccc' });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    forms.push(JSON.parse(response.text) as IssuedForm);
  }
  const wait = Math.max(...forms.map((form) => Date.parse(form.sendAfter))) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
  return forms;
}

function complaintJson(form: IssuedForm): string {
  const { procedure, submissionId, renderedAt, formToken } = form;
  return JSON.stringify({ procedure, submissionId, renderedAt, formToken, ...ANSWERS, privacy: true });
}

function postJson(body: string, options: { origin?: string; from?: string; headers?: Record<string, string> } = {}) {
  return send(tls, {
    path: '/api/complaints',
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: options.origin ?? siteOrigin(tls), ...options.headers },
    body,
    from: options.from,
  });
}

describe('nginx in front of the Redress server, configured as deploy/nginx/ says', () => {
  test('nginx takes the configuration without an error or a warning', () => {
    expect(nginxCheck).toBe('');
  });

  test('plain HTTP sends people to the same address over HTTPS', async () => {
    const response = await send(plain, { path: '/procedures/ceccc/?from=letter' });
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(`https://${SITE}/procedures/ceccc/?from=letter`);
  });

  test('a page loads over HTTPS, and browsers are told to keep to HTTPS', async () => {
    const response = await send(tls, { path: '/procedures/ceccc/' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<h1');
    expect(response.headers['strict-transport-security']).toBe('max-age=63072000');
  });

  test('the form and the receipt reach the browser marked never to be stored', async () => {
    const form = await send(tls, { path: '/procedures/ceccc/complain/' });
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
  });

  test('a complaint sent as JSON with a form token and the site’s own origin makes a case', async () => {
    const [form] = await readyForms(1);
    const response = await postJson(complaintJson(form as IssuedForm));
    expect(response.status, response.text).toBe(201);
    const { reference } = JSON.parse(response.text) as { reference: string };
    expect(existsSync(path.join(dataDir, 'complaints', `${reference}.json`))).toBe(true);
  });

  test('a complaint posted by the form without JavaScript is taken, and its receipt shown', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const fields = new URLSearchParams({ procedure: form.procedure, submissionId: form.submissionId, renderedAt: form.renderedAt, formToken: form.formToken, ...ANSWERS, privacy: 'yes' });
    const response = await send(tls, {
      path: '/api/complaints',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: siteOrigin(tls) },
      body: fields.toString(),
    });
    expect(response.status, response.text.slice(0, 300)).toBe(303);
    const location = response.headers.location ?? '';
    expect(location).toMatch(/^\/procedures\/ceccc\/received\/\?ref=/);
    const reference = new URL(location, siteOrigin(tls)).searchParams.get('ref') as string;
    expect(existsSync(path.join(dataDir, 'complaints', `${reference}.json`))).toBe(true);
    const receipt = await send(tls, { path: location });
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(reference);
    expect(receipt.headers['cache-control']).toBe('no-store');
  });

  test('a post from another site, or one claiming the site over plain HTTP, is refused', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const elsewhere = await postJson(complaintJson(form), { origin: 'https://elsewhere.example' });
    expect(elsewhere.status).toBe(403);
    // The server knows from the proxy that the browser used HTTPS, so the http:// origin is not its own.
    const downgraded = await postJson(complaintJson(form), { origin: `http://${SITE}:${tls.port}` });
    expect(downgraded.status).toBe(403);
  });

  test('a body over the server’s 512 KiB gets the server’s own 413; one past nginx’s 1 MiB, nginx’s', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const tooLong = complaintJson(form).replace('"The handover', `"${'x'.repeat(600 * 1024)} The handover`);
    const server413 = await postJson(tooLong);
    expect(server413.status).toBe(413);
    expect(JSON.parse(server413.text)).toEqual({ error: TOO_LARGE_MESSAGE });
    const nginx413 = await postJson(complaintJson(form).replace('"The handover', `"${'x'.repeat(2 * 1024 * 1024)} The handover`));
    expect(nginx413.status).toBe(413);
    expect(nginx413.text).toContain('nginx');
  });

  test('with REDRESS_TRUST_PROXY=true the rate limit counts each client’s own address, whatever the client claims', async () => {
    const forms = await readyForms(5);
    const [a, b, c, d, e] = forms as [IssuedForm, IssuedForm, IssuedForm, IssuedForm, IssuedForm];
    for (const form of [a, b, c]) expect((await postJson(complaintJson(form), { from: '127.0.0.2' })).status).toBe(201);
    // A fourth from the same client is one too many, though it claims to be another address.
    const refused = await postJson(complaintJson(d), { from: '127.0.0.2', headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client, through the same proxy connection to the server, is not held back by the first.
    expect((await postJson(complaintJson(e), { from: '127.0.0.3' })).status).toBe(201);
  });

  test('nginx logged no error while serving the tests, but the body it was meant to refuse', () => {
    const errors = nginx.errorLog().split('\n').filter((line) => /\[(error|crit|alert|emerg)\]/.test(line));
    expect(errors.filter((line) => !line.includes('client intended to send too large body'))).toEqual([]);
  });
});
