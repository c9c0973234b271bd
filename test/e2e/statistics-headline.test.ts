/**
 * The statistics page's headline figures, in a site built for an organisation whose redress.yaml names the code it
 * reports against: the reporting year so far, counted from the ledger, small numbers held back, every figure linked
 * to what it means. The page is asked of the server, which counts it on request; the browser checks of the page are
 * in site.test.ts.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportingYear } from '../../scripts/core/reports/headline-indicators.ts';
import { generatedEntries, reportProject, utc, writeLedger } from '../reports/support/report-project.ts';
import { buildSite, startServer } from './support/site-server.ts';

const DAY = 86_400_000;
const CASES = 40;
/** A reporting year that started 150 days ago (moved off 29 February, which not every year has). */
const START = new Date(Date.now() - 150 * DAY).toISOString().slice(5, 10).replace('02-29', '03-01');
const YEAR = reportingYear(new Date().toISOString().slice(0, 10), START);
const HOMES = 800;

let project = '';
let html = '';
let build: { outDir: string; remove: () => Promise<void> } | undefined;
let site: Awaited<ReturnType<typeof startServer>> | undefined;

beforeAll(async () => {
  const { dir, procedures } = await reportProject();
  project = dir;
  const code = procedures.get('housing-ombudsman-code');
  if (!code) throw new Error('The Housing Ombudsman Code is missing from workflows/.');
  await writeFile(
    path.join(dir, 'redress.yaml'),
    `name: Riverside Homes\ncontact: { email: complaints@example.org }\npublish: [housing-ombudsman-code]\nreports:\n  code: housing-ombudsman-code\n  procedure: housing-ombudsman-code\n  homes: ${HOMES}\n  yearStarts: "${START}"\n`,
  );
  // The year so far, and the year before it, which must not count.
  await writeLedger(path.join(dir, 'ledger'), [
    ...generatedEntries({ procedure: code, count: CASES, seed: 7, prefix: 'H', options: { window: { start: utc(YEAR.from) + DAY, days: 100 } } }),
    ...generatedEntries({ procedure: code, count: 25, seed: 8, prefix: 'B', options: { window: { start: utc(YEAR.from) - 200 * DAY, days: 150 } } }),
  ]);
  const env = { REDRESS_LEDGER_DIR: path.join(dir, 'ledger') };
  build = await buildSite({ cwd: dir, env });
  site = await startServer(build.outDir, { cwd: dir, env });
  const response = await fetch(`${site.url}/statistics/`);
  html = await response.text();
  if (!response.ok) throw new Error(`The statistics page answered ${response.status}:\n${html}\n${site.output()}`);
}, 300_000);

afterAll(async () => {
  await site?.stop();
  await build?.remove();
  if (project) await rm(project, { recursive: true, force: true });
});

/** The headline section's rows: heading, figure text and the definition the figure links to. */
function headlineRows(): { label: string; text: string; href: string }[] {
  const section = /<section aria-labelledby="headline"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return [...section.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>\s*<td class="numeric"[^>]*><a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ label: decode(m[1] ?? ''), href: m[2] ?? '', text: decode(m[3] ?? '') }));
}

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16))).replaceAll('&amp;', '&');
}

describe("the statistics page's headline figures under the organisation's code", () => {
  test("the year so far under the Housing Ombudsman's Code, with the tenant satisfaction measures' figures", () => {
    expect(html).toMatch(/<h2 id="headline"[^>]*>This year under the [^<]*Complaint Handling Code/);
    const rows = headlineRows();
    expect(rows.map((row) => row.label)).toEqual([
      'Stage 1 complaints received',
      'Stage 1 complaints per 1,000 homes',
      "Stage 1 complaints responded to within the Code's timescale",
      'Stage 2 complaints received',
      'Stage 2 complaints per 1,000 homes',
      "Stage 2 complaints responded to within the Code's timescale",
    ]);
    // Every complaint of the year starts at stage 1; those of the year before are not counted.
    expect(rows[0]?.text).toBe(String(CASES));
    expect(rows[1]?.text).toBe(((CASES / HOMES) * 1000).toFixed(1));
  });

  test('no count from 1 to 4 is published, and every figure links to its definition on the page', () => {
    const rows = headlineRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      if (/complaints received$/.test(row.label)) expect(row.text, row.label).toMatch(/^(0|[5-9]|\d{2,})$|^fewer than 5$|^not published$/);
      const id = row.href.replace(/^#/, '');
      expect(row.href, row.label).toMatch(/^#headline-/);
      expect(html, row.label).toContain(`id="${id}"`);
    }
  });
});
