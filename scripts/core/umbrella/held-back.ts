/**
 * Small numbers held back in the umbrella view, by the statistics page's rule (public-statistics.ts): no count from
 * 1 to 4 is given, nor a figure from which one could be worked out. A centre that received three complaints could
 * otherwise be read as "Jo's complaint was the late one". None is given as "none": that nobody's complaint was
 * handled late identifies nobody, and it is the answer an umbrella body most needs.
 */
import { count, SMALLEST_PUBLISHED_COUNT, type Published } from '../audit/public-statistics.ts';

/**
 * @example
 * countOrNone(0)  //=> { shown: true, value: 0, text: 'none' }
 * countOrNone(3)  //=> { shown: false, text: 'fewer than 5' }
 * countOrNone(12) //=> { shown: true, value: 12, text: '12' }
 */
export function countOrNone(value: number): Published {
  return value === 0 ? { shown: true, value: 0, text: 'none' } : count(value);
}

/**
 * One figure of every member and their total, as published. Each member's count is held back from 1 to 4; and where
 * the total is given and exactly one member's count is held back, the smallest other count given is held back with
 * it, so that the hidden one cannot be found by subtracting the others from the total.
 *
 * @example
 * publishColumn([7, 2, 0, 9]).members.map((p) => p.text) //=> ['not published', 'fewer than 5', 'none', '9']
 * publishColumn([7, 2, 0, 9]).total.text //=> '18'
 */
export function publishColumn(values: readonly number[]): { members: Published[]; total: Published } {
  const sum = values.reduce((a, b) => a + b, 0);
  const total = countOrNone(sum);
  const hidden = new Set(values.flatMap((value, index) => (value > 0 && value < SMALLEST_PUBLISHED_COUNT ? [index] : [])));
  if (total.shown && hidden.size === 1) {
    const shown = values.flatMap((value, index) => (value >= SMALLEST_PUBLISHED_COUNT ? [index] : []));
    const smallest = shown.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0))[0];
    if (smallest !== undefined) hidden.add(smallest);
  }
  return {
    members: values.map((value, index) => {
      if (!hidden.has(index)) return countOrNone(value);
      // Held back only to protect another: not "fewer than 5", which would be untrue.
      return value < SMALLEST_PUBLISHED_COUNT ? count(value) : { shown: false, text: 'not published' };
    }),
    total,
  };
}
