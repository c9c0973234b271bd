/**
 * What a case's letter commands ask of this sweep: drafts to post for `/draft`, letters to send for `/send`, and
 * letters an earlier sweep left half-way (deferred by the mail server, or interrupted while sending). Pure: the
 * sweep's applier sends and records (send-letters.ts), and plans again from what the case then shows.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { toLocal } from '../calendar/london-time.ts';
import { toDayNumber } from '../calendar/day-number.ts';
import { CaseEventSchema, type CaseEvent } from '../case/case-event-schema.ts';
import type { StoredComment } from '../case/case-store.ts';
import type { LetterCommand, ParsedCommand } from '../commands/parse-commands.ts';
import { computeTimeline } from '../deadlines/compute-timeline.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure, SendingChannel, Stage } from '../procedure/procedure-schema.ts';
import { escapeUserText } from '../text/escape-user-text.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';
import { unescapeUserText } from '../text/unescape-user-text.ts';
import type { Authority, CommentCommands } from '../sweep/rebuild-events.ts';
import { dueInWords } from '../sweep/case-view.ts';
import { readContactBlock, type ContactLookup } from './contact-record.ts';
import { draftKey, draftsOn, PLACEHOLDER, renderDraftComment, type Draft, type DraftMarker } from './draft-comment.ts';
import { LETTER_EVENTS, letterKindFor, letterSubject, type LetterKind } from './letter-kinds.ts';
import { DELIVERED_STATES, letterRecords, type LetterRecord, type LetterState } from './letter-record.ts';
import { renderLetter, type LetterTemplates } from './letter-view.ts';

/** Temporary failures of an email letter stop being retried this long after the first attempt. */
export const LETTER_GIVE_UP_MS = 3 * 86_400_000;

/** A letter to send, or to record as posted or handed over. */
export interface SendLetterAction {
  kind: 'send-letter';
  /** The record as it will stand: `sending` for an email (the applier records the server's answer), else final. */
  record: LetterRecord;
  /** For an email: where it goes, and its words as plain text (the draft with GitHub's escaping undone). */
  email?: { to: string; text: string; again: boolean };
}

/** A letter an earlier sweep left "sending" (it stopped before recording the answer), or deferred for too long. */
export interface SettleLetterAction {
  kind: 'settle-letter';
  commentId: string;
  record: LetterRecord;
  /** Deferred for three days: given up as failed. Otherwise, what the mail outbox knows of it, or uncertain. */
  giveUp: boolean;
  to?: string;
}

/** The answer to one letter command, for its comment's reply. */
export interface LetterAnswer {
  ok: boolean;
  words: string;
}

export interface LetterPlanInput {
  procedure: Procedure;
  calendar: WorkingCalendar;
  now: number;
  reference: string;
  /** The case's body: its contact block. */
  body: string;
  comments: readonly StoredComment[];
  /** The comments with commands, as the rebuild read them (with refusals for want of authority). */
  commented: readonly CommentCommands[];
  authority: Authority;
  /** The case's events as rebuilt, letters included. */
  events: readonly CaseEvent[];
  timeline: Timeline;
  templates: LetterTemplates;
  /** Plan sends and settlements (false when planning again after sending, so nothing goes twice in a run). */
  send: boolean;
  /** Whether this run can send email. */
  canEmail: boolean;
}

export interface LetterPlan {
  drafts: { key: string; marker: { kind: 'draft'; fields: Record<string, string> }; body: string }[];
  letters: (SendLetterAction | SettleLetterAction)[];
  /** By `<comment id>:<line>`: what each letter command came to. */
  answers: Map<string, LetterAnswer>;
}

/**
 * @example
 * planLetters({ …, comments: [staff('/draft acknowledgement')] }).drafts[0].body
 * //=> '<!-- redress:draft v1 case=RDR-7K n=1 letter=acknowledgement stage=stage-1 from=12 key=… -->\n**Draft letter 1**: …'
 */
