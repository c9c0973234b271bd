// The content pacer: sliding windows under GitHub's content-creation limits, a log that survives a restart,
// and pauses GitHub asks for.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CONTENT_LIMITS, ContentPacer, contentLogFile, PacedError } from '../../scripts/adapters/github/content-pacer.ts';

const START = Date.parse('2026-12-23T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(limits = CONTENT_LIMITS) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-pacer-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const clock = { now: START };
  const file = contentLogFile(dir);
  const open = () => ContentPacer.open({ file, now: () => clock.now, limits });
  return { clock, file, open, pacer: await open() };
}

async function refusal(promise: Promise<unknown>): Promise<PacedError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof PacedError)) throw new Error(`Expected a PacedError, got ${String(error)}`);
  return error;
}

async function takeMany(pacer: ContentPacer, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await pacer.take();
}

test('its limits are GitHub’s 80 a minute and 500 an hour, less a margin', () => {
  expect(CONTENT_LIMITS.perMinute).toBeLessThan(80);
  expect(CONTENT_LIMITS.perHour).toBeLessThan(500);
  expect(CONTENT_LIMITS).toEqual({ perMinute: 72, perHour: 450 });
});

describe('the minute', () => {
  test('a request past the minute’s allowance is refused, with when room comes back', async () => {
    const { pacer, clock } = await setup();
    await takeMany(pacer, 30);
    clock.now += 20 * SECOND;
    await takeMany(pacer, 42);
    const refused = await refusal(pacer.take());
    expect(refused.retryAt).toBe(START + MINUTE);
    clock.now = START + MINUTE - 1;
    await refusal(pacer.take());
    // The first 30 have aged out: 30 more fit, not 72 (the window slides).
    clock.now = START + MINUTE;
    await takeMany(pacer, 30);
    expect((await refusal(pacer.take())).retryAt).toBe(START + 20 * SECOND + MINUTE);
  });

  test('a delivery is admitted only when all its requests fit, and counts as made until released', async () => {
    const { pacer } = await setup();
    await takeMany(pacer, 70);
    await refusal(pacer.admit(3));
    const release = await pacer.admit(2);
    // Admitted together, two deliveries cannot both have the last two places.
    await refusal(pacer.admit(1));
    await takeMany(pacer, 2);
    release();
    release();
    await refusal(pacer.admit(1));
    await refusal(pacer.take());
  });

  test('a delivery needing more than a minute’s allowance is admitted into an empty window', async () => {
    const { pacer, clock } = await setup({ perMinute: 5, perHour: 100 });
    await pacer.take();
    expect((await refusal(pacer.admit(8))).retryAt).toBe(START + MINUTE);
    clock.now = START + MINUTE;
    const release = await pacer.admit(8);
    await takeMany(pacer, 5);
    expect((await refusal(pacer.take())).retryAt).toBe(START + 2 * MINUTE);
    release();
  });
});

describe('the hour', () => {
  test('past the hour’s allowance, nothing fits until the hour’s first request ages out', async () => {
    const { pacer, clock } = await setup();
    // 45 every six minutes: 450 in 54 minutes, never the minute's limit.
    for (let batch = 0; batch < 10; batch += 1) {
      clock.now = START + batch * 6 * MINUTE;
      await takeMany(pacer, 45);
    }
    clock.now = START + 58 * MINUTE;
    expect((await refusal(pacer.take())).retryAt).toBe(START + HOUR);
    expect((await refusal(pacer.admit(1))).retryAt).toBe(START + HOUR);
    clock.now = START + HOUR;
    await takeMany(pacer, 45);
    expect((await refusal(pacer.take())).retryAt).toBe(START + 6 * MINUTE + HOUR);
  });
});

describe('the log', () => {
  test('a restarted process sees the hour’s requests and does not burst past the limit', async () => {
    const { pacer, clock, open } = await setup();
    for (let batch = 0; batch < 10; batch += 1) {
      clock.now = START + batch * 6 * MINUTE;
      await takeMany(pacer, 45);
    }
    clock.now = START + 58 * MINUTE;
    const restarted = await open();
    expect((await refusal(restarted.take())).retryAt).toBe(START + HOUR);
    // Two processes on one data directory (the server and `redress outbox flush`) share it as they go.
    clock.now = START + HOUR;
    await restarted.take();
    await takeMany(pacer, 44);
    await refusal(restarted.take());
  });

  test('holds times only, and is cut back to the last hour when opened', async () => {
    const { pacer, clock, file, open } = await setup();
    await takeMany(pacer, 3);
    clock.now += 2 * HOUR;
    await takeMany(pacer, 2);
    await open();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toEqual([`c ${clock.now}`, `c ${clock.now}`]);
  });

  test('a line cut short by a killed process, or a time from a clock set back, counts for nothing', async () => {
    const { clock, file, open } = await setup({ perMinute: 2, perHour: 100 });
    // The last line lost its end: what is left reads as a time long past.
    await writeFile(file, `c ${START}\nc ${START + 3 * HOUR}\ngarbage\n${`c ${START}`.slice(0, 7)}`);
    const pacer = await open();
    await pacer.take();
    await refusal(pacer.take());
    clock.now += MINUTE;
    await takeMany(pacer, 2);
  });
});

describe('pauses', () => {
  test('a pause GitHub asked for holds every request and delivery until it ends, across a restart', async () => {
    const { pacer, clock, open } = await setup();
    await pacer.pauseUntil(START + 90 * SECOND);
    expect((await refusal(pacer.take())).retryAt).toBe(START + 90 * SECOND);
    expect((await refusal(pacer.admit(1))).retryAt).toBe(START + 90 * SECOND);
    expect(await pacer.pausedUntil()).toBe(START + 90 * SECOND);
    const restarted = await open();
    await refusal(restarted.take());
    clock.now = START + 90 * SECOND;
    expect(await restarted.pausedUntil()).toBeUndefined();
    await restarted.take();
    (await pacer.admit(1))();
  });
});
