/**
 * Which processes sharing a data directory are alive: each names itself `host/pid/token` and touches a heartbeat
 * file while it runs. Work a process owns is taken over only once it is dead (its pid gone on this machine, or no
 * heartbeat for a minute). Heartbeats rather than pids alone, because pids are reused, and processes in containers
 * sharing the directory cannot see each other's. (The intake outbox keeps the same rule.)
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';

/** A process whose heartbeat is older than this is taken for dead. */
export const HEARTBEAT_TIMEOUT_MS = 60_000;
const HEARTBEAT_EVERY_MS = 15_000;

export class ProcessHeartbeat {
  /** This process, as the work it owns names it. */
  readonly owner: string;
  readonly #dir: string;
  readonly #token = randomBytes(8).toString('hex');
  #timer: NodeJS.Timeout | undefined;

  /** `dir`: the folder of heartbeat files. */
  constructor(dir: string) {
    this.#dir = dir;
    this.owner = `${os.hostname()}/${process.pid}/${this.#token}`;
  }

  async start(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const beat = path.join(this.#dir, this.#token);
    await writeFile(beat, this.owner);
    this.#timer = setInterval(() => {
      const now = new Date();
      void utimes(beat, now, now).catch(() => writeFile(beat, this.owner).catch(() => undefined));
    }, HEARTBEAT_EVERY_MS);
    this.#timer.unref?.();
  }

  /** Stops beating: what this process still owns can be taken over at once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await unlink(path.join(this.#dir, this.#token)).catch(() => undefined);
  }

  /** Whether the process named `owner` is still running. */
  async isAlive(owner: string): Promise<boolean> {
    if (owner === this.owner) return true;
    const [host, pid, token] = owner.split('/');
    if (!token || !/^[0-9a-f]+$/.test(token)) return false;
    if (host === os.hostname() && !isProcessAlive(Number(pid))) return false;
    const beat = await stat(path.join(this.#dir, token)).catch(() => undefined);
    return beat !== undefined && Date.now() - beat.mtimeMs < HEARTBEAT_TIMEOUT_MS;
  }
}
