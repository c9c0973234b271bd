/**
 * `redress procedures compare <centre> <model>`: where an organisation's procedure departs from a model or code it
 * should follow (ceccc against NACCC's model, a landlord against the Housing Ombudsman's Code, a Scottish body
 * against the SPSO model): stages, time limits set or missing, who handles each stage, the external body. Stages
 * are paired by what they are for (informal, formal first stage, review, appeal), since organisations name and
 * number them their own way; clocks within a stage by what meets them.
 */
import { formatDuration, type Duration } from '../calendar/duration.ts';
import { STAGE_KINDS, type Clock, type Procedure, type Stage, type StageKind } from '../procedure/procedure-schema.ts';

export type DifferenceKind =
  /** The centre falls short of the model: a stage, a time limit, a safeguard or a body missing, or a limit longer. */
  | 'departure'
  /** The centre promises more than the model: a shorter time limit. */
  | 'stricter'
  /** A difference that is neither: a time limit the model leaves open and the centre sets, an added clock, roles. */
  | 'note';

export type DifferenceAspect = 'stages' | 'informal' | 'entry' | 'timescale' | 'extension' | 'handler' | 'independence' | 'external-body';

export interface ProcedureDifference {
  kind: DifferenceKind;
  aspect: DifferenceAspect;
  /** What it concerns: "stage 2", "stage-1.respond", "naccc". */
  subject: string;
  message: string;
}

/**
 * @example
 * compareProcedures(ceccc, nacccModel).filter((d) => d.kind === 'departure').map((d) => d.aspect)
 * //=> ['stages', 'independence', …]
 */
export function compareProcedures(centre: Procedure, model: Procedure): ProcedureDifference[] {
  const differences: ProcedureDifference[] = [];
  const add = (kind: DifferenceKind, aspect: DifferenceAspect, subject: string, message: string) => differences.push({ kind, aspect, subject, message });

  const formal = (p: Procedure) => p.stages.filter((stage) => stage.kind !== 'informal');
  const names = (p: Procedure) => formal(p).map((s) => `${s.id} (${KIND_WORDS[s.kind]})`).join(', ');
  const [ourFormal, theirFormal] = [formal(centre), formal(model)];
  if (ourFormal.length !== theirFormal.length) {
    add('departure', 'stages', 'stages', `${model.id} has ${count(theirFormal.length, 'formal stage')} (${names(model)}); ${centre.id} has ${ourFormal.length} (${names(centre)}).`);
  }
  const pairs = pairStages(centre, model);
  const modelFinal = model.stages.find((s) => s.final);
  const centreFinal = centre.stages.find((s) => s.final);
  if (modelFinal && centreFinal && !pairs.some((pair) => pair.ours === centreFinal && pair.theirs === modelFinal)) {
    add('departure', 'stages', 'final stage', `${centre.id}'s procedure ends with its ${KIND_WORDS[centreFinal.kind]} (${centreFinal.id}); ${model.id}'s with its ${KIND_WORDS[modelFinal.kind]} (${modelFinal.id}).`);
  }
  const informal = (p: Procedure) => p.informalResolution !== undefined || p.stages.some((stage) => stage.kind === 'informal');
  if (informal(centre) && !informal(model)) {
    add('departure', 'informal', 'informal resolution', `${centre.id} invites informal resolution before its formal stages; ${model.id} has no informal step.`);
  } else if (informal(model) && !informal(centre)) {
    add('note', 'informal', 'informal resolution', `${model.id} invites informal resolution first; ${centre.id} does not mention it.`);
  }

  for (const pair of pairs) {
    const { ours, theirs } = pair;
    if (!ours && theirs) {
      if (theirs.kind !== 'informal') add('departure', 'stages', KIND_WORDS[theirs.kind], `${model.id}'s ${theirs.id} (${theirs.title}, handled by ${roleTitle(model, theirs.handler.role)}) has no counterpart in ${centre.id}.`);
      continue;
    }
    if (ours && !theirs) {
      if (ours.kind !== 'informal') add('departure', 'stages', KIND_WORDS[ours.kind], `${centre.id}'s ${ours.id} (${ours.title}) has no counterpart in ${model.id}.`);
      continue;
    }
    if (!ours || !theirs) continue;
    const subject = KIND_WORDS[ours.kind];
    if (ours.kind !== theirs.kind) {
      add('note', 'stages', `${subject} (${ours.id})`, `${centre.id}'s ${ours.id} is ${withArticle(KIND_WORDS[ours.kind])} where ${model.id}'s ${theirs.id} is ${withArticle(KIND_WORDS[theirs.kind])}; both are the stage after the ${KIND_WORDS.first}, so they are compared.`);
    }
    compareStage({ centre, model, ours, theirs, subject, add });
  }

  for (const body of model.externalBodies) {
    const match = centre.externalBodies.find((b) => b.id === body.id || b.name.toLowerCase() === body.name.toLowerCase());
    if (!match) {
      add('departure', 'external-body', body.id, `${model.id} names ${body.name} (${body.when}); ${centre.id} does not.`);
      continue;
    }
    if (body.window && !match.window) {
      add('departure', 'external-body', body.id, `${model.id} gives ${formatDuration(body.window.within)} to go to ${body.name}; ${centre.id} gives no time limit.`);
    } else if (!body.window && match.window) {
      add('note', 'external-body', body.id, `${centre.id} gives ${formatDuration(match.window.within)} from ${match.window.fromResponseOf}'s answer to go to ${match.name}; ${model.id} sets none.`);
    } else if (body.window && match.window) {
      const order = compareDurations(match.window.within, body.window.within);
      if (order !== 0) add(order < 0 ? 'departure' : 'stricter', 'external-body', body.id, `${centre.id} gives ${formatDuration(match.window.within)} to go to ${match.name}; ${model.id} ${formatDuration(body.window.within)}.`);
    }
  }
  return differences;
}

