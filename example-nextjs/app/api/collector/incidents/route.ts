import { incidentReport } from '@/lib/server/collector/store';

export const dynamic = 'force-dynamic';

/** `{ incidents, chain: { ok, breaks }, totals }` for the dashboard (no PHI: signals carry none). */
export async function GET(): Promise<Response> {
  return Response.json(await incidentReport(), { headers: { 'cache-control': 'no-store' } });
}
