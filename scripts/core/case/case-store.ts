/**
 * The one interface through which intake, the sweep and staff commands reach cases, whichever store holds them:
 * a private GitHub repository's issues, or the embedded local store. Both implementations pass the same contract
 * tests (test/case-store/). The shape follows issues because that is what staff work with: a case is a body with a
 * hidden machine-readable block, labels, assignees and comments.
 */

/**
 * How GitHub describes a commenter's relation to the repository. Shown to staff, never used to decide who may
 * command: a COLLABORATOR may hold read access only, and the association is the author's today, not when they wrote.
 */
export type AuthorAssociation = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'FIRST_TIMER' | 'MANNEQUIN' | 'NONE';

/** A person's access to the store, in GitHub's repository roles ("none" for no access at all). */
export const PERMISSIONS = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Only these may command a case: the roles that can also change the issue itself. */
export const COMMANDING_PERMISSIONS: readonly Permission[] = ['admin', 'maintain', 'write'];

export interface StoredCase {
  /** The store's own id for the case: the issue number on GitHub, the reference locally. */
  id: string;
  /** The case reference, as in the title. */
  reference: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  /** ISO instant the store last saw a change; used only to skip unchanged cases, never for deadlines. */
  updatedAt: string;
  /** How many comments the case has, when the store says without a further read (GitHub's issue `comments`). */
  commentCount?: number;
  createdAt: string;
  /** Who opened it (the author on GitHub), when the store knows: a staff form is adopted only from staff. */
  author?: string;
}

export interface StoredComment {
  id: string;
  author: string;
  association: AuthorAssociation;
  /** Written by this software's own account (a bot comment carries a hidden marker too). */
  byBot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCase {
  reference: string;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  /**
   * An instant no earlier creation of this case can predate (ISO; intake gives the time the form was shown). A store
   * looks for an earlier creation only among cases created since then, which keeps that look-up cheap however many
   * cases there are. Without it the store looks through every case, within its read budget.
   */
  notCreatedBefore?: string;
  /**
   * The caller knows this is the first attempt ever to create this case (it durably recorded the attempt before
   * making it), so no case with this reference can exist and the store may skip looking for one.
   */
  firstAttempt?: boolean;
}

/** Thrown by a store for an id it holds no case under. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
  readonly id: string;

  constructor(id: string) {
    super(`No case "${id}" in the store.`);
    this.id = id;
  }
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export interface CaseStore {
  readonly kind: 'github' | 'local';
  /**
   * Creates the case unless one with this reference exists already, in which case that one is returned:
   * a retried creation after a lost response must not make a second case.
   */
  createCase(input: NewCase): Promise<{ case: StoredCase; created: boolean }>;
  findByReference(reference: string): Promise<StoredCase | undefined>;
  getCase(id: string): Promise<StoredCase>;
  /** Open complaint cases, optionally only those changed at or after `since`. */
  listOpenCases(options?: { since?: string }): Promise<StoredCase[]>;
  /** Complaint cases open, closed or both, for staff's lists and reports (the sweep reads only open ones). */
  listCases(options: { state: 'open' | 'closed' | 'all' }): Promise<StoredCase[]>;
  listComments(id: string, options?: { since?: string }): Promise<StoredComment[]>;
  addComment(id: string, body: string): Promise<StoredComment>;
  updateComment(id: string, commentId: string, body: string): Promise<StoredComment>;
  updateBody(id: string, body: string): Promise<void>;
  addLabels(id: string, labels: readonly string[]): Promise<void>;
  removeLabel(id: string, label: string): Promise<void>;
  setAssignees(id: string, assignees: readonly string[]): Promise<void>;
  setState(id: string, state: 'open' | 'closed'): Promise<void>;
  /** Makes sure labels exist with their colour and description (GitHub needs them defined; locally a no-op). */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>;
  /**
   * An exclusive lock shared by every process and runner using this store, so that two sweeps at once cannot both
   * post the same reminder. True when acquired; a lock older than `ttlMs` is stale and may be taken over
   * (on GitHub: a repository label created atomically, its description holding the holder and expiry; locally: a
   * lock file created exclusively).
   */
  acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, holder: string): Promise<void>;
  /**
   * The access `person` holds now. The sweep asks once, when it first sees a command, and records the answer with
   * what the command did, so a later change of access never rewrites the case. On GitHub: the collaborator
   * permission (a read-only collaborator is "read"); locally: whoever can run the CLI on the data directory is staff.
   */
  permissionOf(person: string): Promise<Permission>;
}
