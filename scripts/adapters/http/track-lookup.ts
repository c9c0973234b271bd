/**
 * `POST /track/`: a complainant enters their reference and the email address they gave, and is sent on to their
 * case's tracking page (a fresh signed link) when the two match. An unknown reference and a known one with another
 * address get exactly the same answer, in status, words and (within the time a case read takes) timing, so the form
 * tells nobody whether a reference exists. Look-ups are limited per client address and per reference.
 *
 * A function of the request and its dependencies, answering with what the page shows; the page renders it.
 */
import { parseReference } from '../../core/complaint/reference.ts';
import type { Admission } from './rate-limiter.ts';

/** The answer to a look-up that finds nothing to show, whether the reference is unknown or the address is not its. */
export const NOT_FOUND_MESSAGE =
  'We could not find a complaint with that reference and email address. Check both against your receipt email: the email address must be the one you gave with your complaint.';

/** Longer bodies are refused: the form has two short fields. */
export const MAX_LOOKUP_BYTES = 4 * 1024;

export interface LookupValues {
  reference: string;
  email: string;
}

export type LookupAnswer =
  | { kind: 'redirect'; location: string }
  | {
      kind: 'form';
      status: number;
      values: LookupValues;
      /** By field, then for the whole form (shown in the error summary and beside the fields). */
      errors: { reference?: string; email?: string; form?: string };
      headers?: Record<string, string>;
    };

export interface TrackLookupDeps {
  tracking: {
    matches(reference: string, email: string): Promise<boolean>;
    admitLookup(client: string, reference: string): Admission;
    links: { sign(reference: string, now: number): { token: string } };
    lookupAnswerMs: number;
  };
  /** The client's address as the rate limiter counts it (clientKey). */
  client: string;
  now(): number;
  sleep?(ms: number): Promise<void>;
  log?: { error(message: string, fields?: object): void };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export async function handleTrackLookup(request: Request, deps: TrackLookupDeps): Promise<LookupAnswer> {
  const blank = { reference: '', email: '' };
  const refuse = (status: number, form: string, values: LookupValues = blank, headers?: Record<string, string>): LookupAnswer => ({ kind: 'form', status, values, errors: { form }, ...(headers ? { headers } : {}) });
  // A browser that says the post came from this site's own page is believed: it sends `Origin: null` instead of the
  // origin where the page asks it to send no referrer. Otherwise the origin, when given, must be this site's.
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  const sameSite = fetchSite === 'same-origin' || (fetchSite === null && (origin === null || origin === new URL(request.url).origin));
  if (!sameSite) {
    return refuse(403, 'This form can only be sent from this site’s own page.');
  }
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(contentType)) return refuse(415, 'Send the reference and email address with the form on this page.');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_LOOKUP_BYTES) return refuse(413, 'The form was too long to read: enter your reference and email address again.');

  let values: LookupValues;
  try {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_LOOKUP_BYTES) return refuse(413, 'The form was too long to read: enter your reference and email address again.');
    const form = contentType === 'multipart/form-data'
      ? await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData()
      : new URLSearchParams(new TextDecoder().decode(bytes));
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value.trim().slice(0, 300) : '';
    };
    values = { reference: field('reference'), email: field('email') };
  } catch {
    return refuse(400, 'The form could not be read: enter your reference and email address again.');
  }

  // What the person typed is checked for shape first: that says nothing about any case.
  const parsed = parseReference(values.reference);
  const errors: { reference?: string; email?: string } = {};
  if (values.reference === '') errors.reference = 'Enter your complaint reference, like RDR-7KX4-M9QP-2TW';
  else if (!parsed.ok) errors.reference = parsed.message;
  if (values.email === '') errors.email = 'Enter the email address you gave with your complaint';
  else if (!EMAIL.test(values.email)) errors.email = 'Enter an email address in the correct format, like name@example.com';
  if (errors.reference || errors.email || !parsed.ok) return { kind: 'form', status: 400, values, errors };

  const admission = deps.tracking.admitLookup(deps.client, parsed.reference);
  if (!admission.ok) {
    const wait = admission.retryAfterSeconds < 90 ? `${admission.retryAfterSeconds} seconds` : `${Math.ceil(admission.retryAfterSeconds / 60)} minutes`;
    return refuse(429, `Too many look-ups have been made. Wait ${wait} and try again.`, values, { 'retry-after': String(admission.retryAfterSeconds) });
  }

  const started = deps.now();
  let matched: boolean;
  try {
    matched = await deps.tracking.matches(parsed.reference, values.email);
  } catch (error) {
    deps.log?.error('Could not look up a case for the tracking page', { error });
    return refuse(503, 'Complaints cannot be looked up at the moment. Try again later.', values, { 'retry-after': '60' });
  }
  // Every look-up answers after the same least time, found or not.
  const wait = started + deps.tracking.lookupAnswerMs - deps.now();
  if (wait > 0) await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(wait);
  if (!matched) return refuse(404, NOT_FOUND_MESSAGE, values);
  return { kind: 'redirect', location: `/track/${deps.tracking.links.sign(parsed.reference, deps.now()).token}/` };
}
