import { nodePhi } from '@/lib/server/phi';
import { FLUSH_MS } from '@/lib/server/reporting';

/**
 * A breach drill: a synthetic disclosure of three drill-only records goes
 * through the same
 * path as a real incident — classified by the guard, chained by the
 * emitter, signed by the transport, verified by the collector — with
 * `drill: true`, so the dashboard labels it and keeps it out of the totals.
 * The scenario declares EU data subjects and residents of Illinois (620, over
 * the media threshold) and Washington (a 30-day state deadline), so the drill
 * exercises every kind of deadline: individual, HHS, media, state, GDPR 72 h.
 * A form post (the dashboard's button) is answered with a redirect back to
 * the dashboard; other callers get JSON.
 */
const DRILL_RECORDS = JSON.stringify([
  { name: 'Elena Novak', dateOfBirth: '1971-05-09', mrn: '00913377', email: 'elena.novak@example.org' },
  { name: 'Tomas Lindqvist', dateOfBirth: '1985-09-23', mrn: '00913378', email: 'tomas.lindqvist@example.org' },
  { name: 'Aisha Karimi', dateOfBirth: '1990-01-17', mrn: '00913379', email: 'aisha.karimi@example.org' },
]);

export async function POST(request: Request): Promise<Response> {
  const { guard, reporting } = nodePhi();
  const { signal, classification } = await reporting.emitter.record(guard, {
    text: DRILL_RECORDS,
    format: 'json',
    channel: 'response_body',
    route: '/drill/patients',
    runtime: 'nodejs',
    authenticated: false,
    policy: 'owner_only',
    mitigation: 'none',
    euSubjects: true,
    residentStates: { IL: 620, WA: 2 },
    drill: true,
    discoveredAt: new Date().toISOString(),
  });
  const delivered = await reporting.emitter.flush(FLUSH_MS);
  const form = (request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded');
  if (form) return new Response(null, { status: 303, headers: { location: '/dashboard?drill=sent' } });
  return Response.json({ id: signal.id, kind: classification.exposureKind, severity: classification.severity, delivered }, { status: 201 });
}
