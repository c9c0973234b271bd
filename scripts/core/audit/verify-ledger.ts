/**
 * `redress audit --verify`: the ledger checked against git history (nothing recorded was rewritten or removed),
 * against the live cases (every case has an entry that records what the case holds), and against the procedures'
 * history (the version each case is held to exists). Pure: the adapters read the files, the history and the store.
 */
import type { CaseBlock } from '../case/case-block.ts';
import { appendOnlyProblems, effectiveHeader, recordedEvents } from '../ledger/append-only.ts';
import { ledgerEvent, ledgerPath } from '../ledger/build-ledger-entry.ts';
import { parseLedgerEntry } from '../ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../ledger/ledger-entry-schema.ts';

export interface Discrepancy {
  /** The entry's path relative to the ledger folder, when it concerns one. */
  path?: string;
  /** The case reference, when known. */
  reference?: string;
  message: string;
}

export interface LedgerFileNow {
  path: string;
  text: string;
}

export interface FileVersion {
  commit: string;
  /** Undefined where that commit deleted the file. */
  text: string | undefined;
}

/** A case as the store holds it now. */
export interface LiveCase {
  reference: string;
  open: boolean;
  /** The case's hidden block, or why it could not be read. */
  block: CaseBlock | { problem: string };
}

export interface VerifyInput {
  /** The entries in the ledger folder now, as files (so that an unreadable one is reported, not skipped). */
  files: readonly LedgerFileNow[];
  /** Files in the ledger folder that are not entries, with why. */
  strays?: readonly { path: string; message: string }[];
  /** Every committed version of every path under the ledger folder, oldest first; undefined when not in git. */
  history: ReadonlyMap<string, readonly FileVersion[]> | undefined;
  /**
   * The live cases: every open complaint case, and each case the ledger names (found or not). Undefined when the
   * store could not be opened; the reason goes in `liveUnavailable`.
   */
  live?: { open: readonly LiveCase[]; byReference: ReadonlyMap<string, LiveCase | undefined> };
  liveUnavailable?: string;
  /** Procedure versions that cannot be found in the history of workflows/, with the cases held to each. */
  versionProblems: readonly { references: readonly string[]; message: string }[];
}

export interface VerifyResult {
  discrepancies: Discrepancy[];
  /** What was checked, in words, for the summary line. */
  checked: { entries: number; versions: number; liveCases: number };
}

/**
 * @example
 * verifyLedger({ files, history, live, versionProblems }).discrepancies
 * //=> [{ path: '2026/RDR-AAAA.json', reference: 'RDR-AAAA', message: 'commit 1a2b3c4d5e6f: event 2 was rewritten from … to …' }]
 */
export function verifyLedger(input: VerifyInput): VerifyResult {
  const discrepancies: Discrepancy[] = [];
  const entries = new Map<string, LedgerEntry>();
  for (const stray of input.strays ?? []) discrepancies.push({ path: stray.path, message: `not a ledger entry: ${stray.message}` });
  for (const file of input.files) {
    try {
      const entry = parseLedgerEntry(file.text);
      entries.set(file.path, entry);
      if (ledgerPath(entry) !== file.path) discrepancies.push({ path: file.path, reference: entry.reference, message: `filed at ${file.path}, but its receipt puts it at ${ledgerPath(entry)}` });
    } catch (error) {
      discrepancies.push({ path: file.path, message: `the entry cannot be read: ${(error as Error).message}` });
    }
  }

  let versions = 0;
  if (!input.history) {
    discrepancies.push({ message: 'the ledger folder is not in a git repository, so its history cannot be checked' });
  } else {
    const now = new Map(input.files.map((file) => [file.path, file.text]));
    for (const [path, history] of [...input.history].sort(([a], [b]) => a.localeCompare(b))) {
      versions += history.length;
      discrepancies.push(...checkHistory(path, history, now.get(path)));
    }
    for (const file of input.files) {
      if (!input.history.has(file.path)) discrepancies.push({ path: file.path, reference: entries.get(file.path)?.reference, message: 'the entry has never been committed' });
    }
  }

  let liveCases = 0;
  if (input.live) {
    const byReference = new Map([...entries.values()].map((entry) => [entry.reference, entry]));
    for (const entry of byReference.values()) {
      const live = input.live.byReference.get(entry.reference);
      liveCases += 1;
      if (!live) {
        discrepancies.push({ path: ledgerPath(entry), reference: entry.reference, message: 'the ledger has this case but the store has no case with this reference' });
        continue;
      }
      if ('problem' in live.block) {
        discrepancies.push({ path: ledgerPath(entry), reference: entry.reference, message: `the case's block cannot be read: ${live.block.problem}` });
        continue;
      }
      for (const message of recordDifferences(entry, live.block)) discrepancies.push({ path: ledgerPath(entry), reference: entry.reference, message });
    }
    for (const live of input.live.open) {
      if (byReference.has(live.reference)) continue;
      liveCases += 1;
      discrepancies.push({ reference: live.reference, message: 'the case is open in the store but has no ledger entry' });
    }
  } else if (input.liveUnavailable) {
    discrepancies.push({ message: `the live cases could not be read: ${input.liveUnavailable}` });
  }

  for (const problem of input.versionProblems) {
    const cases = problem.references.length === 1 ? `case ${problem.references[0]}` : `${problem.references.length} cases (${problem.references.slice(0, 5).join(', ')}${problem.references.length > 5 ? ', …' : ''})`;
    discrepancies.push({ ...(problem.references.length === 1 ? { reference: problem.references[0] } : {}), message: `${problem.message}; held to it: ${cases}` });
  }
  return { discrepancies, checked: { entries: entries.size, versions, liveCases } };
}

