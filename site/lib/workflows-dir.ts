import { existsSync } from 'node:fs';
import path from 'node:path';
import { WORKFLOWS_DIR } from '../../scripts/adapters/fs/procedure-files.ts';

/**
 * The procedures folder: `workflows/`, or the folder named by REDRESS_WORKFLOWS_DIR (the site benchmark
 * builds from a generated folder with hundreds of procedures).
 */
export function workflowsDir(root: string): string {
  return path.resolve(root, process.env.REDRESS_WORKFLOWS_DIR ?? WORKFLOWS_DIR);
}

/** The file a procedure was read from (ids are file names, with either YAML extension). */
export function procedureFile(dir: string, id: string): string {
  const yaml = path.join(dir, `${id}.yaml`);
  return existsSync(yaml) ? yaml : path.join(dir, `${id}.yml`);
}
