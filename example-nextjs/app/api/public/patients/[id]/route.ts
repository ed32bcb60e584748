import { findPatient } from '@/lib/server/patients';
import { patientPrincipal as principal } from '@/lib/server/session';
import { guardedRoute } from '@/lib/server/guarded';

type Ctx = { params: Promise<{ id: string }> };

/**
 * THE DELIBERATE LEAK. This handler forgets to check the session and returns
 * the full record to anyone, the kind of bug phi-guard exists for. Wrapped
 * with `wrapRouteHandler` (policy `owner_only`), an anonymous caller gets the
 * same JSON with every identifier replaced by a tag (`"ssn": "[SSN]"`), and
 * the collector receives one `unauthorized_disclosure` signal.
 */
async function handler(_request: Request, { params }: Ctx): Promise<Response> {
  const patient = findPatient((await params).id);
  if (!patient) return Response.json({ error: 'not_found' }, { status: 404 });
  return Response.json(patient, { headers: { 'cache-control': 'no-store' } });
}

export const GET = guardedRoute<Ctx>(handler, { route: '/api/public/patients/[id]', returnsPhi: 'owner_only', principal });
