/**
 * What the container image would hold, without a container engine: the files .dockerignore lets into the build
 * context, copied to a folder of their own, built as the Dockerfile builds them (`astro build`) and served as its
 * CMD serves them, with the image's environment. A file the site or the server needs but the image leaves out
 * fails here. What differs from a real image, and why: node_modules is this checkout's, linked in, rather than an
 * `npm ci --omit=dev` of its own (that would fetch every package again on each run); the server listens on
 * 127.0.0.1 rather than the image's 0.0.0.0; and it runs as this test's user, on this machine's Node.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../e2e/support/site-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The paths .dockerignore lets in after leaving everything out (the rule it is written to; dockerfile.test.ts checks that). */
function letIn(): string[] {
  return readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/\/$/, ''));
}

/** ENV of the Dockerfile's last stage. */
function imageEnvironment(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, pairs] of lastStage.matchAll(/^ENV (.*)$/gm)) {
    for (const pair of (pairs as string).split(/\s+/)) env[pair.split('=')[0] as string] = pair.split('=').slice(1).join('=');
  }
  return env;
}

let context: string;
let server: ChildProcess | undefined;
let url: string;
let output = '';

beforeAll(async () => {
  context = mkdtempSync(path.join(os.tmpdir(), 'redress-image-'));
  for (const entry of letIn()) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(context, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(context, 'node_modules'), 'dir');
  const script = `import { build } from 'astro';
await build({ root: ${JSON.stringify(context)}, cacheDir: ${JSON.stringify(path.join(context, '.astro-cache'))}, logLevel: 'error' });`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: context, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, maxBuffer: 16 * 1024 * 1024 });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = imageEnvironment();
  server = spawn(process.execPath, ['scripts/server/start.ts'], {
    cwd: context,
    env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port), REDRESS_DATA_DIR: path.join(context, 'data'), REDRESS_MIN_FILL_SECONDS: '0', ASTRO_NODE_LOGGING: 'disabled' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await fetch(`${url}/`).then((response) => response.ok, () => false)) break;
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`The server did not start from the image's files:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (context) rmSync(context, { recursive: true, force: true });
});

describe('the files the image holds are enough to build and run Redress', () => {
  test('the build made the site and the server', () => {
    expect(existsSync(path.join(context, 'dist/server/entry.mjs'))).toBe(true);
    expect(existsSync(path.join(context, 'dist/client/index.html'))).toBe(true);
  });

  test('pages are served', async () => {
    for (const page of ['/', '/procedures/ceccc/', '/procedures/ceccc/complain/', '/privacy/']) {
      expect((await fetch(`${url}${page}`)).status, page).toBe(200);
    }
  });

  test('a complaint becomes a case in the data directory, with its history in git there', async () => {
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const response = await fetch(`${url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: url },
      body: JSON.stringify({
        procedure: 'ceccc',
        submissionId: '7a1c2d3e-4f50-4617-8829-3a4b5c6d7e8f',
        renderedAt: new Date().toISOString(),
        identity: 'anonymous',
        onBehalf: 'myself',
        incident: 'single',
        incidentDate: lastWeek,
        spokenToSomeone: 'no',
        complaint: 'The handover was late.',
        outcomeWanted: 'Handovers on time.',
        privacy: true,
      }),
    });
    expect(response.status, output).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    expect(existsSync(path.join(context, 'data', 'complaints', `${reference}.json`))).toBe(true);
    expect(existsSync(path.join(context, 'data', 'complaints', '.git'))).toBe(true);
  });
});
