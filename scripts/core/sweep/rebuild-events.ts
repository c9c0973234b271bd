import { CaseEventSchema, type CaseEvent } from '../case/case-event-schema.ts';
import type { CaseBlock } from '../case/case-block.ts';
import { COMMANDING_PERMISSIONS, type Permission, type StoredComment } from '../case/case-store.ts';
import { parseCommands, type ParsedCommand } from '../commands/parse-commands.ts';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import { withLetterEvents } from '../letters/letter-events.ts';
import { parseMarker } from './markers.ts';

/** Who may command, as recorded on the case: comment id → the decision. */
export type Authority = NonNullable<CaseBlock['authority']>;
export type AuthorityDecision = Authority[string];

/** Why a comment's commands were not carried out, when that is for want of the right to command. */
export type Refusal =
  /** Its author could not command when it was first seen; it never applies. */
  | { kind: 'no-authority'; permission: Permission }
  /** Its author could command when they wrote it, but no longer when they edited it: the edit is not applied. */
  | { kind: 'edit-refused'; permission?: Permission };

/** What became of one comment's commands. */
export interface CommentCommands {
  comment: StoredComment;
  /** Changes when the comment is edited, so its reply is brought up to date. */
  hash: string;
  commands: { parsed: ParsedCommand; eventIndex?: number }[];
  refusal?: Refusal;
}

export interface RebuiltEvents {
  /** The case's events: those the case was opened with (and the sweep wrote), then every staff command's, in comment order. */
  events: CaseEvent[];
  /** Comments that held commands, with where each command's event sits in `events`. */
  commented: CommentCommands[];
  /** Comments whose commands were not carried out because their authors may not command the case. */
  ignored: number;
  /** The authority record with this sweep's decisions added. */
  authority: Authority;
}

/**
 * Whether a comment can hold commands at all. Never the software's own comments, and never a comment that
 * starts with a Redress marker, whoever posted it: continuations of a complaint, addenda and letters carry the
 * complainant's words, and an intake account other than the sweep's posts them. This rule is the core's, not a
 * store's guess about which account is the bot's.
 */
export function mayHoldCommands(comment: StoredComment): boolean {
  return !comment.byBot && parseMarker(comment.body) === undefined;
}

/**
 * The people whose access must be looked up before the case can be rebuilt: authors of command comments not yet
 * decided, and of decided comments edited since (an edit is a new act). Everyone else's authority is on record.
 *
 * @example
 * authorsToCheck({ comments: [{ author: 'hana', body: '/acknowledge', … }], authority: {} }) //=> ['hana']
 */
export function authorsToCheck({ comments, authority }: { comments: readonly StoredComment[]; authority: Authority }): string[] {
  const people = new Set<string>();
  for (const comment of comments) {
    if (!mayHoldCommands(comment)) continue;
    const decision = authority[comment.id];
    const hash = fnv1aHash(comment.body);
    if (!decision) {
      if (parseCommands(comment.body, Date.parse(comment.createdAt)).length > 0) people.add(comment.author);
    } else if (mayCommand(decision.permission) && decision.hash !== hash && decision.editRefused !== hash) {
      people.add(comment.author);
    }
  }
  return [...people].sort();
}

export function mayCommand(permission: Permission): boolean {
  return COMMANDING_PERMISSIONS.includes(permission);
}

export interface RebuildInput {
  /** The events the case was opened with (its received event). */
  opening: readonly CaseEvent[];
  comments: readonly StoredComment[];
  /** The events as last recorded: an edit that is not applied keeps what its comment recorded before. */
  previous: readonly CaseEvent[];
  authority: Authority;
  /** The access of each person `authorsToCheck` named, looked up for this sweep. */
  permissions: ReadonlyMap<string, Permission>;
  /** When this sweep decides (the time the comments were read). */
  now: number;
}

/**
 * Rebuilds a case's events from facts: the events it was opened with and the commands in comments by people who
 * could command when the comment was first seen. The commands are read from the comments as they are now, so an
 * edit by someone still entitled takes its new meaning and a deleted comment no longer counts; whether a person
 * could command is read from the record, never from their access today.
 * A command without a date takes the comment's creation time, never the time it was last edited or read.
 *
 * @example
 * rebuildEvents({ opening: [received], comments: [{ id: '7', author: 'hana', body: '/acknowledge', … }], previous: [received],
 *   authority: {}, permissions: new Map([['hana', 'write']]), now }).events.map((e) => [e.type, e.by])
 * //=> [['received', undefined], ['acknowledged', 'hana']]
 */
export function rebuildEvents(input: RebuildInput): RebuiltEvents {
  const { opening, comments, previous, permissions, now } = input;
  // A sent letter brings the event it stands for (the acknowledgement, extension or response) with it.
  const events = withLetterEvents(opening);
  const commented: CommentCommands[] = [];
  const authority: Authority = { ...input.authority };
  const decidedAt = new Date(now).toISOString();
  const permissionOf = (person: string): Permission => {
    const permission = permissions.get(person);
    if (permission === undefined) throw new Error(`The access of ${person} was not looked up before their commands were read.`);
    return permission;
  };
  let ignored = 0;
  const live = new Set(comments.map((comment) => comment.id));
  for (const id of Object.keys(authority)) if (!live.has(id)) delete authority[id];

  for (const comment of [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    if (!mayHoldCommands(comment)) continue;
    const hash = fnv1aHash(comment.body);
    const parsed = parseCommands(comment.body, Date.parse(comment.createdAt));
    let decision = authority[comment.id];
    if (!decision) {
      if (parsed.length === 0) continue;
      decision = { by: comment.author, permission: permissionOf(comment.author), decided: decidedAt, hash };
      authority[comment.id] = decision;
    }
    const entry: CommentCommands = { comment, hash, commands: [] };
    if (!mayCommand(decision.permission)) {
      ignored += 1;
      entry.refusal = { kind: 'no-authority', permission: decision.permission };
      entry.commands = parsed.map((command) => ({ parsed: command }));
      if (parsed.length > 0) commented.push(entry);
      continue;
    }
    if (decision.hash !== hash) {
      // An edit already refused is not looked up again: it stays refused, as a refused comment does.
      const permission = decision.editRefused === hash ? undefined : permissionOf(comment.author);
      if (permission !== undefined && mayCommand(permission)) {
        decision = { by: comment.author, permission, decided: decidedAt, hash };
        authority[comment.id] = decision;
      } else {
        // What the comment recorded while its author could command stands; the later edit is not applied.
        authority[comment.id] = { ...decision, editRefused: hash };
        entry.refusal = permission === undefined ? { kind: 'edit-refused' } : { kind: 'edit-refused', permission };
        for (const event of previous) if (event.comment === comment.id) events.push(event);
        entry.commands = parsed.map((command) => ({ parsed: command }));
        commented.push(entry);
        continue;
      }
    }
    if (parsed.length === 0) continue;
    for (const command of parsed) {
      if (command.ok && command.event) {
        events.push(CaseEventSchema.parse({ ...command.event, by: decision.by, comment: comment.id }));
        entry.commands.push({ parsed: command, eventIndex: events.length - 1 });
      } else {
        entry.commands.push({ parsed: command });
      }
    }
    commented.push(entry);
  }
  return { events, commented, ignored, authority };
}
