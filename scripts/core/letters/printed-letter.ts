/**
 * A draft letter as a page to print and post: the letter staff edited on the case, with GitHub's escaping undone,
 * escaped again for HTML, laid out for A4. Pure: the template and the draft's text are arguments.
 */
import { renderHtmlTemplate } from '../templates/render-html-template.ts';
import { unescapeUserText } from '../text/unescape-user-text.ts';

export interface PrintedLetterInput {
  /** The draft's letter as it stands on the case (Markdown, the complainant's words escaped for GitHub). */
  text: string;
  organisation: string;
  reference: string;
  /** The draft's number, for the /send that records its posting. */
  n: number;
  subject: string;
}

/**
 * The page: paragraphs as the letter has them, line breaks within them kept (an address), and lines starting "- "
 * as a list. Everything is text: no Markdown or HTML in the letter is followed.
 *
 * @example
 * renderPrintedLetter(template, { text: '1 High St<br>\nEly\n\nDear Ann,', organisation: 'CECCC', reference: 'RDR-7K', n: 1, subject: '…' })
 * //=> '<!doctype html>…<p>1 High St<br>\nEly</p>\n<p>Dear Ann,</p>…'
 */
export function renderPrintedLetter(template: string, input: PrintedLetterInput): string {
  const plain = unescapeUserText(input.text).replace(/\r\n?/g, '\n').trim();
  const blocks = plain.split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n').map((line) => line.trimEnd());
    return lines.every((line) => /^[-*] /.test(line)) ? { items: lines.map((line) => line.slice(2)), lines: [] } : { items: false, lines };
  });
  return renderHtmlTemplate(template, { organisation: input.organisation, reference: input.reference, n: input.n, subject: input.subject, blocks });
}
