/**
 * Finds a case by its reference for the tracking page. The local store reads the case's file by name. The GitHub
 * store can only look through the issues page by page (CaseStore.findByReference), which for a reference that does
 * not exist means reading every page: too slow and too costly in requests for a form anyone can send, and slower
 * for an unknown reference than for a known one. So with GitHub the finder keeps an index of reference to issue,
 * read with one listing of the cases when it is older than `maxAgeMs`, and answers from it; a look-up then costs
 * the same whether or not the reference exists, and one read of the case when it does.
 *
 * A reference proven by a signed link (`proven`) that the index does not hold yet (a case made since the index was
 * read) is looked for in the store itself: only the holder of a link the server made can ask that.
 */
import type { CaseStore, StoredCase } from '../../core/case/case-store.ts';
import { CaseNotFoundError } from '../../core/case/case-store.ts';

/** How old the GitHub index may be before a look-up reads it again. */
export const INDEX_MAX_AGE_MS = 60_000;

export interface CaseFinder {
  find(reference: string, options?: { proven?: boolean }): Promise<StoredCase | undefined>;
}

export function caseFinder(store: CaseStore, { now = Date.now, maxAgeMs = INDEX_MAX_AGE_MS }: { now?: () => number; maxAgeMs?: number } = {}): CaseFinder {
  if (store.kind === 'local') return { find: (reference) => store.findByReference(reference) };
  let index = new Map<string, string>();
  let readAt = -Infinity;
  let reading: Promise<void> | undefined;
  const refresh = () => {
    // One listing at a time, shared by every look-up waiting for it.
    reading ??= store
      .listCases({ state: 'all' })
      .then((cases) => {
        index = new Map(cases.map((found) => [found.reference, found.id]));
        readAt = now();
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  return {
    async find(reference, { proven = false } = {}) {
      if (now() - readAt > maxAgeMs) await refresh();
      const id = index.get(reference);
      if (id === undefined) return proven ? store.findByReference(reference) : undefined;
      try {
        const found = await store.getCase(id);
        // An issue retitled by hand no longer answers to the reference.
        return found.reference === reference ? found : undefined;
      } catch (error) {
        if (error instanceof CaseNotFoundError) return undefined;
        throw error;
      }
    },
  };
}
