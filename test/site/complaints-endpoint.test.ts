import { describe, expect, test, vi } from 'vitest';
import { handleComplaintPost, MAX_BODY_BYTES, type ComplaintFormState, type ComplaintsEndpointDeps } from '../../scripts/adapters/http/complaints-endpoint.ts';
import { FormTokens } from '../../scripts/adapters/http/form-token.ts';
import { handleFormTokenRequest } from '../../scripts/adapters/http/form-token-endpoint.ts';
import type { Complaint } from '../../scripts/core/complaint/complaint-schema.ts';
import { isReference, type Reference } from '../../scripts/core/complaint/reference.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { seedProcedure } from '../support/procedures.ts';
import { signed, testFormTokens } from '../intake/support/form-tokens.ts';

const SITE = 'http://127.0.0.1:4321';
const NOW = Date.parse('2026-12-23T10:00:00Z'); // Wednesday, two days before Christmas
const SHOWN = Date.parse('2026-12-23T09:50:00Z');

const good = signed({
  procedure: 'ceccc',
  submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
  identity: 'named',
  name: 'Ann Example',
  email: 'ann@example.com',
  contactBy: 'email',
  onBehalf: 'myself',
  incident: 'single',
  incidentDate: '2026-12-01',
  spokenToSomeone: 'no',
  complaint: 'The handover was forty minutes late.',
  outcomeWanted: 'Handovers on time.',
}, SHOWN);

function setup() {
  const submitted: { complaint: Complaint; receivedAt: number; shownAt?: number }[] = [];
  const shown: ComplaintFormState[] = [];
  const deps: ComplaintsEndpointDeps = {
    procedure: async (id) => (['ceccc', 'naccc-model', 'cecops'].includes(id) ? seedProcedure(id) : undefined),
    calendarFor: (procedure) => calendarFor(procedure),
    intake: {
      submit: async (complaint, { receivedAt, shownAt }) => {
        submitted.push({ complaint, receivedAt, shownAt });
        return { reference: 'RDR-7KX4-M9QP-2TW' as Reference };
      },
    },
    now: () => NOW,
    formTokens: testFormTokens(),
    showForm: vi.fn(async (state: ComplaintFormState) => {
      shown.push(state);
      return new Response('<h1>The form again</h1>', { status: 200, headers: { 'content-type': 'text/html' } });
    }),
  };
  return { deps, submitted, shown };
}

