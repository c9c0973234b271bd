// The hardening rules for the GitHub Actions workflows, read from the YAML itself: least-privilege
// tokens, no code from npm where the repository can be written, actions pinned to commits, no
// expressions inside shell scripts, bounded and serialised runs. actionlint (actionlint.test.ts) checks
// that the workflows are valid; this checks that they are safe and that they call Redress the way the
// cases repository expects. The shell that hands the ledger over is run for real in
// ledger-handover.test.ts, and the case-events conditions are evaluated in case-events-filter.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { conditionHolds } from './github-expression.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

type Permissions = Record<string, string>;
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}
interface Job {
  if?: string;
  needs?: string | string[];
  outputs?: Record<string, string>;
  permissions?: Permissions;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  'timeout-minutes'?: number;
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Permissions | string;
  concurrency?: Job['concurrency'];
  jobs: Record<string, Job>;
}

/**
 * Every workflow and the token permissions each of its jobs may have, and nothing more. A new
 * workflow must be added here, with its grants, before this test passes.
 */
const GRANTS: Record<string, Record<string, Permissions>> = {
  'sweep.yml': { sweep: { contents: 'read', issues: 'write' }, 'push-ledger': { contents: 'write' } },
  'case-events.yml': { 'sweep-case': { contents: 'read', issues: 'write' }, 'adopt-staff-form': { contents: 'read', issues: 'write' } },
  'ci.yml': { test: { contents: 'read' } },
};

const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();
const texts = new Map(files.map((name) => [name, readFileSync(path.join(WORKFLOWS, name), 'utf8')]));
const workflows = new Map([...texts].map(([name, text]) => [name, parse(text) as Workflow]));

function workflow(name: string): Workflow {
  const parsed = workflows.get(name);
  if (!parsed) throw new Error(`.github/workflows/${name} is missing`);
  return parsed;
}
function jobsOf(name: string): [string, Job][] {
  return Object.entries(workflow(name).jobs);
}
function stepsOf(name: string): Step[] {
  return jobsOf(name).flatMap(([, job]) => job.steps ?? []);
}
function stepRunning(name: string, command: RegExp): Step {
  const step = stepsOf(name).find((s) => s.run !== undefined && command.test(s.run));
  if (!step) throw new Error(`${name}: no step runs ${command}`);
  return step;
}
function jobOf(name: string, id: string): Job {
  const job = workflow(name).jobs[id];
  if (!job) throw new Error(`${name}: no job ${id}`);
  return job;
}
function stepNamed(job: Job, stepName: string): Step {
  const step = (job.steps ?? []).find((s) => s.name === stepName);
  if (!step) throw new Error(`no step "${stepName}"`);
  return step;
}
/** Every job of every workflow, as [workflow, job id, job]. */
const allJobs = files.flatMap((name) => jobsOf(name).map(([id, job]) => [name, id, job] as const));
/** The commands of a step's script, one a line, without comments. */
function commandLines(step: Step): string[] {
  return (step.run ?? '').split('\n').map((line) => line.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);
}

test('the workflows are exactly the ones with declared grants', () => {
  expect(files).toEqual(Object.keys(GRANTS).sort());
});

