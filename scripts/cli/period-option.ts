import { isLocalDate } from '../core/calendar/day-number.ts';
import { UsageError } from './command.ts';

/**
 * A `--period <from>..<to>` option: two UK dates, both included.
 *
 * @example
 * periodOption('2026-04-01..2027-03-31', '--period') //=> { from: '2026-04-01', to: '2027-03-31' }
 */
export function periodOption(value: unknown, name: string): { from: string; to: string } | undefined {
  if (value === undefined) return undefined;
  const [from, to, ...rest] = String(value).split('..');
  if (rest.length > 0 || !isLocalDate(from) || !isLocalDate(to)) {
    throw new UsageError(`${name}: "${String(value)}" is not a period; write it as <from>..<to> with dates as YYYY-MM-DD, e.g. 2026-04-01..2027-03-31.`);
  }
  if (from > to) throw new UsageError(`${name}: the period starts (${from}) after it ends (${to}).`);
  return { from, to };
}
