import type { APIRoute } from 'astro';
import { serverIntake } from '../../../../../scripts/adapters/intake/server-intake.ts';
import { openReceipt } from '../../../../../scripts/adapters/tracking/receipt-access.ts';
import { parseReference } from '../../../../../scripts/core/complaint/reference.ts';

// On demand: the sender's copy of what they wrote, opened by the token only their receipt address carries.
export const prerender = false;

export const GET: APIRoute = async ({ params, url }) => {
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'x-robots-tag': 'noindex' };
  const reference = parseReference(url.searchParams.get('ref') ?? '');
  const server = await serverIntake().catch(() => undefined);
  if (!server) return new Response('Copies cannot be given at the moment. Please try again later.', { status: 503, headers: { ...headers, 'retry-after': '60' } });
  const access = reference.ok
    ? await openReceipt(server.tracking, { procedure: params.id ?? '', reference: reference.reference, at: url.searchParams.get('at') ?? '', token: url.searchParams.get('token'), now: Date.now() })
    : undefined;
  if (access?.copy.state !== 'kept' || !reference.ok) {
    // The same answer for a copy that never was, one no longer kept and an address without a good token.
    return new Response('This copy is not available: copies are kept for a short time after a complaint is sent, for the browser that sent it.', { status: 404, headers });
  }
  return new Response(access.copy.stored.text, { status: 200, headers: { ...headers, 'content-disposition': `attachment; filename="complaint-${reference.reference}.txt"` } });
};