function formPost(fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(key, one);
  return new Request(`${SITE}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE, ...headers },
    body,
  });
}

function jsonPost(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('what the procedure asks the complainant to say', () => {
  // ceccc: "they will need to be clear about what they are hoping to get from the complaint".
  test('ceccc: a complaint without the outcome wanted is shown again, asking for it', async () => {
    const { deps, submitted, shown } = setup();
    const { outcomeWanted: _omitted, ...without } = good;
    const response = await handleComplaintPost(formPost({ ...without, privacy: 'yes' }), deps);
    expect(response.status).toBe(400);
    expect(submitted).toEqual([]);
    expect(shown[0]?.errors.fieldErrors.outcomeWanted).toEqual(['Enter what you would like to happen to put things right']);
    const blank = await handleComplaintPost(jsonPost({ ...good, outcomeWanted: '   ', privacy: true }), deps);
    expect(blank.status).toBe(400);
    expect((await blank.json()).errors.fieldErrors.outcomeWanted).toHaveLength(1);
  });

  test('cecops, whose procedure does not ask it: the outcome wanted stays optional', async () => {
    const { deps, submitted } = setup();
    const { outcomeWanted: _omitted, ...without } = good;
    const response = await handleComplaintPost(jsonPost(signed({ ...without, procedure: 'cecops', privacy: true }, SHOWN)), deps);
    expect(response.status).toBe(201);
    expect(submitted).toHaveLength(1);
  });
});

describe('a valid complaint', () => {
  test('from the HTML form: 303 to the receipt, with the reference and the time received', async () => {
    const { deps, submitted } = setup();
    const response = await handleComplaintPost(formPost({ ...good, privacy: 'yes', adjustments: ['large-print'] }), deps);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/procedures/ceccc/received/?ref=RDR-7KX4-M9QP-2TW&at=2026-12-23T10%3A00%3A00.000Z');
    expect(submitted).toEqual([{ complaint: expect.objectContaining({ name: 'Ann Example', adjustments: ['large-print'], privacy: true }), receivedAt: NOW, shownAt: SHOWN }]);
  });

  test('as JSON: 201 with the reference and the dates the procedure promises', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, privacy: true }), deps);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/^\/procedures\/ceccc\/received\/\?ref=RDR-7KX4-M9QP-2TW&at=/);
    expect(await response.json()).toEqual({
      reference: 'RDR-7KX4-M9QP-2TW',
      procedure: 'ceccc',
      late: false,
      receivedAt: '2026-12-23T10:00:00+00:00',
      stage: 'stage-1',
      dates: [
        // 24, 29, 30, 31 December and 4 January: Christmas Day, the Boxing Day substitute and New Year's Day are skipped.
        { id: 'stage-1.acknowledge', label: 'Acknowledge the complaint in writing', dueDate: '2027-01-04', dueText: 'Monday 4 January 2027', dueBy: '2027-01-04T23:59:59+00:00' },
        { id: 'stage-1.respond', label: 'Send a formal written response', dueDate: '2027-01-25', dueText: 'Monday 25 January 2027', dueBy: '2027-01-25T23:59:59+00:00' },
      ],
      later: [],
      calendarVersion: expect.stringMatching(/^uk-bank-holidays\//),
    });
  });

  test('a form post that asks for JSON gets JSON', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(formPost({ ...good, privacy: 'yes' }, { accept: 'application/json' }), deps);
    expect(response.status).toBe(201);
    expect(isReference(((await response.json()) as { reference: string }).reference)).toBe(true);
  });

  test('a late complaint is not refused: it is marked late', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, privacy: true, incidentDate: '2026-06-01', lateReason: 'I was in hospital.' }), deps);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ late: true });
  });

  test('anonymous: no dates are promised, and the answer says nobody can reply and what still happens', async () => {
    const { deps } = setup();
    const anonymous = signed({ ...good, identity: 'anonymous', name: undefined, email: undefined, contactBy: undefined, privacy: true }, SHOWN);
    const response = await handleComplaintPost(jsonPost(anonymous), deps);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ reference: 'RDR-7KX4-M9QP-2TW', dates: [], later: [], anonymous: { noReply: expect.stringContaining('cannot reply to you'), stillHappens: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/dueText|January 2027/);
  });

  test('the receipt address carries the token signed for the sender, and is kept by no cache', async () => {
    const { deps } = setup();
    const signReceipt = vi.fn(async () => '1.1798020000.-.n.AAAAAAAAAAAAAAAAAAAAAA');
    const response = await handleComplaintPost(formPost({ ...good, privacy: 'yes' }), { ...deps, signReceipt });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/procedures/ceccc/received/?ref=RDR-7KX4-M9QP-2TW&at=2026-12-23T10%3A00%3A00.000Z&token=1.1798020000.-.n.AAAAAAAAAAAAAAAAAAAAAA');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(signReceipt).toHaveBeenCalledWith(expect.objectContaining({ reference: 'RDR-7KX4-M9QP-2TW', at: '2026-12-23T10:00:00.000Z', receivedAt: NOW, complaint: expect.objectContaining({ name: 'Ann Example' }) }), NOW);
  });

  test('a procedure with no time limits gives no dates', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost(signed({ ...good, procedure: 'cecops', privacy: true }, SHOWN)), deps);
    expect(await response.json()).toMatchObject({ reference: 'RDR-7KX4-M9QP-2TW', procedure: 'cecops', dates: [], later: [] });
  });
});

describe('invalid input: 400', () => {
  test('an HTML post shows the form again with the errors and everything entered', async () => {
    const { deps, shown, submitted } = setup();
    const response = await handleComplaintPost(formPost({ ...good, email: 'ann@', adjustments: ['interpreter'] }), deps);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('<h1>The form again</h1>');
    expect(shown).toEqual([
      {
        procedure: 'ceccc',
        values: { ...good, email: 'ann@', adjustments: ['interpreter'] },
        errors: {
          formErrors: [],
          fieldErrors: {
            email: ['Enter an email address in the correct format, like name@example.com'],
            interpreterLanguage: ['Enter the language you need an interpreter for'],
            privacy: ['Confirm that you have read the privacy notice'],
          },
        },
      },
    ]);
    expect(submitted).toEqual([]);
  });

  test('JSON gets the flattened errors', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, complaint: '', privacy: true }), deps);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { formErrors: [], fieldErrors: { complaint: ['Enter your complaint'] } } });
  });

  test('an incident in the future', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, incidentDate: '2026-12-24', privacy: true }), deps);
    expect(await response.json()).toEqual({ errors: { formErrors: [], fieldErrors: { incidentDate: ['Date of the incident must be today or in the past'] } } });
  });

  test('JSON that does not parse', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost('{"procedure": '), deps);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'The body is not valid JSON.' });
  });

  test('JSON without a procedure', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ complaint: 'x' }), deps);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: { fieldErrors: { procedure: ['Choose the procedure to complain under'] } } });
  });
});

describe('refused', () => {
  test('a form posted from another site: 403', async () => {
    const { deps, submitted } = setup();
    const response = await handleComplaintPost(formPost({ ...good, privacy: 'yes' }, { origin: 'https://elsewhere.example' }), deps);
    expect(response.status).toBe(403);
    expect(submitted).toEqual([]);
  });

  test('JSON from another site’s page: 403', async () => {
    const { deps } = setup();
    expect((await handleComplaintPost(jsonPost({ ...good, privacy: true }, { origin: 'https://elsewhere.example' }), deps)).status).toBe(403);
    expect((await handleComplaintPost(jsonPost({ ...good, privacy: true }, { 'sec-fetch-site': 'cross-site' }), deps)).status).toBe(403);
  });

  test('a client that sends no Origin (a script, the CLI) is accepted', async () => {
    const { deps } = setup();
    expect((await handleComplaintPost(jsonPost({ ...good, privacy: true }), deps)).status).toBe(201);
  });

  test('an unknown procedure, or a model, takes no complaints: 404', async () => {
    const { deps } = setup();
    expect((await handleComplaintPost(jsonPost({ ...good, procedure: 'nowhere', privacy: true }), deps)).status).toBe(404);
    expect((await handleComplaintPost(jsonPost({ ...good, procedure: 'naccc-model', privacy: true }), deps)).status).toBe(404);
  });

  test('another content type: 415', async () => {
    const { deps } = setup();
    const request = new Request(`${SITE}/api/complaints`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect((await handleComplaintPost(request, deps)).status).toBe(415);
  });

  test('a body larger than any complaint: 413', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, complaint: 'x'.repeat(MAX_BODY_BYTES) }), deps);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'The complaint is too long to send: shorten the longest answers and send it again.' });
  });

  test('a streamed body that never ends: 413 once it passes the limit, and the rest is never pulled', async () => {
    const { deps, submitted } = setup();
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(`${SITE}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: endless, duplex: 'half' } as RequestInit);
    const response = await handleComplaintPost(request, deps);
    expect(response.status).toBe(413);
    expect(cancelled).toBe(true);
    expect(pulled * 64 * 1024).toBeLessThan(MAX_BODY_BYTES + 4 * 64 * 1024);
    expect(submitted).toEqual([]);
  });
});

