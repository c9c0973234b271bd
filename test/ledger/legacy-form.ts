/**
 * Entries as Redress wrote them before refused commands were kept apart from the events: every command the case
 * held was a line of `events`, and the view's `refused` named those the procedure refused by `seq`. Ledgers in use
 * hold such entries, and nothing rewrites them, so every reader must go on reading them.
 */
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import type { Lifecycle } from './lifecycles.ts';

/** A ceccc case answered, then answered again and paused, both refused; `fixtures/` holds its entry as the earlier version wrote it. */
export const LEGACY_LIFECYCLE: Lifecycle = {
  reference: 'RDR-OLD1-0001',
  procedure: 'ceccc',
  received: '2026-11-02T10:00:00Z',
  steps: [
    { at: '2026-11-03T10:00:00Z', say: '/acknowledge', author: 'mary-coordinator' },
    { at: '2026-11-20T10:00:00Z', say: '/respond upheld by email', author: 'mary-coordinator' },
    { at: '2026-11-23T10:00:00Z', say: '/respond not-upheld', author: 'mary-coordinator' },
    { at: '2026-11-24T10:00:00Z', say: '/pause investigation', author: 'mary-coordinator' },
  ],
};

/** The fixture's file name: the entry the earlier version wrote for LEGACY_LIFECYCLE, byte for byte. */
export const LEGACY_FIXTURE = new URL('./fixtures/RDR-OLD1-0001.before-refused-commands.json', import.meta.url);

/**
 * An entry in the earlier form: its refused commands put back among the events in `seq` order, and named in the
 * view's `refused`. Only for entries whose commands the procedure never read differently (no `movedTo`): the
 * earlier version kept such a line where it was.
 */
export function legacyForm(entry: LedgerEntry): LedgerEntry {
  if (entry.corrections.some((correction) => 'movedTo' in correction)) throw new Error(`${entry.reference}: a moved line has no earlier form`);
  const { refusedCommands = [], ...rest } = entry;
  const events = [...entry.events, ...refusedCommands.map(({ refusal: _refusal, ...event }) => event)].sort((a, b) => a.seq - b.seq);
  return { ...rest, events, refused: refusedCommands.map((command) => ({ seq: command.seq, reason: command.refusal })) };
}
