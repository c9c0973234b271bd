import { describe, expect, test } from 'vitest';
import { loadMembers } from '../../scripts/core/umbrella/load-members.ts';
import { formatFileProblem } from '../../scripts/core/yaml/yaml-file.ts';

const GOOD = `# The member centres NACCC reviews.
name: NACCC member centres
members:
  - name: Cambridge & Ely Child Contact Centres
    repository: cambridge-ely-ccc/complaints
  - name: Oxford Family Contact Centre
    repository: oxford-fcc/complaints
    branch: master
  - name: Norwich Contact Centre
    ledger: ../norwich/cases
`;

/** The problems of a members file, as the command prints them. */
function problems(text: string): string[] {
  return loadMembers(text, 'members.yaml').problems.map(formatFileProblem);
}

describe('the members file', () => {
  test('a good file lists each member with where its ledger is', () => {
    const loaded = loadMembers(GOOD, 'members.yaml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.members).toEqual({
      name: 'NACCC member centres',
      members: [
        { name: 'Cambridge & Ely Child Contact Centres', repository: 'cambridge-ely-ccc/complaints' },
        { name: 'Oxford Family Contact Centre', repository: 'oxford-fcc/complaints', branch: 'master' },
        { name: 'Norwich Contact Centre', ledger: '../norwich/cases' },
      ],
    });
  });

  test.each([
    [
      'a member without a ledger',
      'name: N\nmembers:\n  - name: Acme\n',
      ['members.yaml:3:5 members[0]: Say where Acme\'s ledger is: "repository: owner/name" or "ledger: <folder>".'],
    ],
    [
      'a member with two ledgers',
      'name: N\nmembers:\n  - name: Acme\n    repository: acme/complaints\n    ledger: ./acme\n',
      ['members.yaml:5:13 members[0].ledger: Give "repository" or "ledger", not both: a member has one ledger.'],
    ],
    [
      'a branch for a folder',
      'name: N\nmembers:\n  - name: Acme\n    ledger: ./acme\n    branch: main\n',
      ['members.yaml:5:13 members[0].branch: "branch" goes with "repository".'],
    ],
    [
      'a repository that is not owner/name',
      'name: N\nmembers:\n  - name: Acme\n    repository: https://github.com/acme/complaints\n',
      ['members.yaml:4:17 members[0].repository: Write the repository as owner/name, e.g. "cambridge-ely-ccc/complaints".'],
    ],
    [
      'a branch git would refuse',
      'name: N\nmembers:\n  - name: Acme\n    repository: acme/complaints\n    branch: "../main"\n',
      ['members.yaml:5:13 members[0].branch: Write a branch name such as "main".'],
    ],
    [
      'the same repository twice, in another case',
      'name: N\nmembers:\n  - name: Acme\n    repository: acme/complaints\n  - name: Acme again\n    repository: ACME/Complaints\n',
      ['members.yaml:6:17 members[1].repository: The same repository as member 1 (Acme): list each member once.'],
    ],
    [
      'the same name twice',
      'name: N\nmembers:\n  - name: Acme\n    ledger: ./a\n  - name: acme\n    ledger: ./b\n',
      ['members.yaml:5:11 members[1].name: The same name as member 1 (Acme): list each member once.'],
    ],
    [
      'a misspelt key',
      'name: N\nmembers:\n  - name: Acme\n    repo: acme/complaints\n',
      [
        'members.yaml:4:5 members[0].repo: Unknown key "repo".\n  hint: A members file has "name" and "members"; each member "name" and "repository" (with "branch") or "ledger".',
        'members.yaml:3:5 members[0]: Say where Acme\'s ledger is: "repository: owner/name" or "ledger: <folder>".',
      ],
    ],
    [
      'no members',
      'name: N\nmembers: []\n',
      ['members.yaml:2:10 members: List at least one member.'],
    ],
    [
      'no name',
      'members:\n  - name: Acme\n    ledger: ./a\n',
      ['members.yaml:1:1 name: Missing "name" (string).'],
    ],
  ])('%s is refused, located by line and column', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  test('broken YAML and a repeated key are located', () => {
    expect(problems('name: N\nmembers:\n  - name: Acme\n    ledger: a: b\n')).toEqual([
      'members.yaml:4:13 (yaml): Nested mappings are not allowed in compact mappings\n  hint: Check indentation and quoting; text containing ": " or starting with a symbol needs quotes.',
    ]);
    expect(problems('name: N\nname: M\nmembers:\n  - name: Acme\n    ledger: ./a\n')).toEqual([
      'members.yaml:2:1 (yaml): Map keys must be unique\n  hint: The same key appears twice in one mapping: keep one.',
    ]);
  });
});
