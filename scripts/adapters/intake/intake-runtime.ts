/**
 * Everything the intake needs at run time, built from the configuration: the case store, the outbox, the retry
 * worker, the mail runtime and the intake itself, and with the GitHub store the content pacer that keeps their
 * writes within GitHub's limits. The server builds one at start-up; `redress case open` and `redress outbox
 * flush` build their own (sharing the pacer's log in the data directory, and sending the mail they enqueued
 * before they close).
 */
import type { Config } from '../../core/config/config-schema.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import type { Organisation } from '../../core/organisation/organisation-schema.ts';
import type { TrackingWay } from '../../core/intake/receipt-email.ts';
import { assigneesFor } from '../../core/organisation/roster.ts';
import { readTemplate } from '../fs/templates.ts';
import { ContentPacer, contentLogFile, PacedError } from '../github/content-pacer.ts';
import type { Logger } from '../log/logger.ts';
import type { MailPoint } from '../mail/deliver-mail.ts';
import { openMailRuntime, type MailRuntime } from '../mail/mail-runtime.ts';
import { CaseIntake } from './case-intake.ts';
import type { DeliveryPacer, DeliveryPoint } from './deliver-submission.ts';
import { receiptMailPlanner } from './intake-mail.ts';
import { openCaseStore, type OpenedStore } from './open-store.ts';
import { Outbox } from './outbox.ts';
import { procedureCommits } from './procedure-commit.ts';
import { RetryWorker, type Schedule } from './retry-worker.ts';

export interface IntakeRuntimeOptions {
  config: Config;
  log: Logger;
  /** The project folder: where workflows/ and its git history are. */
  cwd: string;
  procedure(id: string): Promise<Procedure | undefined>;
  calendarFor(procedure: Procedure): WorkingCalendar;
  /** Start the retry worker (the server does; one-off commands flush instead). */
  startWorker: boolean;
  checkpoint?(point: DeliveryPoint): Promise<void>;
  /** The clock of the pacer and the retry worker; tests run them on simulated time. Default: real time. */
  clock?: { now(): number; schedule: Schedule };
  /** The organisation running Redress (redress.yaml), whose roster says who is assigned each new case. */
  organisation?: Organisation;
  mailCheckpoint?(point: MailPoint): Promise<void>;
  /** The way to the tracking page for a receipt email (its signed link, or the look-up page alone); without it, none. */
  trackingLink?(reference: string, now: number): TrackingWay;
}

export interface IntakeRuntime {
  intake: CaseIntake;
  store: OpenedStore['store'];
  outbox: Outbox;
  worker: RetryWorker;
  /** With the GitHub store: what keeps deliveries within GitHub's content-creation limits. */
  pacer: ContentPacer | undefined;
  mail: MailRuntime;
  close(): Promise<void>;
}

export async function openIntakeRuntime(options: IntakeRuntimeOptions): Promise<IntakeRuntime> {
  const { config, log, clock } = options;
  // The local store has no limits to keep to: it is not paced.
  const pacer = config.store.kind === 'github' ? await ContentPacer.open({ file: contentLogFile(config.dataDir), now: clock?.now }) : undefined;
  const opened = await openCaseStore(config, log, undefined, pacer);
  const outbox = await new Outbox(config.dataDir).open();
  const mail = await openMailRuntime({ mail: config.mail, dataDir: config.dataDir, log, store: opened.store, startWorker: options.startWorker, ...(options.mailCheckpoint ? { checkpoint: options.mailCheckpoint } : {}) });
  const worker = new RetryWorker({ store: opened.store, outbox, log, checkpoint: options.checkpoint, pacer, now: clock?.now, schedule: clock?.schedule, mail });
  const templates = new Map<string, Promise<{ issueBody: string; letter: string; addendum: string }>>();
  const intake = new CaseIntake({
    store: opened.store,
    outbox,
    procedure: options.procedure,
    calendarFor: options.calendarFor,
    templates: (id) => {
      let sources = templates.get(id);
      if (!sources) {
        sources = Promise.all([readTemplate('issue-body', id), readTemplate('acknowledgement-letter', id), readTemplate('addendum', id)]).then(([issueBody, letter, addendum]) => ({ issueBody, letter, addendum }));
        templates.set(id, sources);
      }
      return sources;
    },
    procedureCommit: procedureCommits(options.cwd),
    assignees: assigneesFor(options.organisation, config.assignees),
    minFillMs: config.minFillMs,
    deliveryWaitMs: config.deliveryWaitMs,
    log,
    onQueued: () => worker.poke(1_000),
    pacer: pacer && behindTheQueue(worker, pacer),
    checkpoint: options.checkpoint,
    mail,
    planReceiptMail: receiptMailPlanner({ ...(options.trackingLink ? { trackingLink: options.trackingLink } : {}), ...(clock ? { now: clock.now } : {}) }),
  });
  if (options.startWorker) worker.start();
  return {
    intake,
    store: opened.store,
    outbox,
    worker,
    pacer,
    mail,
    close: async () => {
      await worker.stop();
      await intake.settled();
      await mail.close();
      await outbox.close();
      await opened.close();
    },
  };
}

/** A new submission is delivered at once only when none waits for the pacer before it: it never overtakes them. */
function behindTheQueue(worker: RetryWorker, pacer: ContentPacer): DeliveryPacer {
  return {
    admit: (count) => (worker.hasBacklog ? Promise.reject(new PacedError(pacer.now())) : pacer.admit(count)),
  };
}
