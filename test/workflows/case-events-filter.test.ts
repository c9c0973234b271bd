// The conditions of case-events.yml, evaluated by GitHub's own expression evaluator against webhook payloads
// shaped like GitHub's: which events update a case, which adopt a staff form, and that nothing Redress itself
// does (whichever token it holds) starts either job again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { isManagedLabel, labelsForProcedure } from '../../scripts/core/case/case-labels.ts';
import { conditionHolds } from './github-expression.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/case-events.yml'), 'utf8')) as { jobs: Record<string, { if: string }> };
const SWEEP_CASE = workflow.jobs['sweep-case']!.if;
const ADOPT = workflow.jobs['adopt-staff-form']!.if;

interface Account {
  login: string;
  type: 'User' | 'Bot';
}
const STAFF: Account = { login: 'mary-ceccc', type: 'User' };
const ACTIONS_BOT: Account = { login: 'github-actions[bot]', type: 'Bot' };
const APP_BOT: Account = { login: 'redress-complaints[bot]', type: 'Bot' };
const MACHINE_USER: Account = { login: 'redress-bot', type: 'User' };
const INTAKE_USER: Account = { login: 'redress-intake', type: 'User' };

interface IssueShape {
  labels?: string[];
  state?: 'open' | 'closed';
  author?: Account;
  association?: string;
  pullRequest?: boolean;
}
function issue({ labels = ['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received'], state = 'open', author = INTAKE_USER, association = 'COLLABORATOR', pullRequest = false }: IssueShape = {}) {
  return {
    number: 42,
    title: 'RDR-7KX4-M9QP-2TW · ceccc',
    state,
    labels: labels.map((name, id) => ({ id, name, color: 'ededed', default: false })),
    user: author,
    author_association: association,
    ...(pullRequest ? { pull_request: { url: 'https://api.github.com/repos/acme/complaints/pulls/42' } } : {}),
  };
}

/** An `issues` event as GitHub delivers it (the fields a condition can read). */
function issuesEvent(action: string, sender: Account, shape: IssueShape & { label?: string } = {}) {
  const event = { action, issue: issue(shape), sender, repository: { full_name: 'acme/complaints' }, ...(shape.label ? { label: { name: shape.label, color: 'ededed' } } : {}) };
  return { event_name: 'issues', event, repository: 'acme/complaints', ref_type: 'branch' };
}

/** An `issue_comment` event. */
function commentEvent(action: string, sender: Account, body: string, shape: IssueShape & { commentAuthor?: Account } = {}) {
  const event = { action, issue: issue(shape), comment: { id: 7, body, user: shape.commentAuthor ?? sender }, sender, repository: { full_name: 'acme/complaints' } };
  return { event_name: 'issue_comment', event, repository: 'acme/complaints', ref_type: 'branch' };
}

const noVariable = { REDRESS_BOT_LOGIN: '' };
const withMachineUser = { REDRESS_BOT_LOGIN: MACHINE_USER.login };
const sweeps = (github: Record<string, unknown>, vars: Record<string, string> = noVariable) => conditionHolds(SWEEP_CASE, { github, vars });
const adopts = (github: Record<string, unknown>, vars: Record<string, string> = noVariable) => conditionHolds(ADOPT, { github, vars });

describe('sweep-case: what staff do updates the case at once', () => {
  test.each([
    ['a staff comment', commentEvent('created', STAFF, '/acknowledge')],
    ['a staff comment edited', commentEvent('edited', STAFF, '/respond upheld')],
    ['a comment deleted by staff, even one the bot wrote', commentEvent('deleted', STAFF, 'Status', { commentAuthor: ACTIONS_BOT })],
    ['the issue edited by staff', issuesEvent('edited', STAFF)],
    ['the issue closed by staff', issuesEvent('closed', STAFF, { state: 'closed' })],
    ['the issue reopened by staff', issuesEvent('reopened', STAFF)],
    ['a case opened by the intake server\'s account', issuesEvent('opened', INTAKE_USER)],
    ['a label of staff\'s own added by staff', issuesEvent('labeled', STAFF, { label: 'needs-callback' })],
    ['intake:staff added to a case', issuesEvent('labeled', STAFF, { label: 'intake:staff' })],
  ])('%s', (_, github) => {
    expect(sweeps(github)).toBe(true);
    expect(sweeps(github, withMachineUser)).toBe(true);
  });
});

