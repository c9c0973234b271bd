/**
 * Operations per second for the calendar's hot paths: `npm run bench:calendar`.
 * The deadline engine needs 100,000 case timelines (about 5 deadlines each) a second, so
 * computeDue must manage well over 500,000 a second with room left for everything else.
 */
import {
  computeDue, createWorkingCalendar, parseDuration, parseInstant, toDayNumber, workingDaysLate, type Duration,
} from '../core/calendar/index.ts';

const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
const firstDay = toDayNumber('2019-01-01');
const days = 365 * 15;
const firstInstant = parseInstant('2019-01-01T00:00Z');
const instantSpan = days * 86_400_000;
const durations: Duration[] = ['5 working days', '20 working days', '10 calendar days', '8 weeks', '1 calendar month', '48 hours']
  .map(parseDuration);

/** Runs `operation` for about `seconds` and returns calls per second; the checksum keeps the work from being optimised away. */
function measure(name: string, operation: (i: number) => number, seconds = 1): void {
  for (let i = 0; i < 200_000; i += 1) operation(i); // warm up the JIT before timing
  let calls = 0;
  let checksum = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 100_000; i += 1) checksum += operation(calls + i);
    calls += 100_000;
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round(calls / (elapsed / 1000));
  console.log(`${name.padEnd(44)} ${perSecond.toLocaleString('en-GB').padStart(13)} ops/s   (checksum ${checksum % 1000})`);
}

// Pseudo-random but repeatable inputs, so runs are comparable and branches are not all predicted.
const scatter = (i: number, range: number): number => Math.floor(((Math.imul(i, 2_654_435_761) >>> 0) / 2 ** 32) * range);

measure('addWorkingDays (0–59 working days)', (i) => calendar.addWorkingDays(firstDay + scatter(i, days), i % 60));
measure('workingDaysBetween', (i) => calendar.workingDaysBetween(firstDay + scatter(i, days), firstDay + (i % days)));
measure('computeDue (mixed units)', (i) => computeDue({
  from: firstInstant + scatter(i, instantSpan),
  duration: durations[i % durations.length]!,
  calendar,
}).dueInstant);
measure('computeDue (5 working days)', (i) => computeDue({
  from: firstInstant + scatter(i, instantSpan),
  duration: durations[0]!,
  calendar,
}).dueDay);
measure('workingDaysLate', (i) => workingDaysLate({
  dueDay: firstDay + (i % days),
  metInstant: firstInstant + scatter(i, instantSpan),
  calendar,
}));
