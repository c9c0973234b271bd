/**
 * The acknowledgement letter: what happens next, by when, and whom to contact. Staff see a draft in the case; the
 * same view serves any other output, with the complainant's own words escaped for where they are placed.
 */
import { formatInstantLong } from '../text/plain-dates.ts';
import { escapeUserText } from '../text/escape-user-text.ts';
import { renderTemplate } from '../templates/render-template.ts';
import type { Complaint } from '../complaint/complaint-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import { dueInWords, roleTitle } from '../sweep/case-view.ts';

/** How user text is made safe for the output: Markdown (GitHub issues), HTML, or plain text for print and email. */
export type TextEscaping = 'markdown' | 'html' | 'text';

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeFor(escaping: TextEscaping): (text: string) => string {
  if (escaping === 'markdown') return escapeUserText;
  if (escaping === 'html') return (text) => text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
  return (text) => text;
}

export interface LetterInput {
  procedure: Procedure;
  /** The case's timeline at receipt: its stage, handler, dates and findings. */
  timeline: Timeline;
  complaint: Complaint;
  reference: string;
  receivedAt: number;
}

/** The letter's data; only `salutation` holds user text, escaped as asked. */
export function letterView({ procedure, timeline, complaint, reference, receivedAt }: LetterInput, escaping: TextEscaping) {
  const escape = escapeFor(escaping);
  const stage = procedure.stages.find((s) => s.id === timeline.stage);
  const handlerRole = timeline.stages[0]?.handler ?? stage?.handler.role ?? '';
  const role = procedure.roles.find((r) => r.id === handlerRole);
  const clocks = timeline.clocks.filter((clock) => clock.stage === timeline.stage && clock.owner === 'organisation');
  const finding = (code: string) => timeline.findings.find((f) => f.code === code)?.message ?? '';
  return {
    salutation: complaint.identity === 'named' && complaint.name ? escape(complaint.name) : '',
    reference,
    organisation: procedure.organisation.name,
    procedureTitle: procedure.title,
    received: formatInstantLong(receivedAt),
    stage: stage?.title ?? timeline.stage ?? '',
    handler: withArticle(roleTitle(procedure, handlerRole)),
    Handler: capitalise(withArticle(roleTitle(procedure, handlerRole))),
    dates: clocks.filter((c) => c.due !== undefined).map((clock) => ({ id: clock.id, label: clock.label, due: dueInWords(procedure, clock) })),
    later: clocks.filter((c) => c.due === undefined).map((clock) => ({ id: clock.id, label: clock.label, note: clock.note ?? '' })),
    noTimeLimits: procedure.noTimeLimits ?? '',
    late: finding('out-of-time') ? `${finding('out-of-time')}${complaint.lateReason ? ' You have told us about the circumstances, and we will take them into account.' : ''}` : '',
    anonymous: finding('anonymous'),
    contact: { who: withArticle(role?.title ?? roleTitle(procedure, handlerRole)), email: role?.contact?.email ?? '', phone: role?.contact?.phone ?? '' },
  };
}

/** A role's title as used in a sentence: "the Co-Ordinator", and "the appropriate Director" not "the The …". */
function withArticle(title: string): string {
  return /^the\s/i.test(title) ? `the ${title.slice(4)}` : `the ${title}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The letter, rendered from its template (the procedure's own `acknowledgement-letter.hbs`, or the default).
 *
 * @example
 * renderAcknowledgementLetter(template, input, 'markdown') //=> 'Dear Ann,\n\n**Your complaint, reference RDR-…**…'
 */
export function renderAcknowledgementLetter(template: string, input: LetterInput, escaping: TextEscaping): string {
  return renderTemplate(template, letterView(input, escaping)).trim();
}
