import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium: the browser the end-to-end tests drive. Tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet headless run that makes no requests of its own (updates, sync, safe browsing). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Browsers already on a machine that will do: GitHub's Ubuntu runners ship Google Chrome. */
const INSTALLED = ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The path of Chromium: REDRESS_CHROMIUM when set, else Debian's package, installed first if it is missing (CI runs
 * the tests as root on a fresh Debian image; elsewhere through sudo), else a Chrome already installed. The one
 * thing a test run may install.
 */
export function ensureChromium(): string {
  const chosen = process.env.REDRESS_CHROMIUM;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`REDRESS_CHROMIUM is ${chosen}, which does not exist.`);
    return chosen;
  }
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const installed = INSTALLED.find((candidate) => existsSync(candidate));
  if (installed) return installed;
  const options = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } } as const;
  const asRoot = (args: string[]) => (process.getuid?.() === 0 ? execFileSync(args[0] as string, args.slice(1), options) : execFileSync('sudo', ['-n', '-E', ...args], options));
  asRoot(['apt-get', 'update']);
  asRoot(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing.`);
  return CHROMIUM_PATH;
}
