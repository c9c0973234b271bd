/**
 * Turns a valid complaint into the case to create: title, labels, assignees, the body with its hidden case block,
 * and, for complaints too long for one issue, the comments that continue it. Pure: the templates, the time of
 * receipt and the configuration are arguments.
 */
import type { Assignees } from '../config/config-schema.ts';
import { CASE_FLAGS, renderCaseBlock, type CaseBlock, type CaseFlag } from '../case/case-block.ts';
import { CaseEventSchema, type CaseEvent } from '../case/case-event-schema.ts';
import { labelsForProcedure, labelsForTimeline } from '../case/case-labels.ts';
import type { LabelSpec, NewCase } from '../case/case-store.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { fromDayNumber, toDayNumber } from '../calendar/day-number.ts';
import type { Complaint } from '../complaint/complaint-schema.ts';
import { computeTimeline } from '../deadlines/compute-timeline.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';
import { escapeUserText } from '../text/escape-user-text.ts';
import { letterView, renderAcknowledgementLetter } from './acknowledgement-letter.ts';
import { ADJUSTMENT_WORDS, CHANNEL_WORDS, CONTACT_WORDS } from './case-text.ts';
import { procedureHash } from './procedure-version.ts';
import { splitLongText } from './split-long-text.ts';
import { submissionMarker } from './submission-markers.ts';
import { contactRecordOf, renderContactBlock } from '../letters/contact-record.ts';
import { dueInWords } from '../sweep/case-view.ts';

/**
 * Characters a case body may reach at intake. GitHub takes 65,536; the rest is room for the events and memory
 * the sweep adds to the hidden block over the life of the case.
 */
export const BODY_BUDGET = 60_000;

export interface NewCaseInput {
  complaint: Complaint;
  procedure: Procedure;
  calendar: WorkingCalendar;
  /** The id of the procedure's channel the complaint arrived by. */
  channel: string;
  reference: string;
  receivedAt: number;
  /**
   * When the form was shown, when that is known for certain (a signed form token, or staff's own word): no case for
   * this submission can predate it. Never the time a web client merely claims.
   */
  shownAt?: number;
  /** The git commit of the procedure file, when the deployment knows it. */
  procedureCommit?: string;
  assignees: Assignees;
  templates: { issueBody: string; letter: string };
  /** The member of staff who recorded a complaint taken by phone, letter or in person (absent for the web form). */
  recordedBy?: string;
  /**
   * The digest of the answers (see submission-markers.ts), recorded in the body so that the same form sent again
   * can be told apart from the same form sent with other answers.
   */
  submissionDigest?: string;
}

export interface NewCasePlan {
  newCase: NewCase;
  block: CaseBlock;
  /** Every label the procedure's cases use, to define before creating the case. */
  labelDefinitions: LabelSpec[];
  /** Comments that continue a complaint too long for the body, each starting with its marker. */
  continuation: string[];
  /** The timeline at receipt: stage, handler, dates and findings. */
  timeline: Timeline;
}

/** The title of a case: its reference and procedure, and nothing a person wrote. */
export function caseTitle(reference: string, procedureId: string): string {
  return `${reference} · ${procedureId}`;
}

/** The marker of a continuation comment: how a retried delivery sees that a part was already posted. */
export function continuationMarker(reference: string, part: number): string {
  return `<!-- redress:continuation v1 case=${reference} part=${part} -->`;
}

/** The received event a complaint opens its case with. */
export function receivedEvent(complaint: Complaint, channel: string, receivedAt: number, recordedBy?: string): CaseEvent {
  return CaseEventSchema.parse({
    type: 'received',
    at: new Date(receivedAt).toISOString(),
    actor: 'complainant',
    ...(recordedBy === undefined ? {} : { by: recordedBy }),
    channel,
    incidentDate: complaint.incidentDate,
    exceptionalCircumstances: complaint.lateReason !== undefined,
    anonymous: complaint.identity === 'anonymous',
    aboutHandler: complaint.aboutHandler,
  });
}

/**
 * @example
 * planNewCase({ complaint, procedure: ceccc, calendar, channel: 'web', reference: 'RDR-7KX4-M9QP-2TK', receivedAt, assignees, templates })
 * //=> { newCase: { title: 'RDR-7KX4-M9QP-2TK · ceccc', labels: ['complaint', 'procedure:ceccc', 'stage:stage-1', 'status:received'], … }, … }
 */
