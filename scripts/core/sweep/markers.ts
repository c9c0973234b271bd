/**
 * Hidden markers on the bot's own comments. Each write looks for its marker on a comment by the bot's account
 * before writing, so a write that runs twice (a retried POST, two sweeps at once) finds the first and does not
 * repeat it. Markers are versioned so their format can change without confusing old comments.
 */

export type MarkerKind = 'status' | 'reminder' | 'escalation' | 'reply' | 'deleted' | 'problem' | 'continuation' | 'addendum' | 'draft' | 'letter' | 'refused';

export type MarkerFields = Readonly<Record<string, string | number>>;

/**
 * @example
 * renderMarker('reminder', { case: 'RDR-7K', clock: 'stage-1.respond', level: 'overdue' })
 * //=> '<!-- redress:reminder v1 case=RDR-7K clock=stage-1.respond level=overdue -->'
 */
export function renderMarker(kind: MarkerKind, fields: MarkerFields): string {
  // A value may not hold spaces, ">" or "--", any of which would end the comment or the field.
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${String(value).replace(/[\s>]/g, '_').replace(/-{2,}/g, '-')}`);
  return `<!-- redress:${kind} v1${pairs.length ? ` ${pairs.join(' ')}` : ''} -->`;
}

/**
 * The marker at the start of a comment, if it is one of ours.
 *
 * @example
 * parseMarker('<!-- redress:reply v1 comment=12 hash=ab -->\nDone.') //=> { kind: 'reply', fields: { comment: '12', hash: 'ab' } }
 */
export function parseMarker(body: string): { kind: MarkerKind; fields: Record<string, string> } | undefined {
  const match = /^<!-- redress:([a-z]+) v1((?: [\w.]+=[^\s]+)*) -->/.exec(body);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of (match[2] ?? '').trim().split(' ').filter(Boolean)) {
    const [key, ...value] = pair.split('=');
    if (key) fields[key] = value.join('=');
  }
  return { kind: match[1] as MarkerKind, fields };
}

/** Whether two markers name the same write: same kind and the same fields. */
export function sameMarker(body: string, kind: MarkerKind, fields: MarkerFields): boolean {
  return body.startsWith(renderMarker(kind, fields));
}
