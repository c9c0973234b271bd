import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { CaseStore, StoredCase } from '../../core/case/case-store.ts';
import { enqueueSubmissionMail, type IntakeMail } from './intake-mail.ts';
import { madeFromDigest } from '../../core/intake/submission-markers.ts';
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
 * Delivers one outbox entry: the case is created (or found, when an earlier attempt or an earlier sending of the
 * same form made it), the continuation comments it lacks are posted, and only then is the entry removed. A case
 * found with other answers than the entry's gets the entry's answers as an addendum. Every step can run again
 * after a crash or a lost answer without making anything twice. `gone` when it was delivered meanwhile, `busy`
 * when another live process is delivering it, `waiting` when it follows an entry another process still holds.
 */
export async function deliverSubmission(deps: DeliveryDeps, submissionId: string, known?: OutboxEntry): Promise<Delivered | 'gone' | 'busy' | 'waiting'> {
  const { store, outbox } = deps;
  const claimed = await outbox.claim(
    submissionId,
    async (entry): Promise<Delivered | 'waiting'> => {
      // The same form sent first with other answers: that case first, so this one is its addendum.
      if (entry.follows !== undefined && (await outbox.has(entry.follows))) {
        const first = await deliverSubmission(deps, entry.follows);
        if (first === 'busy' || first === 'waiting') return 'waiting';
      }
      await store.ensureLabels(entry.labelDefinitions);
      // The issue and what follows it are admitted together, so a case is not left half-posted for want of room.
      const release = await deps.pacer?.admit(1 + Math.max(entry.continuation.length, entry.addendum?.length ?? 0));
      try {
        // A follower's case was made (or is being made) under the first entry's id: never skip the look-up for it.
        const { first } = entry.follows === undefined ? await outbox.markAttempt(submissionId) : { first: false };
        const { case: stored, created } = await store.createCase({ ...entry.newCase, firstAttempt: first });
        await deps.checkpoint?.('after-create');
        // The case made from these answers (now, or by an earlier attempt) gets their continuation; a case made from
        // other answers of the same form gets these as an addendum.
        await postMissing(store, stored, created || madeFrom(stored, entry) ? entry.continuation : (entry.addendum ?? []));
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

/** Posts the comments (continuation or addendum parts) the case lacks, each found by its marker line. */
async function postMissing(store: CaseStore, stored: StoredCase, parts: readonly string[]): Promise<void> {
  if (parts.length === 0) return;
  const posted = (await store.listComments(stored.id)).filter((comment) => comment.byBot);
  // One at a time, in order: GitHub asks for content-creating writes in series, and staff read them in order.
  for (const part of parts) {
    const marker = part.slice(0, part.indexOf('\n'));
    if (posted.some((comment) => comment.body.startsWith(marker))) continue;
    await store.addComment(stored.id, part);
  }
}

/**
 * Whether a case found (not created) was made from this entry's answers. An entry written before digests were
 * kept is taken to be, as it was then; a case that records no digest (made before digests were kept) is taken
 * not to be, so the answers are added: a repeated addendum is better than lost words.
 */
function madeFrom(stored: StoredCase, entry: OutboxEntry): boolean {
  return entry.contentSha === undefined || madeFromDigest(stored.body) === entry.contentSha;
}

/** The received time recorded in a case's block; a damaged block is not this code's to judge. */
function receivedAtOf(stored: StoredCase): string | undefined {
  try {
    return parseCaseBlock(stored.body)?.received;
  } catch {
    return undefined;
  }
}
