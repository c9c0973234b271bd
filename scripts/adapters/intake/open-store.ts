import type { Config } from '../../core/config/config-schema.ts';
import type { CaseStore } from '../../core/case/case-store.ts';
import { GitHubCaseStore } from '../github/github-case-store.ts';
import type { ContentPacer } from '../github/content-pacer.ts';
import { createGitHubClient } from '../github/github-client.ts';
import { LocalCaseStore } from '../local-store/local-case-store.ts';
import type { Logger } from '../log/logger.ts';

/** A store and how to close it (the local store commits what is pending). */
export interface OpenedStore {
  store: CaseStore;
  close(): Promise<void>;
}

/** Told of each request a store makes (GitHub: each HTTP request, pages included), for request budgets. */
export type RequestObserver = (kind: 'read' | 'write') => void;

/**
 * The store the configuration names: the GitHub repository, or the local store in the data directory. Intake
 * passes a content pacer, which keeps the GitHub store's content-creating requests within GitHub's limits.
 */
export async function openCaseStore(config: Config, log: Logger, observe?: RequestObserver, contentPacer?: ContentPacer): Promise<OpenedStore> {
  if (config.store.kind === 'github') {
    const { github } = config.store;
    const octokit = createGitHubClient(github, { log, pacing: config.githubPacing, contentPacer });
    if (observe) {
      const count = (options: { method?: string }) => observe(options.method === 'GET' || options.method === 'HEAD' ? 'read' : 'write');
      octokit.hook.after('request', (_response, options) => count(options));
      octokit.hook.error('request', (error, options) => {
        count(options);
        throw error;
      });
    }
    return { store: new GitHubCaseStore({ octokit, owner: github.owner, repo: github.repo, log, ...(github.botLogin ? { writers: [github.botLogin] } : {}) }), close: async () => undefined };
  }
  const store = await LocalCaseStore.open({
    dataDir: config.dataDir,
    commitIntervalMs: config.commitIntervalMs,
    onError: (error) => log.error('Could not commit to the local store’s history; the files are safe and will be committed later', { error }),
  });
  return { store, close: () => store.close() };
}