describe('the form token: when the form was shown, as the server signed it', () => {
  const { renderedAt: _signedAt, formToken: _token, ...unsigned } = good;
  const in2020 = { ...unsigned, renderedAt: '2020-01-01T00:00:00.000Z', privacy: true };
  const otherServer = testFormTokens();
  const stranger = new FormTokens({ secret: Buffer.alloc(32, 9), minFillMs: 3_000 });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['no token, and renderedAt in 2020', in2020, 'Send a form token: get one from GET /api/form-token?procedure=ceccc and send its submissionId, renderedAt and formToken with the complaint.'],
    ['a token signed with another secret', signed(in2020, SHOWN, stranger), 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token for another procedure', { ...in2020, formToken: otherServer.sign({ procedure: 'cecops', submissionId: good.submissionId, shownAt: SHOWN }) }, 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token for another form (submission id)', { ...in2020, formToken: otherServer.sign({ procedure: 'ceccc', submissionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', shownAt: SHOWN }) }, 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token whose time was changed', { ...in2020, formToken: good.formToken.replace(String(SHOWN), String(SHOWN - 3_600_000)) }, 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token that is not one', { ...in2020, formToken: 'let-me-in' }, 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token dated in the future', signed(in2020, NOW + 3_600_000), 'The form token is not valid for this procedure and submission id: get a new one from GET /api/form-token?procedure=ceccc.'],
    ['a token more than a week old', signed(in2020, NOW - 8 * 86_400_000), 'The form token has expired: get a new one from GET /api/form-token?procedure=ceccc.'],
  ];

  test.each(refusals)('JSON with %s: 400 naming the field, and nothing reaches the intake', async (_case, body, message) => {
    const { deps, submitted } = setup();
    const response = await handleComplaintPost(jsonPost(body), deps);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { formErrors: [], fieldErrors: { formToken: [message] } } });
    expect(submitted).toEqual([]);
  });

  test.each(refusals)('a form post with %s: the form again, every answer kept, with a new form token', async (_case, body) => {
    const { deps, submitted, shown } = setup();
    const fields = Object.fromEntries(Object.entries({ ...body, privacy: 'yes' }).map(([k, v]) => [k, String(v)]));
    const response = await handleComplaintPost(formPost(fields), deps);
    expect(response.status).toBe(400);
    expect(submitted).toEqual([]);
    const [state] = shown;
    expect(state?.errors).toEqual({ formErrors: [], fieldErrors: { formToken: ['Your complaint has not been sent yet, because the form had expired. Your answers are still here: check them and select “Send complaint” again.'] } });
    const { submissionId, renderedAt, formToken, ...answers } = state?.values ?? {};
    const { submissionId: _id, renderedAt: _at, formToken: _old, ...sent } = fields;
    expect(answers).toEqual(sent);
    // A new form: a new submission id, shown now, with a token that passes for it.
    expect(submissionId).not.toBe(good.submissionId);
    expect(renderedAt).toBe(new Date(NOW).toISOString());
    expect(testFormTokens().check({ procedure: 'ceccc', submissionId, formToken }, NOW + 5_000)).toEqual({ ok: true, shownAt: NOW });
  });

  test('a valid token: the intake is given the signed time, and renderedAt says the same whatever the client sent', async () => {
    const { deps, submitted } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, renderedAt: '2020-01-01T00:00:00.000Z', privacy: true }), deps);
    expect(response.status).toBe(201);
    expect(submitted).toEqual([{ complaint: expect.objectContaining({ renderedAt: new Date(SHOWN).toISOString() }), receivedAt: NOW, shownAt: SHOWN }]);
  });

  test('answers to correct, with a good token: the form keeps its token and submission id, so the fill time is not counted again', async () => {
    const { deps, shown } = setup();
    await handleComplaintPost(formPost({ ...good, renderedAt: '2020-01-01T00:00:00.000Z', email: 'ann@' }), deps);
    expect(shown[0]?.values).toMatchObject({ submissionId: good.submissionId, formToken: good.formToken, renderedAt: new Date(SHOWN).toISOString() });
    expect(Object.keys(shown[0]?.errors.fieldErrors ?? {}).sort()).toEqual(['email', 'privacy']);
  });

  test('answers to correct and a bad token: both are reported, and the form comes back with a new token', async () => {
    const { deps, shown } = setup();
    const response = await handleComplaintPost(jsonPost({ ...in2020, email: 'ann@' }), deps);
    expect(Object.keys((await response.json()).errors.fieldErrors).sort()).toEqual(['email', 'formToken']);
    await handleComplaintPost(formPost({ ...good, formToken: 'forged', email: 'ann@' }), deps);
    expect(shown[0]?.values.formToken).not.toBe('forged');
    expect(Object.keys(shown[0]?.errors.fieldErrors ?? {}).sort()).toEqual(['email', 'formToken', 'privacy']);
  });

  test('with the minimum fill time off, no token is needed, and the intake is given no time of showing', async () => {
    const { deps, submitted } = setup();
    deps.formTokens = testFormTokens(0);
    const response = await handleComplaintPost(jsonPost(in2020), deps);
    expect(response.status).toBe(201);
    expect(submitted).toEqual([{ complaint: expect.objectContaining({ renderedAt: '2020-01-01T00:00:00.000Z' }), receivedAt: NOW, shownAt: undefined }]);
  });
});

