/**
 * `GET /api/form-token?procedure=<id>`: a new form for a client that sends complaints as JSON, as the complaint
 * page gives one to a browser: a submission id, the time it was issued and the token signing both. The client
 * sends the first three with the complaint, and not before `sendAfter` (sooner is taken for a script's and makes
 * no case, as for the web form).
 */
import { acceptsWebComplaints } from '../../core/complaint/web-channel.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import type { FormTokens } from './form-token.ts';

export interface FormTokenEndpointDeps {
  procedure(id: string): Promise<Procedure | undefined>;
  formTokens: Pick<FormTokens, 'issue' | 'minFillMs' | 'maxAgeMs'>;
  now(): number;
}

export async function handleFormTokenRequest(request: Request, deps: FormTokenEndpointDeps): Promise<Response> {
  const id = new URL(request.url).searchParams.get('procedure');
  if (!id) return json(400, { error: 'Name the procedure: GET /api/form-token?procedure=<id>.' });
  const procedure = /^[a-z][a-z0-9-]{0,99}$/.test(id) ? await deps.procedure(id) : undefined;
  if (!procedure) return json(404, { error: `There is no procedure "${id}" on this site.` });
  if (!acceptsWebComplaints(procedure)) return json(404, { error: `${procedure.title} does not take complaints through this site.` });
  const now = deps.now();
  const form = deps.formTokens.issue(procedure.id, now);
  return json(200, {
    ...form,
    sendAfter: new Date(now + deps.formTokens.minFillMs).toISOString(),
    expiresAt: new Date(now + deps.formTokens.maxAgeMs).toISOString(),
  });
}

function json(status: number, body: unknown): Response {
  // Each answer is a new form: never one a cache kept for someone else.
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}
