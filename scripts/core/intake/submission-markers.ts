/**
 * How a case records which versions of its form it holds, so that a form sent again is told apart from the same
 * form sent with other answers: the body ends with the digest of the answers it was made from, and each addendum
 * (answers sent later) starts with the digest of its own. The digests are of the answers (see
 * adapters/intake/submission-digest.ts), which the case holds anyway; nothing of them reaches the ledger.
 */
const DIGEST = /^[0-9a-f]{64}$/;

/** The marker at the end of a case body: the digest of the answers the case was made from. */
export function submissionMarker(reference: string, digest: string): string {
  if (!DIGEST.test(digest)) throw new Error('A submission digest is 64 lower-case hex digits.');
  return `<!-- redress:submission v1 case=${reference} sha=${digest} -->`;
}

/** The marker that starts each part of an addendum: the digest of the answers it holds, and which part it is. */
export function addendumMarker(reference: string, digest: string, part: number): string {
  if (!DIGEST.test(digest)) throw new Error('A submission digest is 64 lower-case hex digits.');
  return `<!-- redress:addendum v1 case=${reference} sha=${digest} part=${part} -->`;
}

/**
 * The digest of the answers a case was made from, as its body records it; undefined for a case made before
 * digests were recorded (or by hand). Addenda need no look-up of their own: each part's marker names its digest.
 *
 * @example
 * madeFromDigest('…\n<!-- redress:submission v1 case=RDR-7KX4-M9QP-2TW sha=ab12… -->\n') //=> 'ab12…'
 */
export function madeFromDigest(body: string): string | undefined {
  return /<!-- redress:submission v1 case=\S+ sha=([0-9a-f]{64}) -->/.exec(body)?.[1];
}
