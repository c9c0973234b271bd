/**
 * What a letter's template is given: the procedure's own words (stage summaries, the outcomes it can reach, how to
 * ask for the next stage and by when, the outside bodies) and the case's dates, with everything a person wrote
 * (the complainant's name and address, the words staff gave for an extension) escaped for where the letter goes.
 * Pure: the same input renders the same letter.
 */
import type { DayNumber } from '../calendar/day-number.ts';
import { toLocal } from '../calendar/london-time.ts';
import { formatDuration } from '../calendar/duration.ts';
import type { ExtensionReason, Outcome, Procedure, Stage } from '../procedure/procedure-schema.ts';
import type { Timeline } from '../deadlines/timeline-types.ts';
import { escapeFor, type TextEscaping } from '../intake/acknowledgement-letter.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { formatDayLong } from '../text/plain-dates.ts';
import { dueInWords, roleTitle } from '../sweep/case-view.ts';
import type { ContactLookup } from './contact-record.ts';
import type { LetterKind } from './letter-kinds.ts';

/** The letters' templates, one per kind. */
export type LetterTemplates = Readonly<Record<LetterKind, string>>;

export interface LetterInput {
  kind: LetterKind;
  procedure: Procedure;
  /** The case's timeline with the letter's own event applied as if sent now (an extension's new date shows). */
  timeline: Timeline;
  /** The stage the letter is about. */
  stage: Stage;
  reference: string;
  /** What the case holds of the complainant's contact details. */
  contact: ContactLookup;
  /** The day the letter is drafted: its date. */
  today: DayNumber;
  /** Acknowledgement: the estimated target date it gives (op-performance). */
  target?: DayNumber;
  /** Extension notice: the new date, the date it replaces (in words), and the reason in staff's words. */
  extension?: { until: DayNumber; previous: string; reason: ExtensionReason; words: string };
  /** Outcome letters: the decision. */
  outcome?: Outcome;
}

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = { upheld: 'upheld', 'partly-upheld': 'partly upheld', 'not-upheld': 'not upheld' };

/**
 * The template's data. Every field holding text a person wrote is escaped with `escaping`: Markdown for the draft
 * on GitHub (and the email and printed page are made from that draft by undoing it), or `text`.
 *
 * @example
 * letterView({ kind: 'acknowledgement', procedure: ceccc, … }, 'markdown').dates
 * //=> [{ label: 'Send a formal written response', due: 'Monday 30 November 2026' }]
 */
