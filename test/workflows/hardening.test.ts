// The hardening rules for the GitHub Actions workflows, read from the YAML itself: least-privilege
// tokens, actions pinned to commits, no expressions inside shell scripts, bounded and serialised runs.
// actionlint (actionlint.test.ts) checks that the workflows are valid; this checks that they are safe
// and that they call Redress the way the cases repository expects.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

type Permissions = Record<string, string>;
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}
interface Job {
  if?: string;
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
  'sweep.yml': { sweep: { contents: 'write', issues: 'write' } },
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
function onlyJob(name: string): Job {
  const jobs = jobsOf(name);
  expect(jobs).toHaveLength(1);
  return jobs[0]![1];
}
function stepRunning(name: string, command: RegExp): Step {
  const step = stepsOf(name).find((s) => s.run !== undefined && command.test(s.run));
  if (!step) throw new Error(`${name}: no step runs ${command}`);
  return step;
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

  test('sets up Node 24 with the npm cache and installs with npm install (the lockfile has platform gaps)', () => {
    for (const [, job] of jobsOf(name)) {
      const setups = (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(setups).toHaveLength(1);
      expect(setups[0]!.with).toEqual({ 'node-version': 24, cache: 'npm' });
    }
    for (const step of stepsOf(name)) expect(step.run ?? '').not.toMatch(/\bnpm ci\b/);
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
  const job = onlyJob('sweep.yml');

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
      DRY_RUN: '${{ inputs.dry-run }}',
    });
    expect(step.run).toContain('if [ "$DRY_RUN" = "true" ]; then\n  npx redress sweep --dry-run\nelse\n  npx redress sweep\nfi');
  });

  test('commits only cases/, as github-actions[bot], pushed with the default token, and not on a dry run', () => {
    const step = stepRunning('sweep.yml', /^git add /m);
    expect(step.run).toContain('git add cases\n');
    expect(step.run).toMatch(/ push origin "HEAD:refs\/heads\/\$BRANCH"/);
    expect(step.run).not.toMatch(/git add (-A|--all|\.)/);
    expect(step.run).toContain('git config user.name "github-actions[bot]"');
    expect(step.env?.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    expect(step.if).toContain('!inputs.dry-run');
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write' });
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
});

describe('ci.yml', () => {
  test('runs the same test command as .ci/run on every push and pull request', () => {
    expect(Object.keys(workflow('ci.yml').on).sort()).toEqual(['pull_request', 'push']);
    const runs = stepsOf('ci.yml').flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs).toEqual(['bash .ci/run']);
  });
});
