/**
 * `POST /api/complaints`: a complaint from the site's form (an HTML form post) or from a client sending JSON.
 * Validates with the complaint schema, hands a valid complaint to the intake and answers with the dates the
 * procedure promises. A function of the request and its dependencies, so tests call it without a server.
 */
import { fromDayNumber } from '../../core/calendar/day-number.ts';
import { toLocal } from '../../core/calendar/london-time.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { complaintInputFromForm, formValues, type ComplaintFormValues } from '../../core/complaint/complaint-form-input.ts';
import { anonymousNotice } from '../../core/complaint/anonymous-notice.ts';
import { validateComplaint, type Complaint, type ComplaintErrors } from '../../core/complaint/complaint-schema.ts';
import type { ComplaintIntake } from '../../core/complaint/intake.ts';
import { isLateComplaint } from '../../core/complaint/late-complaint.ts';
import { receiptDates } from '../../core/complaint/receipt-dates.ts';
import { acceptsWebComplaints } from '../../core/complaint/web-channel.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import type { FormTokenCheck, IssuedForm } from './form-token.ts';

/** The form shown again with what the person entered and what to fix. */
export interface ComplaintFormState {
  procedure: string;
  values: ComplaintFormValues;
  errors: ComplaintErrors;
}

export interface ComplaintsEndpointDeps {
  /** The procedure with this id, if the site publishes it. */
  procedure(id: string): Promise<Procedure | undefined>;
  calendarFor(procedure: Procedure): WorkingCalendar;
  intake: ComplaintIntake;
  now(): number;
  /** Renders the complaint form again, for an HTML post with errors (the endpoint sets the status). */
  showForm(state: ComplaintFormState): Promise<Response>;
  /** Takes one submission from the client's allowance (the per-address rate limit); absent means no limit. */
  admit?(): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Checks the form token a submission carries, and issues a new one for a form shown again (form-token.ts). */
  formTokens: {
    /** Whether a web submission must carry a valid token (while there is a minimum fill time). */
    readonly required: boolean;
    check(form: { procedure: unknown; submissionId: unknown; formToken: unknown }, now: number): FormTokenCheck;
    issue(procedure: string, now: number): IssuedForm;
  };
  /**
   * Signs the receipt address for the one who sent the complaint, keeping their copy of what they wrote for the
   * receipt page (tracking/tracking-service.ts); absent, the receipt page shows the reference and dates only.
   */
  signReceipt?(input: { procedure: Procedure; complaint: Complaint; reference: string; receivedAt: number; at: string }, now: number): Promise<string>;
}

/**
 * Larger bodies are refused (413). Every field at its longest, each character one that takes three bytes in UTF-8
 * and nine once a browser percent-encodes it in a form post (as Chinese or Japanese text does), is about 360 KB.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/** The answer to a body over MAX_BODY_BYTES. */
export const TOO_LARGE_MESSAGE = 'The complaint is too long to send: shorten the longest answers and send it again.';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Where the receipt for a complaint is shown: `ref` and `at` say which receipt, and `token` (given only to the one
 * who sent it) opens their copy and their tracking link (tracking/receipt-token.ts).
 */
export function receiptPath(procedure: string, reference: string, receivedAt: number, token?: string): string {
  const query = new URLSearchParams({ ref: reference, at: receiptTime(receivedAt), ...(token ? { token } : {}) });
  return `/procedures/${encodeURIComponent(procedure)}/received/?${query.toString()}`;
}

/** The `at` of a receipt's address: what its token is signed with. */
export function receiptTime(receivedAt: number): string {
  return new Date(receivedAt).toISOString();
}

