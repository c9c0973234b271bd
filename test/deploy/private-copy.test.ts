/**
 * The private cases repository as docs/deploying.md makes it and keeps it up to date, with git and temporary bare
 * repositories standing in for GitHub: "Redress" (upstream, this checkout's HEAD with a tag and a second branch)
 * and the organisation's empty private repository. The guide's own marked code blocks run as they are written, in
 * bash, in the folders the guide names; only the addresses differ (set as the guide's two variables) and
 * `npm ci`, replaced by a link to this checkout's node_modules (installing every package again on each run would
 * take minutes and the network). What a person does by hand (the roster typed into redress.yaml, an upstream
 * change, GitHub Actions pushing the ledger) the test does between the blocks, each as the guide or the workflow
 * describes it.
 *
 * What this cannot show: GitHub itself (creating the repository, "Use this template", Actions, permissions). The
 * template is modelled as GitHub documents it, one new commit holding the template's files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readGuideBlocks, substitute, type GuideBlock } from './support/guide-blocks.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BLOCKS = readGuideBlocks(ROOT);
const used = new Set<string>();

const NPM_CI = 'npm ci --omit=dev --ignore-scripts --no-audit --no-fund';
const OWN_PROCEDURE = 'workflows/riverside-child-contact-centre.yaml';
const ISSUE_FORM = '.github/ISSUE_TEMPLATE/complaint.yml';
const SWEEP_STATE = 'cases/.sweep-state.json';
const SLOW = 600_000;

const MAINTAINER = ['-c', 'user.name=Redress Maintainer', '-c', 'user.email=maintainer@redress.example'];
// As the push-ledger job of .github/workflows/sweep.yml commits.
const ACTIONS = ['-c', 'user.name=github-actions[bot]', '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com'];

function block(name: string): GuideBlock {
  const found = BLOCKS.get(name);
  if (!found) throw new Error(`docs/deploying.md has no code block marked test=${name}.`);
  used.add(name);
  return found;
}

/** A block as it runs here: `npm ci` becomes a link to this checkout's packages, wherever the block has it. */
function here(found: GuideBlock): GuideBlock {
  return found.text.includes(NPM_CI) ? substitute(found, NPM_CI, `ln -sfn ${ROOT}/node_modules node_modules`) : found;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let upstream: string;
let upstreamWork: string;
let privateRepo: string;
let work: string;
let complaints: string;
let actionsRuns = 0;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a block in bash as a reader pasting it would, but stopping at the first failing command. */
function run(found: GuideBlock, cwd: string, extra: Record<string, string> = {}): Ran {
  const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', here(found).text], { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: SLOW });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function succeeds(found: GuideBlock, cwd: string, extra: Record<string, string> = {}): Ran {
  const result = run(found, cwd, extra);
  if (result.status !== 0) throw new Error(`The block test=${found.name} (docs/deploying.md:${found.line}) failed with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

/** node_modules linked in, and kept out of git: `npm ci` makes a folder, which .gitignore's `node_modules/` matches; a link it does not. */
function linkPackages(clone: string): void {
  execFileSync('ln', ['-sfn', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
  appendFileSync(path.join(clone, '.git/info/exclude'), '/node_modules\n');
}

/** GitHub Actions' push-ledger job: the sweep's ledger files, committed as github-actions[bot] and pushed. */
function actionsPushLedger(files: Record<string, string>): string {
  actionsRuns += 1;
  const checkout = path.join(dir, `actions-${actionsRuns}`);
  git(dir, 'clone', '--quiet', privateRepo, checkout);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    writeFileSync(path.join(checkout, file), text);
  }
  git(checkout, 'add', '--', 'cases');
  git(checkout, ...ACTIONS, 'commit', '--quiet', '-m', 'Case ledger: sweep');
  git(checkout, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(checkout, 'rev-parse', 'HEAD');
}

/** A change the Redress maintainers publish. */
function upstreamChange(message: string, edit: (checkout: string) => void): string {
  git(upstreamWork, 'pull', '--quiet', '--ff-only');
  edit(upstreamWork);
  git(upstreamWork, 'add', '--all');
  git(upstreamWork, ...MAINTAINER, 'commit', '--quiet', '-m', message);
  git(upstreamWork, 'push', '--quiet', 'origin', 'main');
  return git(upstreamWork, 'rev-parse', 'HEAD');
}

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer holds "${from}".`);
  writeFileSync(file, text.replace(from, to));
}

function ledgerEntry(reference: string): string {
  return `${JSON.stringify({ reference, procedure: 'riverside-child-contact-centre', events: [{ type: 'received', at: '2026-11-30T10:00:00.000Z' }] }, null, 2)}\n`;
}

function sweepState(at: string): string {
  return `${JSON.stringify({ lastStartedAt: at, pending: [] }, null, 2)}\n`;
}

const ADDRESSES = (): Record<string, string> => ({ REDRESS: upstream, CASES: privateRepo });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'redress-private-copy-'));
  const globalConfig = path.join(dir, 'gitconfig');
  writeFileSync(globalConfig, '');
  // A fresh person's git: no system or user configuration of this machine, no editor, no password prompt; npm offline.
  env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GIT_|REDRESS_|GITHUB_)/.test(name)));
  Object.assign(env, {
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_EDITOR: 'false',
    GIT_TERMINAL_PROMPT: '0',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  });

  upstream = path.join(dir, 'redress.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', upstream);
  execFileSync('git', ['-c', 'core.hooksPath=/dev/null', 'push', '--quiet', upstream, 'HEAD:refs/heads/main', 'HEAD:refs/heads/next', 'HEAD:refs/tags/v0.1.0'], { cwd: ROOT, env, stdio: 'pipe' });
  upstreamWork = path.join(dir, 'redress-maintainer');
  git(dir, 'clone', '--quiet', upstream, upstreamWork);

  // As GitHub makes a new repository with nothing in it.
  privateRepo = path.join(dir, 'complaints.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', privateRepo);
  work = path.join(dir, 'home');
  mkdirSync(work);
  complaints = path.join(work, 'complaints');
}, SLOW);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
}, SLOW);

