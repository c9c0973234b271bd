/**
 * Gathers what `redress audit --verify` checks: the ledger's files, their git history, the live cases and the
 * history of the procedure files. The checking itself is pure (scripts/core/audit/verify-ledger.ts).
 */
import { CaseBlockError, parseCaseBlock } from '../../core/case/case-block.ts';
import type { CaseStore } from '../../core/case/case-store.ts';
import type { LiveCase, VerifyInput } from '../../core/audit/verify-ledger.ts';
import { parseLedgerEntry } from '../../core/ledger/format-ledger-entry.ts';
import type { LedgerEntry } from '../../core/ledger/ledger-entry-schema.ts';
import { procedureHash } from '../../core/intake/procedure-version.ts';
import { loadProcedures } from '../../core/procedure/load-procedures.ts';
import { readLedgerTexts } from './ledger-files.ts';
import { fileHistory, git, readObjects, repositoryOf } from './ledger-git.ts';

export interface GatherOptions {
  /** The ledger folder. */
  ledgerDir: string;
  /** The repository whose workflows/ history holds the procedure versions (the project's). */
  projectDir: string;
  /** The case store to check against, or why there is none. */
  store: CaseStore | { unavailable: string } | undefined;
}

export async function gatherVerifyInput({ ledgerDir, projectDir, store }: GatherOptions): Promise<VerifyInput> {
  const texts = await readLedgerTexts(ledgerDir);
  const entries = texts.flatMap(({ text }) => {
    try {
      return [parseLedgerEntry(text)];
    } catch {
      return [];
    }
  });
  const inGit = await repositoryOf(ledgerDir).then(() => true, () => false);
  const input: VerifyInput = {
    files: texts,
    history: inGit ? await fileHistory(ledgerDir) : undefined,
    versionProblems: await versionProblems(entries, projectDir),
  };
  if (store && 'unavailable' in store) input.liveUnavailable = store.unavailable;
  else if (store) input.live = await liveCases(store, entries);
  return input;
}

/** Every open complaint case, and each case the ledger names, as the store holds them now. */
async function liveCases(store: CaseStore, entries: readonly LedgerEntry[]): Promise<NonNullable<VerifyInput['live']>> {
  const live = (stored: { reference: string; state: 'open' | 'closed'; body: string }): LiveCase => {
    try {
      const block = parseCaseBlock(stored.body);
      return { reference: stored.reference, open: stored.state === 'open', block: block ?? { problem: 'the case has no Redress block' } };
    } catch (error) {
      if (!(error instanceof CaseBlockError)) throw error;
      return { reference: stored.reference, open: stored.state === 'open', block: { problem: error.message } };
    }
  };
  const open = (await store.listOpenCases()).filter((stored) => stored.labels.includes('complaint')).map(live);
  const byReference = new Map<string, LiveCase | undefined>(open.map((c) => [c.reference, c]));
  // One at a time: the store counts its requests and GitHub asks for them to be paced.
  for (const entry of entries) {
    if (byReference.has(entry.reference)) continue;
    const stored = await store.findByReference(entry.reference);
    byReference.set(entry.reference, stored ? live(stored) : undefined);
  }
  return { open, byReference };
}

/**
 * The procedure versions cases are held to that git history does not hold. With a commit recorded, the procedure
 * file must exist at that commit and hash to the recorded content hash; without one, some committed version of
 * the file must hash to it. Hashes are those the current schema gives (procedureHash).
 */
async function versionProblems(entries: readonly LedgerEntry[], projectDir: string): Promise<{ references: string[]; message: string }[]> {
  const groups = new Map<string, { id: string; hash: string; commit?: string; references: string[] }>();
  for (const entry of entries) {
    const key = `${entry.procedure.id}|${entry.procedure.hash}|${entry.procedure.commit ?? ''}`;
    const group = groups.get(key) ?? { id: entry.procedure.id, hash: entry.procedure.hash, ...(entry.procedure.commit ? { commit: entry.procedure.commit } : {}), references: [] };
    group.references.push(entry.reference);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];
  let root: string;
  try {
    root = (await repositoryOf(projectDir)).root;
  } catch {
    return [{ references: [...groups.values()].flatMap((g) => g.references), message: 'the project is not in a git repository, so procedure versions cannot be checked' }];
  }
  const hashesAt = procedureHashesAt(root);
  const problems: { references: string[]; message: string }[] = [];
  let history: string[] | undefined;
  for (const group of groups.values()) {
    if (group.commit) {
      const hashes = await hashesAt(group.commit);
      const short = group.commit.slice(0, 12);
      if (!hashes) problems.push({ references: group.references, message: `procedure ${group.id}: commit ${short} is not in this repository's history` });
      else if (!hashes.has(group.id)) problems.push({ references: group.references, message: `procedure ${group.id}: workflows/${group.id}.yaml is not a valid procedure at commit ${short}` });
      else if (hashes.get(group.id) !== group.hash) {
        problems.push({ references: group.references, message: `procedure ${group.id}: workflows/${group.id}.yaml at commit ${short} hashes to ${hashes.get(group.id)}, not the ${group.hash} the case records` });
      }
      continue;
    }
    history ??= (await git(root, ['log', '--format=%H', '--', 'workflows']).catch(() => '')).split('\n').filter(Boolean);
    let found = false;
    for (const commit of history) {
      if ((await hashesAt(commit))?.get(group.id) === group.hash) {
        found = true;
        break;
      }
    }
    if (!found) problems.push({ references: group.references, message: `procedure ${group.id} version ${group.hash}: no committed version of workflows/${group.id}.yaml has this content hash (no commit was recorded)` });
  }
  return problems;
}

/** The content hash of every valid procedure in workflows/ at a commit (undefined for an unknown commit), cached. */
function procedureHashesAt(root: string): (commit: string) => Promise<Map<string, string> | undefined> {
  const cache = new Map<string, Promise<Map<string, string> | undefined>>();
  return (commit) => {
    let found = cache.get(commit);
    if (!found) {
      found = (async () => {
        const listing = await git(root, ['ls-tree', '--name-only', commit, '--', 'workflows/']).catch(() => undefined);
        if (listing === undefined) return undefined;
        const paths = listing.split('\n').filter((name) => /\.ya?ml$/.test(name));
        const texts = await readObjects(root, paths.map((file) => `${commit}:${file}`));
        const { procedures } = loadProcedures(paths.map((file) => ({ path: file, text: texts.get(`${commit}:${file}`) ?? '' })));
        return new Map([...procedures].map(([id, procedure]) => [id, procedureHash(procedure)]));
      })();
      cache.set(commit, found);
    }
    return found;
  };
}
