import { ingest } from '@/lib/server/collector/store';

/**
 * The collector endpoint the app's transports post to (`PHI_GUARD_COLLECTOR_URL`).
 * 200 stored, 400 malformed, 401 bad or expired signature, 409 replay.
 * Bodies are capped at 1 MB; the transport splits larger batches on 413.
 */
export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > 1_000_000) return Response.json({ error: 'payload_too_large' }, { status: 413 });
  const body = await request.text();
  if (body.length > 1_000_000) return Response.json({ error: 'payload_too_large' }, { status: 413 });
  const result = await ingest(body, request.headers);
  return Response.json(result, { status: result.status, headers: { 'cache-control': 'no-store' } });
}
