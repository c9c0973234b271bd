/**
 * The intake of the running web server: one per process, opened at start-up by scripts/server/start.ts (so bad
 * configuration stops the server before it listens, and submissions queued before a restart are delivered at
 * once), or on the first submission when the built server is run directly. Shared through a global because the
 * built site bundles its own copy of this module.
 */
import path from 'node:path';
import { readConfig } from '../config/read-config.ts';
import { loadWorkflows, readExtraHolidays, WORKFLOWS_DIR } from '../fs/procedure-files.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import type { Config } from '../../core/config/config-schema.ts';
import { assigneeProblems, configSecrets } from '../../core/config/config-schema.ts';
import { ConfigError } from '../config/read-config.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { clientKey, RateLimiter, type Admission } from '../http/rate-limiter.ts';
import { FormTokens } from '../http/form-token.ts';
import { loadFormSecret } from './form-secret.ts';
import type { CaseIntake } from './case-intake.ts';
import { mailCrashPointsFromEnv } from '../mail/mail-crash-points.ts';
import { crashPointsFromEnv } from './crash-points.ts';
import { openIntakeRuntime, type IntakeRuntime } from './intake-runtime.ts';
import { readOrganisation } from '../fs/organisation-file.ts';
import { openTrackingKeys } from '../tracking/tracking-keys.ts';
import { trackingService, type TrackingService } from '../tracking/tracking-service.ts';

export interface ServerIntake {
  intake: CaseIntake;
  runtime: IntakeRuntime;
  config: Config;
  log: Logger;
  /** Takes one submission from the allowance of the client that sent `request`. */
  admit(client: { socketAddress: string; forwardedFor: string | null }): Admission;
  /** Signs the forms this server shows and checks the tokens they come back with. */
  formTokens: FormTokens;
  /** The complainant's side: receipt copies, tracking links and the tracking page's look-ups. */
  tracking: TrackingService;
  /** The client address a request is counted against (for rate limits). */
  clientOf(client: { socketAddress: string; forwardedFor: string | null }): string;
}

const KEY = Symbol.for('redress.server-intake');
type Holder = { [KEY]?: Promise<ServerIntake> };

/** The process's intake, opened on first use. */
export function serverIntake(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): Promise<ServerIntake> {
  const holder = globalThis as Holder;
  holder[KEY] ??= openServerIntake(env, cwd).catch((error: unknown) => {
    // Not remembered: the next submission tries again (after the cause is fixed, or a passing failure ends).
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

async function openServerIntake(env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<ServerIntake> {
  const config = readConfig(env, cwd);
  const log = createLogger({ secrets: [...configSecrets(config), env.GITHUB_TOKEN] });
  const { procedures, problems } = await loadWorkflows(path.resolve(cwd, WORKFLOWS_DIR), cwd);
  if (problems.length > 0) log.warn('Some procedure files have problems; complaints under them are refused', { count: problems.length });
  const assignees = assigneeProblems(config.assignees, new Map([...procedures].map(([id, p]) => [id, p.roles.map((r) => r.id)])));
  if (assignees.length > 0) throw new ConfigError(assignees);
  const holidays = await readExtraHolidays(path.resolve(cwd, WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml'));
  const organisation = await readOrganisation(cwd);
  const keys = await openTrackingKeys({ config, organisation, log });
  if (keys.address.source === 'HOST and PORT') {
    log.warn(`Links in emails point at ${keys.address.url}, which works on this machine only: set site.url in redress.yaml or REDRESS_PUBLIC_URL`);
  }
  const runtime = await openIntakeRuntime({
    organisation,
    config,
    log,
    cwd,
    procedure: async (id) => procedures.get(id),
    calendarFor: (procedure: Procedure) => calendarFor(procedure, holidays),
    startWorker: true,
    checkpoint: crashPointsFromEnv(env),
    mailCheckpoint: mailCrashPointsFromEnv(env),
    trackingLink: (reference, now) => keys.linkFor(reference, now),
  });
  const formSecret = await loadFormSecret({ dataDir: config.dataDir, configured: config.formSecret });
  if (formSecret.tightened) log.warn('The form secret in the data directory was readable by others; it is now readable by this account only');
  const formTokens = new FormTokens({ secret: formSecret.secret, minFillMs: config.minFillMs });
  const limiter = config.rateLimit ? new RateLimiter(config.rateLimit) : undefined;
  log.info('Intake ready', { store: config.store.kind, mail: config.mail.smtp ? 'smtp' : 'files', ...(config.store.kind === 'github' ? { repository: `${config.store.github.owner}/${config.store.github.repo}` } : { dataDir: config.dataDir }) });
  const tracking = trackingService({ keys, config, store: runtime.store, procedure: async (id) => procedures.get(id), calendarFor: (procedure: Procedure) => calendarFor(procedure, holidays), log });
  return {
    intake: runtime.intake,
    runtime,
    config,
    log,
    admit: (client) => (limiter ? limiter.take(clientKey({ ...client, trustProxy: config.trustProxy })) : { ok: true }),
    formTokens,
    tracking,
    clientOf: (client) => clientKey({ ...client, trustProxy: config.trustProxy }),
  };
}
