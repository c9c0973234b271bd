/**
 * The deployment's configuration, read from the environment once at start-up by the intake server, the sweep, the
 * audit and the CLI alike. Pure: it takes the environment as a record, so tests pass one in. A bad value stops
 * start-up with a message naming the variable; nothing falls back silently to a default after a typo.
 */
import { z } from 'zod';
import { IdSchema } from '../procedure/fields.ts';
import { parseMailConfig, type MailConfig } from './mail-config.ts';
import { PublicUrlSchema } from './public-url.ts';

/** A GitHub login: what an issue can be assigned to (teams cannot be assignees of an issue on GitHub). */
const LoginSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'A GitHub login: letters, digits and single hyphens (teams cannot be assigned issues).');

/**
 * Who is assigned a case, by procedure and then by the procedure's role id (the role that handles the stage, or the
 * alternate when the complaint is about the usual handler): `{"ceccc": {"coordinator": ["octocat"], "chair": ["hubot"]}}`.
 */
export const AssigneesSchema = z.record(IdSchema, z.record(IdSchema, z.array(LoginSchema).max(10, 'GitHub allows at most 10 assignees.')));
export type Assignees = z.infer<typeof AssigneesSchema>;

/** A request allowance: `<count>/<duration>` such as `10/10m`, or `off`. */
export const RateLimitSchema = z.string().transform((text, ctx): { count: number; perMs: number } | null => {
  // null, not undefined: zod would replace an undefined output with the default.
  if (text.trim() === 'off') return null;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*(s|m|h)\s*$/.exec(text);
  const count = Number(match?.[1]);
  const per = Number(match?.[2]) * ({ s: 1_000, m: 60_000, h: 3_600_000 }[match?.[3] as 's' | 'm' | 'h'] ?? Number.NaN);
  if (!match || count < 1 || !(per > 0)) {
    ctx.addIssue({ code: 'custom', message: 'Write "<count>/<duration>" such as "10/10m" (s, m or h), or "off".' });
    return z.NEVER;
  }
  return { count, perMs: per };
});

const Switch = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Whole, non-negative numbers written in an environment variable. */
const Count = z.string().regex(/^\d+$/, 'Write a whole number.').transform(Number);

