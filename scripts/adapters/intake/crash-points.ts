import type { DeliveryPoint } from './deliver-submission.ts';

const POINTS: readonly DeliveryPoint[] = ['after-outbox-write', 'after-create', 'before-outbox-remove'];

/**
 * For the crash tests only: `REDRESS_TEST_CRASH_AT=<point>` makes the process kill itself (SIGKILL, no clean-up)
 * when a delivery reaches that point, to prove a submission answered with a reference survives it. Unset in
 * every real deployment, where this returns undefined and no checkpoint is called.
 */
export function crashPointsFromEnv(env: Readonly<Record<string, string | undefined>>): ((point: DeliveryPoint) => Promise<void>) | undefined {
  const at = env.REDRESS_TEST_CRASH_AT;
  if (!at) return undefined;
  if (!(POINTS as readonly string[]).includes(at)) throw new Error(`REDRESS_TEST_CRASH_AT: one of ${POINTS.join(', ')}.`);
  return async (point) => {
    if (point === at) process.kill(process.pid, 'SIGKILL');
  };
}
