import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { CaseBlockError, parseCaseBlock, type CaseBlock } from '../case/case-block.ts';
import { isSystemEvent } from '../case/case-event-schema.ts';
import type { CaseStore, Permission, StoredCase, StoredComment } from '../case/case-store.ts';
import { buildLedgerEntry } from '../ledger/build-ledger-entry.ts';
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { parseMarker, renderMarker } from './markers.ts';
import { planCase, type CasePlan, type SweepAction, type SweepMemory, type SweepTemplates } from './plan-case.ts';
import { authorsToCheck } from './rebuild-events.ts';
import { carryOutLetters, type LetterMailer } from '../letters/send-letters.ts';
import { fitCaseBody } from './fit-case-body.ts';
import type { MailRequest } from '../mail/mail-request.ts';
import type { StaffMember } from '../organisation/roster.ts';
import { toldWords, type EmailOutcome } from '../notify/staff-notice.ts';

/** Counts the store's requests; the adapters know how many HTTP requests a call really made. */
export interface RequestCounter {
  reads: number;
  writes: number;
}

export interface SweepDeps {
  store: CaseStore;
  procedures: ReadonlyMap<string, Procedure>;
  calendarFor: (procedure: Procedure) => WorkingCalendar;
  now: number;
  /** When the previous sweep started: cases unchanged since then are planned from their block, without reads. */
  since?: string;
  /** References the previous sweep had to leave for lack of budget: they go first, and are read in full. */
  pending?: ReadonlySet<string>;
  /** Only this case (the event-driven run for one issue). */
  only?: string;
  templates: SweepTemplates & { problem: string };
  people: (procedure: string, role: string) => readonly string[];
  mention: (person: string) => string;
  dryRun: boolean;
  /** Stop before exceeding this many requests; the rest wait for the next run. */
  requestBudget: number;
  requests: () => RequestCounter;
  progress?: (done: number, total: number) => void;
  /** Who this run is, for the lock that keeps two sweeps from writing at once. */
  holder: string;
  /** Cases swept at once (default 1). */
  concurrency?: number;
  /** The time as the sweep goes on, to keep its lock alive on a long run (`now` stays the instant it sweeps at). */
  clock?: () => number;
  /**
   * Whether a failure was the store saying "not now" (GitHub's rate limits), and until when. The sweep then stops
   * cleanly: the case and those after it wait for the next run, instead of each failing in turn.
   */
  limitReached?: (error: unknown) => { until: number } | undefined;
  /** The case ledger (cases/<year>/<reference>.json): told each case as it stands after it is swept, not in a dry run. */
  ledger?: { record(entry: LedgerEntry, noticedAt: number): Promise<void> };
  /** Sends staff's letters by email (the mail outbox); absent, letters by email wait for a sweep that has one. */
  letters?: LetterMailer;
  /** Whether a mention notifies its person (GitHub) or only writes a name (the local store). Default true. */
  mentionNotifies?: boolean;
  /** Staff are emailed new cases, reminders and escalations: who holds each role, where a case is opened, how mail goes. */
  emailing?: {
    staff: (procedure: string, role: string) => readonly StaffMember[];
    link: (stored: StoredCase) => string;
    /** A short name for subjects. */
    prefix?: string;
    /** Sends one message now (the mail outbox, once per key) and says what became of it; absent in a dry run. */
    mailer?: StaffMailer;
  };
}

/** Sends an email to a member of staff through the mail outbox: the same key twice is one message. */
export interface StaffMailer {
  send(request: MailRequest): Promise<{ status: EmailOutcome['status'] }>;
}

/** How long a sweep's lock lasts if the sweep dies holding it. */
export const SWEEP_LOCK_TTL_MS = 15 * 60_000;

export interface SweepCaseReport {
  reference: string;
  actions: SweepAction[];
  problem?: string;
  /** Commands answered "not done" this run (a mistake, a refusal by the procedure, or no right to command). */
  refusedCommands?: number;
}

export interface SweepSummary {
  seen: number;
  changed: number;
  reminders: number;
  escalations: number;
  problems: { reference: string; problem: string }[];
  /** Cases left for the next run because the request budget ran out, or the store's rate limit was reached. */
  skipped: string[];
  /** The store's rate limit stopped the run: when it said it would lift. */
  limitedUntil?: string;
  requests: RequestCounter;
  cases: SweepCaseReport[];
  ignoredComments: number;
  /** Another sweep held the lock, so this one did nothing. */
  locked: boolean;
  /** Emails to staff this run: who was told of what, in words (names of staff, never addresses). */
  told: { reference: string; what: string; words: string }[];
  /** Staff emails a mail server accepted this run. */
  staffEmails: number;
  /** The week's staff digest, when this run sent it: the ISO week and what became of each. */
  digest?: { week: string; words: string };
}