interface StageComparison {
  centre: Procedure;
  model: Procedure;
  ours: Stage;
  theirs: Stage;
  subject: string;
  add: (kind: DifferenceKind, aspect: DifferenceAspect, subject: string, message: string) => void;
}

function compareStage({ centre, model, ours, theirs, subject, add }: StageComparison): void {
  const where = `${subject} (${ours.id})`;
  if (ours.entry.via !== theirs.entry.via) {
    add('departure', 'entry', where, `${centre.id} enters ${ours.id} by ${ours.entry.via}; ${model.id} enters ${theirs.id} by ${theirs.entry.via}.`);
  }
  if (theirs.entry.inWriting !== ours.entry.inWriting) {
    add('note', 'entry', where, `${centre.id} ${ours.entry.inWriting ? 'requires' : 'does not require'} ${ours.id} to be asked for in writing; ${model.id} ${theirs.entry.inWriting ? 'does' : 'does not'}.`);
  }
  add('note', 'handler', where, `Handled by ${the(roleTitle(centre, ours.handler.role))}; ${model.id}: by ${the(roleTitle(model, theirs.handler.role))}.`);
  if (theirs.alternate && !ours.alternate) {
    add('departure', 'handler', where, `${model.id} names someone else for a complaint about the usual handler (${roleTitle(model, theirs.alternate.role)}); ${centre.id} does not.`);
  }
  if (theirs.independence && !ours.independence) {
    add('departure', 'independence', where, `${model.id} requires: ${theirs.independence.summary} ${centre.id}'s procedure does not say so.`);
  }
  const stageIndex = centre.stages.indexOf(ours);
  const before = centre.stages[stageIndex - 1];
  const instead = ours.independence?.instead;
  if (theirs.independence && before && before.handler.role === ours.handler.role && !instead) {
    add('departure', 'independence', where, `${centre.id}'s ${ours.id} is handled by the same role as ${before.id} (${roleTitle(centre, ours.handler.role)}), where ${model.id} requires someone else.`);
  } else if (theirs.independence && before?.alternate?.role === ours.handler.role) {
    if (instead) {
      add('note', 'independence', where, `When a complaint is about ${the(roleTitle(centre, before.handler.role))}, ${the(roleTitle(centre, ours.handler.role))} handles ${before.id}, so ${ours.id} goes to ${instead.summary.replace(/\.$/, '')}, as ${model.id} requires someone not involved before.`);
    } else {
      add('departure', 'independence', where, `When a complaint is about ${the(roleTitle(centre, before.handler.role))}, ${the(roleTitle(centre, ours.handler.role))} handles both ${before.id} and ${ours.id}, where ${model.id} requires someone not involved before.`);
    }
  }

  const unmatched = [...ours.clocks];
  for (const clock of theirs.clocks) {
    const index = unmatched.findIndex((c) => c.action === clock.action && (c.id === clock.id || !theirs.clocks.some((m) => m !== clock && m.action === clock.action && m.id === c.id)));
    const match = index === -1 ? undefined : unmatched.splice(index, 1)[0];
    compareClock({ centre, model, ours, clock, match, add });
  }
  for (const extra of unmatched) {
    add('note', 'timescale', `${ours.id}.${extra.id}`, `${centre.id} adds a time limit the model does not have: ${extra.label}${extra.within ? `, ${formatDuration(extra.within)} from ${words(extra.from)}` : ''}.`);
  }
}