/** Every way the history of one entry's path breaks the append-only rule, and how the working copy departs from it. */
function checkHistory(path: string, history: readonly FileVersion[], current: string | undefined): Discrepancy[] {
  const found: Discrepancy[] = [];
  let previous: { entry: LedgerEntry; commit: string } | undefined;
  let reference: string | undefined;
  for (const version of history) {
    const commit = version.commit.slice(0, 12);
    if (version.text === undefined) {
      found.push({ path, reference, message: `the entry was removed in commit ${commit}` });
      previous = undefined;
      continue;
    }
    let entry: LedgerEntry;
    try {
      entry = parseLedgerEntry(version.text);
    } catch (error) {
      found.push({ path, reference, message: `commit ${commit} holds an entry that cannot be read: ${(error as Error).message}` });
      continue;
    }
    reference = entry.reference;
    if (previous) for (const problem of appendOnlyProblems(previous.entry, entry)) found.push({ path, reference, message: `commit ${commit}: ${problem}` });
    previous = { entry, commit };
  }
  const last = history.at(-1);
  if (current === undefined) {
    if (last?.text !== undefined) found.push({ path, reference, message: `the entry is missing from the ledger folder (last committed in ${last.commit.slice(0, 12)})` });
    return found;
  }
  if (last?.text === undefined || current === last.text) return found;
  let entry: LedgerEntry;
  try {
    entry = parseLedgerEntry(current);
  } catch {
    return found;
  }
  const problems = previous ? appendOnlyProblems(previous.entry, entry) : [];
  if (problems.length > 0) for (const problem of problems) found.push({ path, reference, message: `uncommitted change: ${problem}` });
  else found.push({ path, reference, message: 'the entry has changes that are not committed' });
  return found;
}

/**
 * How an entry's record differs from the case as the store holds it: the header as corrected, and the events that
 * stand, against the block's. Empty when the ledger records exactly what the case holds.
 *
 * @example
 * recordDifferences(entry, blockWithOneMoreEvent) //=> ['the case holds 1 event the ledger does not: responded upheld at 2026-11-20T10:00:00.000Z']
 */
export function recordDifferences(entry: LedgerEntry, block: CaseBlock): string[] {
  const differences: string[] = [];
  const header = effectiveHeader(entry);
  const live = { procedure: { id: block.procedure.id, hash: block.procedure.version.hash, ...(block.procedure.version.commit ? { commit: block.procedure.version.commit } : {}) }, received: block.received, channel: block.channel, flags: [...block.flags].sort() };
  for (const field of ['procedure', 'received', 'channel', 'flags'] as const) {
    if (JSON.stringify(header[field]) !== JSON.stringify(live[field])) {
      differences.push(`the ledger records ${field} ${JSON.stringify(header[field])} but the case holds ${JSON.stringify(live[field])}`);
    }
  }
  const key = (event: object) => {
    const { seq: _seq, ...facts } = event as { seq?: number };
    return JSON.stringify(Object.entries(facts).sort(([a], [b]) => a.localeCompare(b)));
  };
  const held = block.events.map((event, index) => ledgerEvent(event, index + 1));
  // The case holds every command, refused or not: the ledger keeps both, apart.
  const unmatched = recordedEvents(entry);
  const missing = held.filter((event) => {
    const { by: _by, ...anonymous } = event;
    // A line written before the ledger named who acted is the same fact as the event that now names them.
    const at = unmatched.findIndex((line) => key(line) === key(event) || (line.by === undefined && key(line) === key(anonymous)));
    if (at === -1) return true;
    unmatched.splice(at, 1);
    return false;
  });
  if (missing.length > 0) {
    differences.push(`the case holds ${missing.length} event${missing.length === 1 ? '' : 's'} the ledger does not: ${missing.map((e) => `${e.type} at ${e.at}`).join(', ')}`);
  }
  if (unmatched.length > 0) {
    differences.push(`the ledger records ${unmatched.length} event${unmatched.length === 1 ? '' : 's'} the case no longer holds, without a correction`);
  }
  return differences;
}
