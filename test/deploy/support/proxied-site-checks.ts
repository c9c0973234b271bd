/**
 * What a reverse proxy in front of Redress must get right, as tests any proxy's configuration is put through: pages
 * load over HTTPS; the form, the receipt and the intake's answers are never cached; a complaint, by JSON or by the
 * form without JavaScript, makes a case because the server sees the origin the browser sent; another site's post
 * is refused; the server's own 413 reaches the client, and the proxy stops what is far too large; and the rate
 * limit counts each client's own address, which a client cannot choose.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { TOO_LARGE_MESSAGE } from '../../../scripts/adapters/http/complaints-endpoint.ts';
import { send, siteOrigin, type ProxyResponse, type ProxyTarget } from './proxy-client.ts';

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

export interface ProxiedSite {
  /** The proxy's HTTPS address, with the certificate it presents. */
  target: ProxyTarget;
  /** The Redress server's data directory, where a case made locally is a file. */
  dataDir: string;
}

export interface ProxyCheckOptions {
  /**
   * Loopback addresses of clients that only this proxy's tests use (the server's rate limit is shared): the one that
   * makes the ordinary requests, and two that show the limit counts each client apart.
   */
  clients: { usual: string; first: string; second: string };
  /** Checks who answered a body of 2 MiB, past nginx's limit and the server's, and how. */
  pastProxyLimit: (response: ProxyResponse) => void;
}

/** Registers the checks, in the describe block of the proxy; `site` is called once the proxy is running. */
export function proxiedSiteChecks(site: () => ProxiedSite, options: ProxyCheckOptions): void {
  /** `count` forms, issued through the proxy as a JSON client asks for them, once each may be sent. */
  async function readyForms(count: number): Promise<IssuedForm[]> {
    const forms: IssuedForm[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await send(site().target, { path: '/api/form-token?procedure=ceccc', from: options.clients.usual });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      forms.push(JSON.parse(response.text) as IssuedForm);
    }
    const wait = Math.max(...forms.map((form) => Date.parse(form.sendAfter))) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
    return forms;
  }

  function complaintJson(form: IssuedForm, complaint = ANSWERS.complaint): string {
    const { procedure, submissionId, renderedAt, formToken } = form;
    return JSON.stringify({ procedure, submissionId, renderedAt, formToken, ...ANSWERS, complaint, privacy: true });
  }

  function postJson(body: string, request: { origin?: string; from?: string; headers?: Record<string, string> } = {}) {
    const { target } = site();
    return send(target, {
      path: '/api/complaints',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: request.origin ?? siteOrigin(target), ...request.headers },
      body,
      from: request.from ?? options.clients.usual,
    });
  }

  const caseExists = (reference: string) => existsSync(path.join(site().dataDir, 'complaints', `${reference}.json`));

  test('a page loads over HTTPS, and browsers are told to keep to HTTPS', async () => {
    const response = await send(site().target, { path: '/procedures/ceccc/', from: options.clients.usual });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<h1');
    expect(response.headers['strict-transport-security']).toBe('max-age=63072000');
  });

  test('the form reaches the browser marked never to be stored', async () => {
    const form = await send(site().target, { path: '/procedures/ceccc/complain/', from: options.clients.usual });
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
  });

  test('a complaint sent as JSON with a form token and the site’s own origin makes a case', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const response = await postJson(complaintJson(form));
    expect(response.status, response.text).toBe(201);
    expect(caseExists((JSON.parse(response.text) as { reference: string }).reference)).toBe(true);
  });

  test('a complaint posted by the form without JavaScript is taken, and its receipt shown, never to be stored', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const { target } = site();
    const fields = new URLSearchParams({ procedure: form.procedure, submissionId: form.submissionId, renderedAt: form.renderedAt, formToken: form.formToken, ...ANSWERS, privacy: 'yes' });
    const response = await send(target, {
      path: '/api/complaints',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: siteOrigin(target) },
      body: fields.toString(),
      from: options.clients.usual,
    });
    expect(response.status, response.text.slice(0, 300)).toBe(303);
    const location = response.headers.location ?? '';
    expect(location).toMatch(/^\/procedures\/ceccc\/received\/\?ref=/);
    const reference = new URL(location, siteOrigin(target)).searchParams.get('ref') as string;
    expect(caseExists(reference)).toBe(true);
    const receipt = await send(target, { path: location, from: options.clients.usual });
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(reference);
    expect(receipt.headers['cache-control']).toMatch(/^no-store\b/);
  });

  test('a post from another site, or one claiming the site over plain HTTP, is refused', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const { target } = site();
    expect((await postJson(complaintJson(form), { origin: 'https://elsewhere.example' })).status).toBe(403);
    // The server knows from the proxy that the browser used HTTPS, so the http:// origin is not its own.
    expect((await postJson(complaintJson(form), { origin: `http://${target.siteName}:${target.port}` })).status).toBe(403);
  });

  test('a body over the server’s 512 KiB gets the server’s own 413, and one of 2 MiB is refused too', async () => {
    const [form] = (await readyForms(1)) as [IssuedForm];
    const server413 = await postJson(complaintJson(form, 'x'.repeat(600 * 1024)));
    expect(server413.status).toBe(413);
    expect(JSON.parse(server413.text)).toEqual({ error: TOO_LARGE_MESSAGE });
    const huge = await postJson(complaintJson(form, 'x'.repeat(2 * 1024 * 1024)));
    expect(huge.status).toBe(413);
    options.pastProxyLimit(huge);
  });

  test('with REDRESS_TRUST_PROXY=true the rate limit (3 here) counts each client’s own address, whatever it claims', async () => {
    const { first, second } = options.clients;
    const [a, b, c, d, e] = (await readyForms(5)) as [IssuedForm, IssuedForm, IssuedForm, IssuedForm, IssuedForm];
    for (const form of [a, b, c]) expect((await postJson(complaintJson(form), { from: first })).status).toBe(201);
    // A fourth from the same client is one too many, though it claims to be another address.
    const refused = await postJson(complaintJson(d), { from: first, headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client, through the same proxy and its connections to the server, is not held back by the first.
    expect((await postJson(complaintJson(e), { from: second })).status).toBe(201);
  });
}
