/**
 * The ledger as the statistics page reads it: read again only once the period has passed, one read shared by
 * requests that arrive together, and a damaged or unreadable ledger never replacing the last good reading.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LedgerSnapshots, LedgerUnreadableError } from '../../scripts/adapters/ledger/ledger-snapshots.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { createLogger } from '../../scripts/adapters/log/logger.ts';
import { LIFECYCLES, runLifecycles } from './lifecycles.ts';

let source: string;
let work: string;

beforeAll(async () => {
  source = await mkdtemp(path.join(os.tmpdir(), 'redress-snapshots-source-'));
  await runLifecycles([LIFECYCLES.cecccEscalated!, LIFECYCLES.opTarget!, LIFECYCLES.cmsAppeal!], createLedgerWriter({ dir: source, git: false }));
  work = await mkdtemp(path.join(os.tmpdir(), 'redress-snapshots-'));
}, 60_000);

afterAll(async () => {
  await rm(source, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

/** An empty ledger folder, a reader of it on a clock the test moves, and a way to put three real entries in. */
async function ledger(name: string) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  let now = Date.parse('2027-03-01T10:00:00Z');
  const snapshots = new LedgerSnapshots({ dir, maxAgeMs: 300_000, now: () => now, log: createLogger({ write: (line) => lines.push(line) }) });
  return {
    dir,
    snapshots,
    lines,
    advance: (ms: number) => (now += ms),
    /** Copies the whole year folder of real entries in. */
    fill: () => cp(source, dir, { recursive: true }),
  };
}

describe('the ledger read on request', () => {
  test('a reading serves for the period; a change shows once it has passed, without anything rebuilt', async () => {
    const { snapshots, advance, fill } = await ledger('period');
    const empty = await snapshots.current();
    expect(empty).toEqual({ entries: [], readAt: Date.parse('2027-03-01T10:00:00Z'), stale: false });
    await fill();
    advance(299_000);
    expect((await snapshots.current()).entries).toEqual([]);
    advance(1_000);
    const later = await snapshots.current();
    expect(later.entries.map((entry) => entry.procedure.id).sort()).toEqual(['ceccc', 'cms-vocational', 'op-performance']);
    expect(later.readAt).toBe(Date.parse('2027-03-01T10:05:00Z'));
  });

  test('requests that arrive together share one read', async () => {
    const { snapshots, fill } = await ledger('together');
    await fill();
    const readings = await Promise.all([snapshots.current(), snapshots.current(), snapshots.current()]);
    expect(readings[1]).toBe(readings[0]);
    expect(readings[2]).toBe(readings[0]);
  });

  test('a damaged entry does not replace the last good reading: it is served, marked stale, and the problem logged', async () => {
    const { dir, snapshots, advance, fill, lines } = await ledger('damaged');
    await fill();
    const good = await snapshots.current();
    expect(good.entries).toHaveLength(3);
    const [year] = good.entries.map((entry) => entry.received.slice(0, 4));
    await writeFile(path.join(dir, year!, 'RDR-AAAA-BBBB-CCC.json'), '{"reference": "RDR-AAAA-BBBB-CCC"');
    advance(300_000);
    const kept = await snapshots.current();
    expect(kept).toEqual({ ...good, stale: true });
    expect(lines.join('')).toContain('The case ledger could not be read; the last good reading is still shown');
    expect(lines.join('')).toContain('RDR-AAAA-BBBB-CCC.json');
    // Mended, it is read afresh at the next period.
    await rm(path.join(dir, year!, 'RDR-AAAA-BBBB-CCC.json'));
    advance(300_000);
    expect(await snapshots.current()).toMatchObject({ stale: false, readAt: good.readAt + 600_000 });
  });

  test('with no good reading to fall back on, a damaged ledger is an error naming the problem, never an empty ledger', async () => {
    const { dir, snapshots } = await ledger('never-good');
    await mkdir(path.join(dir, '2027'));
    await writeFile(path.join(dir, '2027', 'notes.json'), '{}');
    await expect(snapshots.current()).rejects.toThrow(LedgerUnreadableError);
    await expect(snapshots.current()).rejects.toThrow('2027/notes.json: not named <reference>.json');
  });

  test('a period of 0 reads on every request', async () => {
    const dir = path.join(work, 'every');
    await mkdir(dir);
    const snapshots = new LedgerSnapshots({ dir, maxAgeMs: 0, log: createLogger({ write: () => undefined }) });
    expect((await snapshots.current()).entries).toEqual([]);
    await cp(source, dir, { recursive: true });
    expect((await snapshots.current()).entries).toHaveLength(3);
  });
});
