import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard } from './util.js';

/**
 * What Next.js passes as `onRequestError`'s second argument.
 *
 * @example
 * const request: RequestErrorRequest = { path: '/patients/42', method: 'GET', headers: {} };
 */
export interface RequestErrorRequest {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * What Next.js passes as `onRequestError`'s third argument.
 *
 * @example
 * const ctx: RequestErrorContext = { routerKind: 'App Router', routePath: '/patients/[id]', routeType: 'render' };
 */
export interface RequestErrorContext {
  routerKind: 'Pages Router' | 'App Router';
  routePath: string;
  routeType: 'render' | 'route' | 'action' | 'middleware' | 'proxy';
  renderSource?: string;
  revalidateReason?: 'on-demand' | 'stale' | undefined;
}

/**
 * Options for {@link captureRequestError}.
 *
 * @example
 * const opts: CaptureRequestErrorOptions = { guard, emitter, log: (line) => logger.error(line) };
 */
export interface CaptureRequestErrorOptions extends ReportingOptions {
  guard: GuardSource;
  /** Where the redacted error is logged (default `console.error`). */
  log?: (line: string) => void;
}

/**
 * Builds an `onRequestError` hook for `instrumentation.ts`. The error's
 * message and stack are redacted, the redacted error is logged (never the
 * raw one, never the request path), and a `server_error` exposure event with
 * `route = context.routePath` is reported. It never throws.
 *
 * @example
 * // instrumentation.ts
 * import { createGuard } from 'phi-guard';
 * import { captureRequestError } from 'phi-guard/next';
 * export const onRequestError = captureRequestError({ guard: createGuard(), emitter });
 */
export function captureRequestError(options: CaptureRequestErrorOptions):
  (error: unknown, request: Readonly<RequestErrorRequest>, context: Readonly<RequestErrorContext>) => Promise<void> {
  const log = options.log ?? ((line: string) => console.error(line));
  observeGuard(options.guard);
  return async (error, _request, context) => {
    const route = typeof context?.routePath === 'string' ? context.routePath : 'unknown';
    const err = error as { message?: unknown; stack?: unknown; digest?: unknown; name?: unknown } | null;
    const message = typeof err?.message === 'string' ? err.message : String(error);
    const stack = typeof err?.stack === 'string' ? err.stack : '';
    const digest = typeof err?.digest === 'string' && /^[\w-]{1,64}$/.test(err.digest) ? ` (digest ${err.digest})` : '';
    let guard: Guard | undefined;
    try {
      guard = await resolveGuard(options.guard);
      const text = stack.includes(message) ? stack : `${message}\n${stack}`;
      const redacted = guard.redactText(text, 'error');
      safeLog(log, `[phi-guard] ${context?.routeType ?? 'request'} error on ${route}${digest}: ${redacted}`);
      await dispatch(guard, makeEvent({ channel: 'server_error', route, text, format: 'error', authenticated: false }), options);
    } catch (e) {
      safeLog(log, `[phi-guard] error on ${route}${digest}: details withheld (redaction failed: ${failureCode(e)})`);
      try {
        await dispatch(guard, makeEvent({ channel: 'guard_failure', route, authenticated: false, failure: e instanceof PhiGuardError ? e.code : 'input' }), options);
      } catch { /* never throw */ }
    }
  };
}

function safeLog(log: (line: string) => void, line: string): void {
  try { log(line); } catch { /* never throw */ }
}
