/**
 * Reads a member's ledger from a folder on disk (`<year>/<reference>.json`), as the umbrella reads entries: each
 * parsed straight into the umbrella's fields (member-entry-schema.ts). A folder that is not there is a member that
 * could not be read, never an empty ledger.
 */
import { stat } from 'node:fs/promises';
import { readLedgerTexts } from '../ledger/ledger-files.ts';
import { readMemberEntry, type MemberEntry } from '../../core/umbrella/member-entry-schema.ts';
import type { MemberLedger } from '../../core/umbrella/umbrella-report.ts';

const ENTRY = /^[A-Z0-9-]{3,40}\.json$/;

export async function readFolderLedger(folder: string, shown: string): Promise<MemberLedger['read']> {
  try {
    if (!(await stat(folder)).isDirectory()) return { failed: `${shown} is not a folder` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { failed: `there is no folder ${shown}` };
    return { failed: `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const entries: MemberEntry[] = [];
  let damaged = 0;
  for (const file of await readLedgerTexts(folder)) {
    const read = ENTRY.test(file.path.slice(file.path.indexOf('/') + 1)) ? readMemberEntry(file.text) : undefined;
    if (read?.entry) entries.push(read.entry);
    else damaged += 1;
  }
  return { entries, damaged };
}
