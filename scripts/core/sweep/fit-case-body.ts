import { renderCaseBlock, replaceCaseBlock, type CaseBlock } from '../case/case-block.ts';
import { splitLongText } from '../intake/split-long-text.ts';
import { withoutContactBlock } from '../letters/contact-record.ts';
import { renderMarker } from './markers.ts';

/**
 * The most characters a case's body may hold. GitHub refuses a longer issue body; the local store keeps the same
 * limit so that a case reads the same in either store.
 */
export const CASE_BODY_LIMIT = 65_536;

export type FittedBody =
  /** The body to write, and the comments to post first that take over what it no longer holds (in order). */
  | { body: string; moved: { marker: string; body: string }[] }
  /** Not even the record alone fits: the case needs a person. */
  | { problem: string };

/**
 * The case's body with its block replaced, kept within the limit. A case's record grows with every command, and a
 * full-length complaint leaves it little room, so when the new body would not fit, the complaint's text moves to
 * marked comments of the software's own (never read for commands) and the body keeps only a pointer and the
 * record. If the record alone is too long, that is a problem for a person, said in words.
 *
 * @example
 * fitCaseBody({ body: 'Complaint…\n<!-- redress:case v1 … -->', block, reference: 'RDR-7K', limit: 65_536 })
 * //=> { body: 'Complaint…\n<!-- redress:case v1 … -->', moved: [] } (when it fits)
 */
export function fitCaseBody({ body, block, reference, limit = CASE_BODY_LIMIT }: { body: string; block: CaseBlock; reference: string; limit?: number }): FittedBody {
  const replaced = replaceCaseBlock(body, block);
  if (replaced.length <= limit) return { body: replaced, moved: [] };

  const record = renderCaseBlock(block);
  const pointer = `## Complaint ${reference}\n\nThe complaint and its details are in the comments below (moved there to make room for the case's record as it grew).\n`;
  // The contact block stays in the body, where letters look for it; only the complaint's text moves.
  const { rest, block: contact } = withoutContactBlock(body);
  const text = rest.replace(/<!-- redress:case [^\n]*-->/, '').trim();
  // A body that holds only the pointer has nothing left to move.
  const pieces = text === '' || text === pointer.trim() ? [] : splitLongText(text, limit - 500);
  const moved = pieces.map((piece, index) => {
    const marker = renderMarker('continuation', { case: reference, part: `moved-${index + 1}` });
    return { marker, body: `${marker}\n**Complaint ${reference}, moved from the issue's text (part ${index + 1} of ${pieces.length})**\n\n${piece}` };
  });
  const kept = contact ? `\n${contact}\n` : '';
  const slim = `${record}\n${pointer}${kept}`;
  if (slim.length <= limit) return { body: slim, moved };
  // What the sweep remembers only saves it reads: without it the next sweep reads the comments instead.
  const forgetful = `${renderCaseBlock({ ...block, sweep: undefined })}\n${pointer}${kept}`;
  if (forgetful.length <= limit) return { body: forgetful, moved };
  return {
    // Said the same way however long the record is, so the case is told once, not at every sweep.
    problem: `The case's record has grown longer than an issue can hold (${limit} characters), even with the complaint moved to comments, so its latest events cannot be recorded in the case or the ledger. Replies to commands and reminders go on. A person needs to look at it: closing this case and continuing in a new one would make room.`,
  };
}
