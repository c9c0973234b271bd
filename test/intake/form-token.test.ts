/**
 * Form tokens and the secret they are signed with: a token passes only for the procedure, submission id and time
 * it was made for, under the secret that made it; the secret is made once per data directory, readable by its
 * owner only, the same for every process that shares the directory, and kept across restarts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { FORM_TOKEN_MAX_AGE_MS, FormTokens } from '../../scripts/adapters/http/form-token.ts';
import { FORM_SECRET_FILE, loadFormSecret } from '../../scripts/adapters/intake/form-secret.ts';
import { parseConfig } from '../../scripts/core/config/config-schema.ts';
import { LOOKUP_WINDOW_MS } from '../../scripts/core/intake/plan-new-case.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = Date.parse('2026-12-23T10:00:00Z');
const ID = '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-form-secret-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('a form token', () => {
  const tokens = new FormTokens({ secret: Buffer.alloc(32, 1), minFillMs: 3_000 });

  test('passes for the form it was made for, with the time it was made', () => {
    const form = tokens.issue('ceccc', NOW);
    expect(form).toEqual({ procedure: 'ceccc', submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/), renderedAt: '2026-12-23T10:00:00.000Z', formToken: expect.any(String) });
    expect(tokens.check(form, NOW + 1)).toEqual({ ok: true, shownAt: NOW });
    expect(tokens.check(form, NOW + FORM_TOKEN_MAX_AGE_MS)).toEqual({ ok: true, shownAt: NOW });
  });

  test('lives as long as the store looks back for an earlier delivery, so a resubmission is always recognised', () => {
    expect(FORM_TOKEN_MAX_AGE_MS).toBe(LOOKUP_WINDOW_MS);
    const form = tokens.issue('ceccc', NOW);
    expect(tokens.check(form, NOW + FORM_TOKEN_MAX_AGE_MS + 1)).toEqual({ ok: false, problem: 'expired' });
  });

  test.each([
    ['absent', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['not a token', 'hello', 'invalid'],
    ['another version', `2.${NOW}.${'A'.repeat(43)}`, 'invalid'],
    ['a number', 12, 'missing'],
  ])('%s: %s', (_what, formToken, problem) => {
    expect(tokens.check({ procedure: 'ceccc', submissionId: ID, formToken }, NOW)).toEqual({ ok: false, problem });
  });

  test('fails for any other procedure, submission id or time, any changed character, and any other secret', () => {
    const other = new FormTokens({ secret: Buffer.alloc(32, 2), minFillMs: 3_000 });
    const procedure = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(procedure, fc.uuid(), fc.integer({ min: NOW - 86_400_000, max: NOW }), procedure, fc.uuid(), fc.integer({ min: 0, max: 200 }), (p, id, shownAt, p2, id2, at) => {
        const token = tokens.sign({ procedure: p, submissionId: id, shownAt });
        expect(tokens.check({ procedure: p, submissionId: id, formToken: token }, NOW)).toEqual({ ok: true, shownAt });
        if (p2 !== p) expect(tokens.check({ procedure: p2, submissionId: id, formToken: token }, NOW).ok).toBe(false);
        if (id2 !== id) expect(tokens.check({ procedure: p, submissionId: id2, formToken: token }, NOW).ok).toBe(false);
        expect(tokens.check({ procedure: p, submissionId: id, formToken: token.replace(`.${shownAt}.`, `.${shownAt - 60_000}.`) }, NOW).ok).toBe(false);
        const i = at % token.length;
        const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
        expect(tokens.check({ procedure: p, submissionId: id, formToken: changed }, NOW).ok).toBe(false);
        expect(other.check({ procedure: p, submissionId: id, formToken: token }, NOW)).toEqual({ ok: false, problem: 'invalid' });
      }),
      { numRuns: 300 },
    );
  });

  test('has one spelling: the free low bits of its last character cannot be varied', () => {
    const token = tokens.sign({ procedure: 'ceccc', submissionId: ID, shownAt: NOW });
    const last = token.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1] as string;
    expect(Buffer.from(token.slice(-43), 'base64url').equals(Buffer.from(`${token.slice(-43, -1)}${twin}`, 'base64url'))).toBe(true);
    expect(tokens.check({ procedure: 'ceccc', submissionId: ID, formToken: `${token.slice(0, -1)}${twin}` }, NOW)).toEqual({ ok: false, problem: 'invalid' });
  });

  test('a forged old time fails as forged, never as expired: "expired" is only said of a token the server made', () => {
    const forged = `1.${NOW - 30 * 86_400_000}.${'x'.repeat(43)}`;
    expect(tokens.check({ procedure: 'ceccc', submissionId: ID, formToken: forged }, NOW)).toEqual({ ok: false, problem: 'invalid' });
  });

  test('is needed only while there is a minimum fill time', () => {
    expect(tokens.required).toBe(true);
    expect(new FormTokens({ secret: Buffer.alloc(32, 1), minFillMs: 0 }).required).toBe(false);
  });

  test('refuses a secret shorter than 32 bytes', () => {
    expect(() => new FormTokens({ secret: Buffer.alloc(16), minFillMs: 0 })).toThrow('A form secret is at least 32 bytes.');
  });
});

describe('the form secret', () => {
  test('is made on first start, readable by its owner only, and the same after a restart', async () => {
    const dir = await dataDir();
    const first = await loadFormSecret({ dataDir: dir });
    expect(first.source).toBe('data directory');
    expect(first.secret).toHaveLength(32);
    const file = path.join(dir, FORM_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(`${first.secret.toString('hex')}\n`);
    const again = await loadFormSecret({ dataDir: dir });
    expect(again.secret.equals(first.secret)).toBe(true);
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual([FORM_SECRET_FILE]);
  });

  test('each data directory has its own', async () => {
    const [a, b] = await Promise.all([dataDir(), dataDir()]);
    expect((await loadFormSecret({ dataDir: a })).secret.equals((await loadFormSecret({ dataDir: b })).secret)).toBe(false);
  });

  test('processes starting at once on one data directory all end up with the same one', async () => {
    const dir = await dataDir();
    const script = `import { loadFormSecret } from ${JSON.stringify(path.join(ROOT, 'scripts/adapters/intake/form-secret.ts'))};
const { secret } = await loadFormSecret({ dataDir: ${JSON.stringify(dir)} });
process.stdout.write(secret.toString('hex'));`;
    const run = () => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }).then(({ stdout }) => stdout);
    const secrets = await Promise.all(Array.from({ length: 8 }, run));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(path.join(dir, FORM_SECRET_FILE), 'utf8')).toBe(`${secrets[0]}\n`);
    expect(await readdir(dir)).toEqual([FORM_SECRET_FILE]);
  }, 30_000);

  test('in-process callers racing on an empty directory agree too', async () => {
    const dir = await dataDir();
    const loaded = await Promise.all(Array.from({ length: 20 }, () => loadFormSecret({ dataDir: path.join(dir, 'new', 'data') })));
    expect(new Set(loaded.map((l) => l.secret.toString('hex'))).size).toBe(1);
  });

  test('a file readable by others is made private again, and the caller told', async () => {
    const dir = await dataDir();
    const { secret } = await loadFormSecret({ dataDir: dir });
    await chmod(path.join(dir, FORM_SECRET_FILE), 0o644);
    const loaded = await loadFormSecret({ dataDir: dir });
    expect(loaded).toMatchObject({ tightened: true });
    expect(loaded.secret.equals(secret)).toBe(true);
    expect((await stat(path.join(dir, FORM_SECRET_FILE))).mode & 0o777).toBe(0o600);
  });

  test('a damaged file stops start-up, naming the file, rather than being replaced quietly', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, FORM_SECRET_FILE), 'password\n', { mode: 0o600 });
    await expect(loadFormSecret({ dataDir: dir })).rejects.toThrow(`${path.join(dir, FORM_SECRET_FILE)} does not hold a form secret (64 hex digits).`);
  });

  test('from the configuration: used as given, and no file is made', async () => {
    const dir = await dataDir();
    const configured = 'd2b1c5e7a9f04e3b8c6d1a2f5e7b9c0d';
    const loaded = await loadFormSecret({ dataDir: dir, configured });
    expect(loaded).toEqual({ secret: Buffer.from(configured), source: 'configuration' });
    expect(await readdir(dir)).toEqual([]);
  });

  test('REDRESS_FORM_SECRET is checked like any setting, and its value never appears in the message', () => {
    expect(parseConfig({ REDRESS_FORM_SECRET: 'short-Secret-Canary' })).toEqual({ ok: false, problems: ['REDRESS_FORM_SECRET: At least 32 characters: make one with "openssl rand -hex 32".'] });
    expect(parseConfig({ REDRESS_FORM_SECRET: 'changeme'.repeat(5) })).toEqual({ ok: false, problems: ['REDRESS_FORM_SECRET: Use a random value (make one with "openssl rand -hex 32"), not a repeated word.'] });
    const good = 'd2b1c5e7a9f04e3b8c6d1a2f5e7b9c0d';
    expect(parseConfig({ REDRESS_FORM_SECRET: good })).toMatchObject({ ok: true, config: { formSecret: good } });
    expect(parseConfig({})).toMatchObject({ ok: true, config: expect.not.objectContaining({ formSecret: expect.anything() }) });
  });
});
