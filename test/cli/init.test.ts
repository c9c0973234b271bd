import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { readOrganisation } from '../../scripts/adapters/fs/organisation-file.ts';
import { main } from '../../scripts/cli/main.ts';
import { procedureIdFor } from '../../scripts/core/organisation/init-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A copy of the project's procedures, as a fresh clone has them. */
async function project() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-init-'));
  await cp(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  const run = async (argv: string[], answers?: string[]) => {
    let stdout = '';
    let stderr = '';
    const asked: string[] = [];
    const queue = [...(answers ?? [])];
    const code = await main(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: dir,
      env: { REDRESS_SOURCES_DIR: path.resolve(ROOT, '../shared/seeds') },
      now: () => Date.parse('2026-12-01T10:00:00Z'),
      ...(answers ? { ask: async (question: string) => (asked.push(question), queue.shift() ?? '') } : {}),
    });
    return { code, stdout, stderr, asked };
  };
  return { dir, run };
}

const RIVERSIDE = ['init', '--name', 'Riverside Child Contact Centre', '--nation', 'scotland', '--from', 'naccc-model', '--email', 'complaints@riverside.example'];

describe('redress init', () => {
  test('writes the organisation file and its procedure filling in the model, which check clean; the site publishes only it', async () => {
    const { dir, run } = await project();
    const result = await run(RIVERSIDE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote workflows/riverside-child-contact-centre.yaml (filling in NACCC model complaints procedure for child contact centres) and redress.yaml (publishing riverside-child-contact-centre only).');
    expect(result.stdout).toContain('1 procedure valid.');
    expect(result.stdout).toContain('stage-1-respond');

    const { procedures, problems } = await loadWorkflows(path.join(dir, 'workflows'), dir);
    expect(problems).toEqual([]);
    expect(procedures.get('riverside-child-contact-centre')).toMatchObject({ kind: 'procedure', extends: 'naccc-model', nation: 'scotland', organisation: { name: 'Riverside Child Contact Centre', sector: 'child-contact-centre' } });
    expect(await readOrganisation(dir)).toMatchObject({ name: 'Riverside Child Contact Centre', contact: { email: 'complaints@riverside.example' }, publish: ['riverside-child-contact-centre'], people: [] });
    // Each open time limit is there to set, commented out until it is.
    const text = await readFile(path.join(dir, 'workflows', 'riverside-child-contact-centre.yaml'), 'utf8');
    expect(text).toContain('# parameters:\n#   stage-1-respond: 10 working days    # Time limit for the stage 1 outcome: your own time limit');
  });

  test('a time limit set by uncommenting its line is the procedure’s', async () => {
    const { dir, run } = await project();
    await run(RIVERSIDE);
    const file = path.join(dir, 'workflows', 'riverside-child-contact-centre.yaml');
    const text = (await readFile(file, 'utf8')).replace('# parameters:', 'parameters:').replace('#   stage-1-respond: 10 working days', '  stage-1-respond: 15 working days');
    await (await import('node:fs/promises')).writeFile(file, text);
    const { procedures, problems } = await loadWorkflows(path.join(dir, 'workflows'), dir);
    expect(problems).toEqual([]);
    expect(procedures.get('riverside-child-contact-centre')?.stages[0]?.clocks.find((c) => c.id === 'respond')?.within).toEqual({ amount: 15, unit: 'working-days' });
  });

  test('from blank: a starting document and the procedure encoding it, quote for quote, which check clean and run', async () => {
    const { dir, run } = await project();
    const result = await run(['init', '--name', 'Hillview Advice Centre', '--nation', 'northern-ireland', '--from', 'blank', '--sector', 'membership-body', '--email', 'complaints@hillview.example']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote workflows/sources/hillview-advice-centre.txt (a starting procedure to change), workflows/hillview-advice-centre.yaml (encoding it) and redress.yaml (publishing hillview-advice-centre only).');
    // procedures check found the document and checked every quote against it.
    expect(result.stdout).toContain('1 procedure valid.');
    expect(result.stdout).not.toMatch(/not found in|could not be checked/i);
    const { procedures, problems } = await loadWorkflows(path.join(dir, 'workflows'), dir);
    expect(problems).toEqual([]);
    const procedure = procedures.get('hillview-advice-centre');
    expect(procedure).toMatchObject({ kind: 'procedure', nation: 'northern-ireland', organisation: { name: 'Hillview Advice Centre', sector: 'membership-body' } });
    expect(procedure?.stages.map((stage) => [stage.id, stage.clocks.map((clock) => `${clock.id} ${clock.within?.amount}`)])).toEqual([
      ['stage-1', ['acknowledge 5', 'respond 20']],
      ['review', ['request 20', 'acknowledge 5', 'respond 20']],
    ]);
    const document = await readFile(path.join(dir, 'workflows', 'sources', 'hillview-advice-centre.txt'), 'utf8');
    expect(document).toContain('or by email to complaints@hillview.example.');
    // Changing the document without the file is caught: the quote no longer matches.
    await (await import('node:fs/promises')).writeFile(path.join(dir, 'workflows', 'sources', 'hillview-advice-centre.txt'), document.replace('within 5 working days of receiving it', 'within 3 working days of receiving it'));
    const rechecked = await run(['procedures', 'check', 'workflows/hillview-advice-centre.yaml']);
    expect(rechecked.code).toBe(1);
    expect(rechecked.stdout + rechecked.stderr).toContain('We will acknowledge your complaint within 5 working days of receiving it.');
  });

  test('from blank asks for the sector, which no model gives', async () => {
    const { run } = await project();
    const result = await run(['init', '--name', 'Hillview Advice Centre', '--nation', 'scotland', '--from', 'blank'], ['complaints@hillview.example', 'gardening']);
    expect(result.code).toBe(2);
    expect(result.asked.at(-1)).toMatch(/^Your sector \(child-contact-centre, /);
    expect(result.stderr).toContain('--sector: "gardening" is not one of child-contact-centre');
  });

  test('asks for what is missing when a person is at the terminal', async () => {
    const { run } = await project();
    const result = await run(['init'], ['Hillside Housing Association', 'england-and-wales', 'housing-ombudsman-code', 'complaints@hillside.example']);
    expect(result.code).toBe(0);
    expect(result.asked).toEqual([
      'Your organisation’s name: ',
      'Whose bank holidays count (england-and-wales, scotland, northern-ireland): ',
      'The model your procedure follows (housing-ombudsman-code, naccc-model, spso-model), or blank: ',
      'The email address complainants write to: ',
    ]);
    expect(result.stdout).toContain('workflows/hillside-housing-association.yaml');
  });

  test.each([
    [['init', '--nation', 'scotland', '--from', 'naccc-model', '--email', 'a@b.example'], '--name is required (or run this in a terminal, which asks for it).'],
    [[...RIVERSIDE.slice(0, 3), '--nation', 'wales', '--from', 'naccc-model', '--email', 'a@b.example'], '--nation: "wales" is not one of england-and-wales, scotland, northern-ireland.'],
    [[...RIVERSIDE.slice(0, 5), '--from', 'ceccc', '--email', 'a@b.example'], '--from: "ceccc" is not a model in workflows/. Models: housing-ombudsman-code, naccc-model, spso-model, or blank for a procedure that follows none.'],
    [[...RIVERSIDE.slice(0, 7), '--email', 'nobody'], '--email: "nobody" is not an email address.'],
    [[...RIVERSIDE, '--id', 'Riverside'], '--id: "Riverside" is not an id'],
    [[...RIVERSIDE, '--sector', 'bakery'], '--sector: "bakery" is not one of'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const { run } = await project();
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('never replaces files without --yes', async () => {
    const { run } = await project();
    expect((await run(RIVERSIDE)).code).toBe(0);
    expect(await run(RIVERSIDE)).toMatchObject({ code: 2, stderr: expect.stringContaining('redress.yaml exists already: give --yes to replace it.') });
    expect((await run([...RIVERSIDE, '--yes'])).code).toBe(0);
  });

  test.each([
    ['Riverside Child Contact Centre', 'riverside-child-contact-centre'],
    ['St. Anne’s & Co (Leeds)', 'st-annes-co-leeds'],
    ['Ysgol Gymraeg Aberystwyth Ffordd Newydd Uchaf', 'ysgol-gymraeg-aberystwyth-ffordd-newydd'],
    ['Café Élan', 'cafe-elan'],
    ['2gether Support', 'org-2gether-support'],
  ])('the id made from %s is %s', (name, id) => {
    expect(procedureIdFor(name)).toBe(id);
  });
});
