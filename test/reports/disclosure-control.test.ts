import { describe, expect, test } from 'vitest';
import { controlDisclosure, type Relation } from '../../scripts/core/reports/disclosure-control.ts';

/** The published words of each shown count. */
function published(values: Record<string, number>, relations: Relation[], shown = Object.keys(values)): Record<string, string> {
  const result = controlDisclosure({ values: new Map(Object.entries(values)), shown: new Set(shown), relations });
  return Object.fromEntries([...result].map(([key, figure]) => [key, figure.text]));
}

describe('holding back small numbers in a report', () => {
  test('a count below 5 reads "fewer than 5"; one of 5 or more is shown', () => {
    expect(published({ a: 4, b: 5, c: 0 }, [])).toEqual({ a: 'fewer than 5', b: '5', c: 'fewer than 5' });
  });

  test('a total and its other parts would give a hidden part away: the smallest other part is held back too', () => {
    // 20 = 12 + 5 + 3: without it, 3 = 20 - 12 - 5.
    expect(published({ all: 20, a: 12, b: 5, c: 3 }, [{ whole: 'all', parts: ['a', 'b', 'c'] }])).toEqual({ all: '20', a: '12', b: 'not published', c: 'fewer than 5' });
  });

  test('a hidden none gives nobody away, so it needs no protecting', () => {
    expect(published({ all: 20, a: 20, b: 0 }, [{ whole: 'all', parts: ['a', 'b'] }])).toEqual({ all: '20', a: '20', b: 'fewer than 5' });
  });

  test('two hidden parts of 1 to 4 protect each other', () => {
    expect(published({ all: 20, a: 14, b: 3, c: 3 }, [{ whole: 'all', parts: ['a', 'b', 'c'] }])).toEqual({ all: '20', a: '14', b: 'fewer than 5', c: 'fewer than 5' });
  });

  test('where every part is shown and only the total is small, nothing more is hidden', () => {
    expect(published({ all: 4, a: 4, b: 0 }, [{ whole: 'all', parts: ['a', 'b'] }])).toEqual({ all: 'fewer than 5', a: 'fewer than 5', b: 'fewer than 5' });
  });

  test('a part held back to protect another must itself be protected in every sum it is in (quarters of a year)', () => {
    // Quarter 3 has 3 complaints: quarter 2 (the smallest other) is held back in the year's sum. Quarter 2 is also
    // the total of its own stages, so one of those goes too, or quarter 2 = 6 + 5 would be worked out again.
    const values = { year: 30, q1: 10, q2: 11, q3: 3, q4: 6, 'q2.s1': 6, 'q2.s2': 5 };
    const relations = [
      { whole: 'year', parts: ['q1', 'q2', 'q3', 'q4'] },
      { whole: 'q2', parts: ['q2.s1', 'q2.s2'] },
    ];
    const result = published(values, relations);
    expect(result.q3).toBe('fewer than 5');
    expect(result.q4).toBe('not published');
    expect(result.year).toBe('30');
    // q4 (6) was the smallest shown; q2 stays shown, so its stages may too.
    expect(result.q2).toBe('11');
    expect([result['q2.s1'], result['q2.s2']]).toEqual(['6', '5']);
  });

  test('a complementary hiding that breaks another sum is followed through', () => {
    // a = b + c with c small hides b; b = d + e then needs one of d, e hidden as well.
    const result = published({ a: 25, b: 22, c: 3, d: 12, e: 10 }, [
      { whole: 'a', parts: ['b', 'c'] },
      { whole: 'b', parts: ['d', 'e'] },
    ]);
    expect(result).toEqual({ a: '25', b: 'not published', c: 'fewer than 5', d: '12', e: 'not published' });
  });

  test('a sum with a member the report does not show tells the reader nothing', () => {
    // The parts a and b are shown, the total is not: b cannot be worked out.
    expect(published({ all: 20, a: 17, b: 3 }, [{ whole: 'all', parts: ['a', 'b'] }], ['a', 'b'])).toEqual({ a: '17', b: 'fewer than 5' });
  });

  test('a member the report does not show that is none counts as known', () => {
    // all = a + b + none: with none unshown but 0, b is still 20 - 17.
    expect(published({ all: 20, a: 17, b: 3, none: 0 }, [{ whole: 'all', parts: ['a', 'b', 'none'] }], ['all', 'a', 'b'])).toEqual({ all: '20', a: 'not published', b: 'fewer than 5' });
  });

  test('with nothing else shown to hide, the total is held back', () => {
    expect(published({ all: 9, b: 3, c: 6 }, [{ whole: 'all', parts: ['b', 'c'] }], ['all', 'b'])).toEqual({ all: '9', b: 'fewer than 5' });
    expect(published({ all: 9, b: 3 }, [{ whole: 'all', parts: ['b'] }])).toEqual({ all: 'not published', b: 'fewer than 5' });
  });
});
