// A repository's files as git holds them: content-addressed blobs and trees, commits and branches, with the
// SHA-1 object ids git itself computes. A blob's sha therefore changes exactly when its content does, and two
// files with the same content share one, which is what clients that cache by sha rely on.
import { createHash } from 'node:crypto';

/** One entry of a tree listing, as the git trees API shows it (`mode` `040000` for trees, as GitHub writes it). */
export interface GitTreeEntry {
  /** Relative to the tree listed, with "/" separators when listed recursively. */
  readonly path: string;
  readonly mode: '100644' | '040000';
  readonly type: 'blob' | 'tree';
  readonly sha: string;
  /** Bytes, for blobs only. */
  readonly size?: number;
}

interface TreeItem {
  readonly name: string;
  readonly type: 'blob' | 'tree';
  readonly sha: string;
}

type GitObject =
  | { readonly type: 'blob'; readonly content: Buffer }
  | { readonly type: 'tree'; readonly items: readonly TreeItem[] }
  | { readonly type: 'commit'; readonly tree: string; readonly parents: readonly string[] };

export interface CommitInput {
  readonly branch: string;
  /** Path → new content, or null to delete the file. Paths use "/" and name files, never folders. */
  readonly files: Readonly<Record<string, string | null>>;
  readonly message: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly author: string;
}

function objectId(type: string, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

/**
 * Git's order for tree entries: by name, a tree's name compared as if it ended in "/".
 *
 * @example ['a.txt', 'a'(tree), 'a-b'].sort(gitOrder) // 'a-b', 'a.txt', 'a'(tree): "a/" sorts after "a-b" and "a.txt"
 */
function gitOrder(a: TreeItem, b: TreeItem): number {
  const key = (item: TreeItem) => Buffer.from(item.type === 'tree' ? `${item.name}/` : item.name);
  return Buffer.compare(key(a), key(b));
}

export class GitStore {
  readonly #objects = new Map<string, GitObject>();
  /** Branch name → the sha of its head commit. */
  readonly #branches = new Map<string, string>();

  /** Whether the repository has no commit at all (GitHub then answers 409 "Git Repository is empty."). */
  isEmpty(): boolean {
    return this.#branches.size === 0;
  }

  /** The head commit of a branch. */
  head(branch: string): string | undefined {
    return this.#branches.get(branch);
  }

  /**
   * Commits changes to a branch (created from nothing if new) and returns the commit's sha. Unchanged content keeps
   * its blob sha; a folder left empty disappears, as in git.
   */
  commit(input: CommitInput): string {
    const files = this.files(input.branch);
    for (const [path, content] of Object.entries(input.files)) {
      if (!/^[^/]+(\/[^/]+)*$/.test(path)) throw new Error(`Not a file path: ${JSON.stringify(path)}`);
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
    const tree = this.#writeTree(files);
    const parent = this.#branches.get(input.branch);
    const seconds = Math.floor(input.at / 1000);
    const person = `${input.author} <${input.author}@users.noreply.github.com> ${seconds} +0000`;
    const text = `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${person}\ncommitter ${person}\n\n${input.message}\n`;
    const sha = this.#put({ type: 'commit', tree, parents: parent ? [parent] : [] }, Buffer.from(text));
    this.#branches.set(input.branch, sha);
    return sha;
  }

  /** Renames a branch, keeping its commits (GitHub's branch rename). */
  renameBranch(from: string, to: string): void {
    const head = this.#branches.get(from);
    if (!head) throw new Error(`No branch ${from}`);
    if (this.#branches.has(to)) throw new Error(`Branch ${to} already exists`);
    this.#branches.delete(from);
    this.#branches.set(to, head);
  }

  /** Every file on a branch, path → content; empty for an unknown branch. */
  files(branch: string): Map<string, string> {
    const files = new Map<string, string>();
    const head = this.#branches.get(branch);
    if (!head) return files;
    const walk = (treeSha: string, prefix: string): void => {
      for (const item of this.#tree(treeSha)) {
        if (item.type === 'tree') walk(item.sha, `${prefix}${item.name}/`);
        else files.set(`${prefix}${item.name}`, (this.blob(item.sha) as Buffer).toString('utf8'));
      }
    };
    walk(this.#commit(head).tree, '');
    return files;
  }

  /** The tree a tree-ish names: a tree's sha, a commit's sha, or a branch name. */
  resolveTree(treeish: string): string | undefined {
    const sha = this.#branches.get(treeish) ?? treeish;
    const object = this.#objects.get(sha);
    if (object?.type === 'tree') return sha;
    if (object?.type === 'commit') return object.tree;
    return undefined;
  }

  blob(sha: string): Buffer | undefined {
    const object = this.#objects.get(sha);
    return object?.type === 'blob' ? object.content : undefined;
  }

  /**
   * A tree's entries, with those of every subtree when `recursive`, in git's order (each tree before its contents),
   * cut at `limit` entries the way GitHub cuts a listing it will not send whole.
   */
  listTree(sha: string, options: { recursive: boolean; limit: number }): { entries: GitTreeEntry[]; truncated: boolean } {
    const entries: GitTreeEntry[] = [];
    let truncated = false;
    const walk = (treeSha: string, prefix: string): void => {
      for (const item of this.#tree(treeSha)) {
        if (entries.length >= options.limit) {
          truncated = true;
          return;
        }
        const path = `${prefix}${item.name}`;
        if (item.type === 'tree') {
          entries.push({ path, mode: '040000', type: 'tree', sha: item.sha });
          if (options.recursive) walk(item.sha, `${path}/`);
        } else {
          entries.push({ path, mode: '100644', type: 'blob', sha: item.sha, size: (this.blob(item.sha) as Buffer).length });
        }
      }
    };
    walk(sha, '');
    return { entries, truncated };
  }

  #tree(sha: string): readonly TreeItem[] {
    const object = this.#objects.get(sha);
    if (object?.type !== 'tree') throw new Error(`No tree ${sha}`);
    return object.items;
  }

  #commit(sha: string): Extract<GitObject, { type: 'commit' }> {
    const object = this.#objects.get(sha);
    if (object?.type !== 'commit') throw new Error(`No commit ${sha}`);
    return object;
  }

  #put(object: GitObject, body: Buffer): string {
    const sha = objectId(object.type, body);
    this.#objects.set(sha, object);
    return sha;
  }

  /** Writes the trees for a set of files and returns the root tree's sha. */
  #writeTree(files: ReadonlyMap<string, string>): string {
    const here = new Map<string, string>();
    const below = new Map<string, Map<string, string>>();
    for (const [path, content] of files) {
      const slash = path.indexOf('/');
      if (slash === -1) {
        here.set(path, content);
      } else {
        const folder = path.slice(0, slash);
        const inner = below.get(folder) ?? new Map<string, string>();
        inner.set(path.slice(slash + 1), content);
        below.set(folder, inner);
      }
    }
    const items: TreeItem[] = [];
    for (const [name, content] of here) {
      const buffer = Buffer.from(content, 'utf8');
      items.push({ name, type: 'blob', sha: this.#put({ type: 'blob', content: buffer }, buffer) });
    }
    for (const [name, inner] of below) items.push({ name, type: 'tree', sha: this.#writeTree(inner) });
    items.sort(gitOrder);
    const body = Buffer.concat(items.map((item) => Buffer.concat([Buffer.from(`${item.type === 'tree' ? '40000' : '100644'} ${item.name}\0`), Buffer.from(item.sha, 'hex')])));
    return this.#put({ type: 'tree', items }, body);
  }
}
