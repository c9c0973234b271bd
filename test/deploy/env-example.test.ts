/**
 * deploy/redress.env.example, the environment file a deployer copies and fills in: read as systemd reads an
 * EnvironmentFile, together with the settings the unit fixes itself, it is a configuration the server accepts, and
 * it holds no secret, only places for them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EnvSchema, parseConfig, SECRETS } from '../../scripts/core/config/config-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TEXT = readFileSync(path.join(ROOT, 'deploy/redress.env.example'), 'utf8');

/** NAME=value lines as systemd's EnvironmentFile= reads them; `#` or `;` starts a comment line. */
function readEnvironmentFile(text: string): { set: Record<string, string>; suggested: string[] } {
  const set: Record<string, string> = {};
  const suggested: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    const commented = /^[#;]\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (commented) suggested.push(commented[1] as string);
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const pair = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!pair) throw new Error(`deploy/redress.env.example:${index + 1}: not NAME=value: ${line}`);
    set[pair[1] as string] = pair[2] as string;
  }
  return { set, suggested };
}

/** What deploy/redress.service sets with Environment=, which the file leaves to it. */
function unitEnvironment(): Record<string, string> {
  const unit = readFileSync(path.join(ROOT, 'deploy/redress.service'), 'utf8');
  const variables: Record<string, string> = {};
  for (const [, assignments] of unit.matchAll(/^Environment=(.*)$/gm)) {
    for (const assignment of (assignments as string).split(/\s+/)) {
      const [name, ...rest] = assignment.split('=');
      variables[name as string] = rest.join('=');
    }
  }
  return variables;
}

const { set, suggested } = readEnvironmentFile(TEXT);

describe('the example environment file', () => {
  test('names only variables Redress reads, set or suggested', () => {
    const known = new Set(Object.keys(EnvSchema.shape));
    expect([...Object.keys(set), ...suggested].filter((name) => !known.has(name))).toEqual([]);
  });

  test('with the unit’s own settings, is a configuration the server starts with: GitHub, mail, behind a proxy', () => {
    const result = parseConfig({ ...set, ...unitEnvironment() });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.store.kind).toBe('github');
    expect(result.config.trustProxy).toBe(true);
    expect(result.config.host).toBe('127.0.0.1');
    expect(result.config.port).toBe(4321);
    expect(result.config.dataDir).toBe('/var/lib/redress');
  });

  test('leaves the data directory and the address to the unit, so the unit’s sandbox cannot be undone here', () => {
    expect(Object.keys(set)).not.toContain('REDRESS_DATA_DIR');
    expect(Object.keys(set)).not.toContain('HOST');
  });

  test('holds no secret: every secret it sets is a placeholder to replace', () => {
    const secrets = Object.entries(set).filter(([name]) => SECRETS.has(name));
    expect(secrets.map(([name]) => name).sort()).toEqual(['GITHUB_TOKEN', 'REDRESS_SMTP_URL']);
    for (const [name, value] of secrets) expect(value, name).toContain('REPLACE_WITH_THE_');
  });
});
