import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { COMMANDS, main } from '../../scripts/cli/main.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(argv: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env: { REDRESS_SOURCES_DIR: path.resolve(ROOT, '../shared/seeds') },
    now: () => Date.parse('2026-11-24T10:00:00Z'),
  });
  return { code, stdout, stderr };
}

describe('redress', () => {
  test('with no command prints the commands and fails', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('procedures check');
  });

  test('an unknown command is a usage error', async () => {
    const result = await run(['frobnicate']);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });

  test('a command group without its command says which ones exist', async () => {
    expect(await run(['procedures'])).toMatchObject({ code: 2, stderr: expect.stringContaining('procedures check') });
  });

  test.each(COMMANDS.map((c) => [c.name]))('%s --help explains the command and succeeds', async (name) => {
    const result = await run([...name.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: redress ${name} `));
    expect(result.stdout).toContain('Example');
  });

  test('an unknown option is a usage error naming it', async () => {
    const result = await run(['timeline', 'ceccc', '--recieved', '2026-12-23T10:00']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--recieved'");
    expect(result.stderr).toContain('Usage: redress timeline');
  });
});

describe('redress procedures check', () => {
  test('passes on the seed procedures, quotations included', async () => {
    expect(await run(['procedures', 'check'])).toEqual({ code: 0, stdout: '7 procedures valid.\n', stderr: '' });
  });

  test('fails on a bad file, with each problem located', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-check-'));
    await mkdir(path.join(dir, 'workflows'));
    for (const name of await readdir(path.join(ROOT, 'workflows'))) {
      if (name.endsWith('.yaml')) await copyFile(path.join(ROOT, 'workflows', name), path.join(dir, 'workflows', name));
    }
    await writeFile(path.join(dir, 'workflows', 'broken.yaml'), 'id: broken\ntitle: B\nnation: wales\n');
    const result = await run(['procedures', 'check', 'workflows/broken.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^workflows\/broken\.yaml:2:8 title: /m);
    expect(result.stderr).toMatch(/^workflows\/broken\.yaml:3:9 nation: .*"england-and-wales"/m);
    expect(result.stderr).toMatch(/^workflows\/broken\.yaml:1:1 stages: Missing "stages" \(array\)\.\n {2}hint: /m);
    expect(result.stderr).not.toContain('first stage');
    expect(result.stderr).toMatch(/\d+ problems found\.\n$/);
  });

  test('a file that cannot be read is a usage error', async () => {
    expect(await run(['procedures', 'check', 'workflows/nope.yaml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Cannot read workflows/nope.yaml') });
  });
});

describe('redress timeline', () => {
  test('prints the JSON the issue tracker and site use', async () => {
    const result = await run(['timeline', 'ceccc', '--received', '2026-12-23T10:00', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      procedure: 'ceccc',
      received: '2026-12-23T10:00:00+00:00',
      clocks: [
        { id: 'stage-1.acknowledge', stage: 'stage-1', label: 'Acknowledge the complaint in writing', due: '2027-01-04T23:59:59+00:00', dueDate: '2027-01-04' },
        { id: 'stage-1.respond', stage: 'stage-1', label: 'Send a formal written response', due: '2027-01-25T23:59:59+00:00', dueDate: '2027-01-25' },
      ],
    });
  });

  test('prints a readable table', async () => {
    const result = await run(['timeline', 'cms-vocational', '--received', '2026-08-24T10:00']);
    expect(result.stdout).toContain('complaint.respond  Investigate and respond in writing with a final outcome  Tuesday 8 September 2026');
  });

  test('a limit in hours is due at a time of day, shown with the date', async () => {
    // "no later than 48 hours from receipt": received Friday at 4pm, due Sunday at 4pm, weekend or not.
    const result = await run(['timeline', 'op-performance', '--received', '2026-11-27T16:00']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/formal\.acknowledge +Acknowledge receipt by return email, with a target date +Sunday 29 November 2026 at 4:00pm +2026-11-29T16:00:00\+00:00/);
  });

  test('says so when a procedure sets no time limits', async () => {
    const result = await run(['timeline', 'cecops', '--received', '2026-08-24T10:00']);
    expect(result.stdout).toContain('does not set time limits');
  });

  test.each([
    [['timeline', 'ceccc'], '--received is required.'],
    [['timeline', 'ceccc', '--received', 'yesterday'], 'Invalid date-time "yesterday"'],
    [['timeline', 'nope', '--received', '2026-12-23T10:00'], 'Unknown procedure "nope". Known: ceccc, cecops, cms-vocational, housing-ombudsman-code, naccc-model, op-performance, spso-model.'],
    [['timeline', 'ceccc', '--received', '2026-12-23T10:00', '--channel', 'fax'], '"fax" is not a channel of ceccc (web, email)'],
    [['timeline', 'ceccc', 'extra', '--received', '2026-12-23T10:00'], 'Unexpected argument "extra"'],
  ])('%j is refused: %s', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('npx redress', () => {
  test('runs the CLI through the package bin on the project Node', async () => {
    const { stdout } = await promisify(execFile)('npx', ['redress', 'timeline', 'ceccc', '--received', '2026-11-27T16:59', '--json'], { cwd: ROOT });
    expect(JSON.parse(stdout).clocks[0].dueDate).toBe('2026-12-04');
  });

  test('exits non-zero on a bad command line', async () => {
    await expect(promisify(execFile)('npx', ['redress', 'timeline'], { cwd: ROOT })).rejects.toMatchObject({ code: 2 });
  });
});