describe.each(files)('%s', (name) => {
  test('grants nothing at the top level; the token\'s permissions are set per job', () => {
    const top = workflow(name).permissions;
    expect(top, 'top-level permissions must be present').toBeDefined();
    expect(typeof top, 'read-all / write-all are not allowed').toBe('object');
    for (const [scope, level] of Object.entries(top as Permissions)) {
      expect(['read', 'none'], `top-level ${scope}: ${level}`).toContain(level);
    }
  });

  test('each job has exactly its declared permissions', () => {
    const actual = Object.fromEntries(jobsOf(name).map(([id, job]) => [id, job.permissions]));
    expect(actual).toEqual(GRANTS[name]);
  });

  test('can be triggered by nothing that runs with a fork\'s code and the base repository\'s secrets', () => {
    expect(Object.keys(workflow(name).on)).not.toEqual(expect.arrayContaining(['pull_request_target']));
    expect(Object.keys(workflow(name).on)).not.toContain('workflow_run');
  });

  test('every action is pinned to a full commit SHA with its version in a comment', () => {
    const uses = [...stepsOf(name), ...jobsOf(name).map(([, job]) => job)].flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    const usesLines = texts.get(name)!.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    expect(usesLines).toHaveLength(uses.length);
    for (const line of usesLines) expect(line).toMatch(/uses: \S+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('no run: script contains an expression: event data, inputs and the rest reach scripts through env', () => {
    for (const step of stepsOf(name).filter((s) => s.run !== undefined)) {
      expect(step.run, `step "${step.name ?? step.run}"`).not.toContain('${{');
    }
  });

  test('every job has a concurrency group and a time limit', () => {
    for (const [id, job] of jobsOf(name)) {
      expect(job.concurrency ?? workflow(name).concurrency, `${id}: concurrency`).toMatchObject({ group: expect.any(String) });
      expect(job['timeout-minutes'], `${id}: timeout-minutes`).toBeGreaterThan(0);
      expect(job['timeout-minutes'], `${id}: timeout-minutes`).toBeLessThanOrEqual(60);
    }
  });

  test('checks out without leaving the token in the git configuration', () => {
    const checkouts = stepsOf(name).filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
  });

  test('every job that installs sets up Node 24 with the npm cache; a job that installs nothing sets up no Node', () => {
    for (const [id, job] of jobsOf(name)) {
      const setups = (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/setup-node@'));
      const installs = (job.steps ?? []).some((s) => /\bnpm (ci|install|i)\b|\.ci\/run\b/.test(s.run ?? ''));
      expect(setups, id).toHaveLength(installs ? 1 : 0);
      if (installs) expect(setups[0]!.with, id).toEqual({ 'node-version': 24, cache: 'npm' });
    }
  });

  test('every install is exactly the lockfile\'s packages, with no install script run', () => {
    for (const step of stepsOf(name)) {
      for (const line of commandLines(step).filter((l) => /\bnpm (ci|install|i|add)\b/.test(l))) {
        expect(line).toMatch(/^npm ci /);
        expect(line.split(/\s+/)).toContain('--ignore-scripts');
      }
    }
  });
});

describe('where the repository can be written, no code from npm runs', () => {
  const writers = allJobs.filter(([, , job]) => job.permissions?.contents === 'write');

  test('exactly one job can write the repository: the one that pushes the case ledger', () => {
    expect(writers.map(([name, id]) => `${name}:${id}`)).toEqual(['sweep.yml:push-ledger']);
  });

  test('it sets up no Node.js, uses only checkout and download-artifact, and runs no npm, npx, node or project script', () => {
    for (const [, id, job] of writers) {
      const actions = (job.steps ?? []).flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : []));
      expect(actions, id).toEqual(['actions/checkout', 'actions/download-artifact']);
      expect(job.uses, id).toBeUndefined();
      for (const step of job.steps ?? []) {
        for (const line of commandLines(step)) {
          expect(line, `${id}: ${line}`).not.toMatch(/\b(npm|npx|node|corepack|yarn|pnpm|tsx)\b/);
          expect(line, `${id}: ${line}`).not.toMatch(/(^|\s)(\.\/|bash |sh |source |\. )\S/);
        }
      }
      const checkout = (job.steps ?? []).find((s) => s.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with, id).toEqual({ 'persist-credentials': false });
    }
  });

  test('every git command in it runs with hooks switched off', () => {
    for (const [, id, job] of writers) {
      const lines = (job.steps ?? []).flatMap(commandLines).filter((line) => /\bgit\b/.test(line) && !/^echo /.test(line));
      expect(lines.length, id).toBeGreaterThan(0);
      const [definition, ...uses] = lines;
      expect(definition).toMatch(/^git=\(git -c core\.hooksPath=\/dev\/null /);
      for (const line of uses) expect(line.replace(/"\$\{git\[@\]\}"/g, ''), line).not.toMatch(/\bgit\b(?!-)/);
    }
  });
});

describe('jobs holding any write permission install no development tools', () => {
  test('they install with --omit=dev and run the CLI with the Node.js set up for them', () => {
    const installers = allJobs.filter(([, , job]) => Object.values(job.permissions ?? {}).includes('write') && (job.steps ?? []).some((s) => /\bnpm ci\b/.test(s.run ?? '')));
    expect(installers.map(([name, id]) => `${name}:${id}`).sort()).toEqual(['case-events.yml:adopt-staff-form', 'case-events.yml:sweep-case', 'sweep.yml:sweep']);
    for (const [, id, job] of installers) {
      const install = (job.steps ?? []).find((s) => /\bnpm ci\b/.test(s.run ?? ''));
      expect(install?.run?.trim(), id).toBe('npm ci --ignore-scripts --omit=dev --no-audit --no-fund');
    }
  });

  test('everything the CLI imports is a production dependency or part of Node.js', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> };
    const seen = new Set<string>();
    const bare = new Set<string>();
    const queue = [path.join(ROOT, pkg.bin.redress!)];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      // Type-only imports are erased before the code runs.
      const text = readFileSync(file, 'utf8').replace(/^\s*(import|export)\s+type\s[^;]*;/gm, '');
      const statements = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"\s]+)['"]|^\s*import\s*['"]([^'"\s]+)['"]|\bimport\(\s*['"]([^'"\s]+)['"]\s*\)/gm;
      for (const match of text.matchAll(statements)) {
        const specifier = (match[1] ?? match[2] ?? match[3])!;
        if (specifier.startsWith('.')) queue.push(path.resolve(path.dirname(file), specifier));
        else bare.add(specifier);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    const packages = [...bare].map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    const outside = packages.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p) && !(p in pkg.dependencies));
    expect(outside).toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(['@octokit/rest', 'zod', 'yaml']));
  });
});

