/**
 * `GET /healthz`: whether this server can take complaints, for a monitor or a load balancer. 200 when the intake can
 * write its outbox and the case store answers; 503 otherwise, with the reasons. Beside that, what a person looking
 * after the server wants at a glance: submissions and mail waiting, mail whose delivery is uncertain, when the sweep
 * last ran and when the ledger was last pulled. Counts, kinds and times only: no repository, path, address or
 * token, and nothing about any complaint. Never cached.
 */
import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { Config } from '../core/config/config-schema.ts';
import { createGitHubClient, type GitHubClient } from '../adapters/github/github-client.ts';
import type { IntakeRuntime } from '../adapters/intake/intake-runtime.ts';
import type { LedgerSyncStatus } from '../adapters/ledger/ledger-sync.ts';
import { COMPLAINTS_FOLDER } from '../adapters/local-store/local-case-store.ts';
import type { Logger } from '../adapters/log/logger.ts';
import { readSweepState, sweepStateFile } from '../adapters/sweep/sweep-runtime.ts';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checkedAt: string;
  /** Why complaints cannot be taken; empty when they can. */
  problems: string[];
  store: { kind: 'github' | 'local'; reachable: boolean };
  /** The intake's outbox: whether it can be written, and how many submissions wait in it for the store. */
  intake: { writable: boolean; waiting: number | null };
  /** The mail outbox: messages waiting to be sent, those whose delivery is uncertain, and those that failed. */
  mail: { waiting: number | null; uncertain: number | null; failed: number | null };
  sweep: { lastStartedAt: string | null };
  ledgerSync: LedgerSyncStatus | { mode: 'off' };
}

export interface HealthCheckOptions {
  config: Config;
  runtime: Pick<IntakeRuntime, 'outbox' | 'mail'>;
  /** The project folder (where the ledger and the sweep's state are, with GitHub). */
  cwd: string;
  log: Logger;
  sync?: { status(): LedgerSyncStatus };
  /** Each check that takes longer counts as failed. */
  timeoutMs?: number;
  now?: () => number;
}

/** A check of the server, made afresh at each call. */
export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
  const { config, runtime, cwd, sync } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const probeStore = storeProbe(config, options.log, timeoutMs);
  return async () => {
    const [store, writable, waiting, mail, sweep] = await Promise.all([
      probeStore(),
      settle(canWrite(runtime.outbox.dir), timeoutMs),
      settle(runtime.outbox.pending().then((ids) => ids.length), timeoutMs),
      settle(runtime.mail.outbox.counts(), timeoutMs),
      settle(readSweepState(sweepStateFile(config, cwd)), timeoutMs),
    ]);
    const problems = [
      ...(store.ok ? [] : [store.problem]),
      ...(writable.ok ? [] : [`The intake cannot write its outbox (${writable.problem}).`]),
    ];
    return {
      status: problems.length === 0 ? 'ok' : 'unavailable',
      checkedAt: new Date(now()).toISOString(),
      problems,
      store: { kind: config.store.kind, reachable: store.ok },
      intake: { writable: writable.ok, waiting: waiting.ok ? waiting.value : null },
      mail: mail.ok ? { waiting: mail.value.queued + mail.value.sending, uncertain: mail.value.uncertain, failed: mail.value.failed } : { waiting: null, uncertain: null, failed: null },
      sweep: { lastStartedAt: sweep.ok ? (sweep.value?.lastStartedAt ?? null) : null },
      ledgerSync: sync ? sync.status() : { mode: 'off' },
    };
  };
}

/** Answers GET and HEAD with the report: 200 when complaints can be taken, 503 when not. */
export function healthzHandler(check: () => Promise<HealthReport>, log: Logger): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  return (request, response) => {
    const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end(JSON.stringify({ error: 'Use GET.' }));
      return;
    }
    check().then(
      (report) => {
        response.writeHead(report.status === 'ok' ? 200 : 503, headers);
        response.end(request.method === 'HEAD' ? undefined : `${JSON.stringify(report, null, 2)}\n`);
      },
      (error: unknown) => {
        log.error('The health check failed', { error });
        response.writeHead(503, headers).end(JSON.stringify({ status: 'unavailable', problems: ['The health check itself failed; see the server log.'] }));
      },
    );
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A promise's value, or why there is none: its error, or taking longer than `ms`. */
async function settle<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, problem: `no answer within ${ms / 1000} seconds` }), ms);
  });
  try {
    return await Promise.race([promise.then((value): Settled<T> => ({ ok: true, value }), (error: unknown): Settled<T> => ({ ok: false, problem: errorCode(error) })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error as /healthz may show it: its code or HTTP status, never its message (which may hold a path). */
function errorCode(error: unknown): string {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  if (typeof status === 'number') return `HTTP ${status}`;
  return typeof code === 'string' ? code : 'error';
}

/**
 * Writes and removes a file where the outbox keeps submissions: the check that a complaint would be kept. Named
 * as the durable writes' temporary files are, so one left by a crash is cleared at the next start.
 */
async function canWrite(dir: string): Promise<void> {
  const file = path.join(dir, `.healthz.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(file, '');
  await unlink(file);
}

/**
 * A cheap read of the case store. GitHub: the repository itself, sent again with the ETag of the last answer, which
 * GitHub answers 304 without counting it against the rate limit. Locally: the folder of case files.
 */
function storeProbe(config: Config, log: Logger, timeoutMs: number): () => Promise<{ ok: true } | { ok: false; problem: string }> {
  if (config.store.kind === 'local') {
    const dir = path.join(config.dataDir, COMPLAINTS_FOLDER);
    return async () => {
      const found = await settle(stat(dir), timeoutMs);
      if (found.ok && found.value.isDirectory()) return { ok: true };
      return { ok: false, problem: `The local case store cannot be read (${found.ok ? 'not a folder' : found.problem}).` };
    };
  }
  const { github } = config.store;
  let client: GitHubClient | undefined;
  let etag: string | undefined;
  return async () => {
    client ??= createGitHubClient(github, { log, timeoutMs, retries: 0, maxRateLimitWaitSeconds: 0, pacing: config.githubPacing });
    const answer = await settle(
      client.rest.repos.get({ owner: github.owner, repo: github.repo, headers: etag ? { 'if-none-match': etag } : {} }).then(
        (response) => {
          etag = response.headers.etag;
          return 200;
        },
        (error: unknown) => {
          if ((error as { status?: unknown }).status === 304) return 304;
          throw error;
        },
      ),
      timeoutMs,
    );
    return answer.ok ? { ok: true } : { ok: false, problem: `The case store on GitHub did not answer as it should (${answer.problem}).` };
  };
}
