import type { CaseStore } from '../../core/case/case-store.ts';
import { mailRecordMarker, renderMailRecord } from '../../core/mail/mail-record.ts';
import type { MailEntry } from './mail-outbox.ts';

/**
 * Records what became of a message on its case, through the store (a comment on the GitHub issue, or in the local
 * case file): one comment per message, found by its marker on the software's own comments, posted once and
 * updated when the outcome changes. Safe to run again after a crash or a lost answer.
 */
export function recordOnCase(store: CaseStore): (entry: MailEntry) => Promise<void> {
  return async (entry) => {
    if (!entry.caseReference) return;
    const found = await store.findByReference(entry.caseReference);
    // Thrown, so it is tried again later: the case may not be created yet (its intake is queued).
    if (!found) throw new Error(`No case ${entry.caseReference} in the store yet to record message ${entry.id} on.`);
    const body = renderMailRecord({
      id: entry.id,
      key: entry.key,
      caseReference: entry.caseReference,
      kind: entry.kind,
      to: entry.to,
      subject: entry.subject,
      status: entry.status,
      at: Date.parse(entry.statusAt),
      ...(entry.detail ? { detail: entry.detail } : {}),
    });
    const marker = mailRecordMarker(entry.caseReference, entry.key);
    const existing = (await store.listComments(found.id)).find((comment) => comment.byBot && comment.body.startsWith(marker));
    if (!existing) await store.addComment(found.id, body);
    else if (existing.body !== body) await store.updateComment(found.id, existing.id, body);
  };
}
