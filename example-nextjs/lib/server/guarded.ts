import 'server-only';
import { wrapRouteHandler, type EmitterLike, type RoutePolicy } from 'phi-guard/next';
import { GUARD_DISABLED } from './env';
import { nodePhi } from './phi';

/** Hands events to the process-wide pipeline, created on first use. */
export const nodeSink: EmitterLike = { record: (guard, event) => nodePhi().reporting.sink.record(guard, event) };

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
  return wrapRouteHandler(handler, { guard: () => nodePhi().guard, emitter: nodeSink, flushTimeoutMs: 2000, ...policy });
}
