/**
 * The HTML reports in real Chromium: they pass axe, every figure's link finds its definition, and printed to PDF they
 * are A4 with nothing cut off: no element wider than the printable width, and as many pages as the printed content
 * needs (fewer would mean content lost; many more, pages wasted).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from '../e2e/ensure-chromium.ts';
import { axeViolations } from '../e2e/support/axe.ts';
import { generatedEntries, reportProject, runCli, utc, writeLedger } from './support/report-project.ts';

/** A4 in PDF points, and the report's page margins (@page in report-html.hbs) in millimetres. */
const A4 = { width: 595.28, height: 841.89 };
const MARGINS = { top: 15, right: 14, bottom: 16, left: 14 };
const PX_PER_MM = 96 / 25.4;
const PRINTABLE = { width: (210 - MARGINS.left - MARGINS.right) * PX_PER_MM, height: (297 - MARGINS.top - MARGINS.bottom) * PX_PER_MM };

const REPORTS = [
  ['tsm', 'northfield-homes', ['--homes', '4800']],
  ['annual-performance', 'northfield-homes', []],
  ['hoc-self-assessment', 'northfield-homes', []],
  ['spso-indicators', 'glen-council', []],
] as const;

let dir = '';
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  const project = await reportProject();
  dir = project.dir;
  const northfield = project.procedures.get('northfield-homes');
  const glen = project.procedures.get('glen-council');
  if (!northfield || !glen) throw new Error('The fixture procedures are missing.');
  await writeLedger(path.join(dir, 'ledger'), [
    ...generatedEntries({ procedure: northfield, count: 200, seed: 3, prefix: 'N', options: { window: { start: utc('2024-04-01'), days: 730 }, learning: 0.2 } }),
    ...generatedEntries({ procedure: glen, count: 100, seed: 4, prefix: 'G', options: { window: { start: utc('2025-04-01'), days: 365 }, learning: 0.2, direct: 0.15 } }),
  ]);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The PDF's pages, by their MediaBox in points. */
function pdfPages(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  const pages = [...text.matchAll(/\/Type\s*\/Page\b(?!s)[\s\S]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  return pages.map((match) => ({ width: Number(match[3]) - Number(match[1]), height: Number(match[4]) - Number(match[2]) }));
}

async function load(page: Page, kind: string, procedure: string, extra: readonly string[]): Promise<void> {
  const result = await runCli(dir, ['report', kind, '--period', '2025-04-01..2026-03-31', '--procedure', procedure, '--format', 'html', '--ledger', 'ledger', ...extra]);
  expect(result.code).toBe(0);
  await page.setContent(result.stdout, { waitUntil: 'load' });
}

/** The page as printed: print styles, laid out at the printable width of A4. */
async function printLayout(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.floor(PRINTABLE.width), height: Math.floor(PRINTABLE.height) });
}

/** Elements that reach past the printable width, or whose content is wider than they are (cut off when printed). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.body.querySelectorAll('*')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5 || element.scrollWidth > element.clientWidth + 1);
      })
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}: ${(element.textContent ?? '').slice(0, 40)}`);
  });
}

test('the print check finds content wider than the page', async () => {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html lang="en"><body><main><p style="width: 250mm">A line wider than A4.</p><table style="width: 100%; table-layout: fixed"><tr><td>Anunbreakablewordfarlongerthanitscolumncanholdonpaperanunbreakablewordfarlongerthanitscolumncanhold</td><td>x</td></tr></table></main></body></html>');
    await printLayout(page);
    expect(await overflowing(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^p: A line wider/), expect.stringMatching(/^td: Anunbreakable/)]));
  } finally {
    await page.close();
  }
}, 60_000);

describe.each(REPORTS)('the %s report in Chromium', (kind, procedure, extra) => {
  test('passes axe, and every figure links to its definition', async () => {
    const page = await browser.newPage();
    try {
      await load(page, kind, procedure, extra);
      expect(await axeViolations(page)).toEqual([]);
      const links = await page.evaluate(() => [...document.querySelectorAll('a[href^="#def-"]')].map((a) => ({ text: a.textContent ?? '', target: document.getElementById((a.getAttribute('href') ?? '').slice(1))?.tagName ?? 'missing' })));
      expect(links.length).toBeGreaterThan(5);
      expect(links.filter((link) => link.target !== 'DT')).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  test('prints on A4 with nothing cut off', async () => {
    const page = await browser.newPage();
    try {
      await load(page, kind, procedure, extra);
      const pdf = await page.pdf({ preferCSSPageSize: true });
      const pages = pdfPages(pdf);
      expect(pages.length).toBeGreaterThan(0);
      for (const size of pages) {
        expect(Math.abs(size.width - A4.width)).toBeLessThan(1.5);
        expect(Math.abs(size.height - A4.height)).toBeLessThan(1.5);
      }

      await printLayout(page);
      expect(await overflowing(page)).toEqual([]);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      // As many pages as the content's height needs, and a few more at most where a row or heading moves whole to
      // the next page.
      const needed = Math.ceil(height / PRINTABLE.height);
      expect(pages.length).toBeGreaterThanOrEqual(needed);
      expect(pages.length).toBeLessThanOrEqual(needed + Math.max(2, Math.ceil(needed * 0.25)));
    } finally {
      await page.close();
    }
  }, 90_000);
});
