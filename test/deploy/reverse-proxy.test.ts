/**
 * The reverse-proxy configurations in deploy/, run for real in front of one real Redress server (built and started
 * as `npm start` does, with REDRESS_TRUST_PROXY=true): nginx with the site file as an organisation installs it, and
 * Caddy with the Caddyfile. Each is changed only where a test machine must differ, and each change is named below:
 * ports, the upstream's port, and the certificate. No certificate authority signs for a test, so nginx is given a
 * self-signed certificate made here for complaints.example.org, and Caddy issues one from its own local authority
 * instead of asking Let's Encrypt; getting a real certificate, and listening on ports 80 and 443, cannot be tried
 * here. nginx and Caddy are installed with apt-get when missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOO_LARGE_MESSAGE } from '../../scripts/adapters/http/complaints-endpoint.ts';
import { buildSite, freePort } from '../e2e/support/site-server.ts';
import { startIntakeServer, type IntakeServer } from '../intake/support/intake-server.ts';
import { ensureCaddy, startCaddy, validateCaddyfile, type RunningCaddy } from './support/caddy.ts';
import { ensureNginx, startNginx, testNginxConfig, type RunningNginx } from './support/nginx.ts';
import { proxiedSiteChecks } from './support/proxied-site-checks.ts';
import { send, type ProxyTarget } from './support/proxy-client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SITE = 'complaints.example.org';

/**
 * Replaces `from` with `to` exactly `times` times, so a change to a configuration that the test no longer fits
 * fails here, naming what it expected, rather than testing something else.
 */
function replace(file: string, text: string, from: string | RegExp, to: string, times = 1): string {
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from;
  const found = text.match(pattern)?.length ?? 0;
  if (found !== times) throw new Error(`${file}: expected ${times} of ${String(from)}, found ${found}.`);
  return text.replace(pattern, to);
}

