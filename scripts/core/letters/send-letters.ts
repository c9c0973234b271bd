/**
 * Carries out the letters a case's plan holds, one at a time, through the store and the mail outbox.
 *
 * The durable record of sending is the letter's record on the case itself, because in GitHub Actions nothing else
 * outlives the run: before an email is handed to the mail server the record says "sending" (written to the case
 * and answered by the store), and it says what the server answered once it has. A run that stops in between
 * leaves "sending"; the next sweep asks the mail outbox (which, on a data directory that is kept, knows whether the
 * server accepted it) and otherwise marks the letter uncertain. It never sends it again by itself: a second copy
 * of a letter is worse than asking the complainant.
 */
import type { CaseStore, StoredComment } from '../case/case-store.ts';
import type { MailRequest } from '../mail/mail-request.ts';
import { letterRecords, renderLetterRecord, type LetterRecord, type LetterState } from './letter-record.ts';
import type { SendLetterAction, SettleLetterAction } from './plan-letters.ts';

/** What became of an email letter, as the mail outbox tells it. */
export interface LetterMailOutcome {
  status: Extract<LetterState, 'sent' | 'queued' | 'failed' | 'uncertain' | 'written'>;
  /** When it reached that status: for `sent`, when the mail server accepted it. */
  at: number;
  /** The server's answer, or what went wrong. */
  detail?: string;
}

/** How the sweep sends email letters: the mail outbox, keyed so that one draft is one message. */
export interface LetterMailer {
  /**
   * Sends the message once per key and says what became of it. With `again`, a message the outbox holds as failed,
   * uncertain or unsent for want of a server is sent once more (same Message-ID).
   */
  send(request: MailRequest, options: { again: boolean }): Promise<LetterMailOutcome>;
  /** What became of a message an earlier run began sending and did not record; never sends. Unknown: uncertain. */
  recover(key: string): Promise<LetterMailOutcome>;
}

/**
 * The mail key of a letter: its case and its draft's comment (a store id, never reused), so a draft is sent once.
 *
 * @example
 * letterMailKey({ case: 'RDR-7K', draft: '2291' }) //=> 'letter:RDR-7K:2291'
 */
export function letterMailKey(record: Pick<LetterRecord, 'case' | 'draft'>): string {
  return `letter:${record.case}:${record.draft}`;
}

export interface LetterDeps {
  store: CaseStore;
  mailer?: LetterMailer;
  /** The time now (letters record when they were handed over). */
  clock: () => number;
}

/** Does each letter action in turn; returns how many changed what the case shows. */
export async function carryOutLetters(deps: LetterDeps, caseId: string, actions: readonly (SendLetterAction | SettleLetterAction)[], comments: readonly StoredComment[]): Promise<number> {
  let changed = 0;
  for (const action of actions) {
    const existing = letterRecords(comments, action.record.case).find((found) => found.record.draft === action.record.draft);
    if (action.kind === 'settle-letter') {
      await settle(deps, caseId, action);
      changed += 1;
      continue;
    }
    if (!action.email) {
      await write(deps.store, caseId, existing?.commentId, { record: action.record });
      changed += 1;
      continue;
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    const startedAt = iso(deps.clock());
    const sending: LetterRecord = { ...action.record, state: 'sending', at: startedAt, tried: action.record.tried ?? existing?.record.tried ?? startedAt };
    // On the case before the mail server has it: the record a later run finds if this one stops now.
    const commentId = await write(deps.store, caseId, existing?.commentId, { record: sending, to: action.email.to });
    changed += 1;
    if (!deps.mailer) {
      await write(deps.store, caseId, commentId, { record: { ...sending, state: 'queued', at: iso(deps.clock()) }, to: action.email.to, detail: 'This run has no mail outbox; the next sweep that has one sends it.' });
      continue;
    }
    const outcome = await deps.mailer.send(
      { key: letterMailKey(sending), caseReference: sending.case, kind: 'letter', to: action.email.to, subject: sending.subject, text: action.email.text },
      { again: action.email.again },
    );
    await write(deps.store, caseId, commentId, { record: { ...sending, state: outcome.status, at: iso(outcome.at) }, to: action.email.to, ...(outcome.detail ? { detail: outcome.detail } : {}) });
  }
  return changed;
}

async function settle(deps: LetterDeps, caseId: string, action: SettleLetterAction): Promise<void> {
  const to = action.to ? { to: action.to } : {};
  if (action.giveUp) {
    await write(deps.store, caseId, action.commentId, { record: { ...action.record, state: 'failed', at: new Date(deps.clock()).toISOString() }, ...to, detail: 'The mail server could not take it for three days; it is not tried again by itself.' });
    return;
  }
  const outcome: LetterMailOutcome = deps.mailer
    ? await deps.mailer.recover(letterMailKey(action.record))
    : { status: 'uncertain', at: deps.clock(), detail: 'A sweep stopped while sending it, and nothing outside the case recorded the mail server’s answer.' };
  await write(deps.store, caseId, action.commentId, { record: { ...action.record, state: outcome.status, at: new Date(outcome.at).toISOString() }, ...to, ...(outcome.detail ? { detail: outcome.detail } : {}) });
}

/** Posts the record, or brings the existing one up to date; returns its comment's id. */
async function write(store: CaseStore, caseId: string, commentId: string | undefined, view: Parameters<typeof renderLetterRecord>[0]): Promise<string> {
  const body = renderLetterRecord(view);
  if (commentId) {
    await store.updateComment(caseId, commentId, body);
    return commentId;
  }
  return (await store.addComment(caseId, body)).id;
}
