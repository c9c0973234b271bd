/**
 * The code blocks of docs/deploying.md that a test runs, read with a CommonMark parser. A block is marked for a test
 * by a word after its language (```` ```sh test=make-copy ````), which GitHub does not show, so the reader copies
 * exactly the text the test ran. A marked block a test asks for and the guide lacks, or one marked twice, fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';

export const GUIDE = 'docs/deploying.md';

export interface GuideBlock {
  name: string;
  lang: string;
  text: string;
  /** The line of the guide the block's fence is on. */
  line: number;
}

interface Node {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  depth?: number;
  children?: Node[];
  position?: { start: { line: number } };
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children ?? []) yield* walk(child);
}

/** The guide's syntax tree. */
export function readGuideTree(root: string): Node {
  return fromMarkdown(readFileSync(path.join(root, GUIDE), 'utf8')) as Node;
}

/** Every marked block of the guide, by name. */
export function readGuideBlocks(root: string): Map<string, GuideBlock> {
  const blocks = new Map<string, GuideBlock>();
  for (const node of walk(readGuideTree(root))) {
    if (node.type !== 'code') continue;
    const name = /(?:^|\s)test=([\w-]+)(?:\s|$)/.exec(node.meta ?? '')?.[1];
    if (!name) continue;
    const line = node.position?.start.line ?? 0;
    const earlier = blocks.get(name);
    if (earlier) throw new Error(`${GUIDE}:${line}: a second block marked test=${name} (the first is on line ${earlier.line}).`);
    blocks.set(name, { name, lang: node.lang ?? '', text: node.value ?? '', line });
  }
  return blocks;
}

/** The text of every heading of the guide. */
export function guideHeadings(root: string): string[] {
  const text = (node: Node): string => (node.value ?? '') + (node.children ?? []).map(text).join('');
  return [...walk(readGuideTree(root))].filter((node) => node.type === 'heading').map(text);
}

/** Replaces `from` with `to` in a block, failing when the block no longer holds `from` (the guide changed under the test). */
export function substitute(block: GuideBlock, from: string, to: string): GuideBlock {
  if (!block.text.includes(from)) throw new Error(`${GUIDE}:${block.line}: the block test=${block.name} no longer holds "${from}".`);
  return { ...block, text: block.text.split(from).join(to) };
}
