import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard } from './util.js';
import { idNote, isNextDigest, readProp, safeRoute, UNREADABLE } from './reportIds.js';

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

/** The `routeType`s Next.js passes; anything else is logged as `request`. */
const ROUTE_TYPES: ReadonlySet<unknown> = new Set(['render', 'route', 'action', 'middleware', 'proxy']);

/** Thrown inside the hook when the error cannot be read; caught there. */
const UNREADABLE_ERROR = new Error('error unreadable');

/**
 * Builds an `onRequestError` hook for `instrumentation.ts`. The error's
 * message and stack are redacted, the redacted error is logged (never the
 * raw one, never the request path), and a `server_error` exposure event with
 * `route = context.routePath` is reported.
 *
 * It never throws and its promise always resolves. An error that cannot be
 * read (a getter or `toString` that throws, a revoked Proxy, an object
 * without a prototype) or a guard that fails gives the line
 * `… details withheld (…)` and a `guard_failure` event instead: nothing the
 * error's own code threw goes further.
 *
 * What else reaches the log line and the event is checked as well: the
 * error's `digest` is shown only in the form Next.js computes (a decimal
 * 32-bit hash such as `2437698463`) and only when the guard finds nothing in
 * it, else `(digest withheld)`; `routePath` is templated (id-like or flagged
 * segments, and segments with characters a URL path does not carry, become
 * `[id]`); a `routeType` Next.js does not define is logged as `request`.
 *
 * @example
 * // instrumentation.ts
 * import { createGuard } from 'phi-guard';
 * import { captureRequestError } from 'phi-guard/next';
 * export const onRequestError = captureRequestError({ guard: createGuard(), emitter });
 * // logs e.g. "[phi-guard] render error on /patients/[id] (digest 2437698463): Error: no chart for [NAME] …"
 */
export function captureRequestError(options: CaptureRequestErrorOptions):
  (error: unknown, request: Readonly<RequestErrorRequest>, context: Readonly<RequestErrorContext>) => Promise<void> {
  const log = options.log ?? ((line: string) => console.error(line));
  observeGuard(options.guard);
  return async (error, _request, context) => {
    // Every read of `error` and `context` may run the caller's code: each is guarded.
    let route = 'unknown';
    let digestNote = '';
    let guard: Guard | undefined;
    try {
      const routePath = readProp(context, 'routePath');
      const routeType = readProp(context, 'routeType');
      const kind = ROUTE_TYPES.has(routeType) ? routeType as string : 'request';
      const path = typeof routePath === 'string' && routePath.length <= 1000 ? routePath : undefined;
      if (path) route = safeRoute(path, undefined, 'unknown');
      const digest = readProp(error, 'digest');
      // Shown only once the guard has checked it.
      digestNote = idNote('digest', digest, isNextDigest, undefined);
      guard = await resolveGuard(options.guard);
      if (path) route = safeRoute(path, guard, 'unknown');
      digestNote = idNote('digest', digest, isNextDigest, guard);
      const text = errorText(error);
      const redacted = guard.redactText(text, 'error');
      safeLog(log, `[phi-guard] ${kind} error on ${route}${digestNote}: ${redacted}`);
      await dispatch(guard, makeEvent({ channel: 'server_error', route, text, format: 'error', authenticated: false }), options);
    } catch (e) {
      const reason = e === UNREADABLE_ERROR ? 'error unreadable' : `redaction failed: ${safeFailureCode(e)}`;
      safeLog(log, `[phi-guard] error on ${route}${digestNote}: details withheld (${reason})`);
      try {
        await dispatch(guard, makeEvent({ channel: 'guard_failure', route, authenticated: false, failure: e instanceof PhiGuardError ? e.code : 'input' }), options);
      } catch { /* never throw */ }
    }
  };
}

/**
 * The error's message and stack as one text, read once each. Throws
 * {@link UNREADABLE_ERROR} when a read or the conversion to a string throws.
 */
function errorText(error: unknown): string {
  const message = readProp(error, 'message');
  const stack = readProp(error, 'stack');
  if (message === UNREADABLE || stack === UNREADABLE) throw UNREADABLE_ERROR;
  let m: string;
  if (typeof message === 'string') m = message;
  else {
    try { m = String(error); } catch { throw UNREADABLE_ERROR; }
  }
  const s = typeof stack === 'string' ? stack : '';
  return s.includes(m) ? s : `${m}\n${s}`;
}

function safeFailureCode(e: unknown): string {
  try { return failureCode(e); } catch { return 'input'; }
}

function safeLog(log: (line: string) => void, line: string): void {
  try { log(line); } catch { /* never throw */ }
}
