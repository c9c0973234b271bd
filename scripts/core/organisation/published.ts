import type { Organisation } from './organisation-schema.ts';

/**
 * Whether the site publishes a procedure: with an organisation file, only those under `publish:` (the rest of
 * workflows/ stays as examples); without one, the demonstration publishes every procedure.
 *
 * @example
 * publishes({ …, publish: ['riverside'] }, 'riverside') //=> true
 * publishes({ …, publish: ['riverside'] }, 'ceccc') //=> false
 * publishes(undefined, 'ceccc') //=> true
 */
export function publishes(organisation: Pick<Organisation, 'publish'> | undefined, procedureId: string): boolean {
  return organisation === undefined || organisation.publish.includes(procedureId);
}