describe('sweep-case: nothing Redress did starts it again, whichever token it used', () => {
  test.each([
    ['GITHUB_TOKEN', ACTIONS_BOT],
    ['a GitHub App installation token', APP_BOT],
  ])('with %s: its comments, body edits, labels, closing and reopening', (_, bot) => {
    for (const github of [
      commentEvent('created', bot, 'A status comment without a marker'),
      commentEvent('edited', bot, 'Status'),
      issuesEvent('edited', bot),
      issuesEvent('labeled', bot, { label: 'needs-callback' }),
      issuesEvent('closed', bot, { state: 'closed' }),
      issuesEvent('reopened', bot),
    ]) {
      expect(sweeps(github), `${github.event_name}.${github.event.action}`).toBe(false);
    }
  });

  test('with a machine user\'s token: skipped once REDRESS_BOT_LOGIN names it, in any letter case', () => {
    const writes = [commentEvent('created', MACHINE_USER, 'Status'), issuesEvent('edited', MACHINE_USER), issuesEvent('labeled', MACHINE_USER, { label: 'needs-callback' }), issuesEvent('closed', MACHINE_USER, { state: 'closed' })];
    for (const github of writes) {
      expect(sweeps(github, withMachineUser)).toBe(false);
      expect(sweeps(github, { REDRESS_BOT_LOGIN: 'Redress-Bot' })).toBe(false);
      // Without the variable GitHub cannot tell this account from staff: what docs/configuration.md says to set it for.
      expect(sweeps(github, noVariable)).toBe(true);
    }
    // The variable names the bot only: staff still start it.
    expect(sweeps(commentEvent('created', STAFF, '/acknowledge'), withMachineUser)).toBe(true);
  });

  test('a case the named account opens (the server\'s intake) is brought up to date at once: no sweep opens an issue', () => {
    expect(sweeps(issuesEvent('opened', MACHINE_USER), withMachineUser)).toBe(true);
    expect(sweeps(issuesEvent('opened', MACHINE_USER), { REDRESS_BOT_LOGIN: 'Redress-Bot' })).toBe(true);
    // Only the opening: the same account's other changes to the case, and a Bot's opening, are still skipped.
    expect(sweeps(issuesEvent('reopened', MACHINE_USER), withMachineUser)).toBe(false);
    expect(sweeps(issuesEvent('opened', ACTIONS_BOT), withMachineUser)).toBe(false);
  });

  test('a comment carrying a Redress marker, whoever posted it (continuations posted by the intake account)', () => {
    const marked = '<!-- redress:continuation v1 case=RDR-7KX4-M9QP-2TW part=2 -->\nThe complaint continues.';
    expect(sweeps(commentEvent('created', INTAKE_USER, marked))).toBe(false);
    expect(sweeps(commentEvent('edited', STAFF, marked))).toBe(false);
  });

  describe('a label Redress manages, added by anyone: the sweep\'s output, never its input', () => {
    let managed: string[] = [];
    beforeAll(async () => {
      const { procedures } = await loadWorkflows(path.join(ROOT, 'workflows'), ROOT);
      expect(procedures.size).toBeGreaterThan(0);
      // Every label any procedure's cases can carry, and the lock label the GitHub store takes for a sweep.
      const labels = [...procedures.values()].flatMap((procedure) => labelsForProcedure(procedure).map((label) => label.name));
      managed = [...new Set([...labels, 'redress-lock:sweep'])];
    });

    test('every label Redress puts on a case is skipped, whoever adds it', () => {
      expect(managed).toEqual(expect.arrayContaining(['complaint', 'overdue', 'due:soon', 'status:received', 'flag:needs-attention', 'escalated:1']));
      for (const label of managed) {
        for (const sender of [STAFF, MACHINE_USER, ACTIONS_BOT]) expect(sweeps(issuesEvent('labeled', sender, { label }), withMachineUser), `${label} by ${sender.login}`).toBe(false);
      }
    });

    test('every label case-labels.ts calls managed is skipped, and the labels it leaves to staff are not', () => {
      for (const label of ['stage:anything', 'status:anything', 'due:anything', 'escalated:9', 'flag:anything', 'overdue']) {
        expect(isManagedLabel(label), label).toBe(true);
        expect(sweeps(issuesEvent('labeled', STAFF, { label })), label).toBe(false);
      }
      for (const label of ['needs-callback', 'intake:staff', 'stages', 'Priority: high']) {
        expect(isManagedLabel(label), label).toBe(false);
        expect(sweeps(issuesEvent('labeled', STAFF, { label })), label).toBe(true);
      }
    });
  });

  test('only complaint issues, never pull requests', () => {
    expect(sweeps(commentEvent('created', STAFF, '/acknowledge', { labels: ['bug'] }))).toBe(false);
    expect(sweeps(commentEvent('created', STAFF, '/acknowledge', { pullRequest: true }))).toBe(false);
    expect(sweeps(issuesEvent('labeled', STAFF, { labels: ['intake:staff'], label: 'intake:staff' }))).toBe(false);
  });
});

