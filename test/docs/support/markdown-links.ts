/**
 * The relative links of the project's Markdown, checked the way GitHub follows them: the path, taken from the
 * linking file's folder, must be a file or folder of the checkout, and an `#anchor` must be the slug GitHub gives a
 * heading of the target (github-slugger: lower case, punctuation dropped, spaces as hyphens, `-1`, `-2` for a
 * heading repeated). Links with a scheme (https:, mailto:) are left to their sites.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

interface Node {
  type: string;
  url?: string;
  value?: string;
  children?: Node[];
  position?: { start: { line: number } };
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children ?? []) yield* walk(child);
}

/** Parsed once per file: a guide's every anchor link would otherwise parse its target again. */
const trees = new Map<string, Node>();

function tree(file: string): Node {
  const parsed = trees.get(file) ?? parse(file);
  trees.set(file, parsed);
  return parsed;
}

function parse(file: string): Node {
  return fromMarkdown(readFileSync(file, 'utf8'), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Node;
}

function plainText(node: Node): string {
  return (node.value ?? '') + (node.children ?? []).map(plainText).join('');
}

/** The anchors GitHub makes for a Markdown file's headings, in order. */
export function headingAnchors(file: string): string[] {
  const slugger = new GithubSlugger();
  return [...walk(tree(file))].filter((node) => node.type === 'heading').map((node) => slugger.slug(plainText(node)));
}

export interface MarkdownLink {
  /** The linking file, relative to the root. */
  file: string;
  line: number;
  url: string;
}

/** Every link, image and link definition of a Markdown file, as written. */
export function linksOf(root: string, file: string): MarkdownLink[] {
  return [...walk(tree(path.join(root, file)))]
    .filter((node) => (node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url)
    .map((node) => ({ file, line: node.position?.start.line ?? 0, url: node.url as string }));
}

/** Why a relative link leads nowhere, or undefined when it leads somewhere (or is not relative). */
export function whyBroken(root: string, link: MarkdownLink): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(link.url)) return undefined;
  const hash = link.url.indexOf('#');
  const target = decodeURI(hash === -1 ? link.url : link.url.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(link.url.slice(hash + 1));
  if (target.startsWith('/')) return 'a path from the root of the site, which GitHub does not resolve in a repository';
  const resolved = target === '' ? link.file : path.normalize(path.join(path.dirname(link.file), target));
  if (resolved.startsWith('..')) return `${resolved} is outside the repository`;
  const absolute = path.join(root, resolved);
  if (!existsSync(absolute)) return `there is no ${resolved}`;
  if (anchor === undefined) return undefined;
  if (statSync(absolute).isDirectory() || !resolved.endsWith('.md')) return `#${anchor} on ${resolved}, which has no headings`;
  const anchors = headingAnchors(absolute);
  return anchors.includes(anchor) ? undefined : `${resolved} has no heading with the anchor #${anchor}`;
}

/** Each broken relative link of the files, as `file:line url: why`. */
export function brokenLinks(root: string, files: string[]): string[] {
  return files.flatMap((file) =>
    linksOf(root, file).flatMap((link) => {
      const why = whyBroken(root, link);
      return why === undefined ? [] : [`${link.file}:${link.line} ${link.url}: ${why}`];
    }),
  );
}
