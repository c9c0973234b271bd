import type { APIRoute } from 'astro';
import { handleComplaintPost } from '../../../scripts/adapters/http/complaints-endpoint.ts';
import { serverIntake } from '../../../scripts/adapters/intake/server-intake.ts';
import { calendarFor } from '../../../scripts/core/deadlines/procedure-calendar.ts';
import { extraHolidays, procedureById } from '../../lib/procedures.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => {
  const holidays = await extraHolidays();
  // The case store, outbox and retry worker (GitHub or the local store, as configured); see server-intake.ts.
  let server;
  try {
    server = await serverIntake();
  } catch (error) {
    console.error((error as Error).message);
    return new Response('Complaints cannot be received at the moment. Please try again later.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' } });
  }
  const { intake, admit, formTokens, tracking } = server;
  return handleComplaintPost(context.request, {
    procedure: procedureById,
    calendarFor: (procedure) => calendarFor(procedure, holidays),
    intake,
    admit: () => admit({ socketAddress: context.clientAddress, forwardedFor: context.request.headers.get('x-forwarded-for') }),
    now: Date.now,
    formTokens,
    signReceipt: (input, now) => tracking.signReceipt(input, now),
    showForm: (state) => {
      context.locals.complaintForm = state;
      // A fresh GET: the post's body has been read, and the form page renders from `locals`.
      return context.rewrite(new Request(new URL(`/procedures/${state.procedure}/complain/`, context.url), { headers: { accept: 'text/html' } }));
    },
  });
};
