/**
 * Reads redress.yaml, the organisation file, from the project folder. Without it Redress runs as its own
 * demonstration; a file with problems stops start-up, every problem located by line and column.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrganisation, ORGANISATION_FILE } from '../../core/organisation/load-organisation.ts';
import type { Organisation } from '../../core/organisation/organisation-schema.ts';
import { formatFileProblem } from '../../core/yaml/yaml-file.ts';
import { loadWorkflows, WORKFLOWS_DIR } from './procedure-files.ts';

export class OrganisationFileError extends Error {
  override name = 'OrganisationFileError';
}

/** The organisation, or undefined when the project has no organisation file. */
export async function readOrganisation(cwd: string): Promise<Organisation | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(cwd, ORGANISATION_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { procedures } = await loadWorkflows(path.join(cwd, WORKFLOWS_DIR), cwd);
  const roles = new Map([...procedures].map(([id, procedure]) => [id, procedure.roles.map((role) => role.id)]));
  const loaded = loadOrganisation(text, roles);
  if (!loaded.organisation) {
    throw new OrganisationFileError(`${ORGANISATION_FILE} has ${loaded.problems.length === 1 ? 'a problem' : `${loaded.problems.length} problems`}:\n${loaded.problems.map(formatFileProblem).join('\n')}`);
  }
  return loaded.organisation;
}
