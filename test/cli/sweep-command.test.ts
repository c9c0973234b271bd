import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The CLI on a fresh local store, at a fixed time. */
async function localStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-sweep-cli-'));
  const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), USER: 'mary' };
  const run = async (argv: string[], now = '2026-11-24T10:00:00Z') => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, env, now: () => Date.parse(now) });
    return { code, stdout, stderr };
  };
  const complaint = path.join(dir, 'complaint.json');
  await writeFile(complaint, JSON.stringify({ identity: 'named', name: 'Jo Bloggs', email: 'jo@example.org', contactBy: 'email', onBehalf: 'myself', incident: 'single', incidentDate: '2026-11-20', spokenToSomeone: 'no', complaint: 'The session was cancelled.', outcomeWanted: 'A new session.', privacy: true }));
  const opened = await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', '2026-11-23T10:00', '--input', complaint]);
  const reference = /RDR-[A-Z0-9-]+/.exec(opened.stdout)?.[0] ?? '';
  return { dir, env, run, reference };
}

describe('redress sweep on the local store', () => {
  test('brings a new case up to date, then finds nothing to do', async () => {
    const { run, reference } = await localStore();
    const first = await run(['sweep']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('| Cases changed | 1 |');
    const second = await run(['sweep'], '2026-11-24T11:00:00Z');
    expect(second.stdout).toContain('| Cases changed | 0 |');
    expect(second.stdout).toMatch(/\| Requests made \| \d+ \(\d+ reads?, 0 writes\) \|/);
    const list = await run(['case', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${reference}\\s+ceccc\\s+Stage 1\\s+`));
  });

  test('a dry run lists the planned changes and writes nothing', async () => {
    const { run } = await localStore();
    const dry = await run(['sweep', '--dry-run']);
    expect(dry.stdout).toContain('(dry run: nothing was written)');
    expect(dry.stdout).toMatch(/- RDR-[A-Z0-9-]+: post the status comment; email the Co-Ordinator about the new case: nobody holds the role in redress.yaml; record events in the case block/);
    // The list, and the comments: the case has one, the record of its receipt email.
    expect(dry.stdout).toContain('(2 reads, 0 writes)');
    const real = await run(['sweep']);
    expect(real.stdout).toContain('| Cases changed | 1 |');
  });

  test('writes the summary to the GitHub Actions job summary file when asked', async () => {
    const { run, dir, env } = await localStore();
    const file = path.join(dir, 'summary.md');
    Object.assign(env, { GITHUB_STEP_SUMMARY: file });
    await run(['sweep']);
    expect(await readFile(file, 'utf8')).toContain('## Redress sweep');
  });

  test('writes a personal-data-free ledger entry for the case, in its own git repository', async () => {
    const { run, dir, reference } = await localStore();
    await run(['sweep']);
    const entry = await readFile(path.join(dir, 'data', 'ledger', '2026', `${reference}.json`), 'utf8');
    expect(entry).toContain(`"reference": "${reference}"`);
    expect(entry).not.toMatch(/Jo Bloggs|jo@example\.org|cancelled/);
  });

  test.each([
    [['sweep', '--budget', 'lots'], '--budget: "lots" is not a whole number of requests.'],
    [['sweep', '--now', 'tomorrow'], '--now: Invalid date-time "tomorrow"'],
    [['sweep', '--case', '../etc'], '--case: "../etc" is not a case id.'],
    [['sweep', 'extra'], 'Unexpected argument "extra"'],
  ])('%j is refused: %s', async (argv, message) => {
    const { run } = await localStore();
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a bad configuration is named', async () => {
    const { run, env } = await localStore();
    Object.assign(env, { REDRESS_GITHUB_REPO: 'not a repo' });
    const result = await run(['sweep']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REDRESS_GITHUB_REPO');
  });
});

describe('redress case command', () => {
  test('records a command on a local case and prints the reply', async () => {
    const { run, reference } = await localStore();
    const done = await run(['case', 'command', reference, '/acknowledge'], '2026-11-24T10:00:00Z');
    expect(done).toMatchObject({ code: 0, stdout: expect.stringContaining('- Done: `/acknowledge`: acknowledgement recorded.') });
    const refused = await run(['case', 'command', reference, '/escalate'], '2026-11-24T10:05:00Z');
    expect(refused.stdout).toContain('- Not done: `/escalate`: Stage 2 can be asked for once Stage 1 has been answered.');
    expect(refused).toMatchObject({ code: 1, stderr: '1 command was not carried out.\n' });
    const mistyped = await run(['case', 'command', reference, '/acknowlege'], '2026-11-24T10:06:00Z');
    expect(mistyped).toMatchObject({ code: 1, stdout: expect.stringContaining('Unknown command "/acknowlege"') });
    const shown = await run(['case', 'show', reference]);
    expect(shown.stdout).toContain('Labels: complaint, procedure:ceccc');
    expect(shown.stdout).toContain('status:acknowledged');
    expect(shown.stdout).toContain('--- mary,');
  });

  test('a sweep run at a future time never hides a comment written afterwards', async () => {
    const { run, reference, env } = await localStore();
    const future = await run(['sweep', '--now', '2030-06-03T10:00']);
    expect(future.code).toBe(0);
    const state = JSON.parse(await readFile(path.join(env.REDRESS_DATA_DIR, 'sweep-state.json'), 'utf8')) as { lastStartedAt: string };
    expect(Date.parse(state.lastStartedAt)).toBeLessThanOrEqual(Date.now());
    const done = await run(['case', 'command', reference, '/acknowledge']);
    expect(done).toMatchObject({ code: 0, stdout: expect.stringContaining('- Done: `/acknowledge`: acknowledgement recorded.') });
    // A mark already in the future (written by an older version) is not trusted either.
    await writeFile(path.join(env.REDRESS_DATA_DIR, 'sweep-state.json'), JSON.stringify({ lastStartedAt: '2030-06-03T10:00:00.000Z', pending: [] }));
    const later = await run(['case', 'command', reference, '/learning training']);
    expect(later).toMatchObject({ code: 0, stdout: expect.stringContaining('- Done: `/learning training`') });
  });

  test('an unknown reference is a usage error', async () => {
    const { run } = await localStore();
    expect(await run(['case', 'command', 'RDR-NOPE', '/acknowledge'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No case RDR-NOPE.') });
  });
});
