import { computeDue, formatDuration } from '../calendar/duration.ts';
import { fromLocal } from '../calendar/london-time.ts';
import { toDayNumber } from '../calendar/day-number.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CaseState } from '../case/case-state.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { countingRules } from './procedure-calendar.ts';
import type { Finding } from './timeline-types.ts';

interface AdmissibilityInput {
  procedure: Procedure;
  received: NonNullable<CaseState['received']>;
  calendar: WorkingCalendar;
}

/**
 * What the procedure says about whether and by whom a complaint is handled: late, anonymous, about the usual
 * handler, outside the procedure. These are findings, not refusals: procedures consider late complaints in
 * exceptional circumstances, and people decide.
 *
 * @example
 * assessAdmissibility({ procedure: ceccc, received: { incidentDate: '2026-01-10', atMs: Date.parse('2026-06-01') }, calendar })[0].code
 * //=> 'out-of-time' (more than three months after the incident)
 */
export function assessAdmissibility({ procedure, received, calendar }: AdmissibilityInput): Finding[] {
  const findings: Finding[] = [];
  const entryStageId = received.stage ?? procedure.channels.find((channel) => channel.id === received.channel)?.entersStage;
  const stage = procedure.stages.find((s) => s.id === entryStageId);
  const window = stage?.entry.window;
  if (window && received.incidentDate) {
    // The incident's day is the day the window counts from, whatever time it happened. An incident before the
    // working calendar's first year is years old: out of time for any window a procedure sets.
    const incident = toDayNumber(received.incidentDate);
    const late =
      incident < calendar.firstDay ||
      received.atMs > computeDue({ from: fromLocal(incident, 12 * 60), duration: window.within, calendar, rules: countingRules(procedure) }).dueInstant;
    if (late) {
      findings.push({
        code: 'out-of-time',
        subject: stage.id,
        message: `Received more than ${formatDuration(window.within)} after the incident.${window.exceptions ? ` ${window.exceptions.summary}` : ''}`,
      });
      if (received.exceptionalCircumstances) {
        findings.push({
          code: 'exceptional-circumstances-claimed',
          subject: stage.id,
          message: 'The complainant asks for exceptional circumstances to be considered.',
        });
      }
    }
  }
  if (received.anonymous) {
    findings.push({ code: 'anonymous', message: procedure.anonymous.consequence ?? procedure.anonymous.summary });
  }
  if (received.aboutHandler && stage) {
    const handler = procedure.roles.find((role) => role.id === stage.handler.role)?.title ?? stage.handler.role;
    const alternate = stage.alternate && procedure.roles.find((role) => role.id === stage.alternate?.role);
    findings.push(
      alternate
        ? { code: 'about-handler', subject: stage.id, message: `The complaint is about the ${handler}; the ${alternate.title} handles it.` }
        : { code: 'no-alternate-handler', subject: stage.id, message: `The complaint is about the ${handler}, and the procedure names no one else to handle it.` },
    );
  }
  if (received.outOfScope) {
    const exclusion = procedure.outOfScope.find((e) => e.id === received.outOfScope);
    findings.push({
      code: 'out-of-scope',
      message: exclusion ? `${exclusion.summary}${exclusion.goInstead ? ` Instead: ${exclusion.goInstead}` : ''}` : `Outside the procedure (${received.outOfScope}).`,
    });
  }
  return findings;
}
