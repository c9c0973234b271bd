import { getCollection, getEntry } from 'astro:content';
import type { WorkingCalendar } from '../../scripts/core/calendar/working-calendar.ts';
import { calendarFor, type ExtraHoliday } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';

/** Every published procedure and model, in a stable order (by organisation, then title). */
export async function allProcedures(): Promise<Procedure[]> {
  const entries = await getCollection('procedures');
  return entries
    .map((entry) => entry.data)
    .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'en-GB') || a.title.localeCompare(b.title, 'en-GB') || a.id.localeCompare(b.id));
}

/** One procedure by id, or undefined for an id the site does not publish. */
export async function procedureById(id: string | undefined): Promise<Procedure | undefined> {
  if (!id) return undefined;
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
