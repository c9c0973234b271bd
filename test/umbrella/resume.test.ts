// A run stopped part-way (by GitHub's rate limit, Ctrl-C or a kill) goes on where it stopped when the same command
// is run again, and nothing it read is asked for twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import type { RequestRecord } from '../github-server/index.ts';
import { TOKEN, countRequests, membersYaml, umbrellaWorld, type UmbrellaWorld } from './support/umbrella-world.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MEMBERS = 40;
const CASES = 5;
const MINIMUM = MEMBERS + MEMBERS * CASES;

let world: UmbrellaWorld | undefined;

afterEach(async () => {
  if (!world) return;
  try {
    world.server.assertNoViolations();
  } finally {
    await world.close();
    world = undefined;
  }
});

async function setUp(rateLimit = 5000): Promise<{ world: UmbrellaWorld; file: string }> {
  world = await umbrellaWorld({ members: MEMBERS, casesPerMember: CASES, rateLimit });
  return { world, file: await world.membersFile(membersYaml(world.repositories.map((member) => member.repository))) };
}

/** Paths asked for more than once among counted requests (a 304 costs nothing and repeats nothing). */
function repeated(requests: readonly RequestRecord[]): string[] {
  const seen = new Map<string, number>();
  for (const request of requests) if (request.status === 200 && request.operationId !== 'rate-limit/get') seen.set(request.path, (seen.get(request.path) ?? 0) + 1);
  return [...seen].filter(([, times]) => times > 1).map(([where]) => where);
}

/** The nth request for a ledger file, as a fault rule's path test that also runs `then` when it comes. */
function nthFile(n: number, then: () => void = () => undefined): (path: string) => boolean {
  let seen = 0;
  return (where) => {
    if (!where.includes('/git/blobs/')) return false;
    seen += 1;
    if (seen === n) then();
    return seen === n;
  };
}

describe('stopping before the rate limit', () => {
  test('stops with the reserve left, says when the limit lifts, and the next run finishes without asking for anything twice', async () => {
    const { world, file } = await setUp(150);
    const first = await world.run(['--members', file, '--reserve', '10']);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/Stopped before GitHub's rate limit \(the requests left this hour are kept in reserve\): \d+ of 40 member repositories read\. It lifts at Sunday 31 January 2027 at 1:00pm; run the same command again then/);
    expect(first.stdout).toBe('');
    // Stopped before GitHub had to refuse anything, with the reserve unspent.
    expect(world.server.requests.every((request) => request.status === 200)).toBe(true);
    expect(world.server.rateLimit.status(TOKEN).remaining).toBe(10);

    // Run again before the limit lifts: nothing is asked for but the free budget.
    const early = await world.run(['--members', file, '--reserve', '10']);
    expect(early.code).toBe(3);
    expect(world.server.rateLimit.status(TOKEN).remaining).toBe(10);

    world.clock.now += 61 * 60_000;
    const second = await world.run(['--members', file, '--reserve', '10']);
    expect(second.stderr).toContain('Read 40 of 40 members (40 on GitHub, 0 from folders) in 0.0 s, going on from an earlier run that stopped.');
    expect(second.code).toBe(0);
    const all = countRequests(world.server.requests);
    expect(all.counted).toBe(MINIMUM);
    expect(all.byOperation['git/get-tree']).toBe(MEMBERS);
    expect(repeated(world.server.requests)).toEqual([]);
  }, 60_000);
});

describe('interrupted, then run again', () => {
  test('Ctrl-C stops after the request under way; the next run reads nothing twice and reports what an uninterrupted run reports', async () => {
    const { world, file } = await setUp();
    const controller = new AbortController();
    world.server.faults.inject({ path: nthFile(100, () => controller.abort()), fault: { type: 'delay', ms: 20 } });
    const first = await world.run(['--members', file, '--format', 'json'], { interrupts: () => controller.signal });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('Stopping after the request under way (Ctrl-C again stops at once)…');
    expect(first.stderr).toMatch(/Interrupted: \d+ of 40 member repositories read\. Run the same command again to go on where it stopped\./);
    expect(countRequests(world.server.requests).byOperation['git/get-blob']).toBe(100);

    const second = await world.run(['--members', file, '--format', 'json']);
    expect(second.code).toBe(0);
    expect(countRequests(world.server.requests).counted).toBe(MINIMUM);
    expect(repeated(world.server.requests)).toEqual([]);

    const fresh = await world.run(['--members', file, '--format', 'json', '--data', 'elsewhere']);
    expect(second.stdout).toBe(fresh.stdout);
  }, 60_000);

  test.each([
    ['SIGINT', 130, 0],
    ['SIGKILL', null, 1],
  ] as const)('a real process stopped by %s goes on where it stopped (repeating at most the request under way)', async (signal, code, repeats) => {
    const { world, file } = await setUp();
    world.server.faults.inject({ path: nthFile(60), fault: { type: 'delay', ms: 1_500 } });
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'cli', 'redress.ts'), 'umbrella', '--members', file], {
      cwd: world.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...world.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    // Stopped while the 60th ledger file is on its way.
    while (!world.server.requests.some((request) => request.fault === 'delay')) await sleep(20);
    child.kill(signal);
    expect(await exited).toBe(code);
    if (signal === 'SIGINT') expect(stderr).toMatch(/Interrupted: \d+ of 40 member repositories read/);
    const before = countRequests(world.server.requests).byOperation['git/get-blob'] ?? 0;
    expect(before).toBeGreaterThanOrEqual(60);
    expect(before).toBeLessThan(MEMBERS * CASES);

    // GitHub answers (and counts) a request whose client has died; wait for that answer so the count is settled.
    while (world.server.requests.some((request) => request.fault === 'delay' && request.status === null)) await sleep(20);

    const again = await world.run(['--members', file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('going on from an earlier run that stopped');
    expect(countRequests(world.server.requests).counted).toBe(MINIMUM + repeats);
    expect(repeated(world.server.requests)).toHaveLength(repeats);
  }, 60_000);
});
