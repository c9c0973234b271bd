import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';

/**
 * A content hash of a procedure as resolved and validated: a case records it at receipt, so an auditor can tell
 * whether the procedure a case was held to is the one in the file today.
 *
 * @example
 * procedureHash(ceccc) //=> '3f1c9a0b' (changes when any rule, date or wording of the procedure changes)
 */
export function procedureHash(procedure: Procedure): string {
  let hash = hashes.get(procedure);
  if (hash === undefined) {
    hash = fnv1aHash(JSON.stringify(procedure));
    hashes.set(procedure, hash);
  }
  return hash;
}

// Procedures are not changed once loaded, and hashing one costs more than the rest of planning a case.
const hashes = new WeakMap<Procedure, string>();
