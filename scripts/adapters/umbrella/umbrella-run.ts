/**
 * One run of the umbrella view: every member's ledger read (from GitHub or a folder), in the members file's order,
 * resumably. A run has an id, kept in the data directory with how far it got with each member repository: listed
 * (its ledger files known, some still to read) or done (read, or failed). Stopped for any reason (GitHub's rate
 * limit, Ctrl-C, a kill), the same command goes on with the same run: members done are not asked for again, a
 * member listed is not listed again, and no ledger file read is read again (they are kept by blob sha). A run that
 * finished is followed by a new one, which asks GitHub only for what changed since.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readMemberEntry, type MemberEntry } from '../../core/umbrella/member-entry-schema.ts';
import type { MemberLedger } from '../../core/umbrella/umbrella-report.ts';
import { BranchMissing, MemberUnreadable, RateLimitReached, RunInterrupted, type GitHubLedgerReader } from './github-ledger.ts';
import { readFolderLedger } from './folder-ledger.ts';
import type { MembersToRead, MemberToRead } from './members-file.ts';
import type { RequestBudget, RequestTally } from './request-budget.ts';
import type { MemberListing, MemberState } from './umbrella-data-schema.ts';
import type { UmbrellaStore } from './umbrella-store.ts';

/** After this many members in a row fail on GitHub's side, GitHub is taken to be down and the run stops. */
const GITHUB_DOWN_AFTER = 3;

export interface RunProgressUpdate {
  /** Member repositories done in this run. */
  done: number;
  total: number;
  /** The member just done. */
  member: string;
  tally: RequestTally;
  limit: { remaining: number; reset: number } | undefined;
}

export interface UmbrellaRunInput {
  members: MembersToRead;
  /** The data directory; required when a member is a repository. */
  store?: UmbrellaStore;
  /** Required when a member is a repository. */
  reader?: GitHubLedgerReader;
  budget: RequestBudget;
  signal?: AbortSignal;
  now: () => number;
  progress?: (update: RunProgressUpdate) => void;
}

export type UmbrellaRunResult =
  | { finished: true; ledgers: MemberLedger[]; resumed: boolean; total: number }
  | {
      finished: false;
      /** Why it stopped: the rate limit (until when), Ctrl-C, or GitHub failing. */
      stopped: 'rate-limit' | 'interrupted' | 'github-failing';
      why: string;
      until?: number;
      resumed: boolean;
      /** Member repositories done in this run so far. */
      done: number;
      total: number;
    };

export async function runUmbrella(input: UmbrellaRunInput): Promise<UmbrellaRunResult> {
  const repositories = input.members.members.filter((member) => member.kind === 'repository');
  const { store, reader } = input;
  let resumed = false;
  if (repositories.length > 0) {
    if (!store || !reader) throw new Error('runUmbrella: members with repositories need a store and a reader');
    const run = await currentRun(store, repositories, input.now);
    resumed = run.resumed;
    let done = 0;
    let failingInARow = 0;
    const stop = (stopped: 'rate-limit' | 'interrupted' | 'github-failing', why: string, until?: number): UmbrellaRunResult => ({
      finished: false, stopped, why, resumed, done, total: repositories.length, ...(until === undefined ? {} : { until }),
    });
    try {
      await reader.checkBudget();
      for (const member of repositories) {
        const state = (await store.memberState(member.repository)) ?? { format: 1 as const, repository: member.repository.toLowerCase() };
        if (!doneInRun(state, run.id, store)) {
          const failure = await readMember({ member, state, run: run.id, store, reader });
          failingInARow = failure?.transient ? failingInARow + 1 : 0;
          if (failingInARow >= GITHUB_DOWN_AFTER) return stop('github-failing', `GitHub failed for ${GITHUB_DOWN_AFTER} members in a row (last: ${failure?.message})`);
        }
        done += 1;
        input.progress?.({ done, total: repositories.length, member: member.name, tally: input.budget.tally, limit: input.budget.limit });
      }
    } catch (error) {
      if (error instanceof RateLimitReached) return stop('rate-limit', error.message, error.until);
      if (error instanceof RunInterrupted) return stop('interrupted', 'interrupted');
      throw error;
    }
    await store.saveProgress({ ...run.progress, finished: new Date(input.now()).toISOString() });
  }

  const ledgers: MemberLedger[] = [];
  const keep = new Set<string>();
  for (const member of input.members.members) {
    if (member.kind === 'folder') {
      ledgers.push({ name: member.name, source: { kind: 'folder', folder: member.shown }, read: await readFolderLedger(member.folder, member.shown) });
      continue;
    }
    const state = await (store as UmbrellaStore).memberState(member.repository);
    for (const sha of state?.listing?.blobs ?? []) keep.add(sha);
    ledgers.push({ name: member.name, source: { kind: 'repository', repository: member.repository }, read: ledgerOf(state, store as UmbrellaStore) });
  }
  if (store) await store.compact(keep);
  return { finished: true, ledgers, resumed, total: repositories.length };
}

