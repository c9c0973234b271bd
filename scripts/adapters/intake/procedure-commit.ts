import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The git commit that last changed a procedure's file, asked of git once per procedure and remembered; undefined
 * where the deployment has no git history (a copied build), in which case the case records the content hash only.
 */
export function procedureCommits(cwd: string): (procedureId: string) => Promise<string | undefined> {
  const known = new Map<string, Promise<string | undefined>>();
  return (procedureId) => {
    let commit = known.get(procedureId);
    if (!commit) {
      const file = path.join('workflows', `${procedureId}.yaml`);
      commit = run('git', ['log', '-1', '--format=%H', '--', file], { cwd }).then(
        ({ stdout }) => (/^[0-9a-f]{40}$/.test(stdout.trim()) ? stdout.trim() : undefined),
        () => undefined,
      );
      known.set(procedureId, commit);
    }
    return commit;
  };
}
