import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readLedgerDir } from '../../scripts/adapters/ledger/ledger-files.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { count, publicStatistics, share } from '../../scripts/core/audit/public-statistics.ts';
import type { LedgerEntry } from '../../scripts/core/ledger/ledger-entry-schema.ts';
import { LIFECYCLES, runLifecycles } from '../ledger/lifecycles.ts';

let entries: LedgerEntry[] = [];

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-public-'));
  await runLifecycles(Object.values(LIFECYCLES), createLedgerWriter({ dir, git: false }));
  entries = (await readLedgerDir(dir)).files.map((file) => file.entry);
}, 60_000);

/** The real entries, repeated under other references, to reach the sizes where figures are published. */
function times(n: number, chosen: readonly LedgerEntry[]): LedgerEntry[] {
  return Array.from({ length: n }, (_, i) => chosen.map((entry) => ({ ...entry, reference: `${entry.reference}-${i}` }))).flat();
}

describe('published counts and shares', () => {
  test('a count below 5 is "fewer than 5"', () => {
    expect(count(0)).toEqual({ shown: false, text: 'fewer than 5' });
    expect(count(4)).toEqual({ shown: false, text: 'fewer than 5' });
    expect(count(5)).toEqual({ shown: true, value: 5, text: '5' });
  });

  test('a share is published only when neither part would reveal a count below 5', () => {
    expect(share(4, 4).shown).toBe(false);
    expect(share(18, 20)).toEqual({ shown: false, text: 'not published: too few to show safely' });
    expect(share(20, 20)).toEqual({ shown: true, value: 1, text: '100%' });
    expect(share(15, 20)).toEqual({ shown: true, value: 0.75, text: '75%' });
  });
});

describe('the statistics page\'s figures, from the ledger', () => {
  test('a small organisation: every count held back', () => {
    const [cms] = publicStatistics(entries).filter((p) => p.procedure === 'cms-vocational');
    expect(cms?.years).toEqual([
      {
        year: '2026',
        received: { shown: false, text: 'fewer than 5' },
        answered: { shown: false, text: 'fewer than 5' },
        answeredInTime: { shown: false, text: 'not published: too few to show safely' },
        outcomes: { upheld: { shown: false, text: 'fewer than 5' }, 'partly-upheld': { shown: false, text: 'fewer than 5' }, 'not-upheld': { shown: false, text: 'fewer than 5' } },
        escalated: { shown: false, text: 'fewer than 5' },
        changes: [],
      },
    ]);
  });

  test('what changed as a result: cases per kind of change, held back below 5, retracted changes not counted', () => {
    const ceccc = entries.filter((e) => e.procedure.id === 'ceccc');
    const withChange = (entry: LedgerEntry, change: 'training' | 'policy', retracted = false): LedgerEntry => {
      const seq = entry.events.length + 1;
      return {
        ...entry,
        events: [...entry.events, { seq, type: 'change-made', at: entry.received, actor: 'staff', change }],
        corrections: retracted ? [...entry.corrections, { retracts: seq, noticed: entry.received }] : entry.corrections,
      };
    };
    const many = times(2, ceccc).map((entry, i) => withChange(entry, i < 6 ? 'training' : 'policy', i === 0));
    const [year] = publicStatistics(many)[0]?.years ?? [];
    expect(year?.changes).toEqual([
      { change: 'training', cases: { shown: true, value: 5, text: '5' } },
      { change: 'policy', cases: { shown: false, text: 'fewer than 5' } },
    ]);
  });

  test('enough cases: counts and the share answered in time are published', () => {
    const ceccc = entries.filter((e) => e.procedure.id === 'ceccc');
    const [year] = publicStatistics(times(5, ceccc))[0]?.years ?? [];
    // 25 cases: 20 answered (10 upheld, 10 not upheld), every answer in time; 5 taken to stage 2.
    expect(year).toMatchObject({ received: { text: '25' }, answered: { text: '20' }, answeredInTime: { text: '100%' }, escalated: { text: '5' } });
    expect(year?.outcomes.upheld.text).toBe('10');
  });

  test('one outcome hidden: the next smallest is withheld too, so it cannot be found by subtraction', () => {
    const chosen = entries.filter((e) => [LIFECYCLES.cecccLate!.reference, LIFECYCLES.cecccExtended!.reference, LIFECYCLES.cecccCorrected!.reference].includes(e.reference));
    // The escalated case, as if its stage 2 had upheld the complaint in part: the one partly upheld outcome.
    const partly = entries.filter((e) => e.reference === LIFECYCLES.cecccEscalated!.reference).map((e) => ({ ...e, outcome: 'partly-upheld' as const }));
    const [year] = publicStatistics([...times(6, chosen), ...partly])[0]?.years ?? [];
    expect(year?.answered.text).toBe('19');
    expect(year?.outcomes).toEqual({
      upheld: { shown: true, value: 12, text: '12' },
      'partly-upheld': { shown: false, text: 'fewer than 5' },
      'not-upheld': { shown: false, text: 'not published' },
    });
  });

  test('an outcome nobody had needs no protecting', () => {
    const ceccc = entries.filter((e) => e.procedure.id === 'ceccc');
    const [year] = publicStatistics(times(5, ceccc))[0]?.years ?? [];
    expect(year?.outcomes['partly-upheld'].text).toBe('fewer than 5');
    expect(year?.outcomes['not-upheld'].text).toBe('10');
  });

  test('an empty ledger has no figures', () => {
    expect(publicStatistics([])).toEqual([]);
  });
});
