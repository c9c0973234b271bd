/**
 * The email address a complainant gave, as their case records it (the "**Email:**" line the issue body's
 * template writes under "### The complainant", escaped for Markdown), so that the reference and that address
 * together can open the case's tracking page. An anonymous complaint records none, and is never opened this way.
 */
import { unescapeUserText } from '../text/unescape-user-text.ts';

/**
 * @example
 * emailOnCase('### The complainant\n\n**Name:** Ann Example\n**Contact by:** email\n**Email:** ann&#64;&#8203;example.com\n') //=> 'ann@example.com'
 * emailOnCase('### The complainant\n\nAnonymous: …') //=> undefined
 */
export function emailOnCase(body: string): string | undefined {
  const section = body.split(/^### The complainant$/m)[1]?.split(/^### /m)[0];
  // Escaping turns a person's own "**" into "\*\*", so only the template's line starts this way.
  const line = section?.split('\n').find((text) => text.startsWith('**Email:** '));
  const email = line === undefined ? '' : unescapeUserText(line.slice('**Email:** '.length)).trim();
  return email === '' ? undefined : email;
}

/**
 * Whether two spellings are the same address, as a person retypes theirs: case and surrounding spaces aside (the
 * intake stores addresses in lower case).
 */
export function sameEmail(typed: string, recorded: string): boolean {
  return typed.trim().toLowerCase() === recorded.trim().toLowerCase();
}
