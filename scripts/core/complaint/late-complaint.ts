/**
 * Whether a complaint comes after the procedure's time limit for complaining. Late complaints are not refused:
 * procedures consider them in exceptional circumstances, so the form asks about those. The rule itself is the
 * deadline engine's (assessAdmissibility); this module only asks it.
 */
import { fromDayNumber, type LocalDate } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { assessAdmissibility } from '../deadlines/admissibility.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { webChannel, webEntryStage } from './web-channel.ts';

interface LateInput {
  procedure: Procedure;
  calendar: WorkingCalendar;
  /** When the complaint is (or was) received. */
  receivedAt: number;
}

/**
 * Whether a complaint made online at `receivedAt` about an incident on `incidentDate` is outside the time limit.
 * An incident before the working calendar's first year is late for any time limit a procedure sets.
 *
 * @example
 * isLateComplaint({ procedure: ceccc, calendar, incidentDate: '2026-01-10', receivedAt: Date.parse('2026-06-01T09:00:00Z') }) //=> true
 */
export function isLateComplaint({ procedure, calendar, receivedAt, incidentDate }: LateInput & { incidentDate: LocalDate }): boolean {
  const channel = webChannel(procedure);
  if (!channel || !webEntryStage(procedure)?.entry.window) return false;
  try {
    const findings = assessAdmissibility({
      procedure,
      calendar,
      received: {
        type: 'received',
        at: new Date(receivedAt).toISOString(),
        atMs: receivedAt,
        actor: 'complainant',
        channel: channel.id,
        incidentDate,
        exceptionalCircumstances: false,
        anonymous: false,
        aboutHandler: false,
      },
    });
    return findings.some((finding) => finding.code === 'out-of-time');
  } catch (error) {
    if (error instanceof RangeError) return true;
    throw error;
  }
}

/**
 * The earliest incident date a complaint made online at `receivedAt` is still in time for, or undefined when the
 * procedure sets no time limit for complaining. Found by asking the engine (lateness only grows with age), so
 * the page can tell a person at once whether to explain a late complaint without the calendar in the browser.
 *
 * @example
 * earliestIncidentInTime({ procedure: ceccc, calendar, receivedAt: Date.parse('2026-12-23T10:00:00Z') }) //=> '2026-09-23'
 */
export function earliestIncidentInTime({ procedure, calendar, receivedAt }: LateInput): LocalDate | undefined {
  if (!webEntryStage(procedure)?.entry.window) return undefined;
  const today = toLocal(receivedAt).day;
  if (isLateComplaint({ procedure, calendar, receivedAt, incidentDate: fromDayNumber(today) })) return fromDayNumber(today + 1);
  let late = Math.max(calendar.firstDay, today - 4000) - 1;
  let inTime = today;
  while (inTime - late > 1) {
    const middle = Math.floor((late + inTime) / 2);
    if (isLateComplaint({ procedure, calendar, receivedAt, incidentDate: fromDayNumber(middle) })) late = middle;
    else inTime = middle;
  }
  return fromDayNumber(inTime);
}

