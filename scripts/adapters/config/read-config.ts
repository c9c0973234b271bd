import path from 'node:path';
import { parseConfig, type Config } from '../../core/config/config-schema.ts';

/** Thrown at start-up for a bad environment; the message lists every problem, each naming its variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Redress cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee "Configuration" in docs/configuration.md.`);
    this.problems = problems;
  }
}

/**
 * The configuration of this process, from its environment; the data directory is made absolute against `cwd` so
 * that every part of the process agrees on it.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return { ...result.config, dataDir: path.resolve(cwd, result.config.dataDir) };
}
