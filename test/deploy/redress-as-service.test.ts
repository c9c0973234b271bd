/**
 * deploy/redress-as-service, which runs a Redress command as the service runs the server. systemd-run needs
 * systemd as the machine's init, which a test machine or container does not have, so this checks what can be known
 * without it: the script is sound shell (shellcheck), it refuses to run without a command, and it gives the command
 * the unit's user, environment file, checkout, data directory and environment, so the two cannot drift apart.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureDebianProgram } from './support/ensure-package.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'deploy/redress-as-service');
const SCRIPT_TEXT = readFileSync(SCRIPT, 'utf8');
const UNIT_TEXT = readFileSync(path.join(ROOT, 'deploy/redress.service'), 'utf8');

/** The values of a key in the unit, in order. */
function unitValues(key: string): string[] {
  return [...UNIT_TEXT.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1] as string);
}

/** The values of a systemd-run option in the script, in order. */
function scriptValues(option: string): string[] {
  return [...SCRIPT_TEXT.matchAll(new RegExp(`--${option}=(\\S+)`, 'g'))].map((match) => match[1] as string);
}

describe('deploy/redress-as-service', () => {
  test('shellcheck finds nothing to say about it', () => {
    const shellcheck = ensureDebianProgram({ program: '/usr/bin/shellcheck', debianPackage: 'shellcheck' });
    const result = spawnSync(shellcheck, [SCRIPT], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  test('without a command it says how to use it and exits 2, before running anything', () => {
    const result = spawnSync('/bin/sh', [SCRIPT], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: sudo .* <redress command> \[options\]/);
  });

  test('it is executable, as the guide runs it', () => {
    const mode = spawnSync('git', ['ls-files', '--stage', '--', 'deploy/redress-as-service'], { cwd: ROOT, encoding: 'utf8' }).stdout.split(' ')[0];
    expect(mode).toBe('100755');
  });

  test('the command runs as the service’s user, with its environment file, checkout and umask', () => {
    expect(scriptValues('uid')).toEqual(unitValues('User'));
    expect(scriptValues('gid')).toEqual(unitValues('Group'));
    expect(scriptValues('working-directory')).toEqual(unitValues('WorkingDirectory'));
    const properties = Object.fromEntries(scriptValues('property').map((assignment) => assignment.split('=') as [string, string]));
    expect(properties).toEqual({ EnvironmentFile: unitValues('EnvironmentFile')[0], UMask: unitValues('UMask')[0] });
  });

  test('it sets the environment the unit sets, but for where the server listens', () => {
    const unitEnvironment = unitValues('Environment').flatMap((line) => line.split(/\s+/));
    const scriptEnvironment = scriptValues('setenv');
    expect(scriptEnvironment.sort()).toEqual(unitEnvironment.filter((assignment) => !assignment.startsWith('HOST=')).sort());
  });

  test('it runs the Redress command line with the unit’s Node.js, passing every argument on', () => {
    const node = (unitValues('ExecStart')[0] ?? '').split(' ')[0];
    expect(SCRIPT_TEXT).toMatch(new RegExp(`^  ${node} scripts/cli/redress\\.ts "\\$@"$`, 'm'));
  });
});
