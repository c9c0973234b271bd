import { z } from 'zod';

/** A comment on a local case, shaped like a GitHub issue comment. */
export const LocalCommentSchema = z.strictObject({
  id: z.string(),
  /** Who wrote it: a staff member's name or login, or "redress" for the software. */
  author: z.string(),
  association: z.enum(['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE']),
  byBot: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * One case of the local store: a file `<reference>.json` shaped like a GitHub issue, so that staff, the sweep and
 * the audit see the same thing whichever store holds it.
 */
export const LocalCaseFileSchema = z.strictObject({
  /** The file format, so a later version can read files written by this one. */
  format: z.literal('redress-local-case/1'),
  reference: z.string(),
  title: z.string(),
  body: z.string(),
  state: z.enum(['open', 'closed']),
  labels: z.array(z.string()),
  assignees: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  comments: z.array(LocalCommentSchema),
  /** The id the next comment gets: ids are never reused, even after a deletion. */
  nextCommentId: z.number().int().min(1),
});
export type LocalCaseFile = z.infer<typeof LocalCaseFileSchema>;
export type LocalComment = z.infer<typeof LocalCommentSchema>;
