import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CaseStore } from '../../core/case/case-store.ts';
import type { Config } from '../../core/config/config-schema.ts';
import { calendarFor } from '../../core/deadlines/procedure-calendar.ts';
import { formatProblem } from '../../core/procedure/load-procedures.ts';
import { runSweep, type RequestCounter, type SweepSummary } from '../../core/sweep/run-sweep.ts';
import { readOrganisation } from '../fs/organisation-file.ts';
import { loadWorkflows, readExtraHolidays, WORKFLOWS_DIR } from '../fs/procedure-files.ts';
import { assigneesFor, emailsStaff, staffFor } from '../../core/organisation/roster.ts';
import { digestDue } from '../../core/notify/digest.ts';
import { collectDigests, digestOutcomeWords, sendDigests } from './staff-digest.ts';
import type { StoredCase } from '../../core/case/case-store.ts';
import { readSweepTemplates } from '../fs/templates.ts';
import { rateLimitedUntil } from '../github/content-pacing.ts';
import { openCaseStore } from '../intake/open-store.ts';
import { ensureRepository } from './ledger-repository.ts';
import { createLedgerWriter } from '../ledger/ledger-writer.ts';
import { openLetterMailer } from '../mail/letter-mailer.ts';
import { writeFileDurably } from '../local-store/durable-file.ts';
import type { Logger } from '../log/logger.ts';

export interface SweepRunOptions {
  config: Config;
  /** The project folder: workflows/ and (in GitHub Actions) the ledger cases/ are found here. */
  cwd: string;
  now: number;
  dryRun: boolean;
  /** Sweep only this case (the store's id: the issue number on GitHub, the reference locally). */
  only?: string;
  requestBudget: number;
  /** Where the time of the last sweep is kept (default: cases/.sweep-state.json on GitHub, in the data dir locally). */
  stateFile?: string;
  log: Logger;
  progress?: (done: number, total: number) => void;
}

/** What one sweep leaves the next: when it started, and the cases it had no budget left for. */
const SweepStateSchema = z.strictObject({
  lastStartedAt: z.iso.datetime(),
  pending: z.array(z.string()).default([]),
  /** The ISO week the staff digest was last sent for ("2026-W50"): kept here so it goes once a week where the outbox is not kept (GitHub Actions). */
  digestWeek: z.string().regex(/^\d{4}-W\d{2}$/).optional(),
});
export type SweepState = z.infer<typeof SweepStateSchema>;

/**
 * Where the ledger goes: REDRESS_LEDGER_DIR when set, else the project's cases/ (committed by the workflow), or
 * its own git repository locally.
 */
export function ledgerDirFor(config: Config, cwd: string): string {
  if (config.ledgerDir) return path.resolve(cwd, config.ledgerDir);
  // Locally the ledger is a repository of its own beside the case files: it has no personal data, so an auditor
  // can be given its history without the cases' history.
  return config.store.kind === 'github' ? path.join(cwd, 'cases') : path.join(config.dataDir, 'ledger');
}

/** Where the sweep keeps its state: beside the ledger on GitHub (the workflow commits it), in the data dir locally. */
export function sweepStateFile(config: Config, cwd: string): string {
  return config.store.kind === 'github' ? path.join(ledgerDirFor(config, cwd), '.sweep-state.json') : path.join(config.dataDir, 'sweep-state.json');
}

