import { describe, expect, test } from 'vitest';
import { contrastRatio, parseHexColour } from '../../scripts/core/organisation/contrast.ts';
import { loadOrganisation } from '../../scripts/core/organisation/load-organisation.ts';
import { holdersOf } from '../../scripts/core/organisation/organisation-schema.ts';
import { formatFileProblem } from '../../scripts/core/yaml/yaml-file.ts';

const ROLES = new Map([
  ['ceccc', ['coordinator', 'chair', 'trustees']],
  ['cecops', ['administrator']],
]);

const GOOD = `# The organisation running Redress.
name: Cambridge & Ely Child Contact Centres
shortName: CECCC
logo: logo.svg
accent: "#1d70b8"
contact:
  email: complaints@example.org
  phone: 01223 000 000
publish: [ceccc]
people:
  - name: Mary Smith
    github: mary-ceccc
    email: mary@example.org
    roles:
      ceccc: [coordinator]
  - name: Sam Chair
    github: sam-chair
    roles:
      ceccc: [chair]
site:
  url: https://complaints.example.org
`;

describe('the organisation file', () => {
  test('a complete file loads, with defaults filled in', () => {
    const loaded = loadOrganisation(GOOD, ROLES);
    expect(loaded.problems).toEqual([]);
    expect(loaded.organisation).toMatchObject({ name: 'Cambridge & Ely Child Contact Centres', publish: ['ceccc'], privacy: { retention: '6 years' } });
    expect(holdersOf(loaded.organisation, 'ceccc', 'coordinator').map((p) => p.github)).toEqual(['mary-ceccc']);
    expect(holdersOf(loaded.organisation, 'ceccc', 'trustees')).toEqual([]);
    expect(holdersOf(undefined, 'ceccc', 'chair')).toEqual([]);
  });

  test.each([
    ['an accent that fails contrast with white', GOOD.replace('"#1d70b8"', '"#ffcc00"'), 'redress.yaml:5:9 accent: #ffcc00 has a contrast of 1.51:1 with white; links and buttons need at least 4.5:1 (WCAG 2.2 AA). Choose a darker shade.'],
    ['an accent that is not a colour', GOOD.replace('"#1d70b8"', 'blue'), 'redress.yaml:5:9 accent: "blue" is not a colour: write it as #rrggbb, e.g. "#1d70b8".'],
    ['a misspelt key', GOOD.replace('shortName', 'shortname'), 'redress.yaml:3:1 shortname: Unknown key "shortname".\n  hint: Check the spelling; docs/organisation.md lists every key of redress.yaml.'],
    ['no way to contact the organisation', GOOD.replace(/contact:\n {2}email: .*\n {2}phone: .*\n/, 'contact: {}\n'), 'redress.yaml:6:10 contact: Give at least one way to contact the organisation: email, phone or address.'],
    ['a procedure that does not exist', GOOD.replace('publish: [ceccc]', 'publish: [ceccc, acme]'), 'redress.yaml:9:18 publish[1]: There is no procedure "acme" in workflows/ (there: ceccc, cecops).'],
    ['a role the procedure does not have', GOOD.replace('ceccc: [chair]', 'ceccc: [treasurer]'), 'redress.yaml:19:15 people[1].roles.ceccc[0]: ceccc has no role "treasurer" (its roles: coordinator, chair, trustees).'],
    ['a site address that is not https', GOOD.replace('https://complaints', 'http://complaints'), 'redress.yaml:21:8 site.url: The site’s public address, starting https://.'],
    ['a logo outside site/public', GOOD.replace('logo.svg', '../secrets/logo.svg'), 'redress.yaml:4:7 logo: The logo must be inside site/public.'],
    ['a key given twice', `${GOOD}name: Other\n`, 'redress.yaml:22:1 (yaml): Map keys must be unique\n  hint: The same key appears twice in one mapping: keep one.'],
    ['a missing name', GOOD.replace(/^name: .*\n/m, ''), 'redress.yaml:2:1 name: Missing "name" (string).'],
  ])('%s is named, with its line and column', (_what, text, message) => {
    const loaded = loadOrganisation(text, ROLES);
    expect(loaded.organisation).toBeUndefined();
    expect(loaded.problems.map(formatFileProblem)).toContain(message);
  });
});

describe('contrast, as WCAG 2.2 defines it', () => {
  test.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#1d70b8', '#ffffff', 5.17], // GOV.UK's link blue
    ['#767676', '#ffffff', 4.54], // the lightest grey that passes on white
    ['#777777', '#ffffff', 4.48], // …and the next, which does not
  ])('%s on %s is %s:1', (a, b, ratio) => {
    expect(contrastRatio(parseHexColour(a)!, parseHexColour(b)!)).toBeCloseTo(ratio, 2);
  });
});
