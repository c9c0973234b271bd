/**
 * The intake behind `POST /api/complaints` and `redress case open`: every valid submission becomes exactly one
 * case, and none answered with a reference is ever lost.
 *
 * Order of work: (1) the reference is derived from the submission id; (2) the planned case is written to the
 * durable outbox; (3) delivery to the store is attempted; (4) the entry is removed once the case exists. If the
 * store is down, slow or rate-limited, the person still gets their reference (marked queued) and the retry worker
 * delivers later, after a restart too. A resubmission of the same form finds the waiting entry or the case itself.
 */
import type { Assignees } from '../../core/config/config-schema.ts';
import type { CaseStore } from '../../core/case/case-store.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { Complaint } from '../../core/complaint/complaint-schema.ts';
import type { Reference } from '../../core/complaint/reference.ts';
import { webChannel } from '../../core/complaint/web-channel.ts';
import { planAddendum } from '../../core/intake/plan-addendum.ts';
import { planNewCase } from '../../core/intake/plan-new-case.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import { PacedError } from '../github/content-pacer.ts';
import type { Logger } from '../log/logger.ts';
import { deliverSubmission, type DeliveryPacer, type DeliveryPoint } from './deliver-submission.ts';
import { mailOnReceipt, type IntakeMail, type ReceiptMailPlanner } from './intake-mail.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
import { submissionDigest } from './submission-digest.ts';
import { referenceForSubmission } from './submission-reference.ts';

export interface CaseIntakeDeps {
  store: CaseStore;
  outbox: Outbox;
  procedure(id: string): Promise<Procedure | undefined>;
  calendarFor(procedure: Procedure): WorkingCalendar;
  /** The template sources for a procedure (its own, or the defaults). */
  templates(procedureId: string): Promise<{ issueBody: string; letter: string; addendum: string }>;
  /** The git commit of a procedure's file, when the deployment knows it. */
  procedureCommit?(procedureId: string): Promise<string | undefined>;
  assignees: Assignees;
  /** A web submission sent sooner than this after the form was shown is taken for a script's (0: no check). */
  minFillMs: number;
  /** How long a request waits for the store before answering "queued". */
  deliveryWaitMs: number;
  log: Logger;
  /** Told when a submission is left in the outbox, so the retry worker looks soon. */
  onQueued?(): void;
  /** Keeps deliveries within the store's write limits: without room, a submission is answered as queued at once. */
  pacer?: DeliveryPacer;
  checkpoint?(point: DeliveryPoint): Promise<void>;
  /** Where messages go; with `planReceiptMail`, a complainant who asked for email gets a receipt once the case exists. */
  mail?: IntakeMail;
  planReceiptMail?: ReceiptMailPlanner;
}

export interface SubmitOptions {
  receivedAt: number;
  /** The procedure channel id; web submissions (the default) go through the bot checks. */
  channel?: string;
  /** Who recorded a complaint staff took (their login or user name), kept on its received event. */
  recordedBy?: string;
  /**
   * When the form was shown, as its signed token proves (web submissions; absent without a valid token). The
   * minimum fill time and the look-up for an earlier delivery count from it. Staff set `renderedAt` themselves.
   */
  shownAt?: number;
}

export interface SubmitResult {
  reference: Reference;
  /** The case is not in the store yet: the submission waits in the outbox for the retry worker. */
  queued: boolean;
  /** When the complaint was received: for a resubmission, the first one's time, which the dates count from. */
  receivedAt: number;
  /** A script's submission: answered like any other, but no case was made. Never shown to the sender. */
  setAside?: 'honeypot' | 'too-fast';
}

