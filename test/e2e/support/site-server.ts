import { spawn, execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Builds the site into a temporary folder with its own Astro cache, so a test run neither disturbs nor depends on
 * `dist/` or a build running at the same time. The folder is inside node_modules/.cache: the server build imports
 * packages by name, so it must sit where Node finds the project's node_modules. `root` builds another project
 * folder (an organisation's, see organisation-project.ts) instead of this one; `cwd` is the folder the pages read
 * redress.yaml and the ledger from (the root by default), and `env` adds to the build's environment.
 */
export async function buildSite(options: { root?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<{ outDir: string; remove: () => Promise<void> }> {
  const root = options.root ?? ROOT;
  const parent = path.join(ROOT, 'node_modules', '.cache');
  await mkdir(parent, { recursive: true });
  const work = await mkdtemp(path.join(parent, 'redress-e2e-'));
  const outDir = path.join(work, 'dist');
  // astro is imported from the repository; the pages then run in the project folder.
  const script = `import { build } from 'astro';
process.chdir(${JSON.stringify(options.cwd ?? root)});
await build({ root: ${JSON.stringify(root)}, outDir: ${JSON.stringify(outDir)}, cacheDir: ${JSON.stringify(path.join(work, 'cache'))}, logLevel: 'error' });`;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, ...options.env, ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    // A failed build has no one to remove its folder later.
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  return { outDir, remove: () => rm(work, { recursive: true, force: true }) };
}

/** A port nothing is listening on, from the operating system. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a build as `npm start` serves it (scripts/server/start.ts) on 127.0.0.1, with its own local store, and waits
 * until it answers. `cwd` is the project folder the server runs in; `env` adds to (or overrides) its environment;
 * `port` is the port to listen on (a free one by default), for a test that must know the address beforehand (to
 * give it as REDRESS_PUBLIC_URL).
 */
export async function startServer(
  outDir: string,
  options: { cwd?: string; env?: Record<string, string>; port?: number } = {},
): Promise<{ url: string; dataDir: string; output: () => string; stop: () => Promise<void> }> {
  const port = options.port ?? (await freePort());
  const dataDir = await mkdtemp(path.join(ROOT, 'node_modules', '.cache', 'redress-e2e-data-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'server', 'start.ts'), outDir], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ASTRO_NODE_LOGGING: 'disabled', REDRESS_DATA_DIR: dataDir, REDRESS_SWEEP_INTERVAL_MINUTES: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`The site server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => void rm(dataDir, { recursive: true, force: true }).then(() => resolve());
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill();
      }),
  };
}
