/**
 * The key tracking links and receipt links are signed with (tracking-link.ts, receipt-token.ts): from the
 * configuration (REDRESS_TRACKING_SECRET) when it gives one, so that several servers, or a server and the commands
 * that send receipt emails, agree on it without sharing a data directory; otherwise made on first start and kept in
 * the data directory. A key of its own, not the form secret's, so either can be replaced without the other:
 * replacing this one withdraws every tracking link ever sent.
 */
import { loadExistingSecretFile, loadSecretFile, type LoadedSecret, type SecretFileSpec } from '../fs/secret-file.ts';

/** The name of the key's file in the data directory. */
export const TRACKING_SECRET_FILE = 'tracking-secret';

const SPEC: SecretFileSpec = { file: TRACKING_SECRET_FILE, what: 'a tracking secret', variable: 'REDRESS_TRACKING_SECRET', replacing: 'every tracking link sent until then stops working' };

export function loadTrackingSecret(options: { dataDir: string; configured?: string }): Promise<LoadedSecret> {
  return loadSecretFile(SPEC, options);
}

/**
 * The server's key, for a command beside it (`case open`, `case adopt`): never a key of the command's own, which
 * would sign links the server refuses. Undefined when neither the configuration nor the data directory holds one.
 */
export function loadServersTrackingSecret(options: { dataDir: string; configured?: string }): Promise<LoadedSecret | undefined> {
  return loadExistingSecretFile(SPEC, options);
}