/** Builds everything a sweep needs from configuration and files, runs it, and keeps its watermark. */
export async function runConfiguredSweep(options: SweepRunOptions): Promise<{ summary: SweepSummary; storeName: string }> {
  const { config, cwd } = options;
  const loaded = await loadWorkflows(path.join(cwd, WORKFLOWS_DIR), cwd);
  if (loaded.problems.length > 0) {
    throw new Error(`workflows/ has problems; nothing was swept:\n${loaded.problems.map(formatProblem).join('\n')}`);
  }
  const extraHolidays = await readExtraHolidays(path.join(cwd, WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml'));
  const counter: RequestCounter = { reads: 0, writes: 0 };
  const opened = await openCaseStore(config, options.log, (kind) => (kind === 'read' ? (counter.reads += 1) : (counter.writes += 1)));
  const store = config.store.kind === 'github' ? opened.store : countingStore(opened.store, counter);
  const stateFile = options.stateFile ?? sweepStateFile(config, cwd);
  const state = await readSweepState(stateFile);
  // The cases are read from here on: a comment added after this instant is one this sweep may not have seen.
  const readFrom = Date.now();
  const ledgerDir = ledgerDirFor(config, cwd);
  if (!options.dryRun && config.store.kind === 'local') await ensureRepository(ledgerDir);

  const templates = await readSweepTemplates();
  // The roster in redress.yaml, with REDRESS_ASSIGNEES overriding it role by role: in GitHub Actions the file is
  // in the checkout, so reminders and escalations mention the right people there too.
  const organisation = await readOrganisation(cwd);
  const assignees = assigneesFor(organisation, config.assignees);
  // The sweep's clock runs on from `now`: the real time when it is now, and a replay's own time when it is not,
  // so a letter sent in a replay is dated in it.
  const startedAt = Date.now();
  const clock = () => options.now + (Date.now() - startedAt);
  // Letters by email go through the mail outbox in the data directory; their durable record is on the case.
  const letters = options.dryRun ? undefined : await openLetterMailer({ mail: config.mail, dataDir: config.dataDir, now: clock });
  try {
    const summary = await runSweep({
      store,
      procedures: loaded.procedures,
      calendarFor: (procedure) => calendarFor(procedure, extraHolidays),
      now: options.now,
      // A mark in the future (left by a replay, or a clock that was wrong) would hide every comment added since.
      since: state && Date.parse(state.lastStartedAt) <= readFrom ? state.lastStartedAt : undefined,
      pending: new Set(state?.pending ?? []),
      only: options.only,
      templates,
      people: (procedure, role) => assignees[procedure]?.[role] ?? [],
      // On GitHub a mention notifies; locally there is nobody to notify, so the name is just written.
      mention: (person) => (config.store.kind === 'github' ? `@${person}` : person),
      dryRun: options.dryRun,
      requestBudget: options.requestBudget,
      requests: () => ({ ...counter }),
      progress: options.progress,
      holder: `sweep-${randomUUID()}`,
      limitReached: (error) => {
        const until = rateLimitedUntil(error, Date.now());
        return until === undefined ? undefined : { until };
      },
      clock,
      // The workflow commits cases/ itself after the sweep; the local ledger commits each change.
      ledger: options.dryRun ? undefined : createLedgerWriter({ dir: ledgerDir, git: config.store.kind === 'local' }),
      ...(letters ? { letters } : {}),
      mentionNotifies: config.store.kind === 'github',
      // Staff are emailed at their roster address (always locally; on GitHub when redress.yaml says notify.email).
      ...(emailsStaff(organisation, config.store.kind)
        ? {
            emailing: {
              staff: (procedure: string, role: string) => staffFor(organisation, config.assignees, procedure, role),
              link: (stored: StoredCase) => caseLink(config, stored),
              ...(organisation?.shortName ? { prefix: organisation.shortName } : {}),
              ...(letters ? { mailer: { send: async (request) => ({ status: (await letters.send(request, { again: false })).status }) } } : {}),
            },
          }
        : {}),
    });
    // The week's digest goes with the first full sweep on or after Monday 08:00, once (the week is kept in the state).
    let digestWeek = state?.digestWeek;
    const digest = digestDue(options.now, digestWeek);
    if (!options.dryRun && !summary.locked && !options.only && digest.due && letters && emailsStaff(organisation, config.store.kind)) {
      try {
        const { digests } = await collectDigests({
          store,
          procedures: loaded.procedures,
          calendarFor: (procedure) => calendarFor(procedure, extraHolidays),
          staff: (procedure, role) => staffFor(organisation, config.assignees, procedure, role),
          link: (stored) => caseLink(config, stored),
          now: options.now,
          ...(organisation?.shortName ? { prefix: organisation.shortName } : {}),
        });
        const outcomes = await sendDigests(digests, async (request) => ({ status: (await letters.send(request, { again: false })).status }));
        summary.digest = { week: digest.week, words: digestOutcomeWords(outcomes) };
        // A digest the server deferred is tried again by the next sweep (same key, so once).
        if (!outcomes.some((o) => o.status === 'queued')) digestWeek = digest.week;
      } catch (error) {
        summary.problems.push({ reference: 'digest', problem: `The staff digest was not sent: ${(error as Error).message}` });
      }
    }
    // Cases this run had no budget for are named, so the next run takes them first and reads them in full.
    if (!options.dryRun && !summary.locked && !options.only) {
      // Never later than the moment the cases were read: `--now` may be a time to come, and a comment written
      // between the read and that time must still be read by the next sweep.
      const next: SweepState = { lastStartedAt: new Date(Math.min(options.now, readFrom)).toISOString(), pending: summary.skipped, ...(digestWeek ? { digestWeek } : {}) };
      await mkdir(path.dirname(stateFile), { recursive: true });
      await writeFileDurably(stateFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
    }
    return { summary, storeName: config.store.kind === 'github' ? `GitHub ${config.store.github.owner}/${config.store.github.repo}` : `local store in ${config.dataDir}` };
  } finally {
    await letters?.close();
    await opened.close();
  }
}

/**
 * Where staff open a case: the page on GitHub, or locally the command that shows it (the case files are on
 * the server, and there is no staff page on the public site).
 *
 * @example
 * caseLink(githubConfig, { id: '7', … }) //=> 'https://github.com/acme/complaints/issues/7'
 * caseLink(localConfig, { reference: 'RDR-7KX4', … }) //=> 'npx redress case show RDR-7KX4'
 */
export function caseLink(config: Config, stored: Pick<StoredCase, 'id' | 'reference'>): string {
  if (config.store.kind !== 'github') return `npx redress case show ${stored.reference}`;
  const { apiUrl, owner, repo } = config.store.github;
  // GitHub's API is at api.github.com; GitHub Enterprise Server's at <host>/api/v3.
  const web = apiUrl === 'https://api.github.com' ? 'https://github.com' : apiUrl.replace(/\/api\/v3$/, '');
  return `${web}/${owner}/${repo}/issues/${stored.id}`;
}

/** The state the last sweep left, or undefined before the first. */
export async function readSweepState(file: string): Promise<SweepState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const result = SweepStateSchema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`${file}: not a sweep state file (${z.prettifyError(result.error)}); delete it to sweep every case in full.`);
  return result.data;
}

/** Counts a store's calls as requests: reads for look-ups, writes for changes (the local store has no HTTP to count). */
function countingStore(store: CaseStore, counter: RequestCounter): CaseStore {
  const reads = new Set(['findByReference', 'getCase', 'listOpenCases', 'listCases', 'listComments']);
  const uncounted = new Set(['kind', 'acquireLock', 'releaseLock', 'ensureLabels']);
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || uncounted.has(property)) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (reads.has(property)) counter.reads += 1;
        else counter.writes += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