export function planNewCase(input: NewCaseInput): NewCasePlan {
  const { complaint, procedure, calendar, channel, reference, receivedAt } = input;
  const event = receivedEvent(complaint, channel, receivedAt, input.recordedBy);
  const timeline = computeTimeline({ procedure, calendar, events: [event], now: receivedAt });
  const refusal = timeline.refused[0];
  if (refusal || !timeline.stage) throw new Error(refusal?.reason ?? `No stage for channel "${channel}".`);

  const labels = labelsForTimeline(procedure, timeline);
  const flags = labels.filter((l) => l.startsWith('flag:')).map((l) => l.slice('flag:'.length)).filter((f): f is CaseFlag => (CASE_FLAGS as readonly string[]).includes(f));
  const handlerRole = timeline.stages[0]?.handler ?? '';
  const block: CaseBlock = {
    reference,
    procedure: { id: procedure.id, version: { hash: procedureHash(procedure), ...(input.procedureCommit ? { commit: input.procedureCommit } : {}) } },
    submissionId: complaint.submissionId,
    received: new Date(receivedAt).toISOString(),
    channel,
    flags,
    events: [event],
  };

  const letter = renderAcknowledgementLetter(input.templates.letter, { procedure, timeline, complaint, reference, receivedAt }, 'markdown');
  const texts = longTexts(complaint);
  // After the template's text, whatever the template: a procedure's own template need not know of it.
  const marker = input.submissionDigest === undefined ? '' : `\n${submissionMarker(reference, input.submissionDigest)}\n`;
  // The complainant's contact details as they gave them, hidden, for letters (never copied to the ledger).
  const contactRecord = contactRecordOf(complaint);
  const contact = contactRecord ? `\n${renderContactBlock(contactRecord)}\n` : '';
  const render = (view: ReturnType<typeof bodyView>) => `${renderTemplate(input.templates.issueBody, view)}${contact}${marker}`;
  let body = render(bodyView({ input, timeline, block, letter, texts, continued: 0 }));
  let continuation: string[] = [];
  if (body.length > BODY_BUDGET) {
    const moved = texts.map(({ heading, text }) => `### ${heading}\n\n${text}`).join('\n\n');
    const parts = splitLongText(moved, BODY_BUDGET - 500);
    continuation = parts.map((part, i) => `${continuationMarker(reference, i + 1)}\n**Complaint ${reference}, continued (part ${i + 1} of ${parts.length})**\n\n${part}`);
    body = render(bodyView({ input, timeline, block, letter, texts: texts.map((t) => ({ ...t, text: '_Continued in the comments below._' })), continued: parts.length }));
    if (body.length > BODY_BUDGET) throw new Error(`The case body is ${body.length} characters even with the complaint moved to comments.`);
  }

  return {
    newCase: {
      reference,
      title: caseTitle(reference, procedure.id),
      body,
      labels,
      assignees: input.assignees[procedure.id]?.[handlerRole] ?? [],
      notCreatedBefore: lookupStart(input.shownAt, receivedAt),
    },
    block,
    labelDefinitions: labelsForProcedure(procedure),
    continuation,
    timeline,
  };
}

/**
 * Where a store starts looking for an earlier creation of this submission's case: when its form was shown (a case
 * cannot predate it), and otherwise a week back, the longest a form stays valid (see form-token.ts).
 */
export const LOOKUP_WINDOW_MS = 7 * 86_400_000;

function lookupStart(shownAt: number | undefined, receivedAt: number): string {
  const weekBack = receivedAt - LOOKUP_WINDOW_MS;
  return new Date(Math.min(receivedAt, Math.max(shownAt ?? weekBack, weekBack))).toISOString();
}

interface LongText {
  key: 'complaint' | 'outcomeWanted' | 'paperwork' | 'lateReason' | 'spokenToDetails';
  heading: string;
  text: string;
}

/** The free-text answers, escaped: the parts of a complaint that can be long. */
export function longTexts(complaint: Complaint): LongText[] {
  const all: [LongText['key'], string, string | undefined][] = [
    ['complaint', 'The complaint', complaint.complaint],
    ['spokenToDetails', 'Who they spoke to', complaint.spokenToDetails],
    ['lateReason', 'Exceptional circumstances, for a late complaint', complaint.lateReason],
    ['outcomeWanted', 'The outcome wanted', complaint.outcomeWanted],
    ['paperwork', 'Paperwork they hold', complaint.paperwork],
  ];
  return all.filter(([, , text]) => text !== undefined && text !== '').map(([key, heading, text]) => ({ key, heading, text: escapeUserText(text as string) }));
}

