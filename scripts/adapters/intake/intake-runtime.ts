/**
 * Everything the intake needs at run time, built from the configuration: the case store, the outbox, the retry
 * worker and the intake itself. The server builds one at start-up; `redress case open` and `redress outbox flush`
 * build their own.
 */
import type { Config } from '../../core/config/config-schema.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import { readTemplate } from '../fs/templates.ts';
import type { Logger } from '../log/logger.ts';
import { CaseIntake } from './case-intake.ts';
import type { DeliveryPoint } from './deliver-submission.ts';
import { openCaseStore, type OpenedStore } from './open-store.ts';
import { Outbox } from './outbox.ts';
import { procedureCommits } from './procedure-commit.ts';
import { RetryWorker } from './retry-worker.ts';

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
}

export interface IntakeRuntime {
  intake: CaseIntake;
  store: OpenedStore['store'];
  outbox: Outbox;
  worker: RetryWorker;
  close(): Promise<void>;
}

export async function openIntakeRuntime(options: IntakeRuntimeOptions): Promise<IntakeRuntime> {
  const { config, log } = options;
  const opened = await openCaseStore(config, log);
  const outbox = await new Outbox(config.dataDir).open();
  const worker = new RetryWorker({ store: opened.store, outbox, log, checkpoint: options.checkpoint });
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
    assignees: config.assignees,
    minFillMs: config.minFillMs,
    deliveryWaitMs: config.deliveryWaitMs,
    log,
    onQueued: () => worker.poke(1_000),
    checkpoint: options.checkpoint,
  });
  if (options.startWorker) worker.start();
  return {
    intake,
    store: opened.store,
    outbox,
    worker,
    close: async () => {
      await worker.stop();
      await outbox.close();
      await opened.close();
    },
  };
}
