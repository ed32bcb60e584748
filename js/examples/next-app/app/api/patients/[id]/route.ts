// app/api/patients/[id]/route.ts: the record in full for its owner, redacted for anyone else
import { wrapRouteHandler } from 'phi-guard/next';
import { emitter, guard, onEvent } from '@/lib/phi-guard';
import { currentUser, findPatient } from '@/lib/patients'; // your session and data access

type Context = { params: Promise<{ id: string }> };

export const GET = wrapRouteHandler(
  async (_request: Request, { params }: Context) => {
    const patient = await findPatient((await params).id);
    return patient ? Response.json(patient) : Response.json({ error: 'not_found' }, { status: 404 });
  },
  {
    guard,
    emitter,
    onEvent,
    route: '/api/patients/[id]', // reported instead of the URL
    returnsPhi: 'owner_only', // anyone else receives the body redacted, and a signal is sent
    failMode: 'closed', // 503 rather than an unscanned body if the guard cannot start
    principal: async (request) => {
      const user = await currentUser(request);
      const id = new URL(request.url).pathname.split('/').pop();
      return { authenticated: user !== null, role: user?.role, subjectIsCaller: user?.patientId === id };
    },
  },
);
