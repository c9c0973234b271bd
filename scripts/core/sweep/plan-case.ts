import { fromDayNumber, toDayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { CaseEventSchema, type CaseEvent, type CaseEventInput } from '../case/case-event-schema.ts';
import { isManagedLabel, labelsForTimeline } from '../case/case-labels.ts';
import type { Permission, StoredCase, StoredComment } from '../case/case-store.ts';
import { computeTimeline } from '../deadlines/compute-timeline.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { formatDayLong } from '../text/plain-dates.ts';
import { unrecordedLetters } from '../letters/letter-events.ts';
import { unrecordedReceipt } from '../mail/receipt-event.ts';
import { letterRecords } from '../letters/letter-record.ts';
import { answerKey, planLetters, type LetterPlan, type SendLetterAction, type SettleLetterAction } from '../letters/plan-letters.ts';
import type { LetterTemplates } from '../letters/letter-view.ts';
import { dueInWords, nextStep, reminderLevelWords, roleTitle, statusView } from './case-view.ts';
import type { MailRequest } from '../mail/mail-request.ts';
import type { StaffMember } from '../organisation/roster.ts';
import type { PendingNotice } from '../notify/pending-notice.ts';
import { sendNotBefore } from '../notify/send-not-before.ts';
import { staffNoticeEmails } from '../notify/staff-notice.ts';
import { parseMarker, renderMarker, type MarkerFields, type MarkerKind } from './markers.ts';
import { rebuildEvents, type Authority, type CommentCommands } from './rebuild-events.ts';

/** What the sweep remembers about a case between runs, in the case's hidden block. */
export interface SweepMemory {
  /** The case's events as last rebuilt: used as they are when the case has not changed since the last sweep. */
  events: CaseEvent[];
  statusComment?: { id: string; hash: string };
  /** Keys of the reminders and escalation notices already posted. */
  posted: string[];
  /** Staff comments with commands: the hash of the text last answered, and the reply's id. */
  replies: Record<string, { hash: string; reply: string }>;
  /** The handler role the case was last assigned to. */
  assignedRole?: string;
  /** Letters on their way (deferred, or left half-sent), by their draft's comment id: the case is read until they settle. */
  letters?: string[];
  /** Emails to staff decided on and not yet sent (out of hours, or deferred by the mail server). */
  notices?: PendingNotice[];
}

export interface SweepTemplates {
  status: string;
  reminder: string;
  escalation: string;
  reply: string;
  /** The letters staff draft on a case: the defaults, and a procedure's own where it has them. */
  letters: { default: LetterTemplates; byProcedure: Readonly<Record<string, Partial<LetterTemplates>>> };
}

export type SweepAction =
  | { kind: 'add-labels'; labels: string[] }
  | { kind: 'remove-label'; label: string }
  | { kind: 'set-assignees'; assignees: string[]; role: string }
  | { kind: 'create-status-comment'; body: string; hash: string }
  | { kind: 'update-status-comment'; commentId: string; body: string; hash: string }
  | {
      kind: 'post-comment';
      purpose: 'reminder' | 'escalation' | 'notice' | 'draft';
      key: string;
      marker: { kind: MarkerKind; fields: MarkerFields };
      body: string;
      /** For a reminder or escalation: who is told, so the applier can say on the notice how each was reached. */
      tell?: Tell;
    }
  /** Emails to the people a notice is for (carried out before the notice is posted, which says what became of them). */
  | EmailStaffAction
  /** A letter to send or record (carried out first, then the case is planned again from what it shows). */
  | SendLetterAction
  | SettleLetterAction
  | { kind: 'post-reply'; commentId: string; hash: string; marker: { kind: MarkerKind; fields: MarkerFields }; body: string }
  | { kind: 'update-reply'; commentId: string; replyId: string; hash: string; body: string }
  | { kind: 'set-state'; state: 'open' | 'closed' }
  /** The case block is rewritten with the new events and memory (reported in a plan; written last). */
  | { kind: 'update-block' };

/** Who a notice on the case tells: its role, the people mentioned (where a mention notifies), and its emails' notice. */
export interface Tell {
  role: string;
  /** How many people hold the role. */
  holders: number;
  mentioned: string[];
  /** `<what>.<step>` of the emails that go with it, when staff are emailed. */
  notice?: string;
}

export interface EmailStaffAction {
  kind: 'email-staff';
  notice: PendingNotice;
  /** The role's title, for the summary. */
  role: string;
  /** One message per person with an address. */
  emails: { name: string; request: MailRequest }[];
  /** Holders of the role the roster has no email address for. */
  unreachable: string[];
}

/** What emailing staff needs from the sweep's caller; absent when staff are not emailed. */
export interface StaffEmailing {
  /** The people holding a role of this procedure, with their addresses. */
  staff: (role: string) => readonly StaffMember[];
  /** Where staff open the case: the address, or the command that shows it. */
  link: string;
  /** A short name for subjects ("CECCC"). */
  prefix?: string;
}

export interface CasePlanInput {
  procedure: Procedure;
  calendar: WorkingCalendar;
  now: number;
  stored: StoredCase;
  /** Events the case was opened with and the sweep wrote itself (received, escalation notified), from its hidden block. */
  opening: readonly CaseEvent[];
  memory: SweepMemory | undefined;
  /** The case's comments when they were read this run; absent when the case has not changed since the last sweep. */
  comments?: readonly StoredComment[];
  /** Who could command, as recorded on the case (its block's `authority`). */
  authority?: Authority;
  /** The access of the people `authorsToCheck` named, looked up this run (needed only with `comments`). */
  permissions?: ReadonlyMap<string, Permission>;
  /** When the comments were read: the time a first decision about a commander is recorded at. */
  readAt?: number;
  /**
   * Whether this plan may send letters (false when planning again after sending, so nothing goes twice in a run),
   * and whether this run can send email.
   */
  letters?: { send: boolean; canEmail: boolean };
  /** The people (store logins) who hold a role of this procedure. */
  people: (role: string) => readonly string[];
  /** How to mention a person so they are notified ("@login" on GitHub). */
  mention: (person: string) => string;
  /** Whether a mention notifies the person (true on GitHub; locally a name is only written). Default true. */
  mentionNotifies?: boolean;
  /** Staff are emailed new cases, reminders and escalations (absent: they are not). */
  emailing?: StaffEmailing;
  templates: SweepTemplates;
}

export interface CasePlan {
  timeline: Timeline;
  actions: SweepAction[];
  /** The memory to keep if every action succeeds; ids of comments created by the actions are filled in by the applier. */
  memory: SweepMemory;
  reminders: number;
  escalations: number;
  /** Commands from people who may not command the case, ignored. */
  ignoredComments: number;
  /** The authority record to keep, with this run's decisions (unchanged when the comments were not read). */
  authority: Authority | undefined;
  /** Commands this run answered with a refusal (not done), for a caller that reports them. */
  refusedCommands: number;
}

/**
 * Plans what a case needs: the state it should have (labels, assignees, status comment, reminders, escalation
 * notices, replies to commands) compared with what the store shows. Pure: the applier carries the plan out, and
 * `--dry-run` prints it. Nothing in the plan depends on when the sweep runs except through the timeline, so a
 * second sweep with nothing changed plans nothing.
 *
 * @example
 * planCase({ ... a case received yesterday, no status comment yet ... }).actions.map((a) => a.kind)
 * //=> ['add-labels', 'create-status-comment']
 */
export function planCase(input: CasePlanInput): CasePlan {
  const { procedure, calendar, now, stored, templates } = input;
  const known = recall(input);
  const rebuilt = input.comments
    ? rebuildEvents({
        opening: input.opening,
        comments: input.comments,
        previous: known.events,
        authority: input.authority ?? {},
        permissions: input.permissions ?? new Map(),
        now: input.readAt ?? now,
      })
    : undefined;
  const rebuiltEvents = [...(rebuilt?.events ?? known.events), ...(input.comments ? unrecordedNotices(input.comments, rebuilt?.events ?? []) : [])];
  const events = [
    ...rebuiltEvents,
    ...(input.comments ? unrecordedLetters(letterRecords(input.comments, stored.reference), rebuiltEvents) : []),
    ...(input.comments ? unrecordedReceipt(input.comments, stored.reference, rebuiltEvents) : []),
  ];
  const timeline = computeTimeline({ procedure, calendar, events, now, people: input.people });
  const actions: SweepAction[] = [];
  const memory: SweepMemory = { ...known, events, posted: [...known.posted], replies: { ...known.replies } };

  // Labels are sets: add what is missing, remove managed labels that no longer apply, leave staff's own alone.
  const wanted = labelsForTimeline(procedure, timeline);
  const missing = wanted.filter((label) => !stored.labels.includes(label));
  if (missing.length > 0) actions.push({ kind: 'add-labels', labels: missing });
  for (const label of stored.labels) {
    if (isManagedLabel(label) && !wanted.includes(label) && label !== 'flag:needs-attention') actions.push({ kind: 'remove-label', label });
  }

  // Reassign only when the stage's handler changes, so a manual reassignment by staff is not undone every hour.
  const run = timeline.stages.at(-1);
  const handler = run?.handler;
  if (handler && handler !== known.assignedRole) {
    // People of a role that handled a stage this one must be independent of are never assigned to it.
    const involved = new Set((run?.excluded ?? []).flatMap((role) => input.people(role)));
    const people = input.people(handler).filter((person) => !involved.has(person));
    if (people.length > 0 && !sameSet(people, stored.assignees)) actions.push({ kind: 'set-assignees', assignees: people, role: handler });
    memory.assignedRole = handler;
  }

  const status = `${renderMarker('status', { case: stored.reference })}\n${renderTemplate(templates.status, { ...statusView(procedure, timeline, stored.reference), marker: '' }).trim()}\n`;
  const statusHash = fnv1aHash(status);
  if (!known.statusComment) actions.push({ kind: 'create-status-comment', body: status, hash: statusHash });
  else if (known.statusComment.hash !== statusHash) {
    actions.push({ kind: 'update-status-comment', commentId: known.statusComment.id, body: status, hash: statusHash });
  }

  const letters =
    rebuilt && input.comments
      ? planLetters({
          procedure,
          calendar,
          now,
          reference: stored.reference,
          body: stored.body,
          comments: input.comments,
          commented: rebuilt.commented,
          authority: rebuilt.authority,
          events,
          timeline,
          templates: { ...templates.letters.default, ...templates.letters.byProcedure[procedure.id] },
          send: input.letters?.send ?? true,
          canEmail: input.letters?.canEmail ?? false,
        })
      : undefined;
  if (input.comments) {
    const unsettled = letterRecords(input.comments, stored.reference)
      .filter(({ record }) => record.state === 'queued' || record.state === 'sending')
      .map(({ record }) => record.draft);
    if (unsettled.length > 0) memory.letters = unsettled;
    else delete memory.letters;
  }
  if (letters) {
    for (const draft of letters.drafts) actions.push({ kind: 'post-comment', purpose: 'draft', key: draft.key, marker: draft.marker, body: draft.body });
    actions.push(...letters.letters);
  }

  const refusedCommands = rebuilt ? planReplies({ input, rebuilt, timeline, actions, memory, letters }) : 0;

  let reminders = 0;
  let escalations = 0;
  // People are only notified in working hours on working days: no reminders at midnight or on a Sunday.
  if (timeline.withinWorkingHours && timeline.status !== 'paused') {
    for (const reminder of timeline.reminders) {
      const clock = timeline.clocks.find((c) => c.id === reminder.clock);
      if (!clock || clock.dueDay === undefined) continue;
      const fields = { case: stored.reference, clock: reminder.clock, level: reminder.level, due: fromDayNumber(clock.dueDay) };
      const key = `reminder:${reminder.clock}:${reminder.level}:${fields.due}`;
      if (memory.posted.includes(key)) continue;
      const notice: PendingNotice = { what: 'reminder', step: `${reminder.clock}.${reminder.level}.${fields.due}`, role: reminder.notify, clock: reminder.clock, level: reminder.level, notBefore: new Date(now).toISOString() };
      const tell = planTell(input, timeline, notice, actions);
      const body = renderTemplate(templates.reminder, {
        marker: renderMarker('reminder', fields),
        mentions: input.people(reminder.notify).map(input.mention).join(' '),
        label: clock.label,
        reference: stored.reference,
        level: reminderLevelWords(reminder.level),
        due: dueInWords(procedure, clock),
        handler: roleTitle(procedure, reminder.notify),
      });
      actions.push({ kind: 'post-comment', purpose: 'reminder', key, marker: { kind: 'reminder', fields }, body, tell });
      memory.posted.push(key);
      // That staff were warned, and when, is a fact an auditor asks for: the sweep records it as an event.
      memory.events.push({ type: 'reminder-sent', at: new Date(now).toISOString(), actor: 'system', clock: reminder.clock, level: reminder.level, due: fields.due });
      reminders += 1;
    }
    for (const step of timeline.escalations) {
      const clock = timeline.clocks.find((c) => c.id === step.clock);
      if (!clock || clock.dueDay === undefined) continue;
      const fields = { case: stored.reference, clock: step.clock, level: step.level, due: fromDayNumber(clock.dueDay) };
      const key = `escalation:${step.clock}:${step.level}:${fields.due}`;
      if (memory.posted.includes(key)) continue;
      const rung = procedure.stages.find((s) => s.id === clock.stage)?.escalation?.steps.find((s) => s.level === step.level);
      const notice: PendingNotice = { what: 'escalation', step: `${step.clock}.${step.level}.${fields.due}`, role: step.notify, clock: step.clock, level: step.level, notBefore: new Date(now).toISOString() };
      const tell = planTell(input, timeline, notice, actions);
      const body = renderTemplate(templates.escalation, {
        marker: renderMarker('escalation', fields),
        mentions: input.people(step.notify).map(input.mention).join(' '),
        reference: stored.reference,
        label: clock.label,
        due: dueInWords(procedure, clock),
        level: step.level,
        role: roleTitle(procedure, step.notify),
        summary: rung?.summary ?? '',
      });
      actions.push({ kind: 'post-comment', purpose: 'escalation', key, marker: { kind: 'escalation', fields }, body, tell });
      memory.posted.push(key);
      // The time the step's people were told is a fact the next step counts from: the sweep records it as an event.
      memory.events.push({ type: 'escalation-notified', at: new Date(now).toISOString(), actor: 'system', clock: step.clock, level: step.level });
      escalations += 1;
    }
  }

  planNotices(input, timeline, actions, memory);

  const closed = timeline.status === 'closed' || timeline.status === 'withdrawn' || timeline.status === 'passed-on';
  if (closed && stored.state === 'open') actions.push({ kind: 'set-state', state: 'closed' });
  if (!closed && stored.state === 'closed') actions.push({ kind: 'set-state', state: 'open' });

  const authority = rebuilt && (input.authority !== undefined || Object.keys(rebuilt.authority).length > 0) ? rebuilt.authority : input.authority;
  return { timeline, actions, memory, reminders, escalations, ignoredComments: rebuilt?.ignored ?? 0, authority, refusedCommands };
}

/**
 * The people a reminder or escalation tells, and when staff are emailed, the emails that go just before it (it is
 * posted in working hours, so they may go at once).
 */
function planTell(input: CasePlanInput, timeline: Timeline, notice: PendingNotice, actions: SweepAction[]): Tell {
  const holders = input.people(notice.role);
  const tell: Tell = { role: roleTitle(input.procedure, notice.role), holders: Math.max(holders.length, input.emailing?.staff(notice.role).length ?? 0), mentioned: input.mentionNotifies === false ? [] : holders.map(input.mention) };
  const emails = input.emailing ? emailAction(input, timeline, notice) : undefined;
  if (emails) {
    actions.push(emails);
    tell.notice = `${notice.what}.${notice.step}`;
  }
  return tell;
}

/**
 * Emails to staff about the case as a whole: a case seen for the first time tells its stage's handler (at the next
 * working-hours start when it came in out of hours), and notices left waiting go once their time has come.
 */
function planNotices(input: CasePlanInput, timeline: Timeline, actions: SweepAction[], memory: SweepMemory): void {
  const emailing = input.emailing;
  if (!emailing) return;
  const waiting = [...(memory.notices ?? [])];
  const handler = timeline.stages.at(-1)?.handler;
  const open = timeline.status !== 'closed' && timeline.status !== 'withdrawn' && timeline.status !== 'passed-on';
  if (input.memory === undefined && handler && open && !waiting.some((n) => n.what === 'new-case')) {
    const hours = input.procedure.calendar.workingHours;
    waiting.push({ what: 'new-case', step: 'received', role: handler, notBefore: new Date(sendNotBefore({ calendar: input.calendar, hours, at: input.now })).toISOString() });
  }
  // A case closed, withdrawn or passed on before its notices went needs nobody's attention now.
  if (!open) {
    delete memory.notices;
    return;
  }
  const later: PendingNotice[] = [];
  for (const notice of waiting) {
    if (Date.parse(notice.notBefore) > input.now) later.push(notice);
    else actions.push(emailAction(input, timeline, notice));
  }
  if (later.length > 0) memory.notices = later;
  else delete memory.notices;
}

function emailAction(input: CasePlanInput, timeline: Timeline, notice: PendingNotice): EmailStaffAction {
  const emailing = input.emailing as StaffEmailing;
  const people = emailing.staff(notice.role);
  const { requests, unreachable } = staffNoticeEmails({ notice, reference: input.stored.reference, procedure: input.procedure, timeline, link: emailing.link, people, ...(emailing.prefix ? { prefix: emailing.prefix } : {}) });
  return { kind: 'email-staff', notice, role: roleTitle(input.procedure, notice.role), emails: requests, unreachable };
}

/**
 * What the sweep knows of the case: its memory, corrected by the comments when they were read (the comments are
 * the truth; the memory only saves reading them). A bot comment with a marker proves that write happened.
 */
function recall(input: CasePlanInput): SweepMemory {
  const memory: SweepMemory = input.memory
    ? { ...input.memory, posted: [...input.memory.posted], replies: { ...input.memory.replies } }
    : { events: [...input.opening], posted: [], replies: {} };
  if (!input.comments) return memory;
  const posted = new Set(memory.posted);
  delete memory.statusComment;
  for (const comment of input.comments) {
    if (!comment.byBot) continue;
    const marker = parseMarker(comment.body);
    if (!marker) continue;
    if (marker.kind === 'status' && !memory.statusComment) memory.statusComment = { id: comment.id, hash: fnv1aHash(comment.body) };
    if (marker.kind === 'reminder' || marker.kind === 'escalation') {
      posted.add(`${marker.kind}:${marker.fields.clock}:${marker.fields.level}:${marker.fields.due}`);
    }
    if (marker.kind === 'reply' && marker.fields.comment) {
      memory.replies[marker.fields.comment] = { hash: marker.fields.hash ?? '', reply: comment.id };
    }
  }
  memory.posted = [...posted].sort();
  return memory;
}

/**
 * Escalation notices and reminders on the case that its events do not record (a sweep that posted one and stopped
 * before writing the case's block, or a reminder posted before reminders were recorded): recorded from the notice
 * itself, at the time it was posted.
 */
function unrecordedNotices(comments: readonly StoredComment[], events: readonly CaseEvent[]): CaseEvent[] {
  const found: CaseEvent[] = [];
  for (const comment of comments) {
    const marker = comment.byBot ? parseMarker(comment.body) : undefined;
    if (marker?.kind === 'reminder') {
      const reminder = reminderOf(marker.fields, comment.createdAt);
      const recorded = (event: CaseEvent) => event.type === 'reminder-sent' && event.clock === reminder?.clock && event.level === reminder.level && event.due === reminder.due;
      if (reminder && ![...events, ...found].some(recorded)) found.push(reminder);
      continue;
    }
    if (marker?.kind !== 'escalation' || !marker.fields.clock || !marker.fields.level) continue;
    const { clock, level, due = '' } = marker.fields;
    const recorded = [...events, ...found].some(
      (event) => event.type === 'escalation-notified' && event.clock === clock && event.level === Number(level) && event.at.slice(0, 10) >= due,
    );
    if (!recorded) found.push({ type: 'escalation-notified', at: new Date(Date.parse(comment.createdAt)).toISOString(), actor: 'system', clock, level: Number(level) });
  }
  return found;
}

/** The reminder a marked comment records, or undefined when its marker is not one this version can read. */
function reminderOf(fields: Readonly<Record<string, string>>, postedAt: string): Extract<CaseEvent, { type: 'reminder-sent' }> | undefined {
  const parsed = CaseEventSchema.safeParse({ type: 'reminder-sent', at: postedAt, actor: 'system', clock: fields.clock, level: fields.level, due: fields.due });
  return parsed.success && parsed.data.type === 'reminder-sent' ? parsed.data : undefined;
}

function planReplies({
  input,
  rebuilt,
  timeline,
  actions,
  memory,
  letters,
}: {
  input: CasePlanInput;
  rebuilt: ReturnType<typeof rebuildEvents>;
  timeline: Timeline;
  actions: SweepAction[];
  memory: SweepMemory;
  letters: LetterPlan | undefined;
}): number {
  let refusedCommands = 0;
  const refused = new Map(timeline.refused.map((r) => [r.index, r.reason]));
  // A command comment answered before and gone now was deleted: its commands no longer count, and that is said.
  for (const [commentId, answered] of Object.entries(memory.replies)) {
    if (rebuilt.commented.some((entry) => entry.comment.id === commentId)) continue;
    const fields = { comment: commentId };
    const body = `${renderMarker('deleted', fields)}\nA comment with commands (answered in comment ${answered.reply || 'above'}) was deleted or no longer holds commands: what it recorded no longer counts.\n\n**Next:** ${nextStep(input.procedure, timeline)}\n`;
    actions.push({ kind: 'post-comment', purpose: 'notice', key: `deleted:${commentId}`, marker: { kind: 'deleted', fields }, body });
    delete memory.replies[commentId];
  }
  for (const entry of rebuilt.commented) {
    const previous = memory.replies[entry.comment.id];
    // A letter command's answer follows its letter (sent, deferred, refused), so the reply is brought up to date
    // when the letter moves on as well as when the comment is edited.
    const answers = entry.refusal ? [] : entry.commands.flatMap(({ parsed }) => (parsed.ok && parsed.letter ? [letters?.answers.get(answerKey(entry.comment.id, parsed))?.words ?? ''] : []));
    const hash = answers.length > 0 ? `${entry.hash}-${fnv1aHash(answers.join('|'))}` : entry.hash;
    if (previous?.hash === hash) continue;
    const results = entry.commands.map(({ parsed, eventIndex }) => {
      // The command as written, inside a code span: a backtick in it would end the span early.
      const text = parsed.text.replace(/`/g, "'");
      if (entry.refusal) return { ok: false, text, error: refusalWords(entry) };
      if (!parsed.ok) return { ok: false, text, error: parsed.error };
      if (parsed.letter) {
        const answer = letters?.answers.get(answerKey(entry.comment.id, parsed));
        if (!answer) return { ok: true, text, what: 'to be carried out once the case is read again.' };
        return answer.ok ? { ok: true, text, what: answer.words } : { ok: false, text, error: answer.words };
      }
      if (eventIndex === undefined) return { ok: true, text, what: 'noted.' };
      const reason = refused.get(eventIndex);
      return reason ? { ok: false, text, error: reason } : { ok: true, text, what: `${describe(parsed.name, parsed.event, entry.comment.createdAt)}.` };
    });
    refusedCommands += results.filter((result) => !result.ok).length;
    const fields = { comment: entry.comment.id, hash };
    const edited = previous !== undefined && previous.hash.split('-')[0] !== entry.hash;
    const body = renderTemplate(input.templates.reply, {
      marker: renderMarker('reply', fields),
      results,
      next: nextStep(input.procedure, timeline),
      edited,
      progressed: previous !== undefined && !edited,
    });
    if (previous) actions.push({ kind: 'update-reply', commentId: entry.comment.id, replyId: previous.reply, hash, body });
    else actions.push({ kind: 'post-reply', commentId: entry.comment.id, hash, marker: { kind: 'reply', fields }, body });
    memory.replies[entry.comment.id] = { hash, reply: previous?.reply ?? '' };
  }
  return refusedCommands;
}

/** Why a comment's commands were not carried out, said to its author without naming anyone else. */
function refusalWords(entry: CommentCommands): string {
  const refusal = entry.refusal;
  if (!refusal) return '';
  const access = refusal.permission === undefined ? '' : refusal.permission === 'none' ? ' You have no access to this repository.' : ` Your access is "${refusal.permission}".`;
  if (refusal.kind === 'edit-refused') {
    return `this edit was not applied: commands need write, maintain or admin access when they are written or edited.${access} What the comment recorded before stands.`;
  }
  return `you cannot command this case: commands need write, maintain or admin access.${access} Nothing was recorded, now or later; ask a member of staff with write access to write the command.`;
}

/** What a command did, with the dates it recorded, so staff can check it was read as they meant. */
function describe(command: string, event: CaseEventInput | undefined, commentedAt: string): string {
  const sent = event && Date.parse(event.at) < Date.parse(commentedAt) ? `, sent ${formatDayLong(toLocal(Date.parse(event.at)).day)}` : '';
  if (event?.type === 'extended') return `new response date recorded: ${formatDayLong(toDayNumber(String(event.until)))}${sent}`;
  if (event?.type === 'target-set') return `target completion date set: ${formatDayLong(toDayNumber(String(event.target)))}${sent}`;
  if (event?.type === 'acknowledged' && event.target) return `acknowledgement recorded, with the target completion date ${formatDayLong(toDayNumber(String(event.target)))}`;
  return describeCommand(command);
}

function describeCommand(command: string): string {
  const words: Record<string, string> = {
    acknowledge: 'acknowledgement recorded',
    respond: 'response recorded',
    extend: 'new due date recorded',
    target: 'target completion date set',
    escalate: 'moved to the next stage',
    withdraw: 'case withdrawn',
    pause: 'clocks paused',
    resume: 'clocks restarted',
    close: 'case closed',
    reopen: 'case reopened; the time it was closed does not count',
    'pass-on': 'case passed on',
    learning: 'change recorded for the complaint statistics',
  };
  return words[command] ?? command;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
