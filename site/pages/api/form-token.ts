import type { APIRoute } from 'astro';
import { handleFormTokenRequest } from '../../../scripts/adapters/http/form-token-endpoint.ts';
import { serverIntake } from '../../../scripts/adapters/intake/server-intake.ts';
import { procedureById } from '../../lib/procedures.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  let server;
  try {
    server = await serverIntake();
  } catch (error) {
    console.error((error as Error).message);
    return new Response('Complaints cannot be received at the moment. Please try again later.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' } });
  }
  return handleFormTokenRequest(context.request, { procedure: procedureById, formTokens: server.formTokens, now: Date.now });
};