/**
 * One sweep: every open complaint case is rebuilt from its facts, run through the deadline engine and reconciled.
 * A case that cannot be trusted (a damaged block, an unknown procedure) is reported on the case and in the
 * summary and left alone; the other cases go on. Writes happen one at a time.
 */
export async function runSweep(deps: SweepDeps): Promise<SweepSummary> {
  const summary: SweepSummary = { seen: 0, changed: 0, reminders: 0, escalations: 0, problems: [], skipped: [], requests: { reads: 0, writes: 0 }, cases: [], ignoredComments: 0, locked: false, told: [], staffEmails: 0 };
  const lock = new SweepLock(deps);
  const access = new AccessLookup(deps.store);
  try {
    await sweepAll({ ...deps, access }, summary, lock);
  } finally {
    await lock.release();
  }
  summary.locked = lock.refused;
  summary.requests = deps.requests();
  return summary;
}

/**
 * The store-wide lock, taken only when a sweep is about to write: taking it is itself a write on GitHub, and a
 * sweep with nothing to change must make none.
 */
class SweepLock {
  held = false;
  refused = false;
  readonly #deps: SweepDeps;
  #taking: Promise<boolean> | undefined;
  #takenAt = 0;

  constructor(deps: SweepDeps) {
    this.#deps = deps;
  }

  /** True when this sweep may write; false when another sweep holds the lock. */
  take(): Promise<boolean> {
    this.#taking ??= this.#deps.store.acquireLock('sweep', this.#deps.holder, SWEEP_LOCK_TTL_MS).then((held) => {
      this.held = held;
      this.refused = !held;
      this.#takenAt = this.#deps.clock?.() ?? 0;
      return held;
    });
    return this.#taking;
  }

  /**
   * Renews the lock when a third of its time to live has gone, so a long sweep (GitHub paces writes seconds apart)
   * is not taken for a dead one. Taking it again as its holder extends it.
   */
  async keepAlive(): Promise<void> {
    const clock = this.#deps.clock;
    if (!this.held || !clock || clock() - this.#takenAt < SWEEP_LOCK_TTL_MS / 3) return;
    this.#takenAt = clock();
    this.held = await this.#deps.store.acquireLock('sweep', this.#deps.holder, SWEEP_LOCK_TTL_MS);
    this.refused = !this.held;
  }

  async release(): Promise<void> {
    if (this.held) await this.#deps.store.releaseLock('sweep', this.#deps.holder);
    this.held = false;
  }
}

/**
 * People's access, looked up at most once a run whatever the number of their comments: the answer is recorded on
 * each case where it decides a command, so it is asked only about commands not seen before.
 */
class AccessLookup {
  readonly #store: CaseStore;
  readonly #known = new Map<string, Promise<Permission>>();

  constructor(store: CaseStore) {
    this.#store = store;
  }