function compareClock({ centre, model, ours, clock, match, add }: { centre: Procedure; model: Procedure; ours: Stage; clock: Clock; match: Clock | undefined; add: StageComparison['add'] }): void {
  const subject = `${ours.id}.${match?.id ?? clock.id}`;
  const modelLimit = clock.within ? `${formatDuration(clock.within)} from ${words(clock.from)}` : clock.parameter ? `left to the organisation (parameter ${clock.parameter})` : clock.setBy ? 'set by staff on each case' : 'no time limit';
  if (!match) {
    if (clock.within || clock.parameter) add('departure', 'timescale', subject, `${centre.id} has no time limit to ${lower(clock.label)}; ${model.id}: ${modelLimit}.`);
    return;
  }
  if (!match.within && !match.setBy) {
    if (clock.within || clock.parameter) add('departure', 'timescale', subject, `${centre.id} sets no time limit to ${lower(match.label)}; ${model.id}: ${modelLimit}.`);
    return;
  }
  if (match.setBy && clock.within) {
    add('departure', 'timescale', subject, `${centre.id} has staff set this date case by case; ${model.id} fixes ${modelLimit}.`);
    return;
  }
  if (match.within && !clock.within && clock.parameter) {
    add('note', 'timescale', subject, `${centre.id} sets the time limit ${model.id} leaves open: ${formatDuration(match.within)} from ${words(match.from)}.`);
  }
  if (match.within && clock.within) {
    const order = compareDurations(match.within, clock.within);
    if (order > 0) add('departure', 'timescale', subject, `${centre.id} allows ${formatDuration(match.within)}; ${model.id} ${formatDuration(clock.within)}.`);
    else if (order < 0) add('stricter', 'timescale', subject, `${centre.id} allows ${formatDuration(match.within)}; ${model.id} ${formatDuration(clock.within)}.`);
    else if (Number.isNaN(order)) add('note', 'timescale', subject, `${centre.id} allows ${formatDuration(match.within)}; ${model.id} ${formatDuration(clock.within)} (different units).`);
  }
  if (match.from !== clock.from && (match.within || match.setBy) && clock.within) {
    add('departure', 'timescale', subject, `${centre.id} counts from ${words(match.from)}; ${model.id} from ${words(clock.from)}.`);
  }
  if (clock.extension) {
    if (!match.extension) {
      add('note', 'extension', subject, `${model.id} allows an extension${clock.extension.cap ? ` of up to ${formatDuration(clock.extension.cap)}` : ''}; ${centre.id} does not provide for one.`);
    } else {
      if (clock.extension.cap && !match.extension.cap) add('departure', 'extension', subject, `${centre.id} sets no limit to an extension; ${model.id} allows up to ${formatDuration(clock.extension.cap)}.`);
      if (clock.extension.cap && match.extension.cap && compareDurations(match.extension.cap, clock.extension.cap) > 0) {
        add('departure', 'extension', subject, `${centre.id} allows an extension of up to ${formatDuration(match.extension.cap)}; ${model.id} up to ${formatDuration(clock.extension.cap)}.`);
      }
      if (clock.extension.noticeRequired && !match.extension.noticeRequired) add('departure', 'extension', subject, `${model.id} requires the complainant to be told before the original date passes; ${centre.id} does not.`);
    }
  } else if (match.extension) {
    add('note', 'extension', subject, `${centre.id} allows an extension${match.extension.cap ? ` of up to ${formatDuration(match.extension.cap)}` : ''}; ${model.id} does not provide for one.`);
  }
}

/** Negative when a is shorter than b, positive when longer, NaN when their units cannot be compared. */
function compareDurations(a: Duration, b: Duration): number {
  const days = (d: Duration) => (d.unit === 'weeks' ? d.amount * 7 : d.unit === 'calendar-days' ? d.amount : undefined);
  if (a.unit === b.unit) return a.amount - b.amount;
  const [x, y] = [days(a), days(b)];
  return x !== undefined && y !== undefined ? x - y : Number.NaN;
}

function words(from: Clock['from']): string {
  const start: Record<Clock['from'], string> = {
    receipt: 'receipt',
    acknowledgement: 'acknowledgement',
    'escalation-request': 'the request for the stage',
    'previous-response-sent': "the sending of the previous stage's answer",
    'previous-response-received': "the complainant's receipt of the previous stage's answer",
  };
  return start[from];
}

