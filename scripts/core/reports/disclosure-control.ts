/**
 * Holding back small numbers in a published report, as the statistics page does (public-statistics.ts): a count
 * below 5 reads "fewer than 5", and a count that would let a reader work one out is "not published".
 *
 * A report shows many counts that add up: the complaints of a year are those of its four quarters; the answers at a
 * stage are its upheld, partly upheld and not upheld ones; the answers due are those on time, late and not given.
 * Where all but one member of such a sum is known, the last is too, so when exactly one member hides a count of 1
 * to 4 another member is hidden with it (the smallest shown part, else the whole), and again until no sum gives a
 * hidden count away. A hidden none needs no protecting: working out that nobody had an outcome identifies nobody.
 */
import { count, SMALLEST_PUBLISHED_COUNT, type Published } from '../audit/public-statistics.ts';

/** A sum the reader can see: `whole` is the total of `parts`. Members are figure keys. */
export interface Relation {
  whole: string;
  parts: readonly string[];
}

export interface DisclosureInput {
  /** Every count that takes part, shown or not, by key. */
  values: ReadonlyMap<string, number>;
  /** The keys of the counts the report shows (or lets a reader work out, as a share shows its two parts). */
  shown: ReadonlySet<string>;
  relations: readonly Relation[];
}

/** What stands in for a count held back only to protect another: "fewer than 5" would be untrue. */
export const NOT_PUBLISHED = 'not published';

/**
 * Each shown count as published.
 *
 * @example
 * controlDisclosure({ values: new Map([['all', 20], ['a', 17], ['b', 3]]), shown: new Set(['all', 'a', 'b']), relations: [{ whole: 'all', parts: ['a', 'b'] }] })
 * //=> Map { 'all' => '20', 'a' => 'not published', 'b' => 'fewer than 5' } (as Published)
 */
export function controlDisclosure(input: DisclosureInput): Map<string, Published> {
  const value = (key: string) => input.values.get(key) ?? 0;
  const hidden = new Set([...input.shown].filter((key) => value(key) < SMALLEST_PUBLISHED_COUNT));
  // A member the report does not show is unknown to the reader, and the sum tells them nothing, unless it is none:
  // then, to be safe, it is taken as known.
  const relations = input.relations.flatMap((relation) => {
    const members = [relation.whole, ...relation.parts];
    if (members.some((key) => !input.shown.has(key) && value(key) > 0)) return [];
    const shownParts = relation.parts.filter((key) => input.shown.has(key));
    return input.shown.has(relation.whole) || shownParts.length > 0 ? [{ whole: input.shown.has(relation.whole) ? relation.whole : undefined, parts: shownParts }] : [];
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of relations) {
      const members = relation.whole === undefined ? relation.parts : [relation.whole, ...relation.parts];
      // With the whole unknown (not shown), the parts are a sum nobody can check: nothing to work out.
      if (relation.whole === undefined) continue;
      const sensitive = members.filter((key) => hidden.has(key) && value(key) > 0);
      if (sensitive.length !== 1) continue;
      const candidate = relation.parts.filter((key) => !hidden.has(key)).sort((a, b) => value(a) - value(b) || a.localeCompare(b))[0]
        ?? (hidden.has(relation.whole) ? undefined : relation.whole);
      if (candidate === undefined) continue;
      hidden.add(candidate);
      changed = true;
    }
  }
  return new Map(
    [...input.shown].map((key): [string, Published] => [
      key,
      !hidden.has(key) ? count(value(key)) : value(key) < SMALLEST_PUBLISHED_COUNT ? count(value(key)) : { shown: false, text: NOT_PUBLISHED },
    ]),
  );
}
