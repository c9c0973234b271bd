import { describe, expect, test } from 'vitest';
import { handleComplaintPost, type ComplaintsEndpointDeps } from '../../scripts/adapters/http/complaints-endpoint.ts';
import type { IntakeReceipt } from '../../scripts/core/complaint/intake.ts';
import type { Reference } from '../../scripts/core/complaint/reference.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { seedProcedure } from '../support/procedures.ts';
import { GOOD_COMPLAINT } from './complaint-fixture.ts';
import { testFormTokens } from './support/form-tokens.ts';

const SITE = 'http://127.0.0.1:4321';
const NOW = Date.parse('2026-12-23T10:00:00Z');

function deps(receipt: IntakeReceipt, admit?: ComplaintsEndpointDeps['admit']): ComplaintsEndpointDeps {
  return {
    procedure: async (id) => seedProcedure(id),
    calendarFor: (procedure) => calendarFor(procedure),
    intake: { submit: async () => receipt },
    now: () => NOW,
    // These tests are about the answer to the intake's receipt: the minimum fill time, and with it the token, is off.
    formTokens: testFormTokens(0),
    showForm: async () => new Response('form'),
    admit,
  };
}

function post(): Request {
  return new Request(`${SITE}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: SITE }, body: JSON.stringify(GOOD_COMPLAINT) });
}

const REFERENCE = 'RDR-7KX4-M9QP-2TW' as Reference;

describe('the endpoint with the intake', () => {
  test('a queued submission is answered 202 with its reference and dates', async () => {
    const response = await handleComplaintPost(post(), deps({ reference: REFERENCE, queued: true }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ reference: REFERENCE, queued: true, dates: [{ dueText: 'Monday 4 January 2027' }, { dueText: 'Monday 25 January 2027' }] });
  });

  test('a resubmitted form is answered with the dates of its first submission', async () => {
    const first = Date.parse('2026-12-22T10:00:00Z');
    const response = await handleComplaintPost(post(), deps({ reference: REFERENCE, receivedAt: first }));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.receivedAt).toBe('2026-12-22T10:00:00+00:00');
    expect(response.headers.get('location')).toContain('at=2026-12-22T10%3A00%3A00.000Z');
  });

  test('over the per-address limit: 429 with Retry-After, and nothing reaches the intake', async () => {
    let submitted = 0;
    const limited = { ...deps({ reference: REFERENCE }, () => ({ ok: false, retryAfterSeconds: 120 })) };
    limited.intake = { submit: async () => ((submitted += 1), { reference: REFERENCE }) };
    const response = await handleComplaintPost(post(), limited);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(await response.json()).toEqual({ error: 'Too many complaints have been sent from your connection. Wait 2 minutes and send it again.' });
    expect(submitted).toBe(0);
  });
});
