/**
 * Reads a case body as GitHub would, with a CommonMark + GFM parser (micromark), to check that a complaint's text
 * added nothing but text: no HTML, image, link, heading, list, table, code or quote of its own, and no @mention or
 * issue reference. GitHub finds those in the text after character references are decoded (a post-processing step
 * after cmark-gfm), so they are looked for in the decoded text, as are GFM's bare links.
 */
import { expect } from 'vitest';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

interface Node {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: Node[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** Nodes that any text makes: paragraphs, text, line breaks (escapeUserText writes `<br>` for a line break). */
function isPlain(node: Node): boolean {
  return node.type === 'text' || node.type === 'paragraph' || node.type === 'break' || (node.type === 'html' && node.value === '<br>');
}

function signature(node: Node): string {
  if (node.type === 'html') return node.value?.startsWith('<!-- redress:case ') ? 'html:case-block' : `html:${node.value}`;
  if (node.type === 'link' || node.type === 'image') return `${node.type}:${node.url}`;
  if (node.type === 'heading') return `heading${node.depth}`;
  return node.type;
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** The markup of a body: every node that is not plain text, as a sorted list. */
export function markupOf(body: string): string[] {
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Node;
  const found: string[] = [];
  walk(tree, (node) => {
    if (!isPlain(node) && node.type !== 'root') found.push(signature(node));
  });
  return found.sort();
}

// GitHub links these in decoded text: @login or @org/team, #123, GH-123, owner/repo#123.
const MENTION = /(^|[^\w`])@[A-Za-z0-9]/;
const REFERENCE = /(^|[^\w])#\d|\bGH-\d|[\w.-]+\/[\w.-]+#\d/i;

/** The @mentions and issue references in the body's text as decoded (code is not looked at, as on GitHub). */
export function mentionsAndReferences(body: string): string[] {
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Node;
  const found: string[] = [];
  walk(tree, (node) => {
    if (node.type === 'text' && node.value && (MENTION.test(node.value) || REFERENCE.test(node.value))) found.push(node.value);
  });
  return found;
}

/** What a hostile body has that the same body with harmless text does not. */
export function addedMarkup(hostile: string, harmless: string): string[] {
  const extra = [...markupOf(hostile)];
  for (const item of markupOf(harmless)) {
    const index = extra.indexOf(item);
    if (index >= 0) extra.splice(index, 1);
  }
  return extra;
}

/** A body without its hidden contact block, once that block is shown to be one comment that reads back as given. */
export function withoutContactBlock(body: string): string {
  const blocks = body.match(/<!-- redress:contact v1 [^\n]*? -->/g) ?? [];
  expect(blocks.length).toBeLessThanOrEqual(1);
  const [block] = blocks;
  if (block !== undefined) expect(block.slice(4, -3)).not.toMatch(/--|[<>@#]/);
  return block === undefined ? body : body.replace(block, '');
}
