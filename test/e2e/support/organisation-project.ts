/**
 * A project as an organisation has it after `npx redress init` on a fresh clone: the demonstration procedures in
 * workflows/, its own procedure beside them, redress.yaml (with whatever the test adds) and its logo in
 * site/public. The site's code is this repository's: site/ is copied (site/public is the organisation's), scripts/
 * and node_modules are links to this checkout, so the build and the server run exactly the code under test.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../scripts/cli/main.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface OrganisationProject {
  dir: string;
  /** The id of the organisation's own procedure, as `init` made it. */
  procedure: string;
  remove(): Promise<void>;
}

export interface OrganisationProjectOptions {
  /** Arguments to `redress init` after `init`. */
  init: readonly string[];
  /** Changes the text of the redress.yaml `init` wrote (to add the keys it does not write). */
  organisation?: (text: string) => string;
  /** Files for site/public, by name. */
  publicFiles?: Readonly<Record<string, string>>;
}

export async function organisationProject(options: OrganisationProjectOptions): Promise<OrganisationProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-organisation-'));
  for (const file of ['astro.config.mjs', 'tsconfig.json', 'package.json']) await cp(path.join(ROOT, file), path.join(dir, file));
  await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  await cp(path.join(ROOT, 'site'), path.join(dir, 'site'), { recursive: true, filter: (source) => !source.startsWith(path.join(ROOT, 'site', 'public')) });
  await symlink(path.join(ROOT, 'scripts'), path.join(dir, 'scripts'), 'dir');
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  let stdout = '';
  let stderr = '';
  const code = await main(['init', ...options.init], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: dir,
    env: { REDRESS_SOURCES_DIR: path.resolve(ROOT, '../shared/seeds') },
    now: () => Date.now(),
  });
  if (code !== 0) throw new Error(`redress init failed (${code}):\n${stdout}${stderr}`);
  const procedure = /^Wrote workflows\/([a-z0-9-]+)\.yaml/m.exec(stdout)?.[1];
  if (!procedure) throw new Error(`redress init named no procedure:\n${stdout}`);
  if (options.organisation) await writeFile(path.join(dir, 'redress.yaml'), options.organisation(await readFile(path.join(dir, 'redress.yaml'), 'utf8')));
  await mkdir(path.join(dir, 'site', 'public'), { recursive: true });
  for (const [name, text] of Object.entries(options.publicFiles ?? {})) await writeFile(path.join(dir, 'site', 'public', name), text);
  return { dir, procedure, remove: () => rm(dir, { recursive: true, force: true }) };
}
