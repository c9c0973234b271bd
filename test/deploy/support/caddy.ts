/**
 * Real Caddy for the tests, with its configuration, certificates and state in a folder of its own, started in the
 * foreground as a child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianProgram } from './ensure-package.ts';

export const CADDY_PATH = '/usr/bin/caddy';

/** Caddy, installed with apt-get when it is missing. */
export function ensureCaddy(): string {
  return ensureDebianProgram({ program: CADDY_PATH, debianPackage: 'caddy' });
}

/** Caddy keeps its certificates and state under XDG_DATA_HOME, its autosaved configuration under XDG_CONFIG_HOME. */
function caddyEnvironment(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
}

/** `caddy adapt --validate`: what Caddy says of a Caddyfile before running it (its warnings are on stderr). */
export function validateCaddyfile(caddy: string, dir: string, caddyfile: string): { ok: boolean; warnings: string[] } {
  const result = spawnSync(caddy, ['adapt', '--config', caddyfile, '--adapter', 'caddyfile', '--validate'], { encoding: 'utf8', env: caddyEnvironment(dir) });
  const warnings = result.stderr.split('\n').filter((line) => /"level":"(warn|error)"/.test(line));
  return { ok: result.status === 0, warnings: result.status === 0 ? warnings : [result.stderr] };
}

export interface RunningCaddy {
  /** The root certificate of Caddy's own certificate authority, which signed the site's certificate. */
  rootCertificate: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts Caddy and waits until `ready` (a request through it) succeeds: its certificate is issued after it starts. */
export async function startCaddy({ caddy, dir, caddyfile, ready }: { caddy: string; dir: string; caddyfile: string; ready: (rootCertificate: string) => Promise<boolean> }): Promise<RunningCaddy> {
  const child = spawn(caddy, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], { env: caddyEnvironment(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const rootFile = path.join(dir, 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (existsSync(rootFile) && (await ready(readFileSync(rootFile, 'utf8')).catch(() => false))) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Caddy did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    rootCertificate: readFileSync(rootFile, 'utf8'),
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
