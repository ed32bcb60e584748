import { findPatient } from '@/lib/server/patients';
import { patientPrincipal as principal, userFromRequest } from '@/lib/server/session';
import { guardedRoute } from '@/lib/server/guarded';

type Ctx = { params: Promise<{ id: string }> };

async function handler(request: Request, { params }: Ctx): Promise<Response> {
  if (!userFromRequest(request)) {
    return Response.json({ error: 'sign_in_required' }, { status: 401, headers: { 'cache-control': 'no-store' } });
  }
  const patient = findPatient((await params).id);
  if (!patient) return Response.json({ error: 'not_found' }, { status: 404 });
  return Response.json(patient, { headers: { 'cache-control': 'private, no-store' } });
}

/**
 * A patient's record for the signed-in owner. Policy `owner_only`: the demo
 * user receives `p-1001` in full; any other record they ask for comes back
 * redacted and is reported as an unauthorized disclosure.
 */
export const GET = guardedRoute<Ctx>(handler, { route: '/api/patients/[id]', returnsPhi: 'owner_only', principal });