/** The variables read, as they are named in the environment; each is documented in docs/configuration.md. */
export const EnvSchema = z.object({
  /** owner/name of the private repository holding cases; unset means the local store. */
  REDRESS_GITHUB_REPO: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'Write the repository as owner/name, e.g. "example-org/complaints".')
    .optional(),
  /** Set by GitHub Actions: the repository the workflow runs in, used when REDRESS_GITHUB_REPO is unset. */
  GITHUB_REPOSITORY: z.string().optional(),
  GITHUB_ACTIONS: z.string().optional(),
  /** A token that can read and write issues of that repository. */
  GITHUB_TOKEN: z.string().min(1, 'GITHUB_TOKEN is empty.').optional(),
  /**
   * The GitHub account the server writes cases as, when the workflows write as another (their default token): its
   * marked comments on a case, such as the record of the receipt email, are then known as Redress's own there too.
   */
  REDRESS_BOT_LOGIN: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, 'A GitHub login, such as "example-complaints" (letters, digits and hyphens).')
    .optional(),
  /** The REST API root: GitHub Enterprise Server, or the test server. */
  GITHUB_API_URL: z.url({ protocol: /^https?$/, error: 'An http(s) URL such as https://api.github.com.' }).default('https://api.github.com'),
  /** Where the local store, its git history and the outbox live. */
  REDRESS_DATA_DIR: z.string().min(1).default('.redress'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: Count.pipe(z.number().int().min(1, 'A port is 1 to 65535.').max(65_535, 'A port is 1 to 65535.')).default(4321),
  /** JSON: procedure id → role id → GitHub logins. */
  REDRESS_ASSIGNEES: z.string().optional(),
  /** Submissions allowed per client address; `off` turns the limit off (for benchmarks behind one address). */
  REDRESS_RATE_LIMIT: RateLimitSchema.default({ count: 10, perMs: 10 * 60_000 }),
  /** Behind a reverse proxy that sets them: the client address from the last X-Forwarded-For hop, the scheme from X-Forwarded-Proto. */
  REDRESS_TRUST_PROXY: Switch.default(false),
  /** Seconds a person takes at least to fill in the form; faster submissions are set aside as a script's (0: off). */
  REDRESS_MIN_FILL_SECONDS: Count.default(3),
  /** How long commits of the local store may be grouped, in ms (every change is on disk, fsynced, before that). */
  REDRESS_COMMIT_INTERVAL_MS: Count.default(200),
  /** Minutes between the sweeps `npm start` runs in its own process (default 5 for the local store, 0 (none) for GitHub). */
  REDRESS_SWEEP_INTERVAL_MINUTES: Count.optional(),
  /** How long a submission waits for the case store before it is answered as queued, in ms. */
  REDRESS_DELIVERY_WAIT_MS: Count.default(8_000),
  /**
   * `github` paces writes as GitHub asks; `none` only for a loopback test server or a benchmark against one (GitHub
   * itself would answer unpaced bursts with secondary rate limits).
   */
  REDRESS_GITHUB_PACING: z.enum(['github', 'none']).default('github'),
  /** `smtp://user:password@host:587` or `smtps://…:465`: where mail is sent; unset, messages are written to files. */
  REDRESS_SMTP_URL: z.string().optional(),
  /** The address messages come from (required with REDRESS_SMTP_URL). */
  REDRESS_MAIL_FROM: z.string().optional(),
  /**
   * The key complaint forms' tokens are signed with, for servers that must share one without sharing a data
   * directory; unset, the server makes one in the data directory. Never shown in a message or a log.
   */
  REDRESS_FORM_SECRET: z
    .string()
    .min(32, 'At least 32 characters: make one with "openssl rand -hex 32".')
    .refine((secret) => new Set(secret).size >= 8, 'Use a random value (make one with "openssl rand -hex 32"), not a repeated word.')
    .optional(),
  /** The case ledger's folder, when not where the store keeps it (cases/ with GitHub, `<data dir>/ledger` locally). */
  REDRESS_LEDGER_DIR: z.string().min(1).optional(),
  /** `git`: the server pulls the ledger that GitHub Actions commits (`git pull --ff-only`); `off`: it does not. */
  REDRESS_LEDGER_SYNC: z.enum(['off', 'git']).default('off'),
  /** Minutes between pulls of the ledger. */
  REDRESS_LEDGER_SYNC_MINUTES: Count.pipe(z.number().int().min(1, 'At least 1 minute.')).default(5),
  /** Seconds the statistics page is kept before it is counted again from the ledger. */
  REDRESS_STATISTICS_CACHE_SECONDS: Count.default(300),
  /**
   * The key tracking links and receipt links are signed with, for servers (and the commands that send receipt
   * emails) that must share one without sharing a data directory; unset, the server makes one in the data directory.
   * Replacing it withdraws every tracking link sent. Never shown in a message or a log.
   */
  REDRESS_TRACKING_SECRET: z
    .string()
    .min(32, 'At least 32 characters: make one with "openssl rand -hex 32".')
    .refine((secret) => new Set(secret).size >= 8, 'Use a random value (make one with "openssl rand -hex 32"), not a repeated word.')
    .optional(),
  /** The site's public address, for the links in emails, when redress.yaml does not give `site.url`. */
  REDRESS_PUBLIC_URL: PublicUrlSchema.optional(),
  /** Look-ups on the tracking page's form allowed per client address; `off` turns the limit off. */
  REDRESS_TRACK_RATE_LIMIT: RateLimitSchema.default({ count: 10, perMs: 10 * 60_000 }),
});

export interface GitHubConfig {
  owner: string;
  repo: string;
  token: string;
  apiUrl: string;
  /** Another account Redress writes as (REDRESS_BOT_LOGIN): the server's, when it is not the token's own. */
  botLogin?: string;
}

