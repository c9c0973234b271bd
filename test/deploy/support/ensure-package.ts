import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The path of a program from a Debian package, installed with apt-get first if it is missing: CI runs the tests as
 * root on a fresh Debian image, elsewhere apt-get runs through `sudo -n` (as test/e2e/ensure-chromium.ts does for
 * the browser). Throws, saying what was tried, when it cannot be installed.
 */
export function ensureDebianProgram({ program, debianPackage }: { program: string; debianPackage: string }): string {
  if (existsSync(program)) return program;
  const options = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } } as const;
  const asRoot = (args: string[]) => (process.getuid?.() === 0 ? execFileSync(args[0] as string, args.slice(1), options) : execFileSync('sudo', ['-n', '-E', ...args], options));
  asRoot(['apt-get', 'update']);
  asRoot(['apt-get', 'install', '-y', '--no-install-recommends', debianPackage]);
  if (!existsSync(program)) throw new Error(`apt-get installed ${debianPackage}, but ${program} is still missing.`);
  return program;
}