export class CaseIntake {
  readonly #deps: CaseIntakeDeps;
  /** Deliveries still running after their submitter was answered "queued". */
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: CaseIntakeDeps) {
    this.#deps = deps;
  }

  async submit(complaint: Complaint, options: SubmitOptions): Promise<SubmitResult> {
    const deps = this.#deps;
    const reference = referenceForSubmission(complaint.submissionId);
    const procedure = await deps.procedure(complaint.procedure);
    if (!procedure) throw new Error(`No procedure "${complaint.procedure}".`);
    const channel = options.channel ?? webChannel(procedure)?.id ?? 'web';

    const web = options.channel === undefined;
    // A web form's own renderedAt is whatever the client sent; staff opening a case are trusted with theirs.
    const staffShownAt = Date.parse(complaint.renderedAt);
    const shownAt = web ? options.shownAt : Number.isNaN(staffShownAt) ? undefined : staffShownAt;
    if (web) {
      const setAside = botSignal(complaint, { receivedAt: options.receivedAt, shownAt }, deps.minFillMs);
      if (setAside) {
        // Answered like a real submission so a script learns nothing; the count is logged, the content is not.
        deps.log.info('Submission set aside as a script’s', { reason: setAside, procedure: procedure.id });
        return { reference, queued: false, receivedAt: options.receivedAt, setAside };
      }
    }

    const templates = await deps.templates(procedure.id);
    const procedureCommit = await deps.procedureCommit?.(procedure.id);
    const digest = submissionDigest(complaint);
    const planned = (receivedAt: number) => planNewCase({
      complaint,
      procedure,
      calendar: deps.calendarFor(procedure),
      channel,
      reference,
      receivedAt,
      shownAt,
      procedureCommit,
      assignees: deps.assignees,
      templates,
      submissionDigest: digest,
      ...(options.recordedBy === undefined ? {} : { recordedBy: options.recordedBy }),
    });
    const plan = planned(options.receivedAt);
    const record = {
      format: 'redress-outbox/1' as const,
      submissionId: complaint.submissionId,
      reference,
      procedure: procedure.id,
      receivedAt: plan.block.received,
      newCase: plan.newCase,
      labelDefinitions: plan.labelDefinitions,
      continuation: plan.continuation,
      ...(await mailOnReceipt(deps, { procedure, timeline: plan.timeline, complaint, reference, receivedAt: options.receivedAt })),
      contentSha: digest,
      // Posted instead of the case when the case turns out to exist already, made from other answers.
      addendum: planAddendum({ complaint, reference, receivedAt: options.receivedAt, digest, template: templates.addendum }),
    };
    let { entry } = await deps.outbox.add(record);
    if (entry.contentSha !== digest) {
      // The same form, sent first with other answers, still waits to be delivered. These answers follow it, under
      // a key of their own, to become its addendum; planned with the first time of receipt, which the case counts
      // from, should they ever have to make the case themselves.
      const first = planned(Date.parse(entry.receivedAt));
      ({ entry } = await deps.outbox.add({
        ...record,
        submissionId: `${complaint.submissionId}-${digest.slice(0, 16)}`,
        receivedAt: entry.receivedAt,
        newCase: first.newCase,
        continuation: first.continuation,
        follows: complaint.submissionId,
      }));
    }
    await deps.checkpoint?.('after-outbox-write');
    return this.#deliverOrQueue(entry);
  }

  /**
   * Waits for the deliveries still running for submitters already answered. Closing the outbox or the store under
   * them would leave a case half made, and another instance in this process taking the entry up meanwhile would
   * make it twice.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #deliverOrQueue(entry: OutboxEntry): Promise<SubmitResult> {
    const deps = this.#deps;
    const queued = (): SubmitResult => {
      deps.onQueued?.();
      return { reference: entry.reference as Reference, queued: true, receivedAt: Date.parse(entry.receivedAt) };
    };
    const delivery = deliverSubmission(deps, entry.submissionId, entry);
    const settled = delivery.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), deps.deliveryWaitMs);
    });
    try {
      const outcome = await Promise.race([delivery, waited]);
      if (outcome === 'waited') {
        deps.log.warn('The case store is slow: answering with a queued reference', { reference: entry.reference });
        delivery.catch(() => undefined);
        return queued();
      }
      // Delivered meanwhile by the first of a double submission, or the worker: the case exists.
      if (outcome === 'gone') return { reference: entry.reference as Reference, queued: false, receivedAt: Date.parse(entry.receivedAt) };
      // Another process (a command, another server) is delivering it, or the first sending of the form it follows:
      // the person's answer is the same either way.
      if (outcome === 'busy' || outcome === 'waiting') return queued();
      return { reference: entry.reference as Reference, queued: false, receivedAt: Date.parse(outcome.receivedAt) };
    } catch (error) {
      if (!(error instanceof PacedError)) deps.log.warn('The case store failed: the submission waits in the outbox', { reference: entry.reference, error });
      return queued();
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Why a web submission looks like a script's: the hidden field filled in, or sent too soon after the form was
 * shown. Without a signed time there is no proof it took a person's time (the endpoint refuses such a submission
 * before it gets here).
 */
export function botSignal(complaint: Complaint, { receivedAt, shownAt }: { receivedAt: number; shownAt: number | undefined }, minFillMs: number): 'honeypot' | 'too-fast' | undefined {
  if (complaint.website) return 'honeypot';
  if (minFillMs > 0 && (shownAt === undefined || receivedAt - shownAt < minFillMs)) return 'too-fast';
  return undefined;
}