export interface Config {
  /** The store cases live in: a GitHub repository, or the embedded local store. */
  store: { kind: 'github'; github: GitHubConfig } | { kind: 'local' };
  dataDir: string;
  host: string;
  port: number;
  assignees: Assignees;
  rateLimit: { count: number; perMs: number } | undefined;
  trustProxy: boolean;
  minFillMs: number;
  commitIntervalMs: number;
  /** Minutes between in-process sweeps, when set; otherwise the store's default. */
  sweepIntervalMinutes?: number;
  deliveryWaitMs: number;
  githubPacing: 'github' | 'none';
  mail: MailConfig;
  /** The key for form tokens, when configured; otherwise the one kept in the data directory. */
  formSecret?: string;
  /** The case ledger's folder, when configured (relative to the project folder); otherwise the store's place for it. */
  ledgerDir?: string;
  /** How the server brings in the ledger GitHub Actions commits: not at all, or by `git pull` every few minutes. */
  ledgerSync: { kind: 'off' } | { kind: 'git'; intervalMinutes: number };
  /** How long the statistics page is kept before it is counted again, in seconds. */
  statisticsCacheSeconds: number;
  /** The key for tracking and receipt links, when configured; otherwise the one kept in the data directory. */
  trackingSecret?: string;
  /** The site's public address from REDRESS_PUBLIC_URL ("https://complaints.example.org"), when set. */
  publicUrl?: string;
  /** Look-ups allowed per client address on the tracking page's form; undefined means no limit. */
  trackRateLimit: { count: number; perMs: number } | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * The configuration from an environment, or every problem with it, each naming its variable.
 *
 * @example
 * parseConfig({ REDRESS_GITHUB_REPO: 'org/cases' })
 * //=> { ok: false, problems: ['GITHUB_TOKEN: required when REDRESS_GITHUB_REPO (org/cases) is set.'] }
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  // An empty variable counts as unset: `PORT=` in a .env file means "default", not "invalid".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const mail = parseMailConfig({ smtpUrl: present.REDRESS_SMTP_URL, mailFrom: present.REDRESS_MAIL_FROM });
    return { ok: false, problems: [...result.error.issues.map((issue) => `${named(issue.path, present)}: ${issue.message}`), ...(mail.ok ? [] : mail.problems)] };
  }
  const vars = result.data;
  const problems: string[] = [];

  const repository = vars.REDRESS_GITHUB_REPO ?? (vars.GITHUB_ACTIONS === 'true' ? vars.GITHUB_REPOSITORY : undefined);
  let store: Config['store'] = { kind: 'local' };
  if (repository) {
    const [owner = '', repo = ''] = repository.split('/');
    if (!vars.GITHUB_TOKEN) {
      problems.push(`GITHUB_TOKEN: required when REDRESS_GITHUB_REPO (${repository}) is set.`);
    } else {
      store = {
        kind: 'github',
        github: { owner, repo, token: vars.GITHUB_TOKEN, apiUrl: vars.GITHUB_API_URL.replace(/\/+$/, ''), ...(vars.REDRESS_BOT_LOGIN ? { botLogin: vars.REDRESS_BOT_LOGIN } : {}) },
      };
    }
  }

  let assignees: Assignees = {};
  if (vars.REDRESS_ASSIGNEES) {
    let json: unknown;
    try {
      json = JSON.parse(vars.REDRESS_ASSIGNEES);
    } catch (error) {
      problems.push(`REDRESS_ASSIGNEES: not valid JSON (${(error as Error).message}); write {"<procedure>": {"<role>": ["<login>"]}}.`);
    }
    if (json !== undefined) {
      const parsed = AssigneesSchema.safeParse(json);
      if (parsed.success) assignees = parsed.data;
      else problems.push(...parsed.error.issues.map((issue) => `REDRESS_ASSIGNEES.${issue.path.join('.')}: ${issue.message}`));
    }
  }

  const mail = parseMailConfig({ smtpUrl: vars.REDRESS_SMTP_URL, mailFrom: vars.REDRESS_MAIL_FROM });
  if (!mail.ok) problems.push(...mail.problems);

  // Locally the server writes the ledger itself; only a ledger committed elsewhere (by the Actions sweep) is pulled.
  if (vars.REDRESS_LEDGER_SYNC === 'git' && !repository) {
    problems.push('REDRESS_LEDGER_SYNC="git": only with the GitHub store (REDRESS_GITHUB_REPO), whose ledger GitHub Actions commits; the local store writes its own.');
  } else if (vars.REDRESS_LEDGER_SYNC === 'git' && !vars.REDRESS_LEDGER_DIR) {
    // Pulling the server's own checkout would change the code and procedures under the running server.
    problems.push('REDRESS_LEDGER_SYNC="git": set REDRESS_LEDGER_DIR to the cases/ folder of a clone of the cases repository kept for the ledger (see "The ledger on the server" in docs/configuration.md).');
  }

  if (problems.length > 0 || !mail.ok) return { ok: false, problems };
  return {
    ok: true,
    config: {
      store,
      dataDir: vars.REDRESS_DATA_DIR,
      host: vars.HOST,
      port: vars.PORT,
      assignees,
      rateLimit: vars.REDRESS_RATE_LIMIT ?? undefined,
      trustProxy: vars.REDRESS_TRUST_PROXY,
      minFillMs: vars.REDRESS_MIN_FILL_SECONDS * 1000,
      commitIntervalMs: vars.REDRESS_COMMIT_INTERVAL_MS,
      ...(vars.REDRESS_SWEEP_INTERVAL_MINUTES === undefined ? {} : { sweepIntervalMinutes: vars.REDRESS_SWEEP_INTERVAL_MINUTES }),
      deliveryWaitMs: vars.REDRESS_DELIVERY_WAIT_MS,
      githubPacing: vars.REDRESS_GITHUB_PACING,
      mail: mail.mail,
      ...(vars.REDRESS_FORM_SECRET === undefined ? {} : { formSecret: vars.REDRESS_FORM_SECRET }),
      ...(vars.REDRESS_LEDGER_DIR === undefined ? {} : { ledgerDir: vars.REDRESS_LEDGER_DIR }),
      ledgerSync: vars.REDRESS_LEDGER_SYNC === 'git' ? { kind: 'git', intervalMinutes: vars.REDRESS_LEDGER_SYNC_MINUTES } : { kind: 'off' },
      statisticsCacheSeconds: vars.REDRESS_STATISTICS_CACHE_SECONDS,
      ...(vars.REDRESS_TRACKING_SECRET === undefined ? {} : { trackingSecret: vars.REDRESS_TRACKING_SECRET }),
      ...(vars.REDRESS_PUBLIC_URL === undefined ? {} : { publicUrl: vars.REDRESS_PUBLIC_URL }),
      trackRateLimit: vars.REDRESS_TRACK_RATE_LIMIT ?? undefined,
    },
  };
}

