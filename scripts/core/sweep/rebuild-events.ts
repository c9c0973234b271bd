import { CaseEventSchema, type CaseEvent } from '../case/case-event-schema.ts';
import { COMMANDING_ASSOCIATIONS, type StoredComment } from '../case/case-store.ts';
import { parseCommands, type ParsedCommand } from '../commands/parse-commands.ts';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';

/** What became of one staff comment's commands. */
export interface CommentCommands {
  comment: StoredComment;
  /** Changes when the comment is edited, so its reply is brought up to date. */
  hash: string;
  commands: { parsed: ParsedCommand; eventIndex?: number }[];
}

export interface RebuiltEvents {
  /** The case's events: those the case was opened with (and the sweep wrote), then every staff command's, in comment order. */
  events: CaseEvent[];
  /** Comments that held commands, with where each command's event sits in `events`. */
  commented: CommentCommands[];
  /** Comments ignored because their authors may not command the case (logins are not kept). */
  ignored: number;
}

/**
 * Rebuilds a case's events from facts: the events it was opened with (from its hidden block) and the commands
 * in comments by people with write access. Everything is rebuilt from the comments as they are now, so an edited
 * command takes its new meaning and a deleted one no longer counts.
 * A command without a date takes the comment's creation time, never the time it was last edited or read.
 *
 * @example
 * rebuildEvents({ opening: [received], comments: [{ body: '/acknowledge', association: 'MEMBER', … }] }).events.map((e) => e.type)
 * //=> ['received', 'acknowledged']
 */
export function rebuildEvents({ opening, comments }: { opening: readonly CaseEvent[]; comments: readonly StoredComment[] }): RebuiltEvents {
  const events = [...opening];
  const commented: CommentCommands[] = [];
  let ignored = 0;
  for (const comment of [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    if (comment.byBot) continue;
    const parsed = parseCommands(comment.body, Date.parse(comment.createdAt));
    if (parsed.length === 0) continue;
    if (!COMMANDING_ASSOCIATIONS.includes(comment.association)) {
      ignored += 1;
      continue;
    }
    const entry: CommentCommands = { comment, hash: fnv1aHash(comment.body), commands: [] };
    for (const command of parsed) {
      if (command.ok && command.event) {
        events.push(CaseEventSchema.parse({ ...command.event, by: comment.author }));
        entry.commands.push({ parsed: command, eventIndex: events.length - 1 });
      } else {
        entry.commands.push({ parsed: command });
      }
    }
    commented.push(entry);
  }
  return { events, commented, ignored };
}