test('each action is pinned to the same commit in every workflow', () => {
  const pins = new Map<string, Set<string>>();
  for (const name of files) {
    for (const step of stepsOf(name)) {
      const [action, sha] = (step.uses ?? '').split('@');
      if (action && sha) pins.set(action, (pins.get(action) ?? new Set()).add(sha));
    }
  }
  for (const [action, shas] of pins) expect([...shas], action).toHaveLength(1);
});

describe('sweep.yml', () => {
  const sweep = workflow('sweep.yml');
  const job = jobOf('sweep.yml', 'sweep');
  const push = jobOf('sweep.yml', 'push-ledger');

  test('runs hourly and by hand, with a dry-run switch', () => {
    const on = sweep.on as { schedule: { cron: string }[]; workflow_dispatch: { inputs: Record<string, { type: string; default: boolean }> } };
    expect(on.schedule.map((s) => s.cron)).toEqual([expect.stringMatching(/^\d{1,2} \* \* \* \*$/)]);
    expect(on.workflow_dispatch.inputs['dry-run']).toMatchObject({ type: 'boolean', default: false });
  });

  test('one sweep at a time for the repository, never cancelled mid-write', () => {
    expect(sweep.concurrency).toEqual({ group: 'redress-sweep', 'cancel-in-progress': false });
  });

  test('runs redress sweep with REDRESS_TOKEN, falling back to GITHUB_TOKEN, and --dry-run only when asked', () => {
    const step = stepRunning('sweep.yml', /npx redress sweep/);
    expect(step.env).toEqual({
      GITHUB_TOKEN: '${{ secrets.REDRESS_TOKEN || secrets.GITHUB_TOKEN }}',
      REDRESS_GITHUB_REPO: '${{ github.repository }}',
      REDRESS_BOT_LOGIN: '${{ vars.REDRESS_BOT_LOGIN }}',
      REDRESS_SMTP_URL: '${{ secrets.REDRESS_SMTP_URL }}',
      REDRESS_MAIL_FROM: '${{ secrets.REDRESS_MAIL_FROM }}',
      DRY_RUN: '${{ inputs.dry-run }}',
    });
    expect(step.run).toContain('if [ "$DRY_RUN" = "true" ]; then\n  npx redress sweep --dry-run\nelse\n  npx redress sweep\nfi');
  });

  test('commits only cases/, as github-actions[bot], pushed with the default token', () => {
    const step = stepNamed(push, 'Commit and push the case ledger');
    expect(step.run).toContain('"${git[@]}" add -- cases\n');
    expect(step.run).toMatch(/ push --no-verify origin "HEAD:refs\/heads\/\$BRANCH"/);
    expect(step.run).not.toMatch(/ add (-A|--all|\.)/);
    expect(step.run).toContain('-c user.name="github-actions[bot]"');
    expect(step.env?.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    expect(push.permissions).toEqual({ contents: 'write' });
  });

  test('the sweep job hands the files it changed, the hidden sweep state too, to the push job as an artifact', () => {
    expect(push.needs).toBe('sweep');
    expect(job.outputs).toEqual({ ledger: '${{ steps.ledger.outputs.ledger }}' });
    expect(stepNamed(job, 'Collect the changed ledger files')).toMatchObject({ id: 'ledger' });
    const upload = stepNamed(job, 'Hand the ledger to the push job');
    const download = stepNamed(push, 'Receive the ledger');
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    expect(upload.with).toEqual({ name: 'case-ledger', path: '${{ runner.temp }}/case-ledger', 'include-hidden-files': true, 'if-no-files-found': 'error', 'retention-days': 1 });
    expect(download.uses).toMatch(/^actions\/download-artifact@/);
    // Outside the checkout, and read from where it was put.
    expect(download.with).toEqual({ name: 'case-ledger', path: '${{ runner.temp }}/case-ledger' });
    expect(stepNamed(push, 'Check the ledger files and put them in place').env).toEqual({ RECEIVED: '${{ runner.temp }}/case-ledger' });
    const steps = (push.steps ?? []).map((s) => s.name);
    expect(steps.indexOf('Receive the ledger')).toBeGreaterThan(steps.indexOf('Check out the cases repository'));
  });

  describe('a dry run writes nothing; a sweep that failed on one case still records the others', () => {
    const collect = stepNamed(job, 'Collect the changed ledger files').if!;
    const upload = stepNamed(job, 'Hand the ledger to the push job').if!;
    const scheduled = { event_name: 'schedule', ref_type: 'branch', ref_name: 'main' };
    const dispatched = { event_name: 'workflow_dispatch', ref_type: 'branch', ref_name: 'main' };
    const changed = { sweep: { result: 'success', outputs: { ledger: 'changed' } } };

    test('collected after a sweep that succeeded or failed, not after a dry run, nor on a tag, nor once cancelled', () => {
      const steps = (outcome: string) => ({ sweep: { outcome, conclusion: outcome } });
      expect(conditionHolds(collect, { github: scheduled, inputs: {}, steps: steps('success') })).toBe(true);
      expect(conditionHolds(collect, { github: scheduled, inputs: {}, steps: steps('failure') }, { failed: true })).toBe(true);
      expect(conditionHolds(collect, { github: dispatched, inputs: { 'dry-run': false }, steps: steps('success') })).toBe(true);
      expect(conditionHolds(collect, { github: dispatched, inputs: { 'dry-run': true }, steps: steps('success') })).toBe(false);
      expect(conditionHolds(collect, { github: { ...dispatched, ref_type: 'tag' }, inputs: { 'dry-run': false }, steps: steps('success') })).toBe(false);
      expect(conditionHolds(collect, { github: scheduled, inputs: {}, steps: steps('skipped') }, { failed: true })).toBe(false);
      expect(conditionHolds(collect, { github: scheduled, inputs: {}, steps: steps('cancelled') }, { cancelled: true })).toBe(false);
    });

    test('uploaded whenever files were collected, even after a failed sweep', () => {
      const collected = (ledger?: string) => ({ ledger: { outputs: ledger ? { ledger } : {} } });
      expect(conditionHolds(upload, { github: scheduled, steps: collected('changed') }, { failed: true })).toBe(true);
      expect(conditionHolds(upload, { github: scheduled, steps: collected() })).toBe(false);
    });

    test('pushed only when the sweep job collected changes, and never on a dry run', () => {
      const holds = (inputs: Record<string, unknown>, needs: Record<string, unknown>, status = {}) => conditionHolds(push.if!, { github: scheduled, inputs, needs }, status);
      expect(holds({}, changed)).toBe(true);
      expect(holds({}, { sweep: { result: 'failure', outputs: { ledger: 'changed' } } }, { failed: true })).toBe(true);
      expect(holds({}, { sweep: { result: 'success', outputs: {} } })).toBe(false);
      expect(holds({ 'dry-run': true }, changed)).toBe(false);
      expect(conditionHolds(push.if!, { github: { ...dispatched, ref_type: 'tag' }, inputs: {}, needs: changed })).toBe(false);
      expect(holds({}, changed, { cancelled: true })).toBe(false);
    });
  });

  test('each job has its own time limit under the one concurrency group', () => {
    expect(job['timeout-minutes']).toBe(30);
    expect(push['timeout-minutes']).toBe(10);
    expect(job.concurrency).toBeUndefined();
    expect(push.concurrency).toBeUndefined();
  });
});

describe('case-events.yml', () => {
  const events = workflow('case-events.yml');
  const job = workflow('case-events.yml').jobs['sweep-case'] as Job;
  const adopt = workflow('case-events.yml').jobs['adopt-staff-form'] as Job;

  test('listens to complaint issues and their comments', () => {
    expect(events.on).toEqual({
      issues: { types: ['opened', 'edited', 'closed', 'reopened', 'labeled'] },
      issue_comment: { types: ['created', 'edited', 'deleted'] },
    });
  });

  test('runs only for issues labelled complaint, and never for an event a bot sent (case-events-filter.test.ts evaluates it)', () => {
    expect(job.if).toContain("contains(github.event.issue.labels.*.name, 'complaint')");
    expect(job.if).toContain("github.event.sender.type != 'Bot'");
    expect(job.if).toContain('github.event.sender.login != vars.REDRESS_BOT_LOGIN');
    expect(job.if).toContain('!github.event.issue.pull_request');
  });

  test('one run per case at a time, never cancelled mid-write', () => {
    expect(job.concurrency).toEqual({ group: 'redress-case-${{ github.event.issue.number }}', 'cancel-in-progress': false });
    expect(adopt.concurrency).toEqual(job.concurrency);
  });

  test('turns an open staff complaint form into a case, its number passed through env', () => {
    expect(adopt.if).toContain("contains(github.event.issue.labels.*.name, 'intake:staff')");
    expect(adopt.if).toContain("github.event_name == 'issues'");
    const step = stepRunning('case-events.yml', /npx redress case adopt/);
    expect(step.run).toBe('npx redress case adopt "$ISSUE_NUMBER"');
    expect(step.env).toMatchObject({ ISSUE_NUMBER: '${{ github.event.issue.number }}', REDRESS_GITHUB_REPO: '${{ github.repository }}' });
  });

  test('sweeps just that case, its number passed through env', () => {
    const step = stepRunning('case-events.yml', /npx redress sweep/);
    expect(step.run).toBe('npx redress sweep --case "$ISSUE_NUMBER"');
    expect(step.env).toMatchObject({
      ISSUE_NUMBER: '${{ github.event.issue.number }}',
      GITHUB_TOKEN: '${{ secrets.REDRESS_TOKEN || secrets.GITHUB_TOKEN }}',
      REDRESS_GITHUB_REPO: '${{ github.repository }}',
    });
  });

  test('the steps that send mail (the sweeps\' letters, the staff form\'s receipt email) get the mail server and sender as secrets, through env only, and nothing else does', () => {
    const mail = { REDRESS_SMTP_URL: '${{ secrets.REDRESS_SMTP_URL }}', REDRESS_MAIL_FROM: '${{ secrets.REDRESS_MAIL_FROM }}' };
    const sending = [stepRunning('sweep.yml', /npx redress sweep/), stepRunning('case-events.yml', /npx redress sweep/), stepRunning('case-events.yml', /npx redress case adopt/)];
    for (const step of sending) {
      expect(step.env).toMatchObject(mail);
      expect(step.run).not.toMatch(/SMTP|MAIL_FROM|TRACKING/);
    }
    // The receipt email's tracking link is signed with the server's key, given as a secret to that step alone.
    expect(sending[2]?.env?.REDRESS_TRACKING_SECRET).toBe('${{ secrets.REDRESS_TRACKING_SECRET }}');
    // The SMTP password and the tracking secret reach no other step: not the ledger's push, not CI.
    for (const file of ['sweep.yml', 'case-events.yml', 'ci.yml']) {
      for (const step of stepsOf(file)) {
        if (sending.includes(step)) continue;
        expect(JSON.stringify(step)).not.toMatch(/REDRESS_SMTP_URL|REDRESS_MAIL_FROM|REDRESS_TRACKING_SECRET/);
      }
      for (const step of stepsOf(file)) if (step !== sending[2]) expect(JSON.stringify(step)).not.toMatch(/REDRESS_TRACKING_SECRET/);
    }
  });
});

describe('ci.yml', () => {
  test('runs the same test command as .ci/run on every push and pull request', () => {
    expect(Object.keys(workflow('ci.yml').on).sort()).toEqual(['pull_request', 'push']);
    const runs = stepsOf('ci.yml').flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs).toEqual(['bash .ci/run']);
  });
});
