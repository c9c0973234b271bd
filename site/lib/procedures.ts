import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import type { WorkingCalendar } from '../../scripts/core/calendar/working-calendar.ts';
import { calendarFor, type ExtraHoliday } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { publishes } from '../../scripts/core/organisation/published.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { siteOrganisation } from './organisation.ts';

/**
 * The entries of the procedures the site publishes: those under `publish:` in redress.yaml, or every one in the
 * demonstration. The others stay in workflows/ as examples, checked with the rest, with no page of their own.
 */
export async function publishedEntries(): Promise<CollectionEntry<'procedures'>[]> {
  const organisation = await siteOrganisation();
  return getCollection('procedures', (entry) => publishes(organisation, entry.id));
}

/** Every published procedure and model, in a stable order (by organisation, then title). */
export async function allProcedures(): Promise<Procedure[]> {
  const entries = await publishedEntries();
  return entries
    .map((entry) => entry.data)
    .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'en-GB') || a.title.localeCompare(b.title, 'en-GB') || a.id.localeCompare(b.id));
}

/** One procedure by id, or undefined for an id the site does not publish: no page, no form, no complaints. */
export async function procedureById(id: string | undefined): Promise<Procedure | undefined> {
  if (!id || !publishes(await siteOrganisation(), id)) return undefined;
  return (await getEntry('procedures', id))?.data;
}

/** Any procedure in workflows/, published or not: for naming the model a published procedure fills in. */
export async function anyProcedureById(id: string): Promise<Procedure | undefined> {
  return (await getEntry('procedures', id))?.data;
}

/** The short-notice bank holidays every calendar counts. */
export async function extraHolidays(): Promise<ExtraHoliday[]> {
  const entry = await getEntry('extraHolidays', 'all');
  return (entry?.data as { holidays: ExtraHoliday[] } | undefined)?.holidays ?? [];
}

/** The working calendar a procedure counts on, with the short-notice bank holidays. */
export async function siteCalendarFor(procedure: Procedure): Promise<WorkingCalendar> {
  return calendarFor(procedure, await extraHolidays());
}