/**
 * The complainant's answers as the templates show them, everything they wrote escaped: the case body's sections
 * about the complainant and what happened, and an addendum's (plan-addendum.ts). The long texts are `texts`.
 */
export function answersView(complaint: Complaint, texts: readonly LongText[]) {
  // Short answers sit inside a line or a list item: a blank line in one would end that item and split the list.
  // (A line of only control characters is blank once escaping removes them: matching them is the point.)
  // eslint-disable-next-line no-control-regex
  const e = (text: string | undefined) => (text ? escapeUserText(text.replace(/\r\n?/g, '\n').replace(/\n[\s\u0000-\u001F\u007F-\u009F]*\n/g, '\n')) : '');
  const text = (key: LongText['key']) => texts.find((t) => t.key === key)?.text ?? '';
  const incidentDay = formatDayLong(toDayNumber(complaint.incidentDate));
  const adjustments = complaint.adjustments.map((adjustment) => {
    if (adjustment === 'interpreter' && complaint.interpreterLanguage) return `${ADJUSTMENT_WORDS.interpreter}: ${e(complaint.interpreterLanguage)}`;
    if (adjustment === 'other' && complaint.adjustmentsOther) return `${ADJUSTMENT_WORDS.other}: ${e(complaint.adjustmentsOther)}`;
    return ADJUSTMENT_WORDS[adjustment];
  });
  return {
    anonymous: complaint.identity === 'anonymous',
    name: e(complaint.name),
    contactBy: complaint.contactBy ? CONTACT_WORDS[complaint.contactBy] : 'not said',
    email: e(complaint.email),
    phone: e(complaint.phone),
    address: e(complaint.address),
    behalf: complaint.onBehalf === 'someone-else' ? { name: e(complaint.behalfName), relationship: e(complaint.behalfRelationship) } : false,
    child: complaint.childName ? { name: e(complaint.childName), relationship: e(complaint.childRelationship) } : false,
    incident: complaint.incident === 'series' ? `a series of incidents, the last on ${incidentDay}` : `one incident, on ${incidentDay}`,
    spokenTo: complaint.spokenToSomeone === 'yes' ? 'yes' : 'no',
    spokenToDetails: text('spokenToDetails'),
    lateReason: text('lateReason'),
    complaint: text('complaint'),
    outcomeWanted: text('outcomeWanted'),
    paperwork: text('paperwork'),
    adjustments,
  };
}

function bodyView({ input, timeline, block, letter, texts, continued }: { input: NewCaseInput; timeline: Timeline; block: CaseBlock; letter: string; texts: LongText[]; continued: number }) {
  const { complaint, procedure, channel, reference, receivedAt } = input;
  const letterData = letterView({ procedure, timeline, complaint, reference, receivedAt }, 'markdown');
  const channelKind = procedure.channels.find((c) => c.id === channel)?.kind ?? 'web';
  return {
    ...answersView(complaint, texts),
    caseBlock: renderCaseBlock(block),
    reference,
    organisation: procedure.organisation.name,
    procedureTitle: procedure.title,
    received: formatInstantLong(receivedAt),
    channel: CHANNEL_WORDS[channelKind],
    stage: letterData.stage,
    handler: letterData.handler,
    notices: timeline.findings.map((finding) => finding.message),
    dates: letterData.dates,
    later: letterData.later,
    noTimeLimits: letterData.noTimeLimits,
    continued,
    letter,
  };
}

/** The organisation's time limits that started on receipt, with their due dates, soonest first. */
export function planDates(plan: NewCasePlan, procedure: Procedure): { id: string; label: string; dueDate: string; dueText: string }[] {
  return plan.timeline.clocks
    .filter((clock) => clock.stage === plan.timeline.stage && clock.owner === 'organisation' && clock.dueDay !== undefined)
    .sort((a, b) => (a.due ?? 0) - (b.due ?? 0))
    .map((clock) => ({ id: clock.id, label: clock.label, dueDate: fromDayNumber(clock.dueDay as number), dueText: dueInWords(procedure, clock) }));
}