describe('a private copy by a mirror push, as the guide makes it', () => {
  test('the guide names the two addresses once, and the copying blocks use them', () => {
    const lines = block('addresses').text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    expect(lines.map((line) => line.split('=')[0])).toEqual(['REDRESS', 'CASES']);
    for (const line of lines) expect(line).toMatch(/^[A-Z]+=https:\/\/github\.com\/\S+\.git$/);
    expect(block('make-copy').text).toContain('"$REDRESS"');
    expect(block('make-copy').text).toContain('"$CASES"');
    expect(block('clone').text).toContain('"$CASES"');
  });

  test('the mirror push copies every branch and tag of Redress into the empty private repository', () => {
    succeeds(block('git-identity'), work);
    expect(git(work, 'config', '--global', 'user.name')).toBe('Mary Smith');
    expect(git(dir, 'ls-remote', privateRepo)).toBe('');

    succeeds(block('make-copy'), work, ADDRESSES());

    expect(git(dir, 'ls-remote', privateRepo)).toBe(git(dir, 'ls-remote', upstream));
    expect(git(dir, 'ls-remote', privateRepo)).toMatch(/refs\/tags\/v0\.1\.0/);
    expect(existsSync(path.join(work, 'redress-copy.git'))).toBe(false);
  });

  test('the working folder is a clone of the private copy, with Redress as "upstream"', () => {
    succeeds(block('clone'), work, ADDRESSES());
    expect(git(complaints, 'remote', 'get-url', 'origin')).toBe(privateRepo);
    expect(git(complaints, 'remote', 'get-url', 'upstream')).toBe(upstream);
    expect(git(complaints, 'rev-parse', 'HEAD')).toBe(git(dir, `--git-dir=${upstream}`, 'rev-parse', 'main'));
  });

  test('init writes the organisation file and the procedure, and with the roster in place the checks pass', () => {
    succeeds(block('install'), complaints);
    appendFileSync(path.join(complaints, '.git/info/exclude'), '/node_modules\n');
    succeeds(block('init'), complaints);
    const organisationFile = path.join(complaints, 'redress.yaml');
    expect(existsSync(path.join(complaints, OWN_PROCEDURE))).toBe(true);

    const roster = block('roster');
    expect(roster.lang).toBe('yaml');
    replaceIn(organisationFile, 'people: []\n', roster.text.endsWith('\n') ? roster.text : `${roster.text}\n`);
    const checked = succeeds(block('check'), complaints);
    expect(checked.stdout).toContain('dry run: nothing was written');
  }, SLOW);

  test('the check stops a roster that gives someone a role the procedure does not have, naming the file and line', () => {
    const organisationFile = path.join(complaints, 'redress.yaml');
    const good = readFileSync(organisationFile, 'utf8');
    writeFileSync(organisationFile, good.replace('[service-manager]', '[chair-of-trustees]'));
    try {
      const checked = run(block('check'), complaints);
      expect(checked.status).not.toBe(0);
      expect(`${checked.stdout}${checked.stderr}`).toMatch(/redress\.yaml:\d+:\d+ .*chair-of-trustees/);
    } finally {
      writeFileSync(organisationFile, good);
    }
  }, SLOW);

  test('the organisation’s commit holds its own files and the staff form made again, and reaches the private repository', () => {
    succeeds(block('commit-org'), complaints);
    const pushed = git(dir, `--git-dir=${privateRepo}`, 'log', '-1', '--name-only', '--format=%an <%ae>%n%s', 'main').split('\n').filter(Boolean);
    expect(pushed[0]).toBe('Mary Smith <mary.smith@example.org>');
    expect(pushed.slice(2).sort()).toEqual([ISSUE_FORM, OWN_PROCEDURE, 'redress.yaml'].sort());
    expect(readFileSync(path.join(complaints, ISSUE_FORM), 'utf8')).toContain('- riverside-child-contact-centre');
  }, SLOW);
});

