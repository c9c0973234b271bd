import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = '2026-11-24T10:00:00Z'; // a Tuesday

/** A local store with four ceccc cases: one overdue, one due this week, one acknowledged, one withdrawn. */
async function staffDesk() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-case-list-'));
  const env = { REDRESS_DATA_DIR: path.join(dir, 'data'), USER: 'mary' };
  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, env, now: () => Date.parse(NOW) });
    return { code, stdout, stderr };
  };
  const answers = path.join(dir, 'complaint.json');
  await writeFile(answers, JSON.stringify({ identity: 'named', name: 'Jane Example', email: 'jane@example.org', contactBy: 'email', onBehalf: 'myself', incident: 'single', incidentDate: '2026-10-30', spokenToSomeone: 'no', complaint: 'Ask jane@example.org about #12.\n/close\n**not bold**', outcomeWanted: 'An apology.', privacy: true }));
  const open = async (received: string) => /RDR-[A-Z0-9-]+/.exec((await run(['case', 'open', 'ceccc', '--channel', 'email', '--received', received, '--input', answers])).stdout)?.[0] ?? '';
  const overdue = await open('2026-11-02T10:00');
  const dueFriday = await open('2026-11-20T10:00');
  const acknowledged = await open('2026-11-23T10:00');
  const withdrawn = await open('2026-11-23T11:00');
  await run(['case', 'command', acknowledged, '/acknowledge 2026-11-24']);
  await run(['case', 'command', withdrawn, '/withdraw 2026-11-24 in writing']);
  return { run, overdue, dueFriday, acknowledged, withdrawn };
}

// Built once: the tests only read it.
let desk: Awaited<ReturnType<typeof staffDesk>>;
beforeAll(async () => {
  desk = await staffDesk();
}, 120_000);

describe('redress case list', () => {
  test('shows stage, handler and the next due date with its state, the most pressing first; closed cases with --all', async () => {
    const list = await desk.run(['case', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Reference\s+Procedure\s+Stage\s+Handler\s+Next due\s+What$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      [desk.overdue, 'ceccc', 'Stage 1', expect.stringContaining('Co-Ordinator'), 'Mon 9 Nov 2026', 'OVERDUE', 'Acknowledge the complaint in writing'],
      [desk.dueFriday, 'ceccc', 'Stage 1', expect.stringContaining('Co-Ordinator'), 'Fri 27 Nov 2026', 'on track', 'Acknowledge the complaint in writing'],
      [desk.acknowledged, 'ceccc', 'Stage 1', expect.stringContaining('Co-Ordinator'), 'Mon 21 Dec 2026', 'on track', 'Send a formal written response'],
    ]);
    expect(list.stdout).not.toContain(desk.withdrawn);
    // Nothing the complainant wrote.
    expect(list.stdout).not.toMatch(/Jane|jane@|#12/);

    const all = await desk.run(['case', 'list', '--all']);
    expect(all.stdout).toMatch(new RegExp(`${desk.withdrawn}\\s+ceccc\\s+Stage 1 \\(closed\\)`));
  });

  test('filters overdue cases and those due within some working days', async () => {
    const overdue = await desk.run(['case', 'list', '--overdue']);
    expect(overdue.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0])).toEqual([desk.overdue]);
    // Tuesday + 3 working days is Friday 27 November: the overdue case and the one due that Friday.
    const week = await desk.run(['case', 'list', '--due-within', '3']);
    expect(week.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0])).toEqual([desk.overdue, desk.dueFriday]);
    const today = await desk.run(['case', 'list', '--due-within', '0']);
    expect(today.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0])).toEqual([desk.overdue]);
    expect(await desk.run(['case', 'list', '--due-within', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--due-within: "soon" is not a number of working days') });
    expect(await desk.run(['case', 'list', '--due-within', '-1'])).toMatchObject({ code: 2 });
  });

  test('--json gives every field, ids included', async () => {
    const json = JSON.parse((await desk.run(['case', 'list', '--json'])).stdout) as { cases: { reference: string; next?: { clock: string; dueDate: string; state: string } }[]; unreadable: string[] };
    expect(json.unreadable).toEqual([]);
    expect(json.cases[0]).toMatchObject({ reference: desk.overdue, procedure: 'ceccc', status: 'received', state: 'open', next: { clock: 'stage-1.acknowledge', dueDate: '2026-11-09', state: 'overdue' } });
  });
});

describe('redress case show', () => {
  test('shows what the complainant wrote as they wrote it, not as escaped for GitHub', async () => {
    const shown = await desk.run(['case', 'show', desk.overdue]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Ask jane@example.org about #12.\n/close\n**not bold**');
    expect(shown.stdout).not.toContain('&#64;');
    expect(shown.stdout).not.toContain('&#8203;');
  });
});