  async of(people: readonly string[]): Promise<Map<string, Permission>> {
    const found = new Map<string, Permission>();
    // One at a time: each is a request, counted against the run's budget like any other read.
    for (const person of people) {
      let answer = this.#known.get(person);
      if (!answer) {
        answer = this.#store.permissionOf(person);
        this.#known.set(person, answer);
        answer.catch(() => this.#known.delete(person));
      }
      found.set(person, await answer);
    }
    return found;
  }
}

type SweepRun = SweepDeps & { access: AccessLookup };

async function sweepAll(deps: SweepRun, summary: SweepSummary, lock: SweepLock): Promise<void> {
  const cases = deps.only ? [await deps.store.getCase(deps.only)] : await deps.store.listOpenCases();
  // Cases left over by the last run go first, so a sweep that runs out of budget never loses its place.
  const complaints = cases
    .filter((c) => c.labels.includes('complaint'))
    .sort((a, b) => Number(deps.pending?.has(b.reference) ?? false) - Number(deps.pending?.has(a.reference) ?? false));
  let next = 0;
  let done = 0;
  // Cases are independent; each case's writes stay one at a time. More than one case at once is for stores
  // without pacing (the local store, the test server): on GitHub the client paces writes whatever this is.
  const worker = async () => {
    while (next < complaints.length) {
      const stored = complaints[next] as StoredCase;
      next += 1;
      // Another sweep is writing: it will bring the remaining cases up to date.
      if (lock.refused) return;
      const used = deps.requests();
      if (summary.limitedUntil !== undefined || used.reads + used.writes >= deps.requestBudget) {
        summary.skipped.push(stored.reference);
        continue;
      }
      summary.seen += 1;
      try {
        await lock.keepAlive();
        const report = await sweepCase(deps, stored, summary, lock);
        summary.cases.push(report);
        if (report.problem) summary.problems.push({ reference: stored.reference, problem: report.problem });
        else if (report.actions.length > 0) summary.changed += 1;
      } catch (error) {
        const limited = deps.limitReached?.(error);
        if (limited) {
          // Every write is safe to repeat, so the case is simply taken again, first, by the next run.
          summary.limitedUntil = new Date(limited.until).toISOString();
          summary.seen -= 1;
          summary.skipped.push(stored.reference);
          continue;
        }
        // One failing case is reported and the sweep goes on; a failed read is never taken as "nothing to do".
        const problem = `Not processed: ${(error as Error).message}`;
        summary.problems.push({ reference: stored.reference, problem });
        summary.cases.push({ reference: stored.reference, actions: [], problem });
      }
      done += 1;
      deps.progress?.(done, complaints.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, worker));
}

async function sweepCase(deps: SweepRun, stored: StoredCase, summary: SweepSummary, lock: SweepLock): Promise<SweepCaseReport> {
  let block: CaseBlock | undefined;
  try {
    block = parseCaseBlock(stored.body);
  } catch (error) {
    if (!(error instanceof CaseBlockError)) throw error;
    return reportProblem(deps, stored, error.message, lock);
  }
  if (!block) return reportProblem(deps, stored, 'The issue has no Redress case block, so its procedure and receipt are unknown.', lock);
  const procedure = deps.procedures.get(block.procedure.id);
  if (!procedure) return reportProblem(deps, stored, `Its procedure "${block.procedure.id}" is not in workflows/.`, lock);

  const changedSince =
    !deps.since || !block.sweep || stored.updatedAt >= deps.since || deps.pending?.has(stored.reference) === true || (block.sweep.letters?.length ?? 0) > 0;
  // A case the store says has no comments needs no read to know it.
  const comments = changedSince ? (stored.commentCount === 0 ? [] : await deps.store.listComments(stored.id)) : undefined;
  const readAt = deps.clock?.() ?? deps.now;
  const permissions = comments ? await deps.access.of(authorsToCheck({ comments, authority: block.authority ?? {} })) : undefined;
  const planWith = (read: readonly StoredComment[] | undefined, send: boolean) =>
    planCase({
      procedure,
      calendar: deps.calendarFor(procedure),
      now: deps.now,
      stored,
      opening: block.events.filter(isSystemEvent),
      memory: block.sweep ? { events: block.events, ...block.sweep } : undefined,
      comments: read,
      authority: block.authority,
      permissions,
      readAt: Math.min(readAt, deps.now),
      people: (role) => deps.people(procedure.id, role),
      mention: deps.mention,
      ...(deps.mentionNotifies === undefined ? {} : { mentionNotifies: deps.mentionNotifies }),
      ...(deps.emailing
        ? { emailing: { staff: (role: string) => deps.emailing?.staff(procedure.id, role) ?? [], link: deps.emailing.link(stored), ...(deps.emailing.prefix ? { prefix: deps.emailing.prefix } : {}) } }
        : {}),
      templates: deps.templates,
      letters: { send, canEmail: deps.letters !== undefined || deps.dryRun },
    });
  let plan = planWith(comments, true);
  const contradictions = plan.timeline.refused.filter((r) => r.event.type === 'received');
  if (contradictions.length > 0) return reportProblem(deps, stored, `Its events contradict each other: ${contradictions.map((r) => r.reason).join(' ')}`, lock);

  let actions = [...plan.actions];
  const nextBlock = (memory: SweepMemory): CaseBlock => ({ ...block, events: memory.events, ...(plan.authority ? { authority: plan.authority } : {}), sweep: withoutEvents(memory) });
  const blockChanged = (memory: SweepMemory) => canonical(nextBlock(memory)) !== canonical(block);
  if (blockChanged(plan.memory)) actions.push({ kind: 'update-block' });
  if (deps.dryRun) {
    summary.ignoredComments += plan.ignoredComments;
    summary.reminders += plan.reminders;
    summary.escalations += plan.escalations;
    return { reference: stored.reference, actions, refusedCommands: plan.refusedCommands };
  }
  if (actions.length > 0 && !lock.held) {
    if (!(await lock.take())) return { reference: stored.reference, actions: [] };
    // Planned before the lock was ours: plan again from the case as it is now, in case another sweep just wrote.
    return sweepCase(deps, await deps.store.getCase(stored.id), summary, lock);
  }
  let read = comments;
  const letters = plan.actions.filter((a) => a.kind === 'send-letter' || a.kind === 'settle-letter');
  if (letters.length > 0) {
    // Letters first, each recorded on the case as it goes; then the case is planned again from what it now shows,
    // so the events the letters stand for, the status comment, the replies and the ledger all follow in this run.
    await carryOutLetters({ store: deps.store, ...(deps.letters ? { mailer: deps.letters } : {}), clock: deps.clock ?? (() => deps.now) }, stored.id, letters, comments ?? []);
    read = await deps.store.listComments(stored.id);
    plan = planWith(read, false);
    actions = [...letters, ...plan.actions];
    if (blockChanged(plan.memory)) actions.push({ kind: 'update-block' });
  }
  summary.ignoredComments += plan.ignoredComments;
  const memory = await applyPlan(deps, stored, plan, read, summary);
  summary.reminders += memory.reminders;
  summary.escalations += memory.escalations;
  if (blockChanged(memory.memory)) {
    const fitted = fitCaseBody({ body: stored.body, block: nextBlock(memory.memory), reference: stored.reference });
    if ('problem' in fitted) return { ...(await reportProblem(deps, stored, fitted.problem, lock)), actions };
    if (fitted.moved.length > 0) {
      // Posted before the body loses the text, and once each, so no word of the complaint is ever only in flight.
      const posted = await deps.store.listComments(stored.id);
      for (const part of fitted.moved) {
        if (!posted.some((c) => c.byBot && c.body.startsWith(part.marker))) await deps.store.addComment(stored.id, part.body);
      }
    }
    if (fitted.body !== stored.body) await deps.store.updateBody(stored.id, fitted.body);
  }
  if (deps.ledger) {
    // The case itself was handled; a ledger that cannot be written is reported for this case and the sweep goes on.
    try {
      await deps.ledger.record(buildLedgerEntry({ block: nextBlock(memory.memory), timeline: plan.timeline, calendar: deps.calendarFor(procedure) }), deps.now);
    } catch (error) {
      summary.problems.push({ reference: stored.reference, problem: `The ledger entry was not written: ${(error as Error).message}` });
    }
  }
  return { reference: stored.reference, actions, refusedCommands: plan.refusedCommands };
}

/**
 * Carries out a case's plan, one write at a time. Before posting a notice it looks for the notice's marker on the
 * bot's own comments, so a notice posted by a sweep that died before recording it is not posted again.
 */
async function applyPlan(deps: SweepDeps, stored: StoredCase, plan: CasePlan, read: readonly StoredComment[] | undefined, summary: SweepSummary) {
  const memory: SweepMemory = { ...plan.memory, posted: plan.memory.posted.filter((key) => !plan.actions.some((a) => a.kind === 'post-comment' && a.key === key)), replies: { ...plan.memory.replies } };
  let comments = read;
  let reminders = 0;
  let escalations = 0;
  const fresh = async () => (comments ??= await deps.store.listComments(stored.id));
  const emailed = new Map<string, { emails: EmailOutcome[]; unreachable: string[] }>();
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'email-staff': {
        const outcomes = await emailStaff(deps, action);
        const id = `${action.notice.what}.${action.notice.step}`;
        emailed.set(id, { emails: outcomes, unreachable: action.unreachable });
        // A message the server deferred waits in the outbox under its key; the notice stays until it has gone.
        if (outcomes.some((o) => o.status === 'queued')) memory.notices = [...(memory.notices ?? []), action.notice];
        summary.staffEmails += outcomes.filter((o) => o.status === 'sent').length;
        // The ledger keeps the fact that staff were emailed (what about, when), never to whom.
        if (outcomes.some((o) => o.status === 'sent')) memory.events = [...memory.events, { type: 'staff-notified', at: new Date(deps.clock?.() ?? deps.now).toISOString(), actor: 'system', notice: action.notice.what, sentBy: 'email' }];
        summary.told.push({ reference: stored.reference, what: action.notice.what, words: toldWords({ role: action.role, holders: action.emails.length + action.unreachable.length, mentioned: [], emails: outcomes, unreachable: action.unreachable }) });
        break;
      }
      case 'add-labels':
        await deps.store.addLabels(stored.id, action.labels);
        break;
      case 'remove-label':
        await deps.store.removeLabel(stored.id, action.label);
        break;
      case 'set-assignees':
        await deps.store.setAssignees(stored.id, action.assignees);
        break;
      case 'create-status-comment': {
        const existing = (await fresh()).find((c) => c.byBot && parseMarker(c.body)?.kind === 'status');
        const comment = existing ? await deps.store.updateComment(stored.id, existing.id, action.body) : await deps.store.addComment(stored.id, action.body);
        memory.statusComment = { id: comment.id, hash: action.hash };
        break;
      }
      case 'update-status-comment':
        await deps.store.updateComment(stored.id, action.commentId, action.body);
        memory.statusComment = { id: action.commentId, hash: action.hash };
        break;
      case 'post-comment': {
        const marker = renderMarker(action.marker.kind, action.marker.fields);
        if (!(await fresh()).some((c) => c.byBot && c.body.startsWith(marker))) {
          const tell = action.tell;
          const told = tell ? emailed.get(tell.notice ?? '') : undefined;
          const words = tell ? toldWords({ role: tell.role, holders: tell.holders, mentioned: tell.mentioned, ...(told ? told : {}) }) : '';
          await deps.store.addComment(stored.id, words ? `${action.body.trimEnd()}\n\n${words}\n` : action.body);
          if (action.purpose === 'reminder') reminders += 1;
          else if (action.purpose === 'escalation') escalations += 1;
        }
        if (action.purpose === 'reminder' || action.purpose === 'escalation') memory.posted = [...new Set([...memory.posted, action.key])].sort();
        break;
      }
      case 'post-reply': {
        const marker = renderMarker(action.marker.kind, action.marker.fields);
        const existing = (await fresh()).find((c) => c.byBot && c.body.startsWith(marker));
        const reply = existing ?? (await deps.store.addComment(stored.id, action.body));
        memory.replies[action.commentId] = { hash: action.hash, reply: reply.id };
        break;
      }
      case 'update-reply':
        await deps.store.updateComment(stored.id, action.replyId, action.body);
        memory.replies[action.commentId] = { hash: action.hash, reply: action.replyId };
        break;
      case 'set-state':
        await deps.store.setState(stored.id, action.state);
        break;
      case 'update-block':
      case 'send-letter':
      case 'settle-letter':
        break;
    }
  }
  return { memory, reminders, escalations };
}

