import { checkYamlFile, parseYamlFile, type FileProblem } from '../yaml/yaml-file.ts';
import { MembersFileSchema, type MembersFile } from './members-schema.ts';

/**
 * Reads a members file's text and checks it against its schema: every problem at once, each located by line and
 * column.
 *
 * @example
 * loadMembers('name: NACCC\nmembers:\n  - name: Acme\n', 'members.yaml').problems[0]
 * //=> { path: 'members.yaml', line: 3, column: 5, at: 'members[0]', message: 'Say where Acme\'s ledger is: …' }
 */
export function loadMembers(text: string, path: string): { members: MembersFile; problems: [] } | { members?: undefined; problems: FileProblem[] } {
  const read = parseYamlFile(path, text);
  if (!read.parsed || read.problems.length > 0) return { problems: read.problems };
  const checked = checkYamlFile(read.parsed, MembersFileSchema, (issue) =>
    issue.code === 'unrecognized_keys' ? 'A members file has "name" and "members"; each member "name" and "repository" (with "branch") or "ledger".' : undefined,
  );
  if (!checked.value) return { problems: checked.problems };
  return { members: checked.value, problems: [] };
}
