/**
 * Keeps intake's content-creating requests to GitHub (new issues, comments and labels) within GitHub's secondary
 * rate limit on content creation: 80 a minute and 500 an hour per account. Past it GitHub refuses with 403 and
 * `retry-after`, and an account that keeps trying may be blocked for longer; so the count is kept here, before
 * each request is sent, rather than learnt from refusals.
 *
 * The count is a log of send times in the data directory (times only, nothing personal), appended and flushed
 * before each request goes out, so a restarted server, or `redress outbox flush` beside it, sees the hour's
 * writes and does not burst past the limit. A 403 or 429 with `retry-after` that arrives anyway (another program
 * using the same account) is logged as a pause that holds every delivery until it ends.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurably } from '../local-store/durable-file.ts';
import { withFileLock } from '../local-store/file-lock.ts';

export interface ContentLimits {
  /** Content-creating requests in any 60 seconds. */
  readonly perMinute: number;
  /** Content-creating requests in any hour. */
  readonly perHour: number;
}

/**
 * GitHub's 80 and 500 less a tenth: room for the few writes the log cannot see (a person using the same account on
 * the web, a request cut off between sending and logging) and for the two clocks disagreeing by a moment.
 */
export const CONTENT_LIMITS: ContentLimits = { perMinute: 72, perHour: 450 };

/** Thrown instead of sending, or instead of starting a delivery, when GitHub's limits leave no room now. */
export class PacedError extends Error {
  override name = 'PacedError';
  /** Epoch ms when there will be room again (when a pause from GitHub ends, at the latest). */
  readonly retryAt: number;

  constructor(retryAt: number) {
    super(`Paced to GitHub's content-creation limits: waiting until ${new Date(retryAt).toISOString()}.`);
    this.retryAt = retryAt;
  }
}

export interface ContentPacerOptions {
  /** The log file; its folder is created. */
  file: string;
  now?: () => number;
  limits?: ContentLimits;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The log is rewritten with only the last hour once it holds this many lines. */
const COMPACT_AT_LINES = 2_000;

interface LogState {
  /** Send times, oldest first, within the last hour. */
  sent: number[];
  /** The latest end of a pause GitHub asked for. */
  pausedUntil: number;
  lines: number;
}

/** The file in a data directory that holds the log. */
export function contentLogFile(dataDir: string): string {
  return path.join(dataDir, 'pacing', 'github-content.log');
}

export class ContentPacer {
  readonly limits: ContentLimits;
  readonly now: () => number;
  readonly #file: string;
  /** Content-creating requests that admitted deliveries may make; counted as used until they finish. */
  #admitted = 0;
  /** Takes in this process, one at a time: the file lock is for other processes. */
  #takes: Promise<unknown> = Promise.resolve();

  private constructor(options: ContentPacerOptions) {
    this.#file = options.file;
    this.now = options.now ?? Date.now;
    this.limits = options.limits ?? CONTENT_LIMITS;
  }

  static async open(options: ContentPacerOptions): Promise<ContentPacer> {
    const pacer = new ContentPacer(options);
    await mkdir(path.dirname(options.file), { recursive: true, mode: 0o700 });
    await pacer.#locked(async () => pacer.#compact(await pacer.#read()));
    return pacer;
  }

  /**
   * Admits a delivery that will make up to `count` content-creating requests, or throws `PacedError` when they do
   * not fit now. Until `release` is called they count as made (with the requests it has sent, counted twice: safe),
   * so deliveries admitted together cannot overrun each other. One that needs more than a minute's allowance is
   * admitted into an empty window and finishes in the next.
   */
  async admit(count: number): Promise<() => void> {
    const needed = Math.min(count, this.limits.perMinute, this.limits.perHour);
    const retryAt = this.#retryAt(await this.#read(), needed + this.#admitted);
    if (retryAt > this.now()) throw new PacedError(retryAt);
    this.#admitted += needed;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#admitted -= needed;
    };
  }

  /**
   * Records one content-creating request about to be sent, durably, or throws `PacedError` (recording nothing) when
   * it does not fit: this is the check that holds whatever the estimates were.
   */
  take(): Promise<void> {
    const run = this.#takes.then(() =>
      this.#locked(async () => {
        const state = await this.#read();
        const retryAt = this.#retryAt(state, 1);
        if (retryAt > this.now()) throw new PacedError(retryAt);
        await this.#append(`c ${this.now()}\n`, state);
      }),
    );
    this.#takes = run.catch(() => undefined);
    return run;
  }

  /** Holds every content-creating request until `until` (epoch ms): GitHub said to wait. */
  async pauseUntil(until: number): Promise<void> {
    await this.#locked(async () => this.#append(`p ${Math.round(until)}\n`, await this.#read()));
  }

  /** When the pause GitHub asked for ends, if one is running. */
  async pausedUntil(): Promise<number | undefined> {
    const { pausedUntil } = await this.#read();
    return pausedUntil > this.now() ? pausedUntil : undefined;
  }

  /** The earliest instant `count` more requests fit both windows and no pause runs. */
  #retryAt(state: LogState, count: number): number {
    const now = this.now();
    let at = Math.max(now, state.pausedUntil);
    for (const [length, limit] of [[MINUTE_MS, this.limits.perMinute], [HOUR_MS, this.limits.perHour]] as const) {
      const inWindow = state.sent.filter((sent) => sent > now - length);
      // Room for `count` once all but `limit - count` of the window's requests have aged out of it.
      const keep = limit - count;
      const last = inWindow.at(-1);
      if (keep < 0) {
        // More than a window holds only with deliveries under way: once they are done and the window is empty.
        at = Math.max(at, now + 1_000, last === undefined ? 0 : last + length);
      } else if (inWindow.length > keep) {
        at = Math.max(at, (inWindow[inWindow.length - keep - 1] as number) + length);
      }
    }
    return at;
  }

  async #read(): Promise<LogState> {
    let text = '';
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const now = this.now();
    const state: LogState = { sent: [], pausedUntil: 0, lines: 0 };
    for (const line of text.split('\n')) {
      // A line cut short by a killed process, or anything else, counts for nothing.
      const match = /^([cp]) (\d{1,16})$/.exec(line);
      if (!match) continue;
      state.lines += 1;
      const at = Number(match[2]);
      if (match[1] === 'p') state.pausedUntil = Math.max(state.pausedUntil, at);
      // A time more than an hour ahead was written before the clock was set back: it says nothing about now.
      else if (at > now - HOUR_MS && at <= now + HOUR_MS) state.sent.push(at);
    }
    state.sent.sort((a, b) => a - b);
    return state;
  }

  async #append(line: string, state: LogState): Promise<void> {
    if (state.lines >= COMPACT_AT_LINES) {
      await this.#compact(state);
    }
    const handle = await open(this.#file, 'a', 0o600);
    try {
      await handle.appendFile(line);
      // On the disk before the request is sent: a power cut must not forget a write GitHub counted.
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /** Rewrites the log with only what still matters: the last hour's sends and a pause not yet over. */
  async #compact(state: LogState): Promise<void> {
    const now = this.now();
    const lines = [...state.sent.map((at) => `c ${at}\n`), ...(state.pausedUntil > now ? [`p ${state.pausedUntil}\n`] : [])];
    await writeFileDurably(this.#file, lines.join(''), { mode: 0o600 });
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(`${this.#file}.lock`, fn);
  }
}