/** Sends a notice's emails one at a time; with no mailer (a dry run) nothing is sent and nothing is claimed. */
async function emailStaff(deps: SweepDeps, action: Extract<SweepAction, { kind: 'email-staff' }>): Promise<EmailOutcome[]> {
  const mailer = deps.emailing?.mailer;
  const outcomes: EmailOutcome[] = [];
  for (const { name, request } of action.emails) {
    if (!mailer) {
      outcomes.push({ name, status: 'queued' });
      continue;
    }
    try {
      outcomes.push({ name, status: (await mailer.send(request)).status });
    } catch {
      // The outbox keeps the message under its key; the next sweep asks again and the same message goes once.
      outcomes.push({ name, status: 'queued' });
    }
  }
  return outcomes;
}

/** A case that cannot be trusted: said once on the case (and labelled), and in the summary. Nothing else is touched. */
async function reportProblem(deps: SweepDeps, stored: StoredCase, problem: string, lock: SweepLock): Promise<SweepCaseReport> {
  const fields = { case: stored.reference, problem: problemKey(problem) };
  const marker = renderMarker('problem', fields);
  const actions: SweepAction[] = [];
  const comments = await deps.store.listComments(stored.id);
  const reported = comments.some((c) => c.byBot && c.body.startsWith(marker)) && stored.labels.includes('flag:needs-attention');
  if (!reported && !deps.dryRun && !lock.held) {
    if (!(await lock.take())) return { reference: stored.reference, actions, problem };
    return reportProblem(deps, await deps.store.getCase(stored.id), problem, lock);
  }
  if (!comments.some((c) => c.byBot && c.body.startsWith(marker))) {
    const body = renderTemplate(deps.templates.problem, { marker, reference: stored.reference, problem });
    actions.push({ kind: 'post-comment', purpose: 'escalation', key: `problem:${fields.problem}`, marker: { kind: 'problem', fields }, body });
    if (!deps.dryRun) await deps.store.addComment(stored.id, body);
  }
  if (!stored.labels.includes('flag:needs-attention')) {
    actions.push({ kind: 'add-labels', labels: ['flag:needs-attention'] });
    if (!deps.dryRun) await deps.store.addLabels(stored.id, ['flag:needs-attention']);
  }
  return { reference: stored.reference, actions, problem };
}

function problemKey(problem: string): string {
  return fnv1aHash(problem);
}

/** JSON with keys in a fixed order, so two equal blocks compare equal however they were built. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function withoutEvents(memory: SweepMemory): NonNullable<CaseBlock['sweep']> {
  const { events: _events, ...rest } = memory;
  return rest;
}
