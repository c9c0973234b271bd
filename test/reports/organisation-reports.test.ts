import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadOrganisation } from '../../scripts/core/organisation/load-organisation.ts';
import { ReportingSchema } from '../../scripts/core/organisation/organisation-schema.ts';
import { formatFileProblem } from '../../scripts/core/yaml/yaml-file.ts';

const ROLES = new Map([
  ['northfield-homes', ['complaints-officer', 'stage-2-reviewer']],
  ['glen-council', ['frontline-staff', 'investigator']],
]);

const file = (reports: string) => `name: Northfield Homes
contact:
  email: complaints@example.org
publish: [northfield-homes]
${reports}`;

describe('redress.yaml: the code the organisation reports against', () => {
  test('the code, the procedure and the number of homes; the reporting year starts on 1 April unless it says', () => {
    const loaded = loadOrganisation(file('reports:\n  code: housing-ombudsman-code\n  procedure: northfield-homes\n  homes: 1200\n'), ROLES);
    expect(loaded.problems).toEqual([]);
    expect(loaded.organisation?.reports).toEqual({ code: 'housing-ombudsman-code', procedure: 'northfield-homes', homes: 1200, yearStarts: '04-01' });
    expect(loadOrganisation(file('reports: { code: spso-model, yearStarts: "01-01" }\n'), ROLES).organisation?.reports).toEqual({ code: 'spso-model', yearStarts: '01-01' });
  });

  test('no reports key: nothing is reported against a code', () => {
    expect(loadOrganisation(file(''), ROLES).organisation?.reports).toBeUndefined();
  });

  test.each([
    ['reports:\n  code: nhs-england\n', 6, 'reports.code', 'One of housing-ombudsman-code, spso-model.'],
    ['reports:\n  code: housing-ombudsman-code\n  homes: 0\n', 7, 'reports.homes', 'A whole number of homes, e.g. 1200.'],
    ['reports:\n  code: housing-ombudsman-code\n  homes: 12.5\n', 7, 'reports.homes', 'A whole number of homes, e.g. 1200.'],
    ['reports:\n  code: housing-ombudsman-code\n  homes: lots\n', 7, 'reports.homes', 'A whole number of homes, e.g. 1200.'],
    ['reports:\n  code: spso-model\n  yearStarts: "02-30"\n', 7, 'reports.yearStarts', 'A day that every year has, e.g. "04-01".'],
    ['reports:\n  code: spso-model\n  yearStarts: April\n', 7, 'reports.yearStarts', 'The first day of the reporting year as MM-DD, e.g. "04-01".'],
    ['reports:\n  code: spso-model\n  procedure: riverside\n', 7, 'reports.procedure', 'There is no procedure "riverside" in workflows/ (there: glen-council, northfield-homes).'],
  ])('a bad value is named with its line: %j', (reports, line, at, message) => {
    const loaded = loadOrganisation(file(reports), ROLES);
    expect(loaded.organisation).toBeUndefined();
    expect(loaded.problems).toEqual([expect.objectContaining({ line, at, message })]);
    expect(formatFileProblem(loaded.problems[0]!)).toContain(message);
  });
});

test("the auditors' guide's example of reports: is valid", () => {
  const guide = readFileSync(path.resolve(import.meta.dirname, '../../docs/auditors.md'), 'utf8');
  const example = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((block) => block.startsWith('reports:'));
  expect(example).toBeDefined();
  expect(ReportingSchema.parse((parse(example ?? '') as { reports: unknown }).reports)).toEqual({ code: 'housing-ombudsman-code', procedure: 'northfield-homes', homes: 1200, yearStarts: '04-01' });
});
