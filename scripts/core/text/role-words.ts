/**
 * A role's title as it reads mid-sentence, for what the complainant is told: "the Co-Ordinator", "the appropriate
 * Director" (not "the The …"), and "an impartial person named in the policy" with its own article.
 *
 * @example
 * roleInSentence('Co-Ordinator') //=> 'the Co-Ordinator'
 * roleInSentence('An impartial person') //=> 'an impartial person'
 */
export function roleInSentence(title: string): string {
  if (/^(an?)\s/i.test(title)) return title.charAt(0).toLowerCase() + title.slice(1);
  return /^the\s/i.test(title) ? `the ${title.slice(4)}` : `the ${title}`;
}
