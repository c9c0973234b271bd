/**
 * "A process killed at any point of a submission loses no submission that was answered with a reference": the
 * real server is killed (SIGKILL, no clean-up) at each point of a delivery, restarted on the same data directory,
 * and exactly one case must result, under the reference the submission had, for both stores.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { referenceForSubmission } from '../../scripts/adapters/intake/submission-reference.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { buildSite } from '../e2e/support/site-server.ts';
import { casesServer, CASES_TOKEN } from '../case-store/cases-server.ts';
import type { GitHubTestServer } from '../github-server/index.ts';
import { GOOD_COMPLAINT } from './complaint-fixture.ts';
import { postComplaint, startIntakeServer, type IntakeServer } from './support/intake-server.ts';

const exec = promisify(execFile);
let build: { outDir: string; remove: () => Promise<void> };
beforeAll(async () => {
  build = await buildSite();
}, 120_000);
afterAll(async () => {
  await build?.remove();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-crash-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(env: Record<string, string>): Promise<IntakeServer> {
  const server = await startIntakeServer(build.outDir, env);
  cleanups.push(() => server.stop());
  return server;
}

function submission() {
  return { ...GOOD_COMPLAINT, submissionId: randomUUID(), renderedAt: new Date(Date.now() - 60_000).toISOString(), incidentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface StoreUnderTest {
  env(dir: string): Record<string, string>;
  /** The titles of every case the store holds. */
  titles(dir: string): Promise<string[]>;
}

let github: GitHubTestServer | undefined;
const local: StoreUnderTest = {
  env: (dir) => ({ REDRESS_DATA_DIR: dir, REDRESS_COMMIT_INTERVAL_MS: '20' }),
  titles: async (dir) => {
    const names = await readdir(path.join(dir, 'complaints')).catch(() => []);
    return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => `${n.slice(0, -5)} · ceccc`);
  },
};
const onGitHub: StoreUnderTest = {
  env: (dir) => ({
    REDRESS_DATA_DIR: dir,
    REDRESS_GITHUB_REPO: 'acme/complaints',
    GITHUB_TOKEN: CASES_TOKEN,
    GITHUB_API_URL: github?.url ?? '',
    REDRESS_GITHUB_PACING: 'none',
  }),
  titles: async () => (github ? github.state.issues(github.state.requireRepo('acme/complaints')).map((issue) => issue.title) : []),
};

describe.each([
  ['local store', local],
  ['GitHub store', onGitHub],
] as const)('%s: killed mid-submission, nothing is lost and nothing doubled', (_name, store) => {
  beforeAll(async () => {
    if (store === onGitHub) github = await casesServer({ get now() { return Date.now(); } });
  });
  afterAll(async () => {
    if (store === onGitHub) await github?.close();
  });

  test.each(['after-outbox-write', 'after-create', 'before-outbox-remove'])('killed at %s: one case after the restart, and a resubmission gets the same reference', async (point) => {
    const dir = await dataDir();
    const before = (await store.titles(dir)).length;
    const first = await start({ ...store.env(dir), REDRESS_TEST_CRASH_AT: point });
    const complaint = submission();
    const reference = referenceForSubmission(complaint.submissionId);
    await expect(postComplaint(first.url, complaint)).rejects.toThrow();
    expect(await first.exited).toBe('SIGKILL');

    const second = await start(store.env(dir));
    // The restarted server delivers what the killed one left in its outbox, without being asked.
    const titles = await waitFor(async () => {
      const all = await store.titles(dir);
      return all.filter((t) => t.startsWith(reference)).length === 1 && (await readdir(path.join(dir, 'outbox'))).filter((n) => n.endsWith('.json')).length === 0 ? all : undefined;
    });
    expect(titles.length - before).toBe(1);

    // The person, who got no answer, sends the form again: same reference, still one case.
    const again = await postComplaint(second.url, complaint);
    expect(again.status).toBe(201);
    expect((await again.json()).reference).toBe(reference);
    expect((await store.titles(dir)).filter((t) => t.startsWith(reference))).toHaveLength(1);
  }, 60_000);

  test('killed after answering with a queued reference: delivered once after the restart', async () => {
    const dir = await dataDir();
    // The store cannot take it: GitHub answers 503; the local store's folder has been replaced by a file.
    if (store === onGitHub) github?.faults.inject({ method: 'POST', path: /\/issues$/, times: 1_000, fault: { type: 'status', status: 503 } });
    const first = await start({ ...store.env(dir), REDRESS_DELIVERY_WAIT_MS: '300' });
    const cases = path.join(dir, 'complaints');
    if (store === local) await rename(cases, `${cases}.away`).then(() => writeFile(cases, 'not a folder'));
    const complaint = submission();
    const response = await postComplaint(first.url, complaint);
    expect(response.status).toBe(202);
    const { reference, queued } = await response.json();
    expect(queued).toBe(true);
    expect(reference).toBe(referenceForSubmission(complaint.submissionId));
    first.child.kill('SIGKILL');
    await first.exited;

    if (store === onGitHub) github?.faults.clear();
    if (store === local) await rm(cases).then(() => rename(`${cases}.away`, cases));
    await start(store.env(dir));
    await waitFor(async () => ((await store.titles(dir)).filter((t) => t.startsWith(reference)).length === 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await store.titles(dir)).filter((t) => t.startsWith(reference))).toHaveLength(1);
  }, 60_000);
});

test('local store: a case written just before the kill is committed to its history after the restart', async () => {
  const dir = await dataDir();
  const first = await start({ REDRESS_DATA_DIR: dir, REDRESS_COMMIT_INTERVAL_MS: '60000', REDRESS_TEST_CRASH_AT: 'before-outbox-remove' });
  const complaint = submission();
  await expect(postComplaint(first.url, complaint)).rejects.toThrow();
  await first.exited;
  await start({ REDRESS_DATA_DIR: dir, REDRESS_COMMIT_INTERVAL_MS: '20' });
  const reference = referenceForSubmission(complaint.submissionId);
  const log = await waitFor(async () => {
    const { stdout } = await exec('git', ['-C', path.join(dir, 'complaints'), 'log', '--format=%s', '--name-only']);
    const { stdout: status } = await exec('git', ['-C', path.join(dir, 'complaints'), 'status', '--porcelain']);
    return status === '' && stdout.includes(`${reference}.json`) ? stdout : undefined;
  });
  expect(log).toMatch(new RegExp(`Recover changes written before an interrupted commit\\s+${reference}\\.json`));
  const { stdout: body } = await exec('git', ['-C', path.join(dir, 'complaints'), 'show', `HEAD:${reference}.json`]);
  expect(parseCaseBlock(JSON.parse(body).body)?.reference).toBe(reference);
}, 60_000);