describe('adopt-staff-form', () => {
  const form = { labels: ['intake:staff'], author: STAFF, association: 'COLLABORATOR' };

  test('runs when staff open the form, or give an open issue its intake:staff label', () => {
    expect(adopts(issuesEvent('opened', STAFF, form))).toBe(true);
    expect(adopts(issuesEvent('labeled', STAFF, { ...form, label: 'intake:staff' }))).toBe(true);
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR']) expect(adopts(issuesEvent('opened', STAFF, { ...form, association })), association).toBe(true);
  });

  test('runs for no other action or label on a form issue, nor once it is closed', () => {
    for (const action of ['edited', 'closed', 'reopened']) expect(adopts(issuesEvent(action, STAFF, form)), action).toBe(false);
    expect(adopts(issuesEvent('labeled', STAFF, { ...form, label: 'needs-callback' }))).toBe(false);
    expect(adopts(issuesEvent('opened', STAFF, { ...form, state: 'closed' }))).toBe(false);
    expect(adopts(issuesEvent('opened', STAFF, { ...form, labels: ['bug'] }))).toBe(false);
    expect(adopts(issuesEvent('opened', STAFF, { ...form, pullRequest: true }))).toBe(false);
    expect(adopts(commentEvent('created', STAFF, 'Please adopt', form))).toBe(false);
  });

  test('never for an event Redress caused, whichever token it used', () => {
    for (const bot of [ACTIONS_BOT, APP_BOT]) {
      expect(adopts(issuesEvent('opened', bot, form))).toBe(false);
      expect(adopts(issuesEvent('labeled', bot, { ...form, label: 'intake:staff' }))).toBe(false);
    }
    expect(adopts(issuesEvent('labeled', MACHINE_USER, { ...form, label: 'intake:staff' }), withMachineUser)).toBe(false);
    expect(adopts(issuesEvent('opened', MACHINE_USER, form), withMachineUser)).toBe(false);
  });

  test('not for a form whose author has no standing in the repository: the command checks the rest', () => {
    for (const association of ['NONE', 'CONTRIBUTOR', 'FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'MANNEQUIN']) {
      expect(adopts(issuesEvent('opened', STAFF, { ...form, association })), association).toBe(false);
      expect(adopts(issuesEvent('labeled', STAFF, { ...form, association, label: 'intake:staff' })), association).toBe(false);
    }
  });
});