describe('taking an update from Redress', () => {
  let beforeUpdate: Record<string, string>;
  let upstreamHead: string;

  test('an upstream change to the code merges cleanly with the organisation’s files and the ledger Actions pushed', () => {
    actionsPushLedger({ 'cases/2026/RCCC-2026-0001.json': ledgerEntry('RCCC-2026-0001'), [SWEEP_STATE]: sweepState('2026-12-01T09:17:00.000Z') });
    upstreamHead = upstreamChange('Server: a clearer first comment', (checkout) => {
      replaceIn(path.join(checkout, 'scripts/server/start.ts'), '// `npm start`:', '// The server started by `npm start`:');
    });
    beforeUpdate = Object.fromEntries(['redress.yaml', OWN_PROCEDURE].map((file) => [file, readFileSync(path.join(complaints, file), 'utf8')]));

    succeeds(block('update'), complaints);

    expect(git(complaints, 'rev-parse', 'HEAD^2')).toBe(upstreamHead);
    expect(readFileSync(path.join(complaints, 'scripts/server/start.ts'), 'utf8')).toContain('// The server started by `npm start`:');
    expect(readFileSync(path.join(complaints, 'cases/2026/RCCC-2026-0001.json'), 'utf8')).toBe(ledgerEntry('RCCC-2026-0001'));
    for (const [file, text] of Object.entries(beforeUpdate)) expect(readFileSync(path.join(complaints, file), 'utf8'), file).toBe(text);
    const own = succeeds(block('check-own'), complaints);
    expect(own.stdout).toContain('own files are as they were');
  }, SLOW);

  test('a push refused because Actions pushed meanwhile goes through after the guide’s pull', () => {
    const ledger = actionsPushLedger({ 'cases/2026/RCCC-2026-0002.json': ledgerEntry('RCCC-2026-0002'), [SWEEP_STATE]: sweepState('2026-12-01T10:17:00.000Z') });

    const refused = run(block('after-update'), complaints);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/rejected/);
    expect(refused.stdout).toMatch(/procedures? valid/);

    succeeds(block('push-rejected'), complaints);
    const published = git(dir, `--git-dir=${privateRepo}`, 'rev-parse', 'main');
    expect(published).toBe(git(complaints, 'rev-parse', 'HEAD'));
    for (const ancestor of [upstreamHead, ledger]) {
      expect(spawnSync('git', [`--git-dir=${privateRepo}`, 'merge-base', '--is-ancestor', ancestor, 'main'], { env }).status, ancestor).toBe(0);
    }
    expect(readFileSync(path.join(complaints, SWEEP_STATE), 'utf8')).toBe(sweepState('2026-12-01T10:17:00.000Z'));
  }, SLOW);
});

