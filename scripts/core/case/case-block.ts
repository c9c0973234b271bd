/**
 * The hidden machine-readable block in a case's body: what the sweep and the audit need to hold the case to its
 * procedure, without reading the complaint itself. It carries no personal data (no names, contact details or the
 * complainant's words), only ids, times and flags, so it can be copied to the ledger.
 *
 * Form: `<!-- redress:case v1 sha=<fnv1a of json> {json} -->`. The checksum catches a hand edit that broke the
 * JSON or changed it without meaning to; a broken block is reported, never guessed at.
 */
import { z } from 'zod';
import { PendingNoticeSchema } from '../notify/pending-notice.ts';
import { fnv1aHash } from '../calendar/fnv1a-hash.ts';
import { IdSchema } from '../procedure/fields.ts';
import { CaseEventSchema, InstantSchema, PersonSchema } from './case-event-schema.ts';
import { PERMISSIONS } from './case-store.ts';

export const CASE_FLAGS = ['out-of-time', 'anonymous', 'about-handler'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export const CaseBlockSchema = z.strictObject({
  /** The case reference, as in the title ("RDR-7KX4-M9QP-2TK"). */
  reference: z.string().regex(/^[A-Z0-9-]{3,40}$/, 'A reference is capital letters, digits and hyphens.'),
  procedure: z.strictObject({
    /** The procedure's id: its file name in workflows/ without ".yaml". */
    id: IdSchema,
    /** Which text of the procedure the case is held to, so a later edit of the file does not silently change it. */
    version: z.strictObject({
      /** Content hash (FNV-1a) of the resolved procedure at receipt. */
      hash: z.string().regex(/^[0-9a-f]{8}$/, 'Eight lower-case hex digits.'),
      /** The git commit of the procedure file at receipt, when the deployment knows it. */
      commit: z.string().regex(/^[0-9a-f]{7,64}$/, 'A git commit id in hex.').optional(),
    }),
  }),
  /** The id the form generated, so a retried submission is recognised as this case. */
  submissionId: z.string().min(1).max(100),
  /** When the complaint was received: the instant every time limit counts from. */
  received: InstantSchema,
  /** How it arrived: "web" for the form, or a channel id of the procedure. */
  channel: IdSchema,
  /** Facts about the case staff need to see at once (each is also a label). */
  flags: z.array(z.enum(CASE_FLAGS)).default([]),
  /** The case's events: starts with its receipt; the sweep appends what staff record. */
  events: z.array(CaseEventSchema).min(1, 'A case has at least its received event.'),
  /**
   * Who wrote each comment that held commands and whether they could command, by comment id: decided once, when
   * the comment was first seen, and never decided again, so that a leaver's past acknowledgement stands and a
   * command once refused never applies later. A fact, like the events: the comments cannot tell it afterwards.
   */
  authority: z
    .record(
      z.string(),
      z.strictObject({
        by: PersonSchema,
        /** Their access when it was decided. */
        permission: z.enum(PERMISSIONS),
        /** When it was decided. */
        decided: InstantSchema,
        /** The hash of the comment's text it was decided on: an edit is a new act, decided again. */
        hash: z.string(),
        /** An edit made after the author lost the right to command, left unapplied (its hash). */
        editRefused: z.string().optional(),
      }),
    )
    .optional(),
  /** What the sweep remembers between runs, so that an unchanged case needs no reads. The comments stay the truth. */
  sweep: z
    .strictObject({
      /** The status comment, and the hash of the text last written to it. */
      statusComment: z.strictObject({ id: z.string(), hash: z.string() }).optional(),
      /** Keys of reminders and escalation notices already posted. */
      posted: z.array(z.string()).default([]),
      /** Staff comments with commands, by comment id: the hash of the text last answered and the reply's id. */
      replies: z.record(z.string(), z.strictObject({ hash: z.string(), reply: z.string() })).default({}),
      /** The handler role the case was last assigned to. */
      assignedRole: IdSchema.optional(),
      /**
       * Letters on their way (deferred by the mail server, or left half-sent), by their draft's comment id: the case
       * is read at every sweep until they settle, changed or not.
       */
      letters: z.array(z.string()).optional(),
      /**
       * Emails to staff not yet sent (a new case that came in out of hours waits for the next working morning; one
       * the mail server deferred is tried again): what they are about and the earliest instant they may go.
       */
      notices: z.array(PendingNoticeSchema).optional(),
    })
    .optional(),
});
export type CaseBlock = z.infer<typeof CaseBlockSchema>;
export type CaseBlockInput = z.input<typeof CaseBlockSchema>;

/** Thrown when a body's block is present but cannot be trusted; the message says what is wrong. */
export class CaseBlockError extends Error {
  override name = 'CaseBlockError';
}

const VERSION = 1;
// The whole block on one line; the JSON never holds a line break (JSON.stringify escapes them).
const BLOCK = /<!-- redress:case v(\d+) sha=(\S*) (.*?) -->/g;
const START = '<!-- redress:case ';

/**
 * The block for a case, validated first so a bad block is never written.
 *
 * @example
 * renderCaseBlock({ reference: 'RDR-7KX4-M9QP-2TK', procedure: { id: 'ceccc', version: { hash: '0123abcd' } }, … })
 * //=> '<!-- redress:case v1 sha=5e1d07aa {"reference":"RDR-7KX4-M9QP-2TK",…} -->'
 */
export function renderCaseBlock(block: CaseBlockInput): string {
  const parsed = CaseBlockSchema.parse(block);
  // "--" inside a comment would let it end early ("-->" or "--!>"); \u002d is the same character to JSON.parse.
  // A hyphen can only repeat inside a JSON string, where the escape is valid.
  const json = JSON.stringify(parsed).replace(/--/g, '\\u002d\\u002d');
  return `<!-- redress:case v${VERSION} sha=${fnv1aHash(json)} ${json} -->`;
}

/**
 * The block in a case's body: `undefined` when there is none; a CaseBlockError when it is there but damaged
 * (checksum, JSON, schema, unknown version, or two blocks).
 *
 * @example
 * parseCaseBlock('Complaint…\n<!-- redress:case v1 sha=5e1d07aa {"reference":…} -->').procedure.id //=> 'ceccc'
 * parseCaseBlock('no block here') //=> undefined
 */
export function parseCaseBlock(body: string): CaseBlock | undefined {
  const matches = [...body.matchAll(BLOCK)];
  if (matches.length === 0) {
    if (body.includes(START)) throw new CaseBlockError('The case block is not closed with " -->" on the same line.');
    return undefined;
  }
  if (matches.length > 1) throw new CaseBlockError(`The body holds ${matches.length} case blocks; keep only one.`);
  const [, version, sha, json] = matches[0] as RegExpMatchArray as [string, string, string, string];
  if (Number(version) !== VERSION) {
    throw new CaseBlockError(`The case block is version ${version}; this version of Redress reads version ${VERSION}.`);
  }
  const actual = fnv1aHash(json);
  if (sha !== actual) {
    throw new CaseBlockError(`The case block's checksum is ${sha || '(missing)'} but its content hashes to ${actual}: it was edited by hand.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new CaseBlockError(`The case block's JSON is not valid: ${(error as Error).message}`);
  }
  const result = CaseBlockSchema.safeParse(data);
  if (!result.success) throw new CaseBlockError(`The case block does not fit its schema:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * The body with its block replaced by `block` (appended when it has none), the rest untouched: how the sweep
 * records new events without touching the complaint.
 *
 * @example
 * replaceCaseBlock('Complaint\n<!-- redress:case v1 … -->', { ...block, events: [...block.events, acknowledged] })
 */
export function replaceCaseBlock(body: string, block: CaseBlockInput): string {
  const rendered = renderCaseBlock(block);
  if (!body.includes(START)) return `${body.trimEnd()}\n\n${rendered}\n`;
  parseCaseBlock(body);
  return body.replace(BLOCK, () => rendered);
}
