import type { APIRoute } from 'astro';
import { handleComplaintPost } from '../../../scripts/adapters/http/complaints-endpoint.ts';
import { receiptOnlyIntake } from '../../../scripts/core/complaint/intake.ts';
import { calendarFor } from '../../../scripts/core/deadlines/procedure-calendar.ts';
import { extraHolidays, procedureById } from '../../lib/procedures.ts';

export const prerender = false;

// Until the case store is configured, a valid complaint gets its reference and receipt but is not recorded.
const intake = receiptOnlyIntake((length) => crypto.getRandomValues(new Uint8Array(length)));

export const POST: APIRoute = async (context) => {
  const holidays = await extraHolidays();
  return handleComplaintPost(context.request, {
    procedure: procedureById,
    calendarFor: (procedure) => calendarFor(procedure, holidays),
    intake,
    now: Date.now,
    showForm: (state) => {
      context.locals.complaintForm = state;
      // A fresh GET: the post's body has been read, and the form page renders from `locals`.
      return context.rewrite(new Request(new URL(`/procedures/${state.procedure}/complain/`, context.url), { headers: { accept: 'text/html' } }));
    },
  });
};
