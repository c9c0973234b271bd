/**
 * A draft letter on a case: a comment of the software's own that staff edit before it is sent.
 *
 * It starts with its marker (`<!-- redress:draft v1 case=… n=… … -->`), so no word of it is ever read as a command,
 * whoever edits it: the marker, not the author, is what keeps a comment out of the command reader. Below the marker
 * are a few lines for staff (how it will go, how to send it), then a hidden line, and the letter. Staff edit the
 * letter below that line; what stands there when a member of staff with write access writes `/send` is what is
 * sent. On GitHub only people with write access can edit a comment that is not theirs, and a draft edited after the
 * /send was written is not sent (the sender did not see that text).
 */
import { z } from 'zod';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import type { StoredComment } from '../case/case-store.ts';
import type { LetterCommand } from '../commands/parse-commands.ts';
import { IdSchema, LocalDateSchema } from '../procedure/fields.ts';
import { EXTENSION_REASONS, OUTCOMES } from '../procedure/procedure-schema.ts';
import { parseMarker, renderMarker } from '../sweep/markers.ts';
import { LETTER_KINDS, LETTER_WORDS } from './letter-kinds.ts';

/** The line the letter starts below. Hidden on GitHub; staff see it when they edit. */
export const LETTER_START = '<!-- redress:letter-text (the letter is below this line: edit it there, and keep this line) -->';

/** Text still to be written by staff: a letter holding one is not sent. */
export const PLACEHOLDER = /\[\[[^\]]*\]\]/;

/** The fields of a draft's marker. */
export const DraftMarkerSchema = z.strictObject({
  case: z.string().regex(/^[A-Z0-9-]{1,40}$/),
  /** The draft's number on its case, as staff write it in /send. */
  n: z.coerce.number().int().min(1),
  letter: z.enum(LETTER_KINDS),
  /** The stage it was written for: once the case has moved on, it is not sent. */
  stage: IdSchema,
  /** The store's id of the comment whose /draft asked for it. */
  from: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  /** A hash of what was asked for: an edited /draft that asks for something else gets a new draft. */
  key: z.string().regex(/^[0-9a-f]{8}$/),
  outcome: z.enum(OUTCOMES).optional(),
  target: LocalDateSchema.optional(),
  until: LocalDateSchema.optional(),
  reason: z.enum(EXTENSION_REASONS).optional(),
});
export type DraftMarker = z.infer<typeof DraftMarkerSchema>;

/** A draft found on a case. */
export interface Draft {
  commentId: string;
  marker: DraftMarker;
  /** When the comment was last edited: a draft edited after a /send was written is not sent by it. */
  updatedAt: string;
  /** The letter as it stands (Markdown, user text escaped), or why it cannot be read. */
  text?: string;
  problem?: string;
}

/**
 * What a /draft asks for, hashed: the same request again (a retried sweep, the comment read again) is the same draft.
 *
 * @example
 * draftKey({ kind: 'draft', word: 'outcome', outcome: 'upheld' }) //=> 8 hex digits, always the same for this request
 */
export function draftKey(request: Extract<LetterCommand, { kind: 'draft' }>): string {
  return fnv1aHash(JSON.stringify([request.word, request.outcome ?? '', request.target ?? '', request.until ?? '', request.reason ?? '', request.words ?? '']));
}

/**
 * The draft's comment: the marker, the lines for staff, the hidden line, the letter.
 *
 * @example
 * renderDraftComment({ marker: { case: 'RDR-7K', n: 1, letter: 'acknowledgement', stage: 'stage-1', from: '12', key: 'ab12cd34' }, stageTitle: 'Stage 1', how: 'It goes by email …', letter: 'Dear Ann,…' })
 * //=> '<!-- redress:draft v1 case=RDR-7K n=1 letter=acknowledgement stage=stage-1 from=12 key=ab12cd34 -->\n**Draft letter 1**: acknowledgement, Stage 1\n…'
 */
export function renderDraftComment({ marker, stageTitle, how, notes = [], letter }: { marker: DraftMarker; stageTitle: string; how: string; notes?: readonly string[]; letter: string }): string {
  const checked = DraftMarkerSchema.parse(marker);
  const fields = Object.fromEntries(Object.entries(checked).map(([key, value]) => [key, String(value)]));
  const what = `${LETTER_WORDS[checked.letter]}, ${stageTitle}${checked.outcome ? ` (${checked.outcome.replace('-', ' ')})` : ''}`;
  return [
    renderMarker('draft', fields),
    `**Draft letter ${checked.n}**: ${what}`,
    '',
    how,
    '',
    `Edit the letter below the line. It is sent as it stands when a member of staff with write access writes \`/send ${checked.n}\`; replace every [[…]] first (a draft that still holds one is not sent). A draft edited after the /send was written is not sent by it.`,
    ...notes.flatMap((note) => ['', note]),
    '',
    LETTER_START,
    '',
    '---',
    '',
    letter.trim(),
    '',
  ].join('\n');
}

/**
 * The draft a comment holds, if it is one of the software's own.
 *
 * @example
 * parseDraftComment(comment)?.text //=> 'Dear Ann,\n\nYour complaint, reference RDR-7K…'
 */
export function parseDraftComment(comment: StoredComment): Draft | undefined {
  if (!comment.byBot) return undefined;
  const found = parseMarker(comment.body);
  if (found?.kind !== 'draft') return undefined;
  const result = DraftMarkerSchema.safeParse(found.fields);
  if (!result.success) return undefined;
  const base = { commentId: comment.id, marker: result.data, updatedAt: comment.updatedAt };
  const start = comment.body.indexOf(LETTER_START);
  if (start === -1) return { ...base, problem: `Draft ${result.data.n} has lost the line the letter starts below, so what to send cannot be told apart from the notes: put back ${'`'}${LETTER_START}${'`'} above the letter.` };
  const text = comment.body
    .slice(start + LETTER_START.length)
    .replace(/^\s*(?:-{3,}|\*{3,}|_{3,})[ \t]*\n/, '')
    .trim();
  if (text === '') return { ...base, problem: `Draft ${result.data.n} has no letter below its line.` };
  return { ...base, text };
}

/** The drafts on a case, by the software's own account, oldest first. */
export function draftsOn(comments: readonly StoredComment[], reference: string): Draft[] {
  return comments.flatMap((comment) => {
    const draft = parseDraftComment(comment);
    return draft && draft.marker.case === reference ? [draft] : [];
  });
}
