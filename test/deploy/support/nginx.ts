/**
 * Real nginx for the tests, in a folder of its own: its main configuration, logs, temporary files and pid are
 * there, and it includes the site file the test gives it. Started in the foreground as a child process, so stopping
 * the test stops it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureDebianProgram } from './ensure-package.ts';

export const NGINX_PATH = '/usr/sbin/nginx';

/** nginx, installed with apt-get (Debian's smallest build, nginx-light) when it is missing. */
export function ensureNginx(): string {
  return ensureDebianProgram({ program: NGINX_PATH, debianPackage: 'nginx-light' });
}

export interface RunningNginx {
  /** What nginx wrote to its error log. */
  errorLog(): string;
  stop(): Promise<void>;
}

function mainConfig(dir: string, siteFile: string): string {
  // As root nginx would run its workers as "nobody", who cannot reach the test's folder; elsewhere "user" is ignored.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`).join('\n');
  return `${user}
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${path.join(dir, 'access.log')};
${temp}
  include ${siteFile};
}
`;
}

/** Checks the configuration as `nginx -t` does; throws with nginx's own words when it is refused. */
export function testNginxConfig(nginx: string, dir: string, siteFile: string): string {
  const config = path.join(dir, 'nginx.conf');
  writeFileSync(config, mainConfig(dir, siteFile));
  const result = spawnSync(nginx, ['-t', '-q', '-e', path.join(dir, 'error.log'), '-p', dir, '-c', config], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`nginx refused the configuration:\n${result.stderr}`);
  return result.stderr;
}

/** Starts nginx with the site file and waits until every one of `ports` accepts connections. */
export async function startNginx({ nginx, dir, siteFile, ports }: { nginx: string; dir: string; siteFile: string; ports: number[] }): Promise<RunningNginx> {
  testNginxConfig(nginx, dir, siteFile);
  const errorLogFile = path.join(dir, 'error.log');
  const child = spawn(nginx, ['-e', errorLogFile, '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(errorLogFile, 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not start:\n${output}\n${errorLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    errorLog,
    stop: async () => {
      // TERM is nginx's fast shutdown: the master stops its workers and exits.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
