import { checkYamlFile, locateInYaml, parseYamlFile, type FileProblem } from '../yaml/yaml-file.ts';
import { OrganisationSchema, organisationProblems, type Organisation } from './organisation-schema.ts';

/** The organisation file's name, at the top of the repository. */
export const ORGANISATION_FILE = 'redress.yaml';

/**
 * Reads the organisation file's text and checks it, against its schema and against the procedures it names (their
 * ids and roles). Every problem at once, each located by line and column.
 *
 * @example
 * loadOrganisation('name: Acme\n', new Map([['ceccc', ['coordinator']]])).problems[0]
 * //=> { path: 'redress.yaml', line: 1, column: 1, at: 'contact', message: 'Missing "contact" (object).' }
 */
export function loadOrganisation(text: string, roles: ReadonlyMap<string, readonly string[]>, path = ORGANISATION_FILE): { organisation: Organisation; problems: [] } | { organisation?: undefined; problems: FileProblem[] } {
  const read = parseYamlFile(path, text);
  if (!read.parsed || read.problems.length > 0) return { problems: read.problems };
  const checked = checkYamlFile(read.parsed, OrganisationSchema, (issue) =>
    issue.code === 'unrecognized_keys' ? 'Check the spelling; docs/organisation.md lists every key of redress.yaml.' : undefined,
  );
  if (!checked.value) return { problems: checked.problems };
  const cross = organisationProblems(checked.value, roles).map((problem) => ({ ...locateInYaml(read.parsed, problem.path), message: problem.message }));
  if (cross.length > 0) return { problems: cross };
  return { organisation: checked.value, problems: [] };
}
