/**
 * Reads an umbrella body's members file: every problem located by line and column, and each ledger folder resolved
 * against the file's own folder, so the file means the same wherever the command is run from.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadMembers } from '../../core/umbrella/load-members.ts';
import { formatFileProblem } from '../../core/yaml/yaml-file.ts';

export class MembersFileError extends Error {
  override name = 'MembersFileError';
}

/** A member as the run reads it. */
export type MemberToRead =
  | { name: string; kind: 'repository'; repository: string; branch?: string }
  | { name: string; kind: 'folder'; folder: string; shown: string };

export interface MembersToRead {
  /** The umbrella body. */
  name: string;
  members: MemberToRead[];
}

export async function readMembersFile(file: string, cwd: string): Promise<MembersToRead> {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MembersFileError(code === 'ENOENT' ? `There is no members file ${file}.` : `The members file ${file} cannot be read (${code ?? 'error'}).`);
  }
  const loaded = loadMembers(text, file);
  if (!loaded.members) {
    throw new MembersFileError(`${file} has ${loaded.problems.length === 1 ? 'a problem' : `${loaded.problems.length} problems`}:\n${loaded.problems.map(formatFileProblem).join('\n')}`);
  }
  return {
    name: loaded.members.name,
    members: loaded.members.members.map((member): MemberToRead =>
      member.repository !== undefined
        ? { name: member.name, kind: 'repository', repository: member.repository, ...(member.branch ? { branch: member.branch } : {}) }
        : { name: member.name, kind: 'folder', folder: path.resolve(path.dirname(absolute), member.ledger ?? '.'), shown: member.ledger ?? '.' },
    ),
  };
}
