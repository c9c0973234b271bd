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

/** A member of staff as a notice reaches them: by name, and where they have them, GitHub login and email. */
export interface StaffMember {
  name: string;
  github?: string;
  email?: string;
}

/**
 * Who holds a role of a procedure, as people to tell: the roster's holders, or, where REDRESS_ASSIGNEES names the
 * role, the logins it gives (with the name and email the roster has for each login, when it has them).
 *
 * @example
 * staffFor(org, {}, 'ceccc', 'coordinator') //=> [{ name: 'Mary Smith', github: 'mary-ceccc', email: 'mary@example.org' }]
 * staffFor(org, { ceccc: { coordinator: ['stand-in'] } }, 'ceccc', 'coordinator') //=> [{ name: 'stand-in', github: 'stand-in' }]
 */
export function staffFor(organisation: Organisation | undefined, override: Assignees, procedure: string, role: string): StaffMember[] {
  const people = organisation?.people ?? [];
  const logins = override[procedure]?.[role];
  const chosen = logins
    ? logins.map((login) => people.find((person) => person.github?.toLowerCase() === login.toLowerCase()) ?? { name: login, github: login })
    : people.filter((person) => person.roles[procedure]?.includes(role));
  return chosen.map((person) => ({ name: person.name, ...(person.github ? { github: person.github } : {}), ...('email' in person && person.email ? { email: person.email } : {}) }));
}

/**
 * Whether staff are emailed: as the organisation file says, else on for the local store (nothing else tells anyone)
 * and off on GitHub (mentions and assignment notify).
 *
 * @example
 * emailsStaff(undefined, 'local') //=> true
 * emailsStaff({ ...org, notify: { email: true } }, 'github') //=> true
 */
export function emailsStaff(organisation: Organisation | undefined, store: 'local' | 'github'): boolean {
  return organisation?.notify?.email ?? store === 'local';
}
