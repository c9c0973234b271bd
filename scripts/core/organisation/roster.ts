import type { Assignees } from '../config/config-schema.ts';
import type { Organisation } from './organisation-schema.ts';

/**
 * Who is assigned each role of each procedure: the roster's people with a GitHub login, overridden role by role by
 * REDRESS_ASSIGNEES where that is set (a deployment may still assign differently without editing the file).
 *
 * @example
 * assigneesFor(org, { ceccc: { chair: ['stand-in'] } })
 * //=> { ceccc: { coordinator: ['mary-ceccc'], chair: ['stand-in'] } }
 */
export function assigneesFor(organisation: Organisation | undefined, override: Assignees): Assignees {
  const merged: Record<string, Record<string, string[]>> = {};
  for (const person of organisation?.people ?? []) {
    if (!person.github) continue;
    for (const [procedure, roles] of Object.entries(person.roles)) {
      for (const role of roles) {
        const holders = ((merged[procedure] ??= {})[role] ??= []);
        if (!holders.includes(person.github)) holders.push(person.github);
      }
    }
  }
  for (const [procedure, roles] of Object.entries(override)) {
    for (const [role, logins] of Object.entries(roles)) (merged[procedure] ??= {})[role] = [...logins];
  }
  return merged;
}
