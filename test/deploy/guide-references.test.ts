/**
 * docs/deploying.md and the files it installs point at each other: each file in deploy/ (and the Dockerfile) names
 * the guide's section that installs it, and the guide links to the files, to its own sections and to the other guides'.
 * The guide also names files of the repository, npm scripts and environment variables in its text and commands.
 * A renamed section, a moved file, a renamed script or variable breaks one of these; this finds it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { headingAnchors } from '../docs/support/markdown-links.ts';
import { GUIDE, guideHeadings, readGuideTree } from './support/guide-blocks.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Paths the guide names that are not in Redress's repository because the guide's own steps make them. */
const MADE_BY_THE_GUIDE = [
  // `npx redress init --name "Riverside Child Contact Centre" …` writes the organisation's procedure.
  'workflows/riverside-child-contact-centre.yaml',
  // Astro's public folder (astro.config.mjs), where the organisation puts its logo.
  'site/public/',
];

/** Every file git holds in this checkout. */
const TRACKED = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);

/** Whether a path is a file of the repository, or (ending in /) a folder holding one. */
function inRepository(file: string): boolean {
  const name = file.replace(/\/$/, '');
  return TRACKED.some((tracked) => tracked === name || tracked.startsWith(`${name}/`));
}

/** The text of every inline code span of the guide. */
function guideCodeSpans(): string[] {
  interface Node {
    type: string;
    value?: string;
    children?: Node[];
  }
  const spans: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'inlineCode' && node.value) spans.push(node.value);
    for (const child of node.children ?? []) walk(child);
  };
  walk(readGuideTree(ROOT) as Node);
  return spans;
}

const GUIDE_TEXT = readFileSync(path.join(ROOT, GUIDE), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(path.join(ROOT, file)).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Every link of the guide: its target as written. */
function guideLinks(): string[] {
  interface Node {
    type: string;
    url?: string;
    children?: Node[];
  }
  const links: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'link' && node.url) links.push(node.url);
    for (const child of node.children ?? []) walk(child);
  };
  walk(readGuideTree(ROOT) as Node);
  return links;
}

describe('the deployment guide and the files it installs', () => {
  test('each section a file in deploy/ or the Dockerfile names is a section of the guide', () => {
    const headings = guideHeadings(ROOT);
    const named = ['Dockerfile', ...filesUnder('deploy')].flatMap((file) =>
      [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/docs\/deploying\.md,? \(?"([^"]+)"/g)].map((match) => ({ file, section: match[1] as string })),
    );
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.filter(({ section }) => !headings.includes(section))).toEqual([]);
  });

  test('each file of deploy/ is shown in the guide', () => {
    const links = new Set(guideLinks());
    expect(filesUnder('deploy').filter((file) => !links.has(`../${file}`))).toEqual([]);
  });

  test('every link of the guide to a file of the repository, a section of its own or of another guide leads somewhere', () => {
    const own = new Set(headingAnchors(path.join(ROOT, GUIDE)));
    const broken: string[] = [];
    for (const url of guideLinks()) {
      if (/^[a-z]+:/.test(url)) continue;
      const [file = '', anchor] = url.split('#');
      if (file === '') {
        if (!own.has(anchor ?? '')) broken.push(url);
        continue;
      }
      const target = path.normalize(path.join(path.dirname(GUIDE), file));
      if (!existsSync(path.join(ROOT, target))) broken.push(url);
      else if (anchor !== undefined && (!target.endsWith('.md') || !headingAnchors(path.join(ROOT, target)).includes(anchor))) broken.push(url);
    }
    expect(broken).toEqual([]);
  });
});

describe('the names the guide gives', () => {
  test('each path of the repository it names is there, in the repository or as one of its own steps makes it', () => {
    const topLevel = new Set(TRACKED.map((file) => file.split('/')[0]));
    // A code span naming a path inside the repository: its first part is one of the repository's top-level entries.
    const repositoryPaths = guideCodeSpans().filter((span) => !/\s/.test(span) && topLevel.has(span.split('/')[0] as string));
    // Commands use the server's checkout, /opt/redress.
    const checkoutPaths = [...GUIDE_TEXT.matchAll(/\/opt\/redress\/([\w./-]+)/g)].map((match) => match[1] as string);
    expect(repositoryPaths.length).toBeGreaterThanOrEqual(10);
    expect(checkoutPaths.length).toBeGreaterThanOrEqual(5);
    const missing = [...new Set([...repositoryPaths, ...checkoutPaths])].filter((file) => !inRepository(file) && !MADE_BY_THE_GUIDE.includes(file));
    expect(missing).toEqual([]);
  });

  test('the paths its own steps make are named by the guide, and are not in the repository', () => {
    const spans = new Set(guideCodeSpans());
    for (const file of MADE_BY_THE_GUIDE) {
      expect(spans.has(file), file).toBe(true);
      expect(inRepository(file), file).toBe(false);
    }
    expect(GUIDE_TEXT).toContain('npx redress init --name "Riverside Child Contact Centre"');
    expect(readFileSync(path.join(ROOT, 'astro.config.mjs'), 'utf8')).toContain("publicDir: './site/public'");
  });

  test('each npm script it runs is a script of package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const named = [...GUIDE_TEXT.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)].map((match) => (match[1] ?? match[2]) as string);
    expect(named).toContain('build');
    expect([...new Set(named)].filter((script) => !scripts.includes(script))).toEqual([]);
  });

  test('each environment variable, secret or Actions variable it names is read by Redress or its workflows', () => {
    const readers = TRACKED.filter((file) => /^(scripts|site)\/.*\.(ts|astro|mjs)$|^\.github\/workflows\/.*\.yml$|^astro\.config\.mjs$/.test(file));
    const source = readers.map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
    const named = [...new Set([...GUIDE_TEXT.matchAll(/\b(?:REDRESS_[A-Z0-9_]+|GITHUB_TOKEN)\b/g)].map((match) => match[0]))];
    expect(named).toEqual(expect.arrayContaining(['REDRESS_GITHUB_REPO', 'REDRESS_SMTP_URL', 'REDRESS_MAIL_FROM', 'REDRESS_TOKEN']));
    const unread = named.filter((name) => !new RegExp(`\\b${name}\\b`).test(source));
    expect(unread).toEqual([]);
  });
});