/** The run under way for these members, or a new one. */
async function currentRun(store: UmbrellaStore, repositories: readonly MemberToRead[], now: () => number) {
  const members = createHash('sha256').update(JSON.stringify(repositories.map((member) => (member.kind === 'repository' ? [member.repository.toLowerCase(), member.branch ?? ''] : [])))).digest('hex');
  const last = await store.progress();
  if (last && last.finished === undefined && last.members === members) return { id: last.run, progress: last, resumed: true };
  const started = new Date(now()).toISOString();
  const progress = { format: 1 as const, run: `${started}-${randomBytes(4).toString('hex')}`, started, members };
  await store.saveProgress(progress);
  return { id: progress.run, progress, resumed: false };
}

/**
 * Lists a member (unless this run already did) and reads the ledger files not read before, recording each step.
 * Returns the failure when the member cannot be read; rate limits and interruptions are thrown.
 */
async function readMember(input: { member: Extract<MemberToRead, { kind: 'repository' }>; state: MemberState; run: string; store: UmbrellaStore; reader: GitHubLedgerReader }): Promise<MemberUnreadable | undefined> {
  const { member, run, store, reader } = input;
  let state: MemberState = input.state;
  try {
    // Listed earlier in this run: the listing stands, only the files not yet read are left.
    if (!(state.run === run && state.stage === 'listed' && state.listing)) {
      const listed = await listMember(member, state, reader);
      state = { ...withoutFailure(state), ...(listed.defaultBranch ? { defaultBranch: listed.defaultBranch } : {}), listing: listed.listing, run, stage: 'listed' };
      if (listed.listing.blobs.some((sha) => !store.read(sha))) await store.saveMemberState(state);
    }
    const listing = state.listing as MemberListing;
    for (const sha of new Set(listing.blobs)) {
      if (store.read(sha)) continue;
      const text = await reader.file(member.repository, sha);
      const read = readMemberEntry(text);
      await store.remember(read.entry ? { sha, entry: read.entry } : { sha, problem: read.problem });
    }
    await store.saveMemberState({ ...state, run, stage: 'read' });
    return undefined;
  } catch (error) {
    if (!(error instanceof MemberUnreadable)) throw error;
    await store.saveMemberState({ ...withoutFailure(state), run, stage: 'failed', failure: error.message, ...(error.transient ? { transient: true } : {}) });
    return error;
  }
}

/**
 * The member's ledger listing: on the branch the members file names, or the repository's default branch (learnt
 * once, and again if that branch is gone); asked conditionally when there is a listing to compare with.
 */
async function listMember(member: Extract<MemberToRead, { kind: 'repository' }>, state: MemberState, reader: GitHubLedgerReader): Promise<{ listing: MemberListing; defaultBranch?: string }> {
  let defaultBranch = member.branch === undefined ? state.defaultBranch : undefined;
  const learnt = defaultBranch === undefined && member.branch === undefined;
  if (learnt) defaultBranch = await reader.defaultBranch(member.repository);
  const branch = member.branch ?? (defaultBranch as string);
  const kept = state.listing?.branch === branch ? state.listing : undefined;
  try {
    const listed = await reader.list(member.repository, branch, kept?.etag);
    return { listing: listed.unchanged ? (kept as MemberListing) : listed.listing, ...(defaultBranch ? { defaultBranch } : {}) };
  } catch (error) {
    // A default branch remembered from an earlier run may have been renamed since: learn it again, once.
    if (!(error instanceof BranchMissing) || member.branch !== undefined || learnt) throw error;
    const now = await reader.defaultBranch(member.repository);
    if (now === branch) throw error;
    const listed = await reader.list(member.repository, now);
    if (listed.unchanged) throw error;
    return { listing: listed.listing, defaultBranch: now };
  }
}

/** Whether this run has finished with the member: read (every file still held), or failed not on GitHub's side. */
function doneInRun(state: MemberState, run: string, store: UmbrellaStore): boolean {
  if (state.run !== run) return false;
  if (state.stage === 'failed') return state.transient !== true;
  return state.stage === 'read' && (state.listing?.blobs ?? []).every((sha) => store.read(sha) !== undefined);
}

function withoutFailure(state: MemberState): MemberState {
  const { failure: _failure, transient: _transient, ...rest } = state;
  return rest;
}

/** A member repository's ledger as this run left it. */
function ledgerOf(state: MemberState | undefined, store: UmbrellaStore): MemberLedger['read'] {
  if (!state || state.stage === undefined || state.stage === 'listed') return { failed: 'its ledger was not read in this run' };
  if (state.stage === 'failed') return { failed: state.failure ?? 'it could not be read' };
  const listing = state.listing as MemberListing;
  const entries: MemberEntry[] = [];
  let damaged = listing.misnamed;
  for (const sha of listing.blobs) {
    const read = store.read(sha);
    if (!read) return { failed: 'its ledger files were not all read in this run' };
    if ('entry' in read) entries.push(read.entry);
    else damaged += 1;
  }
  return { entries, damaged, ...(listing.noLedger ? { noLedger: true } : {}) };
}
