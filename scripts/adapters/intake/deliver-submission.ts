import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { CaseStore, StoredCase } from '../../core/case/case-store.ts';
import { enqueueSubmissionMail, type IntakeMail } from './intake-mail.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';

/** Named points of a delivery, where a test can stop the process to prove nothing is lost there. */
export type DeliveryPoint = 'after-outbox-write' | 'after-create' | 'before-outbox-remove';

/** Keeps deliveries within the store's write limits (GitHub's on content creation); the local store has none. */
export interface DeliveryPacer {
  /**
   * Admits a delivery that makes up to `count` content-creating requests, or throws `PacedError` when they do not
   * fit now; the delivery calls the returned function when it is done.
   */
  admit(count: number): Promise<() => void>;
}

export interface DeliveryDeps {
  store: CaseStore;
  outbox: Outbox;
  pacer?: DeliveryPacer;
  /** Called at each point; the crash tests kill the process there. Production passes nothing. */
  checkpoint?: (point: DeliveryPoint) => Promise<void>;
  /** Where the messages an entry carries go once its case exists. */
  mail?: IntakeMail;
}

export interface Delivered {
  case: StoredCase;
  /** When the case says the complaint was received: the first submission's time, for a resubmission. */
  receivedAt: string;
}

/**
 * Delivers one outbox entry: the case is created (or found, when an earlier attempt made it), the continuation
 * comments it lacks are posted, and only then is the entry removed. Every step can run again after a crash or a
 * lost answer without making anything twice. `gone` when it was delivered meanwhile, `busy` when another live
 * process is delivering it.
 */
export async function deliverSubmission(deps: DeliveryDeps, submissionId: string, known?: OutboxEntry): Promise<Delivered | 'gone' | 'busy'> {
  const { store, outbox } = deps;
  const claimed = await outbox.claim(
    submissionId,
    async (entry) => {
      await store.ensureLabels(entry.labelDefinitions);
      // The issue and its continuation are admitted together, so a case is not left half-posted for want of room.
      const release = await deps.pacer?.admit(1 + entry.continuation.length);
      try {
        const { first } = await outbox.markAttempt(submissionId);
        const { case: stored } = await store.createCase({ ...entry.newCase, firstAttempt: first });
        await deps.checkpoint?.('after-create');
        await postContinuation(store, stored, entry);
        await enqueueSubmissionMail(deps.mail, entry);
        await deps.checkpoint?.('before-outbox-remove');
        await outbox.remove(submissionId);
        return { case: stored, receivedAt: receivedAtOf(stored) ?? entry.receivedAt };
      } finally {
        release?.();
      }
    },
    known,
  );
  return claimed.status === 'done' ? claimed.result : claimed.status;
}

async function postContinuation(store: CaseStore, stored: StoredCase, entry: OutboxEntry): Promise<void> {
  if (entry.continuation.length === 0) return;
  const posted = (await store.listComments(stored.id)).filter((comment) => comment.byBot);
  // One at a time, in order: GitHub asks for content-creating writes in series, and staff read them in order.
  for (const part of entry.continuation) {
    const marker = part.slice(0, part.indexOf('\n'));
    if (posted.some((comment) => comment.body.startsWith(marker))) continue;
    await store.addComment(stored.id, part);
  }
}

/** The received time recorded in a case's block; a damaged block is not this code's to judge. */
function receivedAtOf(stored: StoredCase): string | undefined {
  try {
    return parseCaseBlock(stored.body)?.received;
  } catch {
    return undefined;
  }
}