describe('an update that conflicts with the organisation’s changes', () => {
  const ours = sweepState('2026-12-02T08:17:00.000Z');
  const theirs = sweepState('2026-12-02T08:42:00.000Z');
  let upstreamHead: string;
  let beforeMerge: string;

  test('Redress changing the staff form and committing a ledger file of its own stops the merge, naming both files', () => {
    actionsPushLedger({ [SWEEP_STATE]: ours });
    upstreamHead = upstreamChange('Staff form: ask which procedure', (checkout) => {
      replaceIn(path.join(checkout, 'scripts/core/intake/issue-form.ts'), "dropdown('procedure', 'Procedure',", "dropdown('procedure', 'Which procedure',");
      replaceIn(path.join(checkout, ISSUE_FORM), '      label: Procedure\n', '      label: Which procedure\n');
      mkdirSync(path.join(checkout, 'cases'), { recursive: true });
      writeFileSync(path.join(checkout, SWEEP_STATE), theirs);
    });
    // The maintainers' form is what their generator makes: the change above is a real one, not a hand edit.
    linkPackages(upstreamWork);
    expect(spawnSync('npx', ['redress', 'issue-form', 'generate', '--check'], { cwd: upstreamWork, env, encoding: 'utf8', timeout: SLOW }).status).toBe(0);

    const merged = run(block('update'), complaints);
    expect(merged.status).not.toBe(0);
    expect(merged.stdout).toMatch(/CONFLICT/);
    expect(git(complaints, 'diff', '--name-only', '--diff-filter=U').split('\n').sort()).toEqual([ISSUE_FORM, SWEEP_STATE]);
    beforeMerge = git(complaints, 'rev-parse', 'HEAD');
  }, SLOW);

  test('resolved the wrong way, the check of the organisation’s own files says so, and the guide’s restore puts them back', () => {
    const careless = path.join(dir, 'careless');
    git(dir, 'clone', '--quiet', privateRepo, careless);
    git(careless, 'remote', 'add', 'upstream', upstream);
    linkPackages(careless);
    expect(git(careless, 'rev-parse', 'HEAD')).toBe(beforeMerge);
    expect(run(block('update'), careless).status).not.toBe(0);
    // Redress's version of everything, the organisation's ledger included: what the rule forbids.
    git(careless, 'checkout', '--theirs', '--', SWEEP_STATE, ISSUE_FORM);
    git(careless, 'add', '--', SWEEP_STATE, ISSUE_FORM);
    git(careless, 'commit', '--quiet', '--no-edit');

    const caught = run(block('check-own'), careless);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain(SWEEP_STATE);
    expect(caught.stdout).not.toContain('as they were');

    succeeds(block('restore-own'), careless);
    expect(readFileSync(path.join(careless, SWEEP_STATE), 'utf8')).toBe(ours);
    expect(succeeds(block('check-own'), careless).stdout).toContain('own files are as they were');
  }, SLOW);

  test('the guide’s resolution keeps the organisation’s ledger and takes Redress’s form, made again with the organisation’s procedure', () => {
    succeeds(block('conflicts'), complaints);

    expect(git(complaints, 'diff', '--name-only', '--diff-filter=U')).toBe('');
    expect(git(complaints, 'rev-parse', 'HEAD^1')).toBe(beforeMerge);
    expect(git(complaints, 'rev-parse', 'HEAD^2')).toBe(upstreamHead);
    expect(readFileSync(path.join(complaints, SWEEP_STATE), 'utf8')).toBe(ours);
    const form = readFileSync(path.join(complaints, ISSUE_FORM), 'utf8');
    expect(form).toContain('      label: Which procedure\n');
    expect(form).toContain('- riverside-child-contact-centre');
    expect(form).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(succeeds(block('check-own'), complaints).stdout).toContain('own files are as they were');

    succeeds(block('after-update'), complaints);
    expect(git(dir, `--git-dir=${privateRepo}`, 'rev-parse', 'main')).toBe(git(complaints, 'rev-parse', 'HEAD'));
  }, SLOW);

  test('nothing the guide’s commands made is left out of git but what .gitignore keeps out', () => {
    expect(existsSync(path.join(complaints, '.redress'))).toBe(true);
    expect(git(complaints, 'status', '--porcelain')).toBe('');
  });
});