export function planLetters(input: LetterPlanInput): LetterPlan {
  const plan: LetterPlan = { drafts: [], letters: [], answers: new Map() };
  const contact = readContactBlock(input.body);
  const drafts = draftsOn(input.comments, input.reference);
  const records = new Map(letterRecords(input.comments, input.reference).map((found) => [found.record.draft, found]));
  const state = { drafts, records, next: Math.max(0, ...drafts.map((d) => d.marker.n), ...[...records.values()].map((r) => r.record.n)) + 1, planned: [] as CaseEvent[], posted: [] as number[] };

  for (const entry of input.commented) {
    if (entry.refusal) continue;
    for (const { parsed } of entry.commands) {
      if (!parsed.ok || !parsed.letter) continue;
      const answer =
        parsed.letter.kind === 'draft'
          ? planDraft({ input, plan, state, contact, comment: entry.comment, request: parsed.letter })
          : planSend({ input, plan, state, contact, comment: entry.comment, request: parsed.letter });
      plan.answers.set(answerKey(entry.comment.id, parsed), answer);
    }
  }
  if (input.send) planUnfinished({ input, plan, contact, records: [...records.values()] });
  return plan;
}

/** The key of a command's answer. */
export function answerKey(commentId: string, parsed: ParsedCommand): string {
  return `${commentId}:${parsed.line}`;
}

interface PlanState {
  drafts: Draft[];
  records: Map<string, { commentId: string; record: LetterRecord }>;
  next: number;
  /** Events of letters planned this run, so two letters of one kind cannot both go. */
  planned: CaseEvent[];
  /** Numbers of drafts posted this run: not sent before staff have read them. */
  posted: number[];
}

interface CommandContext<R> {
  input: LetterPlanInput;
  plan: LetterPlan;
  state: PlanState;
  contact: ContactLookup;
  comment: StoredComment;
  request: R;
}