export async function handleComplaintPost(request: Request, deps: ComplaintsEndpointDeps): Promise<Response> {
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = contentType === 'application/json';
  const wantsJson = isJson || (request.headers.get('accept') ?? '').includes('application/json');
  const fail = (status: number, message: string) => (wantsJson ? json(status, { error: message }) : text(status, message));

  // Browsers always send Origin with a POST; a different one is another site submitting in the person's name.
  // Astro refuses cross-site form posts already; this also covers JSON and any deployment without that check.
  const origin = request.headers.get('origin');
  if ((origin !== null && origin !== new URL(request.url).origin) || request.headers.get('sec-fetch-site') === 'cross-site') {
    return fail(403, 'Complaints can only be sent from this site’s own form.');
  }
  if (!isJson && !FORM_TYPES.includes(contentType)) {
    return fail(415, 'Send the complaint as a form post or as JSON.');
  }
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return fail(413, TOO_LARGE_MESSAGE);

  let input: unknown;
  let values: ComplaintFormValues = {};
  try {
    const bytes = await readBody(request, MAX_BODY_BYTES);
    if (bytes === 'too-large') return fail(413, TOO_LARGE_MESSAGE);
    if (isJson) {
      input = JSON.parse(new TextDecoder().decode(bytes));
    } else {
      const form = contentType === 'multipart/form-data'
        ? await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData()
        : new URLSearchParams(new TextDecoder().decode(bytes));
      values = formValues(form);
      input = complaintInputFromForm(values);
    }
  } catch {
    return fail(400, isJson ? 'The body is not valid JSON.' : 'The form could not be read.');
  }

  const receivedAt = deps.now();
  const sent = (typeof input === 'object' && input !== null ? input : {}) as { procedure?: unknown; submissionId?: unknown; formToken?: unknown };
  const procedureId = sent.procedure;
  const procedure = typeof procedureId === 'string' && procedureId !== '' ? await deps.procedure(procedureId) : undefined;
  const result = validateComplaint(input, { today: fromDayNumber(toLocal(receivedAt).day), outcomeRequired: procedure?.outcomeRequired !== undefined });
  if (procedure === undefined && typeof procedureId === 'string' && procedureId !== '') {
    return fail(404, `There is no procedure "${procedureId}" on this site.`);
  }
  if (procedure !== undefined && !acceptsWebComplaints(procedure)) {
    return fail(404, `${procedure.title} does not take complaints through this site.`);
  }
  const token = deps.formTokens.check({ procedure: procedure?.id, submissionId: sent.submissionId, formToken: sent.formToken }, receivedAt);
  // A missing, forged or expired token is a problem to fix, not a verdict on the sender: the person is shown the
  // form again with everything they wrote and a new token; a JSON client is told which field. What would tell a
  // script it was taken for one (the hidden field, the fill time) is still answered like any submission, below.
  const tokenProblem = deps.formTokens.required && !token.ok ? formTokenProblem(token.problem, wantsJson, procedure?.id) : undefined;
  if (!result.success || tokenProblem) {
    const errors = result.success ? { formErrors: [], fieldErrors: {} } : result.errors;
    if (tokenProblem) errors.fieldErrors.formToken = [tokenProblem];
    if (wantsJson) return json(400, { errors });
    // Without a procedure there is no form to show again: only a tampered post gets here.
    if (!procedure) return text(400, 'The form could not be read: go back to the procedure’s page and start again.');
    // The form keeps a good token, so correcting answers never trips the minimum fill time; a bad one is replaced,
    // with a new submission id, since the old id's time is unknown.
    const form = token.ok ? { renderedAt: new Date(token.shownAt).toISOString() } : deps.formTokens.issue(procedure.id, receivedAt);
    const page = await deps.showForm({ procedure: procedure.id, values: { ...values, ...form }, errors });
    return new Response(page.body, { status: 400, headers: page.headers });
  }
  if (!procedure) return fail(400, 'Name the procedure to complain under.');

  // Counted only for complaints that would make a case: a person correcting the form is not held back.
  const admission = deps.admit?.() ?? { ok: true };
  if (!admission.ok) {
    const message = `Too many complaints have been sent from your connection. Wait ${waitWords(admission.retryAfterSeconds)} and send it again.`;
    const response = fail(429, message);
    response.headers.set('retry-after', String(admission.retryAfterSeconds));
    return response;
  }

  // Only the signed time is passed on: the complaint's own renderedAt is whatever the client sent.
  const shownAt = token.ok ? token.shownAt : undefined;
  const complaint = shownAt === undefined ? result.complaint : { ...result.complaint, renderedAt: new Date(shownAt).toISOString() };
  const receipt = await deps.intake.submit(complaint, { receivedAt, ...(shownAt === undefined ? {} : { shownAt }) });
  const { reference } = receipt;
  // A resubmitted form is answered with the dates of the first submission, which its case counts from.
  const receivedFrom = receipt.receivedAt ?? receivedAt;
  const calendar = deps.calendarFor(procedure);
  const receiptToken = await deps.signReceipt?.({ procedure, complaint, reference, receivedAt: receivedFrom, at: receiptTime(receivedFrom) }, deps.now());
  const location = receiptPath(procedure.id, reference, receivedFrom, receiptToken);
  const headers = { location, 'cache-control': 'no-store' };
  if (!wantsJson) return new Response(null, { status: 303, headers });
  const dates = receiptDates({ procedure, calendar, receivedAt: receivedFrom });
  return json(receipt.queued ? 202 : 201, {
    reference,
    ...(receipt.queued ? { queued: true } : {}),
    late: isLateComplaint({ procedure, calendar, receivedAt: receivedFrom, incidentDate: complaint.incidentDate }),
    // Nobody can tell an anonymous complainant that a date has moved: they are promised none, and told why.
    ...(complaint.identity === 'anonymous' ? { ...dates, dates: [], later: [], anonymous: anonymousNotice(procedure) } : dates),
  }, headers);
}

/** What to tell the sender about a form token that will not do. */
function formTokenProblem(problem: 'missing' | 'invalid' | 'expired', wantsJson: boolean, procedure: string | undefined): string {
  if (!wantsJson) return 'Your complaint has not been sent yet, because the form had expired. Your answers are still here: check them and select “Send complaint” again.';
  const get = `GET /api/form-token?procedure=${procedure ?? '<procedure>'}`;
  if (problem === 'missing') return `Send a form token: get one from ${get} and send its submissionId, renderedAt and formToken with the complaint.`;
  if (problem === 'expired') return `The form token has expired: get a new one from ${get}.`;
  return `The form token is not valid for this procedure and submission id: get a new one from ${get}.`;
}

/**
 * The body, read as it arrives and given up as soon as it passes `max` bytes, so an endless chunked body is
 * neither buffered nor taken for malformed input. (The server in front reads bodies itself; this holds wherever
 * the endpoint runs.)
 */
async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | 'too-large'> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > max) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function waitWords(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
