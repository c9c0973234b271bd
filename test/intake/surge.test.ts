/**
 * A surge: more complaints in an hour than GitHub lets one account create issues for, in bursts far past its minute
 * limit, through the real intake runtime into the GitHub test server, which refuses content creation past 80 a
 * minute and 500 an hour as GitHub does. Time is simulated, shared by the server, the pacer and the retry worker.
 * The intake is restarted once the hour's allowance is spent, to show its log of writes outlives the process.
 * `npm run bench:intake` runs the same scenario with 2,000 complaints.
 */
import { expect, test } from 'vitest';
import { CONTENT_LIMITS } from '../../scripts/adapters/github/content-pacer.ts';
import { isReference } from '../../scripts/core/complaint/reference.ts';
import { GITHUB_CONTENT_LIMITS as GITHUB_LIMITS } from '../github-server/index.ts';
import { busiest, runSurge, surgeArrivals, SURGE_START } from './support/surge.ts';

const HOUR = 3_600_000;
// More than the 450 an hour the pacer allows itself, so delivery runs into the next hour; small enough to finish
// in well under a minute of real time. The benchmark's 2,000 take a few minutes.
const COMPLAINTS = 500;

test('the arrivals are a surge: past the minute limit in their bursts and past the hour limit in all', () => {
  const arrivals = surgeArrivals(COMPLAINTS, HOUR);
  expect(arrivals).toHaveLength(COMPLAINTS);
  expect(arrivals.every((at) => at >= SURGE_START && at < SURGE_START + HOUR)).toBe(true);
  expect(busiest(arrivals, 60_000)).toBeGreaterThan(80);
  expect(busiest(arrivals, HOUR)).toBeGreaterThan(500 - 1);
});

test('busiest counts the most times within any sliding window', () => {
  expect(busiest([], 60_000)).toBe(0);
  // 0 and 59,999 share a minute; 60,000 does not share one with 0.
  expect(busiest([0, 59_999, 60_000, 60_001], 60_000)).toBe(3);
  expect(busiest([5, 5, 5], 1)).toBe(3);
});

test('every complaint of a surge is answered at once and delivered within GitHub’s limits: none lost, none doubled, no 403', async () => {
  const report = await runSurge({ complaints: COMPLAINTS, overMs: HOUR, restartAfter: 460, longEvery: 50 });

  // Answered at once with their reference; those without room are queued, not held.
  expect(report.answers).toHaveLength(COMPLAINTS);
  expect(report.answers.every(({ reference }) => isReference(reference))).toBe(true);
  expect(report.answers.filter(({ queued }) => queued).length).toBeGreaterThan(COMPLAINTS - CONTENT_LIMITS.perHour);
  const slowest = Math.max(...report.answers.map(({ ms }) => ms));
  expect(slowest, 'an answer waited as long as a delivery may (8 s): it was held, not queued').toBeLessThan(8_000);

  // All delivered, in the hours after, in the order received, each once, long ones with every part once.
  expect(report.lost).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.badContinuations).toEqual([]);
  expect(report.outOfOrder).toBe(0);
  expect(report.deliveredAfterMs).toBeGreaterThan(HOUR);
  expect(report.deliveredAfterMs).toBeLessThan(3 * HOUR);

  // Within GitHub's limits by the server's own log, and never refused.
  expect(report.refusals).toBe(0);
  expect(report.contentRequests).toBeGreaterThan(COMPLAINTS);
  // GitHub counts a request when it arrives, the pacer when it is sent; with simulated time jumping while requests
  // are in flight (the receipt emails' records go out beside the deliveries) the two can disagree by a request or
  // two at a window's edge, which is what the pacer's tenth in reserve is for.
  expect(report.busiest.minute).toBeLessThanOrEqual(GITHUB_LIMITS.perMinute);
  expect(report.busiest.hour).toBeLessThanOrEqual(GITHUB_LIMITS.perHour);
  // The pacer used what it allows itself: the limits bound the delivery, not something slower.
  expect(report.busiest.minute).toBeGreaterThanOrEqual(CONTENT_LIMITS.perMinute);
  expect(report.busiest.hour).toBeGreaterThanOrEqual(CONTENT_LIMITS.perHour);
  expect(report.problems).toEqual([]);
  expect(report.violations).toBe(0);
}, 120_000);
