import path from 'node:path';
import { appendOnlyProblems, appendToLedgerEntry, describeLedgerChanges } from '../../core/ledger/append-only.ts';
import { ledgerPath } from '../../core/ledger/build-ledger-entry.ts';
import { formatLedgerEntry, parseLedgerEntry } from '../../core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../core/ledger/ledger-entry-schema.ts';
import { readLedgerFile, writeLedgerFile } from './ledger-files.ts';
import { commitFile } from './ledger-git.ts';

export interface LedgerWriterOptions {
  /** The ledger folder, `cases/` of the repository (in the GitHub Action) or of the local store's repository. */
  dir: string;
  /** Commit each changed entry to the git repository that holds `dir`, one commit per case change. */
  git: boolean;
}

export interface LedgerWriter {
  /**
   * Adds a case as it stands now to its entry, appending only (appendToLedgerEntry), and writes and commits the
   * entry if that changed it. Throws, leaving the file as it was, when the existing entry is damaged.
   */
  record(entry: LedgerEntry, noticedAt: number): Promise<void>;
  /** Paths (relative to the ledger folder) written by this writer, in order. */
  readonly written: readonly string[];
}

/**
 * The ledger writer the sweep is given (`SweepDeps.ledger`).
 *
 * @example
 * const ledger = createLedgerWriter({ dir: path.resolve('cases'), git: true });
 * await runSweep({ ...deps, ledger });
 */
export function createLedgerWriter({ dir, git }: LedgerWriterOptions): LedgerWriter {
  const written: string[] = [];
  return {
    written,
    async record(entry, noticedAt) {
      const relative = ledgerPath(entry);
      const file = path.join(dir, relative);
      const previousText = await readLedgerFile(file);
      let previous: LedgerEntry | undefined;
      if (previousText !== undefined) {
        try {
          previous = parseLedgerEntry(previousText);
        } catch (error) {
          throw new Error(`${relative} is damaged and was left as it is: ${(error as Error).message}`, { cause: error });
        }
      }
      const next = appendToLedgerEntry(previous, entry, noticedAt);
      const problems = previous ? appendOnlyProblems(previous, next) : [];
      // appendToLedgerEntry only appends; this guards the promise the ledger makes against a future mistake.
      if (problems.length > 0) throw new Error(`${relative} would be rewritten (${problems.join('; ')}); left as it is`);
      const text = formatLedgerEntry(next);
      if (text === previousText) return;
      await writeLedgerFile(file, text);
      written.push(relative);
      if (git) await commitFile(dir, file, commitMessage(next, describeLedgerChanges(previous, next)));
    },
  };
}

/** "RDR-AAAA: acknowledged at …; stage-1.acknowledge met", with every change listed in the body. */
function commitMessage(entry: LedgerEntry, changes: readonly string[]): string {
  const shown = changes.slice(0, 2).join('; ') || 'view updated';
  const subject = `Ledger ${entry.reference}: ${shown}${changes.length > 2 ? '; …' : ''}`;
  return `${subject}\n\n${changes.map((change) => `- ${change}`).join('\n')}\n`;
}
