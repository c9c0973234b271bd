import { getEntry } from 'astro:content';
import type { Organisation } from '../../scripts/core/organisation/organisation-schema.ts';

/** The organisation the site is for (redress.yaml), or undefined for the demonstration. */
export async function siteOrganisation(): Promise<Organisation | undefined> {
  return (await getEntry('organisation', 'site'))?.data;
}

/** The organisation's telephone number as a tel: address: digits and a leading +, as dialled. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
