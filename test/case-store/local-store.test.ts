import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { LocalCaseStore } from '../../scripts/adapters/local-store/local-case-store.ts';
import { CONTRACT_START, defineCaseStoreContract, newCase } from './contract.ts';

const exec = promisify(execFile);
const STORE_MODULE = path.resolve(import.meta.dirname, '../../scripts/adapters/local-store/local-case-store.ts');

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'redress-local-'));
}

defineCaseStoreContract('local store', async () => {
  const dataDir = await tempDir();
  let now = CONTRACT_START;
  const store = await LocalCaseStore.open({ dataDir, now: () => now, commitIntervalMs: 20 });
  return {
    store,
    advance: (ms) => {
      now += ms;
    },
    addStaffComment: async (id, body, association) => {
      await store.addCommentAs(id, body, { author: 'staff-member', association });
    },
    countCases: async (reference) => {
      const files = await readdir(store.complaintsDir);
      let count = 0;
      for (const name of files.filter((n) => n.endsWith('.json'))) {
        if (JSON.parse(await readFile(path.join(store.complaintsDir, name), 'utf8')).title.includes(reference)) count += 1;
      }
      return count;
    },
    cleanup: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('local store', () => {
  test('every change is committed to the git repository in the data directory, by Redress', async () => {
    const dataDir = await tempDir();
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    const { case: c } = await store.createCase(newCase({ reference: 'RDR-AAAA-BBBB-CC' }));
    await store.addLabels(c.id, ['flag:anonymous']);
    await store.addComment(c.id, 'noted');
    expect(await store.history()).toEqual([
      expect.stringMatching(/ RDR-AAAA-BBBB-CC: comment added$/),
      expect.stringMatching(/ RDR-AAAA-BBBB-CC: labels added: flag:anonymous$/),
      expect.stringMatching(/ RDR-AAAA-BBBB-CC: case opened$/),
      expect.stringMatching(/ Open the local case store$/),
    ]);
    const { stdout } = await exec('git', ['-C', store.complaintsDir, 'log', '-1', '--format=%an <%ae>']);
    expect(stdout.trim()).toBe('Redress <redress@localhost>');
    const { stdout: status } = await exec('git', ['-C', store.complaintsDir, 'status', '--porcelain']);
    expect(status).toBe('');
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('changes close together share one commit; close() commits what is pending', async () => {
    const dataDir = await tempDir();
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 60_000 });
    await Promise.all(['RDR-GRP1-AAAA-AA', 'RDR-GRP2-AAAA-AA', 'RDR-GRP3-AAAA-AA'].map((reference) => store.createCase(newCase({ reference }))));
    expect(await store.history()).toHaveLength(1);
    await store.close();
    const log = await store.history();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/3 changes: RDR-GRP\d-AAAA-AA: case opened/);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('changes left uncommitted by a killed process are committed when the store is next opened', async () => {
    const dataDir = await tempDir();
    const first = await LocalCaseStore.open({ dataDir, commitIntervalMs: 60_000 });
    await first.createCase(newCase({ reference: 'RDR-KILL-AAAA-AA' }));
    // No close(): as if the process died before its grouped commit.
    const second = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect((await second.history())[0]).toMatch(/Recover changes written before an interrupted commit/);
    expect(await second.findByReference('RDR-KILL-AAAA-AA')).toBeDefined();
    await second.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('case files hold personal data: readable by this account only', async () => {
    const dataDir = await tempDir();
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    await store.createCase(newCase({ reference: 'RDR-MODE-AAAA-AA' }));
    expect((await stat(path.join(store.complaintsDir, 'RDR-MODE-AAAA-AA.json'))).mode & 0o777).toBe(0o600);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('two stores on one directory (two processes) do not lose each other’s updates', async () => {
    const dataDir = await tempDir();
    const a = await LocalCaseStore.open({ dataDir, commitIntervalMs: 10 });
    const b = await LocalCaseStore.open({ dataDir, commitIntervalMs: 10 });
    const { case: c } = await a.createCase(newCase({ reference: 'RDR-TWO0-AAAA-AA', labels: [] }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).addLabels(c.id, [`l${i}`])));
    expect((await a.getCase(c.id)).labels).toHaveLength(20);
    await Promise.all([a.close(), b.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a reference that is not a plain name cannot reach outside the store', async () => {
    const dataDir = await tempDir();
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect(await store.findByReference('../../etc/passwd')).toBeUndefined();
    await expect(store.getCase('../x')).rejects.toThrow(/No case/);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('local store: the sweep lock', () => {
  test('a lock left by a process that has died on this machine is taken over at once, not after it expires', async () => {
    const dataDir = await tempDir();
    // Another process takes the lock for fifteen minutes, then dies without releasing it.
    const script = `const { LocalCaseStore } = await import(${JSON.stringify(STORE_MODULE)}); const store = await LocalCaseStore.open({ dataDir: ${JSON.stringify(dataDir)}, commitIntervalMs: 0 }); process.stdout.write(String(await store.acquireLock('sweep', 'dead-sweep', 15 * 60_000))); process.exit(0);`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script]);
    expect(stdout).toBe('true');
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect(await store.acquireLock('sweep', 'next-sweep', 15 * 60_000)).toBe(true);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a lock held by a live process, or by one on another machine, is respected until it expires', async () => {
    const dataDir = await tempDir();
    let now = CONTRACT_START;
    const store = await LocalCaseStore.open({ dataDir, now: () => now, commitIntervalMs: 0 });
    expect(await store.acquireLock('sweep', 'this-process', 60_000)).toBe(true);
    expect(await store.acquireLock('sweep', 'other', 60_000)).toBe(false);
    await store.releaseLock('sweep', 'this-process');
    // A holder on another host whose pid happens not to exist here is not judged by this machine's processes.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dataDir, 'locks', 'named-sweep.json'), JSON.stringify({ holder: 'elsewhere', expiresAt: now + 60_000, pid: 999_999_999, host: `not-${os.hostname()}` }));
    expect(await store.acquireLock('sweep', 'other', 60_000)).toBe(false);
    now += 60_001;
    expect(await store.acquireLock('sweep', 'other', 60_000)).toBe(true);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('local store: where the case files live', () => {
  test('an earlier version’s cases/ folder is moved to complaints/, history and all, once', async () => {
    const dataDir = await tempDir();
    // As an earlier version left it: the case files, committed, in <data dir>/cases.
    const old = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    const { case: made } = await old.createCase(newCase());
    await old.close();
    const { rename: move } = await import('node:fs/promises');
    await move(path.join(dataDir, 'complaints'), path.join(dataDir, 'cases'));

    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect(store.complaintsDir).toBe(path.join(dataDir, 'complaints'));
    expect(await store.getCase(made.id)).toMatchObject({ reference: made.reference });
    expect(await store.history()).toEqual(expect.arrayContaining([expect.stringContaining(`${made.reference}: case opened`)]));
    await expect(stat(path.join(dataDir, 'cases'))).rejects.toThrow();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('case files in both folders are not merged by guesswork: the error names both', async () => {
    const dataDir = await tempDir();
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    await store.createCase(newCase());
    await store.close();
    const { cp } = await import('node:fs/promises');
    await cp(path.join(dataDir, 'complaints'), path.join(dataDir, 'cases'), { recursive: true });
    await expect(LocalCaseStore.open({ dataDir, commitIntervalMs: 0 })).rejects.toThrow(`holds case files in both cases/ (an earlier version's) and complaints/`);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a ledger folder named cases/ in the data directory is not taken for case files', async () => {
    const dataDir = await tempDir();
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(dataDir, 'cases', '2026'), { recursive: true });
    await writeFile(path.join(dataDir, 'cases', '2026', 'RDR-X.json'), '{"ledger": 1}');
    const store = await LocalCaseStore.open({ dataDir, commitIntervalMs: 0 });
    expect(await stat(path.join(dataDir, 'cases', '2026', 'RDR-X.json'))).toBeTruthy();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
