// The git database endpoints: a repository's trees and blobs, read by sha (or, for trees, by branch name).
import { GitHubError, type Handler, type HandlerContext, errorBody, notFound, readableRepo } from './context.ts';
import type { RepoRecord } from '../state.ts';

/** GitHub's answer for the git database of a repository without any commit. */
function requireCommits(context: HandlerContext, repo: RepoRecord): void {
  if (repo.git.isEmpty()) throw new GitHubError(409, errorBody(context, 409, 'Git Repository is empty.'));
}

/**
 * `GET /repos/{owner}/{repo}/git/trees/{tree_sha}`: `tree_sha` is a tree's sha, a commit's, or a branch name.
 * GitHub lists subtrees with `recursive` set to any value at all ("0" and "false" included, as it documents), and
 * cuts a listing longer than it will send, saying `truncated: true`.
 */
export const getTree: Handler = (context) => {
  const repo = readableRepo(context);
  requireCommits(context, repo);
  const sha = repo.git.resolveTree(String(context.params.tree_sha));
  if (sha === undefined) throw notFound(context);
  const { entries, truncated } = repo.git.listTree(sha, { recursive: context.query.recursive !== undefined, limit: context.state.treeEntryLimit });
  const api = `${context.urls.api}/repos/${repo.fullName}/git`;
  return {
    status: 200,
    body: {
      sha,
      url: `${api}/trees/${sha}`,
      tree: entries.map((entry) => ({ ...entry, url: `${api}/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}` })),
      truncated,
    },
  };
};

/** `GET /repos/{owner}/{repo}/git/blobs/{file_sha}`: the content in base64, broken into lines of 60 as GitHub sends it. */
export const getBlob: Handler = (context) => {
  const repo = readableRepo(context);
  requireCommits(context, repo);
  const sha = String(context.params.file_sha);
  const content = repo.git.blob(sha);
  if (!content) throw notFound(context);
  const base64 = content.toString('base64');
  return {
    status: 200,
    body: {
      sha,
      node_id: `B_kwDO${Buffer.from(`${repo.id}:${sha}`).toString('base64url')}`,
      size: content.length,
      url: `${context.urls.api}/repos/${repo.fullName}/git/blobs/${sha}`,
      content: `${(base64.match(/.{1,60}/g) ?? []).join('\n')}\n`,
      encoding: 'base64',
    },
  };
};