describe('a copy made with "Use this template"', () => {
  /** A repository as "Use this template" makes it: one new commit holding the files of Redress's main branch. */
  function fromTemplate(name: string, change?: (checkout: string) => void): { repository: string; madeFrom: string } {
    git(upstreamWork, 'pull', '--quiet', '--ff-only');
    const madeFrom = git(upstreamWork, 'rev-parse', 'HEAD');
    let tree = `${madeFrom}^{tree}`;
    if (change) {
      change(upstreamWork);
      git(upstreamWork, 'add', '--all');
      tree = git(upstreamWork, 'write-tree');
      git(upstreamWork, 'reset', '--quiet', '--hard', madeFrom);
    }
    const initial = git(upstreamWork, ...MAINTAINER, 'commit-tree', tree, '-m', 'Initial commit');
    const repository = path.join(dir, `${name}.git`);
    git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', repository);
    git(upstreamWork, 'push', '--quiet', repository, `${initial}:refs/heads/main`);
    return { repository, madeFrom };
  }

  function cloneAsGuideSays(repository: string, home: string): string {
    mkdirSync(home);
    succeeds(block('clone'), home, { REDRESS: upstream, CASES: repository });
    const clone = path.join(home, 'complaints');
    linkPackages(clone);
    return clone;
  }

  test('the first update is refused as unrelated; joined once, as the guide says, it and later updates merge', () => {
    const { repository, madeFrom } = fromTemplate('templated');
    const clone = cloneAsGuideSays(repository, path.join(dir, 'templated-home'));
    // The organisation's files as init and the roster made them above.
    for (const file of ['redress.yaml', OWN_PROCEDURE]) writeFileSync(path.join(clone, file), readFileSync(path.join(complaints, file)));
    git(clone, 'add', '--', 'redress.yaml', OWN_PROCEDURE);
    git(clone, 'commit', '--quiet', '-m', 'Our organisation');
    const upstreamHead = upstreamChange('README: say where the guides are', (checkout) => {
      appendFileSync(path.join(checkout, 'README.md'), '\nThe guides are in docs/.\n');
    });

    const refused = run(block('update'), clone);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('refusing to merge unrelated histories');

    const treeBefore = git(clone, 'rev-parse', 'HEAD^{tree}');
    succeeds(block('join-history'), clone);
    expect(git(clone, 'rev-parse', 'HEAD^{tree}')).toBe(treeBefore);
    expect(git(clone, 'rev-parse', 'HEAD^2')).toBe(madeFrom);

    succeeds(block('update'), clone);
    expect(git(clone, 'rev-parse', 'HEAD^2')).toBe(upstreamHead);
    // Redress as it is now, with the organisation's files added: nothing else differs.
    expect(git(clone, 'diff', '--name-only', 'upstream/main', 'HEAD').split('\n').sort()).toEqual([OWN_PROCEDURE, 'redress.yaml'].sort());
  }, SLOW);

  test('a copy whose first commit matches no commit of Redress is told so, and is left as it was', () => {
    const { repository } = fromTemplate('rewritten', (checkout) => appendFileSync(path.join(checkout, 'README.md'), '\nA line Redress never had.\n'));
    const clone = cloneAsGuideSays(repository, path.join(dir, 'rewritten-home'));
    const head = git(clone, 'rev-parse', 'HEAD');

    const told = succeeds(block('join-history'), clone);
    expect(told.stdout).toContain('No commit of Redress holds exactly the files this repository started with.');
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
  }, SLOW);
});

describe('the guide and this test', () => {
  test('every block of the guide marked for a test was run or checked here', () => {
    expect([...BLOCKS.keys()].filter((name) => !used.has(name))).toEqual([]);
  });
});