export function letterView(input: LetterInput, escaping: TextEscaping) {
  const { procedure, timeline, stage, contact, kind } = input;
  const escape = escapeFor(escaping);
  // A line break inside a paragraph (an address, the signature): Markdown joins plain lines into one.
  const br = escaping === 'text' ? '' : '<br>';
  const run = timeline.stages.findLast((r) => r.stage === stage.id);
  const handlerRole = run?.handler ?? stage.handler.role;
  const person = contact.status === 'found' ? contact.contact : undefined;
  const byPost = person?.contactBy === 'post' || (person?.contactBy !== 'email' && person?.address !== undefined && person.email === undefined);
  const clocks = timeline.clocks.filter((clock) => clock.stage === stage.id && clock.owner === 'organisation');
  const pending = clocks.filter((c) => c.metAt === undefined && (c.state !== 'not-applicable' || (c.due === undefined && c.startedAt !== undefined)));
  // Whom to ask: the stage's handler, else whoever else the procedure gives contact details for, but never the
  // person the complaint is about (the usual handler, when someone else handles it) or anyone a stage must be
  // independent of.
  const barred = new Set([...(run?.excluded ?? []), ...(handlerRole === stage.handler.role ? [] : [stage.handler.role]), ...(run?.insteadOf ? [run.insteadOf] : [])]);
  const role = [handlerRole, ...(stage.independence?.instead ? [stage.independence.instead.role] : []), ...procedure.roles.map((r) => r.id)]
    .filter((id) => id === handlerRole || !barred.has(id))
    .map((id) => procedure.roles.find((r) => r.id === id))
    .find((r) => r?.contact?.email || r?.contact?.phone);
  const index = procedure.stages.findIndex((s) => s.id === stage.id);
  const nextStage = stage.final ? undefined : procedure.stages[index + 1];
  return {
    letter: kind,
    date: formatDayLong(input.today).replace(/^\w+ /, ''),
    salutation: person?.name ? escape(person.name) : '',
    // The address heads a letter that goes by post; with no contact record staff are shown where it goes.
    address: byPost && person?.address ? { text: person.address.split(/\r?\n/).map((line) => escape(line.trim())).filter(Boolean).join(`${br}\n`) } : false,
    br,
    addressMissing: contact.status !== 'found',
    reference: input.reference,
    organisation: procedure.organisation.name,
    procedureTitle: procedure.title,
    received: timeline.receivedAt === undefined ? '' : formatDayLong(dayOf(timeline.receivedAt)),
    stage: stage.title,
    stageSummary: stage.summary,
    requested: run && isLater(procedure, stage) ? formatDayLong(dayOf(run.enteredAt)) : '',
    independence: stage.independence?.summary ?? '',
    handler: withArticle(roleTitle(procedure, handlerRole)),
    Handler: capitalise(withArticle(roleTitle(procedure, handlerRole))),
    signature: roleTitle(procedure, handlerRole),
    contact: { who: withArticle(role?.title ?? roleTitle(procedure, handlerRole)), email: role?.contact?.email ?? '', phone: role?.contact?.phone ?? '' },
    // What happens next at this stage, and by when: the organisation's time limits not yet met.
    dates: pending.filter((c) => c.due !== undefined).map((clock) => ({ label: clock.label, due: dueInWords(procedure, clock) })),
    // Time limits a model leaves to the organisation and it has not set: said, never given a date.
    later: pending.filter((c) => c.due === undefined).map((clock) => ({ label: clock.label })),
    noTimeLimits: pending.length > 0 ? '' : (procedure.noTimeLimits ?? 'We will keep you informed of what happens next.'),
    target: input.target === undefined ? '' : formatDayLong(input.target),
    extension: input.extension
      ? {
          until: formatDayLong(input.extension.until),
          was: input.extension.previous,
          reason: escape(input.extension.words),
          summary: stage.clocks.find((c) => c.action === 'respond' && c.extension)?.extension?.summary ?? '',
        }
      : false,
    outcome: input.outcome
      ? {
          words: OUTCOME_WORDS[input.outcome],
          upheld: input.outcome === 'upheld',
          partlyUpheld: input.outcome === 'partly-upheld',
          notUpheld: input.outcome === 'not-upheld',
          summary: stage.outcomes?.summary ?? '',
        }
      : false,
    remedies: stage.remedies?.items ?? [],
    final: stage.final,
    next: nextStage ? nextStageView(nextStage, procedure) : false,
    external: stage.final ? externalView(procedure, stage) : [],
  };
}

/**
 * The letter, rendered from its template (the procedure's own, or the default in scripts/templates/letters/).
 *
 * @example
 * renderLetter(templates.acknowledgement, { kind: 'acknowledgement', … }, 'markdown') //=> 'Dear Ann,\n\n…'
 */
export function renderLetter(template: string, input: LetterInput, escaping: TextEscaping): string {
  return `${renderTemplate(template, letterView(input, escaping))
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** How to ask for the next stage, in the procedure's words, and its time limit counted as the source counts it. */
function nextStageView(next: Stage, procedure: Procedure) {
  const request = next.clocks.find((clock) => clock.action === 'request');
  return {
    title: next.title,
    how: next.entry.summary,
    within: request?.within ? formatDuration(request.within) : '',
    from: request?.from === 'previous-response-sent' ? 'of the date of this letter' : 'of the day you receive this letter',
    exceptions: request?.exceptions?.summary ?? '',
    handler: withArticle(roleTitle(procedure, next.handler.role)),
  };
}

/** The outside bodies a complainant can go to once the procedure is complete (not those the organisation passes complaints to). */
function externalView(procedure: Procedure, stage: Stage) {
  return procedure.externalBodies
    .filter((body) => !body.passOn)
    .map((body) => {
      const window = body.window && body.window.fromResponseOf === stage.id ? body.window : undefined;
      return {
        name: body.name,
        summary: body.summary,
        when: body.when,
        within: window ? formatDuration(window.within) : '',
        from: window?.from === 'response-sent' ? 'of the date of this letter' : 'of the day you receive this letter',
        contact: body.contact ?? '',
      };
    });
}

function isLater(procedure: Procedure, stage: Stage): boolean {
  return procedure.stages.findIndex((s) => s.id === stage.id) > 0 && stage.entry.via === 'escalation';
}

function dayOf(instant: number): DayNumber {
  return toLocal(instant).day;
}

/** A role's title as used in a sentence: "the Co-Ordinator", and "the appropriate Director" not "the The …". */
function withArticle(title: string): string {
  const article = /^(the|an?)\s+/i.exec(title);
  return article ? `${(article[1] as string).toLowerCase()} ${title.slice(article[0].length)}` : `the ${title}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
