import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { main } from '../../scripts/cli/main.ts';
import { OrganisationSchema } from '../../scripts/core/organisation/organisation-schema.ts';
import { assigneesFor } from '../../scripts/core/organisation/roster.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const organisation = OrganisationSchema.parse({
  name: 'Cambridge & Ely Child Contact Centres',
  contact: { email: 'complaints@example.org' },
  publish: ['ceccc'],
  people: [
    { name: 'Mary Smith', github: 'mary-ceccc', roles: { ceccc: ['coordinator'] } },
    { name: 'Ola Deputy', github: 'ola-ceccc', roles: { ceccc: ['coordinator'] } },
    { name: 'Sam Chair', github: 'sam-chair', roles: { ceccc: ['chair'], cecops: ['administrator'] } },
    { name: 'Pat Trustee', email: 'pat@example.org', roles: { ceccc: ['trustees'] } },
  ],
});

describe('the roster', () => {
  test('assigns each role to the people holding it, and REDRESS_ASSIGNEES overrides it role by role', () => {
    expect(assigneesFor(organisation, {})).toEqual({ ceccc: { coordinator: ['mary-ceccc', 'ola-ceccc'], chair: ['sam-chair'] }, cecops: { administrator: ['sam-chair'] } });
    // Someone with no GitHub login is reached by email, not assigned.
    expect(assigneesFor(organisation, {}).ceccc?.trustees).toBeUndefined();
    expect(assigneesFor(organisation, { ceccc: { chair: ['stand-in'] }, 'op-performance': { 'quality-coordinator': ['qc'] } })).toEqual({
      ceccc: { coordinator: ['mary-ceccc', 'ola-ceccc'], chair: ['stand-in'] },
      cecops: { administrator: ['sam-chair'] },
      'op-performance': { 'quality-coordinator': ['qc'] },
    });
    expect(assigneesFor(undefined, { ceccc: { chair: ['x'] } })).toEqual({ ceccc: { chair: ['x'] } });
  });

  test('a new case is assigned from redress.yaml in the project, and a broken file stops the command, located', async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), 'redress-roster-'));
    await cp(path.join(ROOT, 'workflows'), path.join(project, 'workflows'), { recursive: true });
    await writeFile(path.join(project, 'redress.yaml'), 'name: CECCC\ncontact:\n  email: complaints@example.org\npublish: [ceccc]\npeople:\n  - name: Mary Smith\n    github: mary-ceccc\n    roles:\n      ceccc: [coordinator]\n');
    const env = { REDRESS_DATA_DIR: path.join(project, '.redress'), USER: 'mary' };
    const run = async (argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: project, env, now: () => Date.parse('2026-11-24T10:00:00Z') });
      return { code, stdout, stderr };
    };
    const answers = path.join(project, 'answers.json');
    await writeFile(answers, JSON.stringify({ identity: 'anonymous', onBehalf: 'myself', incident: 'single', incidentDate: '2026-11-20', spokenToSomeone: 'no', complaint: 'The session was cancelled.', outcomeWanted: 'Another session.', privacy: true }));
    const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-11-23T10:00', '--input', answers]);
    expect(opened.code).toBe(0);
    const reference = /RDR-[A-Z0-9-]+/.exec(opened.stdout)?.[0] ?? '';
    const store = await LocalCaseStore.open({ dataDir: env.REDRESS_DATA_DIR, commitIntervalMs: 0 });
    expect((await store.getCase(reference)).assignees).toEqual(['mary-ceccc']);
    await store.close();

    await writeFile(path.join(project, 'redress.yaml'), 'name: CECCC\ncontact:\n  email: complaints@example.org\npublish: [ceccc]\npeople:\n  - name: Mary Smith\n    roles:\n      ceccc: [cordinator]\n');
    const broken = await run(['sweep']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('redress.yaml:8:15 people[0].roles.ceccc[0]: ceccc has no role "cordinator" (its roles: coordinator, deputy, chair, trustees).');
  });
});