function planDraft({ input, plan, state, contact, comment, request }: CommandContext<Extract<LetterCommand, { kind: 'draft' }>>): LetterAnswer {
  const key = draftKey(request);
  const existing = state.drafts.find((d) => d.marker.from === comment.id && d.marker.key === key);
  if (existing) return draftAnswer(existing.marker.n);
  const { procedure, timeline, now } = input;
  const stage = procedure.stages.find((s) => s.id === timeline.stage);
  if (!stage) return refuse('the case has no stage yet.');
  if (input.events.some((event) => event.type === 'received' && event.anonymous)) {
    return refuse('the complainant chose to stay anonymous, so there is nobody to write to.');
  }
  const kind = letterKindFor(request.word, stage);
  const run = timeline.stages.findLast((r) => r.stage === stage.id);
  const targetClock = stage.clocks.find((c) => c.setWithAcknowledgement);
  if (request.word === 'acknowledgement' && targetClock && !request.target && !timeline.clocks.some((c) => c.id === `${stage.id}.${targetClock.id}` && c.dueDay !== undefined)) {
    return refuse(`the acknowledgement gives the complainant an estimated target date for resolving the complaint ("${targetClock.source.quote}"). Write /draft acknowledgement target <date>.`);
  }
  const event = letterEvent({ kind, request, at: now, by: undefined, channel: 'email' });
  const refusal = refusalOf(input, event);
  if (refusal) return refuse(refusal);
  if (!run) return refuse('the case has no stage yet.');
  const respond = timeline.clocks.find((c) => c.stage === stage.id && c.action === 'respond');
  const after = computeTimeline({ procedure, calendar: input.calendar, events: [...input.events, event], now });
  const letter = renderLetter(
    input.templates[kind],
    {
      kind,
      procedure,
      timeline: after,
      stage,
      reference: input.reference,
      contact,
      today: toLocal(now).day,
      ...(request.target ? { target: toDayNumber(request.target) } : {}),
      ...(request.until ? { extension: { until: toDayNumber(request.until), previous: respond?.dueDay === undefined ? '' : dueInWords(procedure, respond), reason: request.reason ?? 'other', words: request.words ?? '' } } : {}),
      ...(request.outcome ? { outcome: request.outcome } : {}),
    },
    'markdown',
  );
  const n = state.next;
  state.next += 1;
  const marker: DraftMarker = {
    case: input.reference,
    n,
    letter: kind,
    stage: stage.id,
    from: comment.id,
    key,
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.target ? { target: request.target } : {}),
    ...(request.until ? { until: request.until } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  const notes = kind === 'outcome' || kind === 'review-outcome' ? remedyNote(stage) : [];
  const body = renderDraftComment({ marker, stageTitle: stage.title, how: howItGoes(contact, n, input.reference), notes, letter });
  const fields = Object.fromEntries(Object.entries(marker).map(([k, v]) => [k, String(v)]));
  plan.drafts.push({ key: `draft:${comment.id}:${key}`, marker: { kind: 'draft', fields }, body });
  state.posted.push(n);
  return draftAnswer(n);
}

function planSend({ input, plan, state, contact, comment, request }: CommandContext<Extract<LetterCommand, { kind: 'send' }>>): LetterAnswer {
  const { procedure, timeline, reference } = input;
  // This comment sent a letter already: say what became of it.
  const mine = [...state.records.values()].find(({ record }) => record.send === comment.id && (request.draft === undefined || record.n === request.draft));
  if (mine) return recordAnswer(input, mine);
  if (request.draft !== undefined && state.posted.includes(request.draft)) return refuse(`draft ${request.draft} was posted by this sweep: read it before sending it.`);
  const draft = pickDraft(state, request.draft);
  if ('error' in draft) return refuse(draft.error);
  const { n } = draft.marker;
  const found = state.records.get(draft.commentId);
  if (found && DELIVERED_STATES.includes(found.record.state)) return refuse(`draft ${n} was already ${deliveredWords(found.record)}.`);
  if (found && (found.record.state === 'sending' || found.record.state === 'queued')) return refuse(`draft ${n} is being sent already: see its record.`);
  if (draft.problem || draft.text === undefined) return refuse(draft.problem ?? `draft ${n} has no letter.`);
  if (PLACEHOLDER.test(draft.text)) return refuse(`draft ${n} still holds text in [[…]] to be written: edit the draft, then write /send ${n}.`);
  // The sender vouches for the text they read: an edit made after they wrote /send is not theirs to send.
  if (Date.parse(draft.updatedAt) > Date.parse(comment.updatedAt)) {
    return refuse(`draft ${n} was edited after this /send was written, so it was not sent: read it again, and write a new /send ${n} if it is right.`);
  }
  if (draft.marker.stage !== timeline.stage) {
    const was = procedure.stages.find((s) => s.id === draft.marker.stage)?.title ?? draft.marker.stage;
    const now = procedure.stages.find((s) => s.id === timeline.stage)?.title ?? 'another stage';
    return refuse(`draft ${n} was written for ${was}, and the case is now at ${now}: write a new /draft.`);
  }
  const channel = channelFor(contact, request, n, reference);
  if ('error' in channel) return refuse(channel.error);
  if (found && channel.channel === 'email' && !request.again) {
    return refuse(`draft ${n} was tried by email before (${found.record.state}: see its record): write /send ${n} again to send it again.`);
  }
  if (channel.channel === 'email' && !input.canEmail) return { ok: true, words: `draft ${n} waits: this run cannot send email, the next sweep will.` };
  const at = channel.channel === 'email' ? new Date(input.now).toISOString() : (request.at ?? comment.createdAt);
  const kind = draft.marker.letter;
  const by = input.authority[comment.id]?.by ?? comment.author;
  const event = letterEvent({ kind, request: draft.marker, at: Date.parse(at), by, channel: channel.channel });
  const refusal = refusalOf(input, event, state.planned);
  if (refusal) return refuse(`draft ${n} was not sent: ${lowerFirst(refusal)}`);
  if (!input.send) return { ok: true, words: `draft ${n} is being sent.` };
  const stage = procedure.stages.find((s) => s.id === draft.marker.stage) as Stage;
  const record: LetterRecord = {
    case: reference,
    draft: draft.commentId,
    n,
    letter: kind,
    stage: stage.id,
    channel: channel.channel,
    state: channel.channel === 'email' ? 'sending' : channel.channel === 'post' ? 'posted' : 'handed',
    at,
    by,
    send: comment.id,
    subject: letterSubject({ kind, reference, stage, procedure }),
    ...(found?.record.tried ? { tried: found.record.tried } : {}),
    ...eventFields(draft.marker),
  };
  plan.letters.push({
    kind: 'send-letter',
    record,
    ...(channel.channel === 'email' ? { email: { to: channel.to, text: unescapeUserText(draft.text), again: request.again } } : {}),
  });
  state.planned.push(event);
  return { ok: true, words: channel.channel === 'email' ? `draft ${n} is being sent by email.` : `draft ${n} recorded as ${channel.channel === 'post' ? 'posted' : 'handed over'}.` };
}

/** Letters an earlier sweep left deferred or in the middle of sending. */
function planUnfinished({ input, plan, contact, records }: { input: LetterPlanInput; plan: LetterPlan; contact: ContactLookup; records: { commentId: string; record: LetterRecord }[] }): void {
  const to = contact.status === 'found' ? contact.contact.email : undefined;
  for (const { commentId, record } of records) {
    if (record.state === 'sending') {
      plan.letters.push({ kind: 'settle-letter', commentId, record, giveUp: false, ...(to ? { to } : {}) });
      continue;
    }
    if (record.state !== 'queued') continue;
    const tried = Date.parse(record.tried ?? record.at);
    const draft = draftsOn(input.comments, input.reference).find((d) => d.commentId === record.draft);
    const send = input.comments.find((c) => c.id === record.send);
    if (input.now - tried >= LETTER_GIVE_UP_MS) {
      plan.letters.push({ kind: 'settle-letter', commentId, record, giveUp: true, ...(to ? { to } : {}) });
    } else if (draft?.text !== undefined && to && input.canEmail && !(send && Date.parse(draft.updatedAt) > Date.parse(send.updatedAt))) {
      // Deferred before, so certainly not delivered: the same letter, with the same key, once more.
      plan.letters.push({ kind: 'send-letter', record: { ...record, state: 'sending' }, email: { to, text: unescapeUserText(draft.text), again: false } });
    }
  }
}

/** The draft a /send names, or the only one waiting. */
function pickDraft(state: PlanState, wanted: number | undefined): Draft | { error: string } {
  if (wanted !== undefined) {
    const draft = state.drafts.findLast((d) => d.marker.n === wanted);
    return draft ?? { error: `there is no draft ${wanted} on this case.` };
  }
  const waiting = state.drafts.filter((d) => {
    const record = state.records.get(d.commentId)?.record;
    return !record || !DELIVERED_STATES.includes(record.state);
  });
  if (waiting.length === 0) return { error: 'no draft is waiting to be sent: write /draft acknowledgement, /draft extension <date> <reason> or /draft outcome <outcome> first.' };
  if (waiting.length > 1) return { error: `${waiting.length} drafts are waiting (${waiting.map((d) => d.marker.n).join(', ')}): say which, as /send <number>.` };
  return waiting[0] as Draft;
}

/** How a letter goes: as staff say, or as the complainant asked to be contacted. */
function channelFor(contact: ContactLookup, request: Extract<LetterCommand, { kind: 'send' }>, n: number, reference: string): { channel: 'email'; to: string } | { channel: Exclude<SendingChannel, 'email'> } | { error: string } {
  const person = contact.status === 'found' ? contact.contact : undefined;
  const yourself = `send it yourself, then write /send ${n} posted <date> or /send ${n} by hand <date>.`;
  if (request.channel === 'post' || request.channel === 'hand') return { channel: request.channel };
  if (request.channel === 'email' || person?.contactBy === 'email' || (person && !person.contactBy && person.email)) {
    if (person?.email) return { channel: 'email', to: person.email };
    if (contact.status === 'damaged') return { error: `the case's contact details cannot be read (${contact.problem}): correct them, or ${yourself}` };
    return { error: `there is no email address on record for the complainant: ${yourself}` };
  }
  if (person?.contactBy === 'post') {
    return { error: `the complainant asked for letters by post: print it (npx redress letter print ${reference} ${n}), post it, then write /send ${n} posted <date>.` };
  }
  if (person?.contactBy === 'phone') {
    return { error: `the complainant asked to be contacted by telephone: say how the letter goes, with /send ${n} by email${person.email ? '' : ' (no address on record)'}, /send ${n} posted <date> or /send ${n} by hand <date>.` };
  }
  if (contact.status === 'damaged') return { error: `the case's contact details cannot be read (${contact.problem}): correct them, or ${yourself}` };
  return { error: `this case has no contact details on record for letters: ${yourself}` };
}

/** What the draft's header tells staff about how the letter will go. */
function howItGoes(contact: ContactLookup, n: number, reference: string): string {
  const person = contact.status === 'found' ? contact.contact : undefined;
  const print = `print it with \`npx redress letter print ${reference} ${n}\`, post it, then write \`/send ${n} posted <date>\``;
  if (person?.email && (person.contactBy === 'email' || !person.contactBy)) return `It goes by email to the address the complainant gave (${escapeUserText(person.email)}) when you write \`/send ${n}\`.`;
  if (person?.contactBy === 'post') return `The complainant asked for letters by post: ${print}.`;
  if (person?.contactBy === 'phone') return `The complainant asked to be contacted by telephone. Say how the letter goes: \`/send ${n} by email\`${person.email ? ` (to ${escapeUserText(person.email)})` : ''}, or ${print}.`;
  if (contact.status === 'damaged') return `The case's contact details cannot be read (${escapeUserText(contact.problem)}). Send the letter yourself: ${print} (or \`/send ${n} by hand <date>\`).`;
  return `This case has no contact details on record for letters. Put the address where the letter shows it, then ${print} (or \`/send ${n} by hand <date>\`).`;
}

function remedyNote(stage: Stage): string[] {
  return stage.remedies ? [`What the procedure says may be offered: ${stage.remedies.items.join('; ')}.`] : [];
}

/** The letter's event, as it would be recorded at `at`: the letter-sent fact and the event it stands for. */
function letterEvent({ kind, request, at, by, channel }: { kind: LetterKind; request: Pick<DraftMarker, 'outcome' | 'target' | 'until' | 'reason'>; at: number; by: string | undefined; channel: SendingChannel }): CaseEvent {
  const common = { at: new Date(at).toISOString(), actor: 'staff', ...(by ? { by } : {}) };
  switch (LETTER_EVENTS[kind]) {
    case 'acknowledged':
      return CaseEventSchema.parse({ type: 'acknowledged', ...common, ...(request.target ? { target: request.target } : {}) });
    case 'extended':
      return CaseEventSchema.parse({ type: 'extended', ...common, until: request.until, reason: request.reason ?? 'other' });
    case 'responded':
      return CaseEventSchema.parse({ type: 'responded', ...common, outcome: request.outcome, sentBy: channel });
  }
}

function eventFields(marker: DraftMarker) {
  return {
    ...(marker.outcome ? { outcome: marker.outcome } : {}),
    ...(marker.target ? { target: marker.target } : {}),
    ...(marker.until ? { until: marker.until } : {}),
    ...(marker.reason ? { reason: marker.reason } : {}),
  };
}

/** Why the engine would refuse the event now, if it would. */
function refusalOf(input: LetterPlanInput, event: CaseEvent, planned: readonly CaseEvent[] = []): string | undefined {
  const events = [...input.events, ...planned, event];
  const timeline = computeTimeline({ procedure: input.procedure, calendar: input.calendar, events, now: Math.max(input.now, Date.parse(event.at)) });
  return timeline.refused.find((r) => r.index === events.length - 1)?.reason;
}

/** What became of a letter this comment sent, from its record, and whether its event stands. */
function recordAnswer(input: LetterPlanInput, { commentId, record }: { commentId: string; record: LetterRecord }): LetterAnswer {
  const n = record.n;
  if (DELIVERED_STATES.includes(record.state)) {
    const index = input.events.findIndex((e) => e.comment === commentId && e.type !== 'letter-sent');
    const refused = input.timeline.refused.find((r) => r.index === index);
    const what = EVENT_WORDS[LETTER_EVENTS[record.letter]];
    if (refused) return { ok: false, words: `draft ${n} was ${deliveredWords(record)}, but the ${what} was not recorded: ${lowerFirst(refused.reason)}` };
    return { ok: true, words: `draft ${n} ${deliveredWords(record)}; ${what} recorded.` };
  }
  const words: Readonly<Record<Exclude<LetterState, 'sent' | 'posted' | 'handed'>, LetterAnswer>> = {
    sending: { ok: true, words: `draft ${n} is being sent by email.` },
    queued: { ok: true, words: `draft ${n} is not sent yet: the mail server could not take it, and Redress tries again at the next sweep.` },
    failed: { ok: false, words: `draft ${n} was not delivered: see its record for what to do.` },
    uncertain: { ok: false, words: `draft ${n} may not have been delivered: see its record for what to do.` },
    written: { ok: false, words: `draft ${n} was not sent: no mail server is configured. See its record for what to do.` },
  };
  return words[record.state as keyof typeof words];
}

const EVENT_WORDS: Readonly<Record<'acknowledged' | 'extended' | 'responded', string>> = { acknowledged: 'acknowledgement', extended: 'new due date', responded: 'response' };

function deliveredWords(record: LetterRecord): string {
  const at = Date.parse(record.at);
  if (record.state === 'posted') return `posted ${formatDayLong(toLocal(at).day)}`;
  if (record.state === 'handed') return `handed over ${formatInstantLong(at)}`;
  return `sent by email ${formatInstantLong(at)}`;
}

function draftAnswer(n: number): LetterAnswer {
  return { ok: true, words: `draft ${n} is below: edit the letter if need be, then write /send ${n}.` };
}

function refuse(words: string): LetterAnswer {
  return { ok: false, words };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