describe('GET /api/form-token', () => {
  const deps = () => ({ procedure: async (id: string) => (['ceccc', 'naccc-model'].includes(id) ? seedProcedure(id) : undefined), formTokens: testFormTokens(), now: () => NOW });

  test('gives a new form: a submission id, its time and a token for both, when it may be sent and until when', async () => {
    const response = await handleFormTokenRequest(new Request(`${SITE}/api/form-token?procedure=ceccc`), deps());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const form = await response.json();
    expect(form).toEqual({
      procedure: 'ceccc',
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      renderedAt: '2026-12-23T10:00:00.000Z',
      formToken: expect.stringMatching(/^1\.\d+\.[\w-]{43}$/),
      sendAfter: '2026-12-23T10:00:03.000Z',
      expiresAt: '2026-12-30T10:00:00.000Z',
    });
    const again = await (await handleFormTokenRequest(new Request(`${SITE}/api/form-token?procedure=ceccc`), deps())).json();
    expect(again.submissionId).not.toBe(form.submissionId);
  });

  test('a complaint sent with its fields is taken, and the intake is given the time it signs', async () => {
    const form = await (await handleFormTokenRequest(new Request(`${SITE}/api/form-token?procedure=ceccc`), deps())).json();
    const { submissionId: _id, renderedAt: _at, formToken: _token, ...answers } = good;
    const { deps: endpoint, submitted } = setup();
    const response = await handleComplaintPost(jsonPost({ ...answers, ...form, privacy: true }), endpoint);
    expect(response.status).toBe(201);
    expect(submitted[0]?.shownAt).toBe(NOW);
  });

  test.each([
    ['', 400, 'Name the procedure: GET /api/form-token?procedure=<id>.'],
    ['?procedure=nowhere', 404, 'There is no procedure "nowhere" on this site.'],
    ['?procedure=naccc-model', 404, 'NACCC model complaints procedure for child contact centres does not take complaints through this site.'],
    ['?procedure=%3Cscript%3E', 404, 'There is no procedure "<script>" on this site.'],
  ])('GET /api/form-token%s: %i', async (query, status, error) => {
    const response = await handleFormTokenRequest(new Request(`${SITE}/api/form-token${query}`), deps());
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
  });
});