function withArticle(words: string): string {
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** What each kind of stage is called in the comparison. */
export const KIND_WORDS: Readonly<Record<StageKind, string>> = {
  informal: 'informal stage',
  first: 'formal first stage',
  review: 'review',
  appeal: 'appeal',
};

/**
 * The stages of two procedures paired by what they are for: informal with informal, the formal first stage with
 * the formal first stage, reviews with reviews and appeals with appeals, each in order. A review or appeal left
 * over on both sides is paired with the other's, since each is the next stage after the first; anything else left
 * over has no counterpart.
 *
 * @example
 * pairStages(opPerformance, housingCode).map((p) => [p.ours?.id, p.theirs?.id])
 * //=> [['informal', undefined], ['formal', 'stage-1'], ['appeal', 'stage-2']]
 */
export function pairStages(centre: Procedure, model: Procedure): { ours?: Stage; theirs?: Stage }[] {
  const pairs: { ours?: Stage; theirs?: Stage }[] = [];
  const leftOurs: Stage[] = [];
  const leftTheirs: Stage[] = [];
  for (const kind of STAGE_KINDS) {
    const ours = centre.stages.filter((stage) => stage.kind === kind);
    const theirs = model.stages.filter((stage) => stage.kind === kind);
    for (let i = 0; i < Math.max(ours.length, theirs.length); i += 1) {
      const [a, b] = [ours[i], theirs[i]];
      if (a && b) pairs.push({ ours: a, theirs: b });
      else if (a) leftOurs.push(a);
      else if (b) leftTheirs.push(b);
    }
  }
  const later = (stage: Stage) => stage.kind === 'review' || stage.kind === 'appeal';
  for (const a of leftOurs) {
    const b = later(a) ? leftTheirs.find(later) : undefined;
    if (b) {
      leftTheirs.splice(leftTheirs.indexOf(b), 1);
      pairs.push({ ours: a, theirs: b });
    } else {
      pairs.push({ ours: a });
    }
  }
  for (const b of leftTheirs) pairs.push({ theirs: b });
  // In the model's order; a stage only the centre has goes after the pair holding the centre's stage before it.
  const ordered = pairs.filter((pair) => pair.theirs).sort((x, y) => model.stages.indexOf(x.theirs as Stage) - model.stages.indexOf(y.theirs as Stage));
  for (const pair of pairs.filter((p) => !p.theirs).sort((x, y) => centre.stages.indexOf(x.ours as Stage) - centre.stages.indexOf(y.ours as Stage))) {
    const index = centre.stages.indexOf(pair.ours as Stage);
    const after = ordered.findLastIndex((other) => other.ours !== undefined && centre.stages.indexOf(other.ours) < index);
    ordered.splice(after + 1, 0, pair);
  }
  return ordered;
}

function roleTitle(procedure: Procedure, role: string): string {
  return procedure.roles.find((r) => r.id === role)?.title ?? role;
}

/** A role's title as it reads mid-sentence: "the Co-Ordinator", "an impartial person". */
function the(title: string): string {
  return /^(the|a|an) /i.test(title) ? lower(title) : `the ${title}`;
}

function lower(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The comparison as text for people: departures first, then where the centre is stricter, then notes.
 *
 * @example
 * formatComparison(ceccc, nacccModel, compareProcedures(ceccc, nacccModel))
 * //=> 'ceccc (Cambridge & Ely Child Contact Centres: Complaints Policy and Procedure)\ncompared with naccc-model …'
 */
export function formatComparison(centre: Procedure, model: Procedure, differences: readonly ProcedureDifference[]): string {
  const section = (kind: DifferenceKind, heading: string) => {
    const items = differences.filter((d) => d.kind === kind);
    if (items.length === 0) return '';
    return `\n${heading} (${items.length}):\n${items.map((d) => `  - [${d.aspect}] ${d.subject}: ${d.message}`).join('\n')}\n`;
  };
  const departures = differences.filter((d) => d.kind === 'departure').length;
  return `${centre.id} (${centre.organisation.name}: ${centre.title})\ncompared with ${model.id} (${model.organisation.name}: ${model.title})\n`
    + section('departure', 'Departs from the model')
    + section('stricter', 'Stricter than the model')
    + section('note', 'Notes')
    + `\n${departures === 0 ? 'No departure from the model.' : `${count(departures, 'departure')} from the model.`}\n`;
}
