// An umbrella body and its member centres on the GitHub test server: each member's private cases repository holds
// a generated ledger in cases/, the umbrella's reader may read them (one token), and `run` runs the real
// `redress umbrella` command against them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../scripts/cli/main.ts';
import type { LedgerEntry } from '../../../scripts/core/ledger/ledger-entry-schema.ts';
import { startGitHubServer, type GitHubTestServer, type RequestRecord } from '../../github-server/index.ts';
import { ledgerFiles, memberEntries } from './member-ledgers.ts';

export const READER = 'naccc-reader';
export const TOKEN = 'github_pat_naccc_reader';
export const OWNER = 'naccc-members';

export interface UmbrellaWorld {
  server: GitHubTestServer;
  dir: string;
  clock: { now: number };
  /** The member repositories, `naccc-members/centre-001`…, and the entries each holds. */
  repositories: { repository: string; entries: LedgerEntry[] }[];
  /** The environment `run` gives the command: the token, the test server's address, the data directory. */
  env: Record<string, string>;
  /** Writes a members file and returns its path. */
  membersFile: (text: string, name?: string) => Promise<string>;
  run: (argv: string[], options?: { interrupts?: () => AbortSignal; env?: Record<string, string>; terminal?: boolean }) => Promise<{ code: number; stdout: string; stderr: string }>;
  /** The requests since `from` (an index into server.requests). */
  requestsSince: (from: number) => RequestRecord[];
  close: () => Promise<void>;
}

export async function umbrellaWorld(options: { members: number; casesPerMember: number; rateLimit?: number }): Promise<UmbrellaWorld> {
  const clock = { now: Date.parse('2027-01-31T12:00:00Z') };
  const server = await startGitHubServer({ now: () => clock.now, rateLimit: options.rateLimit ?? 5000 });
  server.state.addUser({ login: READER });
  server.state.addToken(TOKEN, READER);
  server.state.addUser({ login: OWNER });
  const repositories = [];
  for (let i = 1; i <= options.members; i += 1) {
    const name = `centre-${String(i).padStart(3, '0')}`;
    const repository = `${OWNER}/${name}`;
    server.state.addRepo({ owner: OWNER, name, defaultLabels: false });
    server.state.addCollaborator({ repo: repository, login: READER, permission: 'read' });
    const entries = memberEntries(i, options.casesPerMember);
    server.state.commitFiles({ repo: repository, files: { 'README.md': `# ${name} complaints\n`, ...ledgerFiles(entries) }, message: 'Ledger' });
    repositories.push({ repository, entries });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-umbrella-'));
  const baseEnv = { REDRESS_UMBRELLA_TOKEN: TOKEN, GITHUB_API_URL: server.url, REDRESS_DATA_DIR: path.join(dir, 'data'), REDRESS_GITHUB_PACING: 'none' };
  return {
    server,
    dir,
    env: baseEnv,
    clock,
    repositories,
    async membersFile(text, name = 'members.yaml') {
      const file = path.join(dir, name);
      await writeFile(file, text);
      return file;
    },
    async run(argv, runOptions = {}) {
      let stdout = '';
      let stderr = '';
      const env = { ...baseEnv, ...runOptions.env };
      const code = await main(['umbrella', ...argv], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        cwd: dir,
        env,
        now: () => clock.now,
        ...(runOptions.terminal === undefined ? {} : { isTerminal: runOptions.terminal }),
        ...(runOptions.interrupts ? { interrupts: runOptions.interrupts } : {}),
      });
      return { code, stdout, stderr };
    },
    requestsSince(from) {
      return server.requests.slice(from);
    },
    close: () => server.close(),
  };
}

/** A members file listing the world's repositories (on `main`), with any extra lines of YAML. */
export function membersYaml(repositories: readonly string[], extra = ''): string {
  return `name: NACCC member centres\nmembers:\n${repositories.map((repository, i) => `  - name: Centre ${i + 1}\n    repository: ${repository}\n    branch: main\n`).join('')}${extra}`;
}

/** Requests by operation and whether they spent the rate limit. */
export function countRequests(requests: readonly RequestRecord[]): { counted: number; free: number; byOperation: Record<string, number> } {
  const byOperation: Record<string, number> = {};
  for (const request of requests) byOperation[request.operationId ?? '?'] = (byOperation[request.operationId ?? '?'] ?? 0) + 1;
  return { counted: requests.filter((request) => request.countedAgainstRateLimit).length, free: requests.filter((request) => !request.countedAgainstRateLimit).length, byOperation };
}
