import type { AuthorAssociation, CaseStore, LabelSpec, NewCase, Permission, StoredCase, StoredComment } from '../../scripts/core/case/case-store.ts';

/**
 * A CaseStore held in memory, for tests of code that uses the interface (the sweep's planning and applying).
 * It keeps the same rules as the real stores: labels are sets, comments carry their author's association, every
 * change moves `updatedAt` on, and it counts reads and writes.
 */
export class MemoryStore implements CaseStore {
  readonly kind = 'local' as const;
  readonly cases = new Map<string, StoredCase>();
  readonly comments = new Map<string, StoredComment[]>();
  readonly requests = { reads: 0, writes: 0 };
  private sequence = 0;
  clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  private touch(id: string): StoredCase {
    const found = this.cases.get(id);
    if (!found) throw new Error(`No case ${id}`);
    found.updatedAt = new Date(this.clock()).toISOString();
    return found;
  }

  async createCase(input: NewCase) {
    this.requests.writes += 1;
    const existing = this.cases.get(input.reference);
    if (existing) return { case: structuredClone(existing), created: false };
    const now = new Date(this.clock()).toISOString();
    const stored: StoredCase = { id: input.reference, reference: input.reference, title: input.title, body: input.body, state: 'open', labels: [...new Set(input.labels)], assignees: [...input.assignees], createdAt: now, updatedAt: now };
    this.cases.set(stored.id, stored);
    this.comments.set(stored.id, []);
    return { case: structuredClone(stored), created: true };
  }

  async findByReference(reference: string) {
    this.requests.reads += 1;
    const found = this.cases.get(reference);
    return found && structuredClone(found);
  }

  async getCase(id: string) {
    this.requests.reads += 1;
    const found = this.cases.get(id);
    if (!found) throw new Error(`No case ${id}`);
    return structuredClone(found);
  }

  async listOpenCases(options: { since?: string } = {}) {
    this.requests.reads += 1;
    return [...this.cases.values()]
      .filter((c) => c.state === 'open' && (!options.since || c.updatedAt >= options.since))
      .map((c) => ({ ...structuredClone(c), commentCount: this.comments.get(c.id)?.length ?? 0 }));
  }

  async listCases({ state }: { state: 'open' | 'closed' | 'all' }) {
    this.requests.reads += 1;
    return [...this.cases.values()].filter((c) => state === 'all' || c.state === state).map((c) => structuredClone(c));
  }

  async listComments(id: string) {
    this.requests.reads += 1;
    return structuredClone(this.comments.get(id) ?? []);
  }

  /** A person's comment, as staff or the public would write it. */
  comment(id: string, body: string, options: { author?: string; association?: AuthorAssociation; at?: number; byBot?: boolean } = {}): StoredComment {
    const at = new Date(options.at ?? this.clock()).toISOString();
    const comment: StoredComment = { id: String(++this.sequence), author: options.author ?? 'staff', association: options.association ?? 'MEMBER', byBot: options.byBot ?? false, body, createdAt: at, updatedAt: at };
    // A person first seen as a member or collaborator is given write access, anyone else none, unless a test set it.
    if (!this.permissions.has(comment.author)) this.permissions.set(comment.author, ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(comment.association) ? 'write' : 'none');
    this.comments.get(id)?.push(comment);
    this.touch(id);
    return comment;
  }

  async addComment(id: string, body: string) {
    this.requests.writes += 1;
    return structuredClone(this.comment(id, body, { author: 'redress', association: 'NONE', byBot: true }));
  }

  async updateComment(id: string, commentId: string, body: string) {
    this.requests.writes += 1;
    const comment = this.comments.get(id)?.find((c) => c.id === commentId);
    if (!comment) throw new Error(`No comment ${commentId}`);
    comment.body = body;
    comment.updatedAt = new Date(this.clock()).toISOString();
    this.touch(id);
    return structuredClone(comment);
  }

  async updateBody(id: string, body: string) {
    this.requests.writes += 1;
    this.touch(id).body = body;
  }

  async addLabels(id: string, labels: readonly string[]) {
    this.requests.writes += 1;
    const found = this.touch(id);
    found.labels = [...new Set([...found.labels, ...labels])];
  }

  async removeLabel(id: string, label: string) {
    this.requests.writes += 1;
    const found = this.touch(id);
    found.labels = found.labels.filter((l) => l !== label);
  }

  async setAssignees(id: string, assignees: readonly string[]) {
    this.requests.writes += 1;
    this.touch(id).assignees = [...assignees];
  }

  async setState(id: string, state: 'open' | 'closed') {
    this.requests.writes += 1;
    this.touch(id).state = state;
  }

  async ensureLabels(_labels: readonly LabelSpec[]) {}

  readonly locks = new Map<string, { holder: string; until: number }>();

  async acquireLock(name: string, holder: string, ttlMs: number) {
    const held = this.locks.get(name);
    if (held && held.holder !== holder && held.until > this.clock()) return false;
    this.locks.set(name, { holder, until: this.clock() + ttlMs });
    return true;
  }

  async releaseLock(name: string, holder: string) {
    if (this.locks.get(name)?.holder === holder) this.locks.delete(name);
  }

  /** Each person's access now; tests change it to play a leaver or a newcomer. */
  readonly permissions = new Map<string, Permission>();

  async permissionOf(person: string): Promise<Permission> {
    this.requests.reads += 1;
    return this.permissions.get(person) ?? 'none';
  }
}
