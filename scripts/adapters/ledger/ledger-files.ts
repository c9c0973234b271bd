import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseLedgerEntry } from '../../core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../core/ledger/ledger-entry-schema.ts';
import { writeFileDurably } from '../local-store/durable-file.ts';

/** The ledger folder, relative to the project root: what the sweep writes and the audit reads. */
export const LEDGER_DIR = 'cases';

export interface LedgerFile {
  /** Relative to the ledger folder, with "/" separators: "2026/RDR-7KX4-M9QP-2TK.json". */
  path: string;
  entry: LedgerEntry;
}

export interface LedgerRead {
  files: LedgerFile[];
  /** Files that are in the ledger's place but are not valid entries, each with what is wrong. */
  problems: { path: string; message: string }[];
}

const YEAR = /^\d{4}$/;
const ENTRY = /^[A-Z0-9-]{3,40}\.json$/;

/**
 * The text of every file where the ledger keeps entries (`<year>/*.json`), sorted by path, unparsed: what
 * verification reads, so that a damaged entry is reported rather than taken for a missing one.
 */
export async function readLedgerTexts(dir: string): Promise<{ path: string; text: string }[]> {
  const files: { path: string; text: string }[] = [];
  for (const relative of await ledgerPaths(dir)) files.push({ path: relative, text: readFileSync(path.join(dir, relative), 'utf8') });
  return files;
}

/** The paths of the files where the ledger keeps entries (`<year>/*.json`), relative to it, sorted. */
async function ledgerPaths(dir: string): Promise<string[]> {
  let years: string[];
  try {
    years = (await readdir(dir)).filter((name) => YEAR.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const paths: string[] = [];
  for (const year of years) {
    for (const name of (await readdir(path.join(dir, year))).filter((name) => name.endsWith('.json')).sort()) paths.push(`${year}/${name}`);
  }
  return paths;
}

/**
 * Reads every entry in a ledger folder (`<year>/<reference>.json`), sorted by path. An absent folder is an empty
 * ledger; a file that cannot be read or parsed is a problem, never skipped in silence.
 */
export async function readLedgerDir(dir: string): Promise<LedgerRead> {
  const read: LedgerRead = { files: [], problems: [] };
  // Read one after another, synchronously: for many small files that is ten times faster than a promise each, and
  // only the audit and report commands and the site build read the whole ledger. Each text is parsed as it is read
  // and let go, so a ledger of 100,000 entries never holds its text and its entries in memory at once.
  for (const relative of await ledgerPaths(dir)) {
    const name = relative.slice(relative.indexOf('/') + 1);
    if (!ENTRY.test(name)) {
      read.problems.push({ path: relative, message: 'not named <reference>.json' });
      continue;
    }
    try {
      const entry = parseLedgerEntry(readFileSync(path.join(dir, relative), 'utf8'));
      if (`${entry.reference}.json` !== name) read.problems.push({ path: relative, message: `holds case ${entry.reference}` });
      else read.files.push({ path: relative, entry });
    } catch (error) {
      read.problems.push({ path: relative, message: (error as Error).message });
    }
  }
  return read;
}

/** The text of one entry, or undefined when the case has none yet. */
export async function readLedgerFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes one entry atomically and durably: a reader (or a commit) sees the old text or the new, never half. */
export async function writeLedgerFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Readable by all: the ledger holds no personal data and is meant to be published in git.
  await writeFileDurably(file, text, { mode: 0o644 });
}
