import { describe, expect, test } from 'vitest';
import { csvField } from '../../scripts/core/reports/report-csv.ts';
import { parseCsv } from './support/csv.ts';

describe('a CSV field', () => {
  test.each([
    ['12', '12'],
    ['Stage 1', 'Stage 1'],
    ['Stage 1, frontline', '"Stage 1, frontline"'],
    ['the "final" response', '"the ""final"" response"'],
    ['two\nlines', '"two\nlines"'],
  ])('%j is written %j (RFC 4180)', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  test.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 1632 960001', "'+44 1632 960001"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('%j, which a spreadsheet would run as a formula, is made text', (value, written) => {
    expect(csvField(value)).toBe(written);
    // Read back, it is the value with a quote before it: text, not a formula.
    expect(parseCsv(`${written}\r\n`)).toEqual([[`'${value}`]]);
  });
});
