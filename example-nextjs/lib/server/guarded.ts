import 'server-only';
import { after } from 'next/server';
import { wrapRouteHandler, type EmitterLike, type RoutePolicy } from 'phi-guard/next';
import { GUARD_DISABLED } from './env';
import { nodePhi } from './phi';
import { FLUSH_MS } from './reporting';

/** Hands events to the process-wide pipeline, created on first use. */
export const nodeSink: EmitterLike = { record: (guard, event) => nodePhi().reporting.sink.record(guard, event) };

/**
 * Ties signal delivery to the request's lifetime: `after()` runs once the
 * response is sent and, on a platform with `waitUntil`, keeps the function
 * alive until the signals of this request are delivered (bounded by
 * `FLUSH_MS`). Under `next start` the process lives on anyway.
 */
export function flushAfterResponse(): void {
  after(() => nodePhi().reporting.emitter.flush(FLUSH_MS));
}

/**
 * `wrapRouteHandler` with the app's guard and signal pipeline, exactly as
 * the README shows it; with `PHI_GUARD_DISABLED=1` the handler is returned
 * unwrapped (the load-test baseline).
 *
 * @example
 * export const GET = guardedRoute(handler, { route: '/api/patients/[id]', returnsPhi: 'owner_only', principal });
 */
export function guardedRoute<Ctx>(
  handler: (request: Request, context: Ctx) => Response | Promise<Response>,
  policy: Omit<RoutePolicy<Request>, 'guard' | 'emitter'>,
): (request: Request, context: Ctx) => Promise<Response> {
  if (GUARD_DISABLED) return async (request, context) => handler(request, context);
  const wrapped = wrapRouteHandler(handler, { guard: () => nodePhi().guard, emitter: nodeSink, flushTimeoutMs: 2000, ...policy });
  return (request, context) => {
    flushAfterResponse();
    return wrapped(request, context);
  };
}
