import { MAIL_POINTS, type MailPoint } from './deliver-mail.ts';

/**
 * For the crash tests only: `REDRESS_TEST_MAIL_CRASH_AT=<point>` makes the process kill itself (SIGKILL, no
 * clean-up) when a message reaches that point, to prove no message is lost or sent twice there. Unset in every real
 * deployment, where this returns undefined and no checkpoint is called.
 */
export function mailCrashPointsFromEnv(env: Readonly<Record<string, string | undefined>>): ((point: MailPoint) => Promise<void>) | undefined {
  const at = env.REDRESS_TEST_MAIL_CRASH_AT;
  if (!at) return undefined;
  if (!(MAIL_POINTS as readonly string[]).includes(at)) throw new Error(`REDRESS_TEST_MAIL_CRASH_AT: one of ${MAIL_POINTS.join(', ')}.`);
  return async (point) => {
    if (point === at) process.kill(process.pid, 'SIGKILL');
  };
}
