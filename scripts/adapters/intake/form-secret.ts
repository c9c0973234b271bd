/**
 * The key form tokens are signed with (see ../http/form-token.ts): from the configuration (REDRESS_FORM_SECRET)
 * when it gives one, otherwise made on first start and kept in the data directory (../fs/secret-file.ts), so forms
 * shown before a restart are still accepted after it.
 */
import { loadSecretFile, type LoadedSecret } from '../fs/secret-file.ts';

/** The name of the key's file in the data directory. */
export const FORM_SECRET_FILE = 'form-secret';

export type FormSecret = LoadedSecret;

export function loadFormSecret(options: { dataDir: string; configured?: string }): Promise<FormSecret> {
  return loadSecretFile({ file: FORM_SECRET_FILE, what: 'a form secret', variable: 'REDRESS_FORM_SECRET', replacing: 'forms shown before then must be sent again' }, options);
}