let work: string;
let build: { outDir: string; remove: () => Promise<void> };
let server: IntakeServer;
let upstreamPort: number;
const dataDir = () => path.join(work, 'data');

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'redress-proxy-'));
  build = await buildSite();
  server = await startIntakeServer(build.outDir, {
    REDRESS_DATA_DIR: dataDir(),
    REDRESS_TRUST_PROXY: 'true',
    REDRESS_RATE_LIMIT: '3/10m',
    REDRESS_MIN_FILL_SECONDS: '1',
    REDRESS_SWEEP_INTERVAL_MINUTES: '0',
  });
  upstreamPort = Number(new URL(server.url).port);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await build?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('nginx, configured as deploy/nginx/ says', () => {
  let nginx: RunningNginx;
  let tls: ProxyTarget;
  let plain: ProxyTarget;
  let check: string;

  /** The site file with the machine-specific parts a test must change, and nothing else. */
  function siteFileForTest(ports: { http: number; https: number }, files: { certificate: string; key: string }): string {
    const file = 'deploy/nginx/redress.conf';
    let text = readFileSync(path.join(ROOT, file), 'utf8');
    text = replace(file, text, 'listen 80;', `listen 127.0.0.1:${ports.http};`);
    text = replace(file, text, 'listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`);
    // A container may have no IPv6 loopback.
    text = replace(file, text, /^\s*listen \[::\]:\d+[^;]*;\n/gm, '', 2);
    text = replace(file, text, 'server 127.0.0.1:4321;', `server 127.0.0.1:${upstreamPort};`);
    text = replace(file, text, `/etc/letsencrypt/live/${SITE}/fullchain.pem`, files.certificate);
    text = replace(file, text, `/etc/letsencrypt/live/${SITE}/privkey.pem`, files.key);
    text = replace(file, text, '/opt/redress/deploy/nginx/redress-locations.conf', path.join(ROOT, 'deploy/nginx/redress-locations.conf'));
    return text;
  }

  beforeAll(async () => {
    const nginxPath = ensureNginx();
    const dir = path.join(work, 'nginx');
    execFileSync('mkdir', ['-p', dir]);
    const certificate = path.join(dir, 'certificate.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${SITE}`, '-addext', `subjectAltName=DNS:${SITE}`, '-keyout', key, '-out', certificate], { stdio: 'ignore' });
    const ports = { http: await freePort(), https: await freePort() };
    const siteFile = path.join(dir, 'redress.conf');
    writeFileSync(siteFile, siteFileForTest(ports, { certificate, key }));
    check = testNginxConfig(nginxPath, dir, siteFile);
    nginx = await startNginx({ nginx: nginxPath, dir, siteFile, ports: [ports.http, ports.https] });
    tls = { scheme: 'https', port: ports.https, siteName: SITE, ca: readFileSync(certificate, 'utf8') };
    plain = { scheme: 'http', port: ports.http, siteName: SITE };
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
  });

  test('nginx takes the configuration without an error or a warning', () => {
    expect(check).toBe('');
  });

  test('plain HTTP sends people to the same address over HTTPS', async () => {
    const response = await send(plain, { path: '/procedures/ceccc/?from=letter', from: '127.0.0.11' });
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(`https://${SITE}/procedures/ceccc/?from=letter`);
  });

  proxiedSiteChecks(() => ({ target: tls, dataDir: dataDir() }), {
    clients: { usual: '127.0.0.11', first: '127.0.0.12', second: '127.0.0.13' },
    // nginx reads the whole body before passing it on, and refuses it past client_max_body_size itself.
    pastProxyLimit: (response) => expect(response.text).toContain('<title>413 Request Entity Too Large</title>'),
  });

  test('nginx logged no error while serving the tests, but for the body it was meant to refuse', () => {
    const errors = nginx.errorLog().split('\n').filter((line) => /\[(error|crit|alert|emerg)\]/.test(line));
    expect(errors.filter((line) => !line.includes('client intended to send too large body'))).toEqual([]);
  });
});

describe('Caddy, configured as deploy/Caddyfile says', () => {
  let caddy: RunningCaddy;
  let tls: ProxyTarget;
  let plain: ProxyTarget;
  let validation: { ok: boolean; warnings: string[] };

  beforeAll(async () => {
    const caddyPath = ensureCaddy();
    const dir = path.join(work, 'caddy');
    execFileSync('mkdir', ['-p', dir]);
    const ports = { http: await freePort(), https: await freePort() };
    const file = 'deploy/Caddyfile';
    const original = readFileSync(path.join(ROOT, file), 'utf8');
    validation = validateCaddyfile(caddyPath, dir, path.join(ROOT, file));
    // Global options first: test ports, certificates from Caddy's own local authority (trusted by the test's client
    // only, never installed in the system), and no admin endpoint.
    const global = `{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\thttp_port ${ports.http}\n\thttps_port ${ports.https}\n}\n\n`;
    const caddyfile = path.join(dir, 'Caddyfile');
    writeFileSync(caddyfile, global + replace(file, original, 'reverse_proxy 127.0.0.1:4321', `reverse_proxy 127.0.0.1:${upstreamPort}`));
    tls = { scheme: 'https', port: ports.https, siteName: SITE };
    plain = { scheme: 'http', port: ports.http, siteName: SITE };
    caddy = await startCaddy({
      caddy: caddyPath,
      dir,
      caddyfile,
      ready: async (ca) => (await send({ ...tls, ca }, { path: '/', from: '127.0.0.21' })).status === 200,
    });
    tls.ca = caddy.rootCertificate;
  }, 60_000);

  afterAll(async () => {
    await caddy?.stop();
  });

  test('Caddy takes the Caddyfile as it is, without a warning', () => {
    expect(validation).toEqual({ ok: true, warnings: [] });
  });

  test('plain HTTP sends people to the same address over HTTPS', async () => {
    const response = await send(plain, { path: '/procedures/ceccc/?from=letter', from: '127.0.0.21' });
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`https://${SITE}/procedures/ceccc/?from=letter`);
  });

  proxiedSiteChecks(() => ({ target: tls, dataDir: dataDir() }), {
    clients: { usual: '127.0.0.21', first: '127.0.0.22', second: '127.0.0.23' },
    // Caddy passes the body on as it comes (the Caddyfile says why it sets no limit): the server answers.
    pastProxyLimit: (response) => expect(JSON.parse(response.text)).toEqual({ error: TOO_LARGE_MESSAGE }),
  });
});
