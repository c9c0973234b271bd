/** JSON a line per record: the same value as JSON.stringify gives, laid out so that each record has its own line. */
import { describe, expect, test } from 'vitest';
import { jsonLines } from '../../scripts/core/text/json-lines.ts';

describe('jsonLines', () => {
  test('a field per line, an array element per line, compact within', () => {
    const value = { generated: '2026-12-02T10:00:00.000Z', totals: { received: 2, outcomes: { upheld: 1 } }, cases: [{ reference: 'RDR-1', flags: [] }, { reference: 'RDR-2', flags: ['urgent'] }] };
    expect(jsonLines(value)).toBe(
      [
        '{',
        '  "generated": "2026-12-02T10:00:00.000Z",',
        '  "totals": {"received":2,"outcomes":{"upheld":1}},',
        '  "cases": [',
        '    {"reference":"RDR-1","flags":[]},',
        '    {"reference":"RDR-2","flags":["urgent"]}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  test.each([
    ['empty arrays and objects', { cases: [], names: {} }],
    ['undefined fields left out, as JSON.stringify leaves them', { a: 1, b: undefined, c: 'x' }],
    ['undefined and functions inside an array become null, as JSON.stringify makes them', { list: [1, undefined, () => 2, 'three'] }],
    ['text that needs escaping: quotes, line breaks, control characters and non-ASCII', { 'a "key"': 'line 1\nline 2\t\u0001 — “quoted” ’' }],
    ['numbers, booleans and null', { share: 0.909_090_9, ok: true, none: null, big: 1e21 }],
    ['nothing at all', {}],
  ])('reads back as the same value: %s', (_what, value) => {
    const text = jsonLines(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text.endsWith('\n')).toBe(true);
  });

  test('every element of an array field on a line of its own, whatever it holds', () => {
    const cases = Array.from({ length: 50 }, (_, i) => ({ reference: `RDR-${i}`, note: 'a\nb' }));
    const lines = jsonLines({ cases }).split('\n');
    expect(lines.filter((line) => line.startsWith('    {"reference"'))).toHaveLength(50);
  });
});
