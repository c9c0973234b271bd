import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('npm start stops before listening when the configuration is bad, naming every bad variable and never the token', async () => {
  const failure = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'server', 'start.ts'), '/nonexistent'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty', REDRESS_GITHUB_REPO: 'acme/complaints', GITHUB_TOKEN: 'ghp_SecretCanary123456', REDRESS_ASSIGNEES: '{"ceccc": {"boss": ["octocat"]}}', REDRESS_RATE_LIMIT: 'lots' },
  }).then(
    () => undefined,
    (error: { code: number; stderr: string; stdout: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toContain('Redress cannot start: the configuration has 2 problems:');
  expect(failure?.stderr).toContain('PORT="eighty": Write a whole number.');
  expect(failure?.stderr).toContain('REDRESS_RATE_LIMIT="lots"');
  expect(`${failure?.stderr}${failure?.stdout}`).not.toContain('ghp_SecretCanary123456');
});

test('an assignee map naming a role the procedure does not have stops start-up too', async () => {
  const failure = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'server', 'start.ts'), '/nonexistent'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', REDRESS_DATA_DIR: '/tmp/redress-start-test-unused', REDRESS_ASSIGNEES: '{"ceccc": {"boss": ["octocat"]}}' },
  }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toContain('REDRESS_ASSIGNEES.ceccc.boss: ceccc has no role "boss" (roles: coordinator, deputy, chair, trustees).');
});
