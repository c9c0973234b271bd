import { describe, expect, test, vi } from 'vitest';
import { handleComplaintPost, MAX_BODY_BYTES, type ComplaintFormState, type ComplaintsEndpointDeps } from '../../scripts/adapters/http/complaints-endpoint.ts';
import type { Complaint } from '../../scripts/core/complaint/complaint-schema.ts';
import { isReference, type Reference } from '../../scripts/core/complaint/reference.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { seedProcedure } from '../support/procedures.ts';

const SITE = 'http://127.0.0.1:4321';
const NOW = Date.parse('2026-12-23T10:00:00Z'); // Wednesday, two days before Christmas

const good = {
  procedure: 'ceccc',
  submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
  renderedAt: '2026-12-23T09:50:00.000Z',
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
};

function setup() {
  const submitted: { complaint: Complaint; receivedAt: number }[] = [];
  const shown: ComplaintFormState[] = [];
  const deps: ComplaintsEndpointDeps = {
    procedure: async (id) => (['ceccc', 'naccc-model', 'cecops'].includes(id) ? seedProcedure(id) : undefined),
    calendarFor: (procedure) => calendarFor(procedure),
    intake: {
      submit: async (complaint, { receivedAt }) => {
        submitted.push({ complaint, receivedAt });
        return { reference: 'RDR-7KX4-M9QP-2TW' as Reference };
      },
    },
    now: () => NOW,
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
    const response = await handleComplaintPost(jsonPost({ ...without, procedure: 'cecops', privacy: true }), deps);
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
    expect(submitted).toEqual([{ complaint: expect.objectContaining({ name: 'Ann Example', adjustments: ['large-print'], privacy: true }), receivedAt: NOW }]);
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

  test('a procedure with no time limits gives no dates', async () => {
    const { deps } = setup();
    const response = await handleComplaintPost(jsonPost({ ...good, procedure: 'cecops', privacy: true }), deps);
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
  });
});
