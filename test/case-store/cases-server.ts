import { startGitHubServer, type GitHubServerOptions, type GitHubTestServer } from '../github-server/index.ts';

const REPO = 'acme/complaints';
export const CASES_TOKEN = 'ghs_contracttesttoken';

/** A test server with the private cases repository acme/complaints, the software's account and staff who can be assigned. */
export async function casesServer(clock: { now: number }, options: Partial<GitHubServerOptions> = {}): Promise<GitHubTestServer> {
  const server = await startGitHubServer({ now: () => clock.now, rateLimit: 100_000, ...options });
  server.state.addUser({ login: 'redress-bot' });
  server.state.addUser({ login: 'octocat' });
  server.state.addUser({ login: 'hubot' });
  server.state.addUser({ login: 'staff-member' });
  server.state.addRepo({ owner: 'acme', name: 'complaints' });
  for (const login of ['redress-bot', 'octocat', 'hubot', 'staff-member']) server.state.addCollaborator({ repo: REPO, login, permission: 'write' });
  server.state.addToken(CASES_TOKEN, 'redress-bot');
  return server;
}
