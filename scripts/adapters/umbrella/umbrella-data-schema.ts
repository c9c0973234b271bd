/**
 * What the umbrella view keeps in its data directory between runs, so that a second run reads only what changed and
 * an interrupted run goes on where it stopped. It holds ids and counts, and entries as the umbrella reads them
 * (member-entry-schema.ts): no reference, no file name, nothing the umbrella does not report from.
 */
import { z } from 'zod';
import { MemberEntrySchema } from '../../core/umbrella/member-entry-schema.ts';

/** A git object id (SHA-1, or SHA-256 in repositories that use it). */
const ShaSchema = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);

/** One line of the entries cache: a ledger file's blob, by sha, as the umbrella read it. */
export const CachedReadSchema = z.union([
  z.strictObject({ sha: ShaSchema, entry: MemberEntrySchema }),
  /** A blob that is not an entry the umbrella can read: why, in words that quote nothing from it. */
  z.strictObject({ sha: ShaSchema, problem: z.string().min(1) }),
]);
export type CachedRead = z.infer<typeof CachedReadSchema>;

/** A member's ledger as last listed: the blobs of its entries, and how the listing can be asked for again. */
export const MemberListingSchema = z.strictObject({
  /** The branch listed. */
  branch: z.string().min(1),
  /** GitHub's ETag of the listing: asked with If-None-Match, an unchanged ledger costs nothing (304). */
  etag: z.string().optional(),
  /** The blob sha of each ledger entry (`cases/<year>/<reference>.json`). */
  blobs: z.array(ShaSchema),
  /** Files in the ledger's place not named `<reference>.json`: counted as damaged, never read. */
  misnamed: z.number().int().min(0),
  /** The repository has no `cases/` folder, or no commit at all. */
  noLedger: z.boolean(),
});
export type MemberListing = z.infer<typeof MemberListingSchema>;

/** Where a member repository stands: what was last listed, and how far the current run got with it. */
export const MemberStateSchema = z.strictObject({
  format: z.literal(1),
  /** `owner/name`, lower case. */
  repository: z.string().min(3),
  /** The repository's default branch, learnt once when the members file names no branch. */
  defaultBranch: z.string().min(1).optional(),
  listing: MemberListingSchema.optional(),
  /** The run that last listed or read the member. */
  run: z.string().optional(),
  /** How far that run got: listed (entries still to read), read, or failed (`failure` says why). */
  stage: z.enum(['listed', 'read', 'failed']).optional(),
  failure: z.string().optional(),
  /** The failure was GitHub's own (an error answer, no answer): a resumed run tries the member again. */
  transient: z.boolean().optional(),
});
export type MemberState = z.infer<typeof MemberStateSchema>;

/** The run under way, or the last one. */
export const RunProgressSchema = z.strictObject({
  format: z.literal(1),
  /** The run's id: members listed or read under it are not read again by the same run. */
  run: z.string().min(1),
  /** When it began, ISO 8601. */
  started: z.string(),
  /** A digest of the members file's repositories: a run goes on only for the same members. */
  members: z.string(),
  /** When it finished, ISO 8601; absent while it is under way (or was interrupted). */
  finished: z.string().optional(),
});
export type RunProgress = z.infer<typeof RunProgressSchema>;
