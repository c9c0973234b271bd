/**
 * The complainant's contact details for letters, kept on the case in a hidden block of its own:
 * `<!-- redress:contact v1 {json} -->`.
 *
 * The case's own block (case-block.ts) holds no personal data, so it can be copied to the ledger; the body's
 * visible text holds the same details escaped for GitHub, which is no way to address an email. This block holds
 * them as the complainant gave them, for letters only: it is written at intake, read when a letter is drafted or
 * sent, and never copied to the ledger, a log or a label. It lives where the case lives (the private issue, or
 * the local case file), so it goes when the case goes.
 *
 * It has no checksum, unlike the case block: a member of staff who learns that an address was mistyped may
 * correct it here. What is read is checked against the schema; a block that does not fit is reported to staff
 * when a letter needs it, and letters then wait for staff to say how they were sent.
 */
import { z } from 'zod';
import { CONTACT_METHODS } from '../complaint/complaint-schema.ts';
import type { Complaint } from '../complaint/complaint-schema.ts';

export const ContactRecordSchema = z.strictObject({
  /** The complainant's name, as they gave it: "Dear …" in letters. */
  name: z.string().trim().min(1).max(200).optional(),
  /** How they asked to be contacted: letters go by email or post accordingly; by telephone, staff choose. */
  contactBy: z.enum(CONTACT_METHODS).optional(),
  /** Where emailed letters go. */
  email: z.email().optional(),
  /** A telephone number, for staff who call instead of writing. */
  phone: z.string().trim().min(1).max(50).optional(),
  /** The postal address, lines separated by line breaks, for posted letters. */
  address: z.string().trim().min(1).max(500).optional(),
});
export type ContactRecord = z.infer<typeof ContactRecordSchema>;

// One line, so the block can be found and replaced by a pattern; the JSON never holds a raw line break.
const BLOCK = /<!-- redress:contact v1 (.*?) -->/g;
const START = '<!-- redress:contact ';

/**
 * The contact record of a named complainant; none for an anonymous one, or one who gave no way to reach them.
 *
 * @example
 * contactRecordOf({ identity: 'named', name: 'Ann', contactBy: 'email', email: 'ann@example.com', … })
 * //=> { name: 'Ann', contactBy: 'email', email: 'ann@example.com' }
 */
export function contactRecordOf(complaint: Complaint): ContactRecord | undefined {
  if (complaint.identity !== 'named') return undefined;
  const record = ContactRecordSchema.parse({
    ...(complaint.name ? { name: complaint.name } : {}),
    ...(complaint.contactBy ? { contactBy: complaint.contactBy } : {}),
    ...(complaint.email ? { email: complaint.email } : {}),
    ...(complaint.phone ? { phone: complaint.phone } : {}),
    ...(complaint.address ? { address: complaint.address } : {}),
  });
  return Object.keys(record).length === 0 ? undefined : record;
}

/**
 * The hidden block. Characters that could end an HTML comment, start markup, or make a mention or a reference (@, #)
 * are written as JSON escapes, which read back the same.
 *
 * @example
 * renderContactBlock({ name: 'Ann <a--b>' }) //=> '<!-- redress:contact v1 {"name":"Ann \\u003ca\\u002d\\u002db\\u003e"} -->'
 */
export function renderContactBlock(record: ContactRecord): string {
  const json = JSON.stringify(ContactRecordSchema.parse(record))
    .replace(/-/g, '\\u002d')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    // Nothing in the block may read as a mention or a reference, should a renderer ever look inside a comment.
    .replace(/@/g, '\\u0040')
    .replace(/#/g, '\\u0023');
  return `<!-- redress:contact v1 ${json} -->`;
}

export type ContactLookup =
  | { status: 'found'; contact: ContactRecord }
  /** Cases opened before contact records were kept, and anonymous complaints. */
  | { status: 'missing' }
  | { status: 'damaged'; problem: string };

/**
 * The contact record in a case's body.
 *
 * @example
 * readContactBlock('…\n<!-- redress:contact v1 {"name":"Ann","contactBy":"post","address":"1 High St"} -->')
 * //=> { status: 'found', contact: { name: 'Ann', contactBy: 'post', address: '1 High St' } }
 */
export function readContactBlock(body: string): ContactLookup {
  const matches = [...body.matchAll(BLOCK)];
  if (matches.length === 0) {
    return body.includes(START) ? { status: 'damaged', problem: 'The contact block is not closed with " -->" on the same line.' } : { status: 'missing' };
  }
  if (matches.length > 1) return { status: 'damaged', problem: `The case holds ${matches.length} contact blocks; keep only one.` };
  let data: unknown;
  try {
    data = JSON.parse((matches[0] as RegExpMatchArray)[1] as string);
  } catch (error) {
    return { status: 'damaged', problem: `The contact block's JSON is not valid: ${(error as Error).message}` };
  }
  const result = ContactRecordSchema.safeParse(data);
  if (!result.success) return { status: 'damaged', problem: `The contact block does not fit its schema: ${z.prettifyError(result.error).replace(/\s+/g, ' ')}` };
  return { status: 'found', contact: result.data };
}

/** The body without its contact block: what may be moved into comments, shown escaped, or printed. */
export function withoutContactBlock(body: string): { rest: string; block?: string } {
  const match = body.match(/<!-- redress:contact v1 .*? -->/);
  return match ? { rest: body.replace(match[0], '').replace(/\n{3,}/g, '\n\n'), block: match[0] } : { rest: body };
}
