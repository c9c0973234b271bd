import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { git } from '../ledger/ledger-git.ts';

/**
 * Makes `dir` a git repository if it is not inside one: the local store's ledger is a repository of its own, so
 * its history can be read (and handed to an auditor) like the cases/ folder of a GitHub deployment.
 */
export async function ensureRepository(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (await stat(path.join(dir, '.git')).then(() => true, () => false)) return;
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
}
