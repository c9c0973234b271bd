import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadWorkflows } from '../../scripts/adapters/fs/procedure-files.ts';
import { main } from '../../scripts/cli/main.ts';
import { collectSources } from '../../scripts/core/procedure/check-sources.ts';
import { DEFAULT_ASSUMPTIONS } from '../../scripts/core/procedure/default-assumptions.ts';
import { formatProblem, loadProcedures } from '../../scripts/core/procedure/load-procedures.ts';
import { procedureFidelity } from '../../scripts/core/procedure/procedure-fidelity.ts';
import { seedProcedure } from '../support/procedures.ts';

const loaded = await loadWorkflows(path.resolve(import.meta.dirname, '../../workflows'));

describe('the procedure fidelity report', () => {
  test.each([...loaded.procedures.keys()])('%s: every quoted rule is a row, with its quote', (id) => {
    const procedure = seedProcedure(id);
    const report = procedureFidelity(procedure);
    const quoted = report.rows.filter((row) => row.quote !== undefined);
    expect(quoted.map((row) => row.quote)).toEqual(collectSources(procedure).map(({ source }) => source.quote));
    // Every row says something, and every assumption says why.
    for (const row of report.rows) {
      expect(row.says.length, row.rule).toBeGreaterThan(3);
      if (row.kind === 'assumption') expect(row.assumption?.why.length, row.rule).toBeGreaterThan(20);
    }
    expect(report.counts.source + report.counts.assumption).toBe(report.rows.length);
  });

  test('ceccc: the stage 2 window is a rule of the source; who decides stage 2 instead of the Chair is an assumption', () => {
    const rows = procedureFidelity(seedProcedure('ceccc')).rows;
    expect(rows.find((row) => row.rule === 'stages.stage-2.clocks.request')).toEqual({
      rule: 'stages.stage-2.clocks.request',
      says: 'Ask for stage 2: 5 working days from the complainant\'s receipt of the previous stage\'s response.',
      quote: 'within 5 working days of receipt of the Stage 1 response',
      kind: 'source',
    });
    expect(rows.find((row) => row.rule === 'stages.stage-2.independence.instead')).toMatchObject({
      kind: 'assumption',
      quote: 'A request to escalate to Stage 2 must be made to The Trustees',
      assumption: { id: 'ceccc-stage-2-instead', inherited: false, reading: expect.stringContaining('the Trustees other than the Chair decide stage 2') },
    });
    expect(rows.find((row) => row.rule === 'externalBodies.naccc.window')).toMatchObject({
      kind: 'assumption',
      says: 'Within 12 weeks of the complainant\'s receipt of the response to Stage 2.',
      assumption: { id: 'ceccc-naccc-window' },
    });
  });

  test('an assumption about part of a rule qualifies that rule', () => {
    const row = procedureFidelity(seedProcedure('naccc-model')).rows.find((r) => r.assumption?.id === 'naccc-requests-from-receipt');
    expect(row).toMatchObject({ rule: 'stages.stage-2.clocks.request', kind: 'assumption', quote: 'Within specified timescales, they will outline the basis of their complaint' });
  });

  test('the readings every procedure shares are listed only where they matter', () => {
    const inherited = (id: string) => procedureFidelity(seedProcedure(id)).rows.filter((row) => row.assumption?.inherited).map((row) => row.assumption?.id);
    expect(inherited('ceccc')).toEqual([
      'day-of-receipt-not-counted', 'non-working-day-receipt', 'cut-off', 'end-of-due-day', 'calendar-month', 'deemed-receipt',
      'sending-not-recorded', 'letter-sent-when-accepted', 'date-without-time', 'reopened-case', 'notify-in-working-hours',
    ]);
    // Months only where a time limit is in months (ceccc: three months to complain); deemed receipt only where a
    // window runs from a letter's receipt.
    expect(inherited('op-performance')).toContain('calendar-month');
    expect(inherited('cms-vocational')).not.toContain('calendar-month');
    expect(inherited('spso-model')).not.toContain('deemed-receipt');
    // CECOPS sets no time limits: no reading about counting them applies.
    expect(inherited('cecops')).toEqual([]);
  });

  test('a reading follows the procedure\'s own setting', () => {
    const base = seedProcedure('ceccc');
    const other = procedureFidelity({ ...base, calendar: { ...base.calendar, cutOff: 16 * 60 + 30, nonWorkingDayReceipt: 'received-next-working-day' } });
    expect(other.rows.find((row) => row.assumption?.id === 'cut-off')?.says).toBe('A complaint received at or after 4:30pm counts as received the next day.');
    expect(other.rows.find((row) => row.assumption?.id === 'non-working-day-receipt')?.says).toMatch(/counts as received on the next working day/);
  });

  test('every assumption id is unique across the defaults and every procedure', () => {
    const ids = [...DEFAULT_ASSUMPTIONS.map((a) => a.id), ...[...loaded.procedures.values()].flatMap((p) => p.assumptions.map((a) => a.id))];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('assumptions in a procedure file are checked', () => {
  test('an assumption must name a rule of the procedure', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path.resolve(import.meta.dirname, '../../workflows/ceccc.yaml'), 'utf8');
    const broken = text.replace('rule: externalBodies.naccc.window', 'rule: externalBodies.ombudsman.window');
    const { problems } = loadProcedures([{ path: 'workflows/ceccc.yaml', text: broken }]);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^workflows\/ceccc\.yaml:\d+:\d+ assumptions\[2\]\.rule: "externalBodies\.ombudsman\.window" names no rule of this procedure/),
    ]);
  });
});

describe('redress procedures fidelity', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, env: {}, now: () => 0 });
    return { code, stdout, stderr };
  }

  test('prints each rule with its quote, and each assumption with why', async () => {
    const result = await run(['procedures', 'fidelity', 'ceccc']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SOURCE     stages.stage-2.clocks.request\n  says:   Ask for stage 2: 5 working days from the complainant\'s receipt of the previous stage\'s response.\n  quotes: "within 5 working days of receipt of the Stage 1 response"');
    expect(result.stdout).toContain('ASSUMPTION stages.stage-2.independence.instead');
    expect(result.stdout).toContain('reading (non-working-day-receipt, shared by every procedure):');
  });

  test('--json gives the report as data; an unknown procedure is a usage error', async () => {
    const json = JSON.parse((await run(['procedures', 'fidelity', 'cecops', '--json'])).stdout);
    expect(json.counts).toEqual({ source: 22, assumption: 1 });
    const unknown = await run(['procedures', 'fidelity', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown procedure "nope".');
  });
});
