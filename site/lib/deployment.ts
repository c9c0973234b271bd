import { parseConfig } from '../../scripts/core/config/config-schema.ts';

/**
 * What the privacy notice says about where complaints are kept and whether email is sent, from the running server's
 * own configuration (never its values: no repository, host or address): the notice is then true of the server
 * that shows it, whatever the site was built with.
 */
export interface DeploymentFacts {
  /** GitHub (github.com, or the organisation's own GitHub Enterprise Server), or the server's local store. */
  store: { kind: 'github'; enterprise: boolean } | { kind: 'local' };
  /** Whether mail leaves through an SMTP server, or is only written to files on the server. */
  sendsMail: boolean;
}

/** The facts, or undefined where the environment is not a configuration the server would start with. */
export function deploymentFacts(env: Readonly<Record<string, string | undefined>> = process.env): DeploymentFacts | undefined {
  const parsed = parseConfig(env);
  if (!parsed.ok) return undefined;
  const { store, mail } = parsed.config;
  return {
    store: store.kind === 'github' ? { kind: 'github', enterprise: new URL(store.github.apiUrl).hostname !== 'api.github.com' } : { kind: 'local' },
    sendsMail: mail.smtp !== undefined,
  };
}