/** A variable with its bad value, so the person can see the typo; the token's value is never shown. */
function named(path: readonly PropertyKey[], env: Readonly<Record<string, string | undefined>>): string {
  const name = String(path[0] ?? '(environment)');
  const value = env[name];
  if (value === undefined || SECRETS.has(name)) return name;
  return `${name}=${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
}

/** Variables whose values must never appear in a message or a log. */
export const SECRETS: ReadonlySet<string> = new Set(['GITHUB_TOKEN', 'REDRESS_SMTP_URL', 'REDRESS_FORM_SECRET', 'REDRESS_TRACKING_SECRET']);

/** The secret values of a configuration, for a logger to redact wherever they might appear. */
export function configSecrets(config: Config): string[] {
  return [config.store.kind === 'github' ? config.store.github.token : undefined, config.mail.smtp?.pass, config.formSecret, config.trackingSecret].filter((s): s is string => s !== undefined);
}

/**
 * Problems with the assignee map that only the procedures can reveal: an unknown procedure or role.
 *
 * @example
 * assigneeProblems({ ceccc: { boss: ['octocat'] } }, new Map([['ceccc', ['coordinator', 'chair']]]))
 * //=> ['REDRESS_ASSIGNEES.ceccc.boss: ceccc has no role "boss" (roles: coordinator, chair).']
 */
export function assigneeProblems(assignees: Assignees, rolesByProcedure: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const [procedure, roles] of Object.entries(assignees)) {
    const known = rolesByProcedure.get(procedure);
    if (!known) {
      problems.push(`REDRESS_ASSIGNEES.${procedure}: no procedure "${procedure}" (procedures: ${[...rolesByProcedure.keys()].join(', ')}).`);
      continue;
    }
    for (const role of Object.keys(roles)) {
      if (!known.includes(role)) problems.push(`REDRESS_ASSIGNEES.${procedure}.${role}: ${procedure} has no role "${role}" (roles: ${known.join(', ')}).`);
    }
  }
  return problems;
}
