/**
 * deploy/redress.service, the systemd unit the deployment guide installs: checked by systemd's own tools
 * (`systemd-analyze verify` for the unit's syntax and meaning, `systemd-analyze security --offline` for how much of
 * the system the service is exposed to) and read directive by directive for the promises the guide makes. Running
 * the service needs systemd as the machine's init, which a test machine or container does not have: that it
 * starts is for the deployer to see (`systemctl status redress`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SECRETS } from '../../scripts/core/config/config-schema.ts';
import { ensureDebianProgram } from './support/ensure-package.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UNIT_TEXT = readFileSync(path.join(ROOT, 'deploy/redress.service'), 'utf8');

/** Every value of every key, by section, in order: systemd allows a key more than once. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1] as string, current);
      continue;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!pair || !current) throw new Error(`deploy/redress.service:${index + 1}: not a key=value line in a section: ${line}`);
    const [, key, value] = pair as unknown as [string, string, string];
    current.set(key, [...(current.get(key) ?? []), value]);
  }
  return sections;
}

const unit = parseUnit(UNIT_TEXT);
const service = unit.get('Service') ?? new Map<string, string[]>();
/** The one value of a key that must appear once. */
function only(key: string): string {
  const values = service.get(key) ?? [];
  if (values.length !== 1) throw new Error(`[Service] ${key} appears ${values.length} times; expected once.`);
  return values[0] as string;
}
/** The environment the unit sets, from every Environment= line. */
function environment(): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of service.get('Environment') ?? []) {
    for (const assignment of line.split(/\s+/)) {
      const [name, ...rest] = assignment.split('=');
      variables[name as string] = rest.join('=');
    }
  }
  return variables;
}

describe('systemd accepts the unit', () => {
  let analyze: string;
  let dir: string;
  let unitFile: string;

  beforeAll(() => {
    analyze = ensureDebianProgram({ program: '/usr/bin/systemd-analyze', debianPackage: 'systemd' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'redress-unit-'));
    // verify checks that the program exists and is executable: point it at this machine's Node and checkout.
    const here = UNIT_TEXT.replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `).replace(/^WorkingDirectory=\/opt\/redress$/m, `WorkingDirectory=${ROOT}`);
    expect(here).not.toBe(UNIT_TEXT);
    unitFile = path.join(dir, 'redress.service');
    writeFileSync(unitFile, here);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('systemd-analyze verify finds nothing to say about it', () => {
    const result = spawnSync(analyze, ['verify', unitFile], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  test('systemd-analyze verify does speak up about a broken unit, so its silence above means something', () => {
    const broken = path.join(dir, 'broken.service');
    writeFileSync(broken, readFileSync(unitFile, 'utf8').replace('ProtectSystem=strict', 'ProtectSystem=strickt').replace(/^ExecStart=\S+/m, 'ExecStart=/nonexistent/node'));
    const result = spawnSync(analyze, ['verify', broken], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toContain('strickt');
    expect(`${result.stdout}${result.stderr}`).toContain('/nonexistent/node is not executable');
    expect(result.status).not.toBe(0);
  });

  test('systemd rates the service’s exposure at 2.0 or less of 10 ("OK")', () => {
    const result = spawnSync(analyze, ['security', '--offline=true', '--threshold=20', '--no-pager', unitFile], { encoding: 'utf8' });
    const overall = /Overall exposure level for redress\.service: ([\d.]+)/.exec(result.stdout)?.[1];
    expect(Number(overall), result.stdout).toBeLessThanOrEqual(2);
    expect(result.status).toBe(0);
  });
});

describe('the unit keeps the guide’s promises', () => {
  const env = environment();

  test('it runs the server, as it is built, from the read-only checkout, and builds nothing itself', () => {
    expect(only('ExecStart')).toBe('/usr/bin/node scripts/server/start.ts');
    expect(only('WorkingDirectory')).toBe('/opt/redress');
    // With ProtectSystem=strict the checkout is read-only to the service: a build at start would fail.
    expect(service.has('ExecStartPre')).toBe(false);
  });

  test('it runs as a user of its own, and can gain no privilege', () => {
    expect(only('User')).toBe('redress');
    expect(only('Group')).toBe('redress');
    expect(only('NoNewPrivileges')).toBe('yes');
    expect(only('CapabilityBoundingSet')).toBe('');
    expect(only('AmbientCapabilities')).toBe('');
    expect(only('RestrictSUIDSGID')).toBe('yes');
  });

  test('it can write its data directory and nothing else', () => {
    expect(only('ProtectSystem')).toBe('strict');
    expect(only('ProtectHome')).toBe('yes');
    expect(only('PrivateTmp')).toBe('yes');
    expect(only('ReadWritePaths')).toBe('/var/lib/redress');
    expect(env.REDRESS_DATA_DIR).toBe('/var/lib/redress');
    // StateDirectory= makes /var/lib/<name>, owned by the service's user, readable by nobody else.
    expect(`/var/lib/${only('StateDirectory')}`).toBe(env.REDRESS_DATA_DIR);
    expect(only('StateDirectoryMode')).toBe('0700');
    expect(only('UMask')).toBe('0077');
  });

  test('it listens on the loopback address only, for the reverse proxy', () => {
    expect(env.HOST).toBe('127.0.0.1');
  });

  test('secrets come from the environment file only, never from the unit', () => {
    expect(only('EnvironmentFile')).toBe('/etc/redress/redress.env');
    const secretLike = /TOKEN|SECRET|PASSWORD|SMTP_URL/;
    expect(Object.keys(env).filter((name) => SECRETS.has(name) || secretLike.test(name))).toEqual([]);
  });

  test('it restarts after a failure, but gives up on a configuration that fails every time', () => {
    expect(only('Restart')).toBe('on-failure');
    expect(unit.get('Unit')?.get('StartLimitBurst')).toEqual(['5']);
  });

  test('it does not forbid writable executable memory, which Node’s compiler needs', () => {
    expect(service.get('MemoryDenyWriteExecute') ?? ['no']).toEqual(['no']);
  });

  test('git may read the checkout’s history though another user owns it', () => {
    expect(env).toMatchObject({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: only('WorkingDirectory') });
  });
});
