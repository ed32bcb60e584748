import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard } from './util.js';
import { idNote, isNextDigest, readProp, safeRoute, UNREADABLE } from './reportIds.js';
import { cutText, withCutNote } from './cutText.js';

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
  /**
   * Most characters of the error's message scanned, logged and reported
   * (default 8 000, what the browser components send of a message). A
   * longer message is cut before it is scanned, at a boundary that splits
   * no value, and the line says how much was cut: `… [N characters cut]`.
   * An integer from 0 to 2 147 483 647; anything else throws a
   * `PhiGuardError` with code `input`.
   *
   * @example
   * captureRequestError({ guard, maxMessageChars: 2_000 }); // messages quote request bodies here
   */
  maxMessageChars?: number;
  /**
   * Most characters of the stack after the message (the frames) scanned,
   * logged and reported (default 24 000, what the browser components send
   * of a stack: some 150 frames, so a `stackTraceLimit` of 100 still fits).
   * Cut as the message is. An integer from 0 to 2 147 483 647; anything
   * else throws a `PhiGuardError` with code `input`.
   *
   * @example
   * captureRequestError({ guard, maxStackChars: 4_000 }); // the first frames are enough
   */
  maxStackChars?: number;
}

/** The `routeType`s Next.js passes; anything else is logged as `request`. */
const ROUTE_TYPES: ReadonlySet<unknown> = new Set(['render', 'route', 'action', 'middleware', 'proxy']);

/** Thrown inside the hook when the error cannot be read; caught there. */
const UNREADABLE_ERROR = new Error('error unreadable');

/** Characters at each end of a message compared with the stack to find it there: a bounded cost whatever its length. */
const PROBE = 256;
/** How far into the stack the message may start (after `name: `): room for any name an error is given. */
const HEAD_MAX = 1024;

/**
 * Builds an `onRequestError` hook for `instrumentation.ts`. The error's
 * message and stack are redacted, the redacted error is logged (never the
 * raw one, never the request path), and a `server_error` exposure event with
 * `route = context.routePath` is reported.
 *
 * The text scanned is bounded, so an error that quotes a 10 MB body costs
 * no more than any other: the message is cut to `maxMessageChars` (default
 * 8 000) and the frames after it to `maxStackChars` (default 24 000)
 * before anything is scanned. A cut never leaves part of a value at its
 * edge (it moves back before a value the guard finds across it, and before
 * a token it would split), and the line says how much was cut, never what:
 * `Error: bad payload: {"note":" … [9999913 characters cut]` is followed
 * by the frames. The event's text is the same cut text.
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
 *
 * // where messages quote whole request bodies, 2 000 characters of each are plenty:
 * captureRequestError({ guard: createGuard(), emitter, maxMessageChars: 2_000 });
 */
export function captureRequestError(options: CaptureRequestErrorOptions):
  (error: unknown, request: Readonly<RequestErrorRequest>, context: Readonly<RequestErrorContext>) => Promise<void> {
  const log = options.log ?? ((line: string) => console.error(line));
  const limits = {
    message: charLimit('maxMessageChars', options.maxMessageChars, 8_000),
    stack: charLimit('maxStackChars', options.maxStackChars, 24_000),
  };
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
      const { text, redacted } = boundedErrorText(guard, error, limits);
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

/** An integer option from 0 to 2^31 − 1, or `fallback` when not given; else a `PhiGuardError('input')`. */
function charLimit(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new PhiGuardError('input', `${name} must be an integer from 0 to 2147483647`);
  }
  return value;
}

/**
 * The error's message and stack, read once each, as the text to report
 * (each part cut to its limit, see {@link cutText}) and as the redacted text
 * to log (each part redacted, then followed by its `… [N characters cut]`
 * when cut: the marker is not scanned, so no detector can touch its count).
 *
 * The message is found in the stack where V8 puts it (after `name: `, in
 * the first {@link HEAD_MAX} characters) by comparing {@link PROBE}
 * characters at each end, so a long message costs no full comparison:
 * the stack is then split into the head (`Error: `), the message and the
 * frames. Else the message comes first and the stack after it. Throws
 * {@link UNREADABLE_ERROR} when a read or the conversion to a string throws.
 */
function boundedErrorText(guard: Guard, error: unknown, limits: { message: number; stack: number }): { text: string; redacted: string } {
  const message = readProp(error, 'message');
  const stack = readProp(error, 'stack');
  if (message === UNREADABLE || stack === UNREADABLE) throw UNREADABLE_ERROR;
  let m: string;
  if (typeof message === 'string') m = message;
  else {
    try { m = String(error); } catch { throw UNREADABLE_ERROR; }
  }
  const s = typeof stack === 'string' ? stack : '';
  let head = '';
  let frames = s && m ? `\n${s}` : s;
  if (m) {
    const at = s.slice(0, HEAD_MAX + PROBE).indexOf(m.slice(0, PROBE));
    const end = at + m.length;
    if (at >= 0 && at <= HEAD_MAX && s.length >= end && s.slice(Math.max(at, end - PROBE), end) === m.slice(-PROBE)) {
      head = s.slice(0, at);
      frames = s.slice(end);
    }
  }
  const msg = cutText(guard, m, limits.message);
  const trace = cutText(guard, frames, limits.stack);
  const text = head + msg.kept + trace.kept;
  let redacted = withCutNote(guard.redactText(head + msg.kept, 'error'), msg.cut);
  if (trace.kept) redacted += guard.redactText(trace.kept, 'error');
  return { text, redacted: withCutNote(redacted, trace.cut) };
}

function safeFailureCode(e: unknown): string {
  try { return failureCode(e); } catch { return 'input'; }
}

function safeLog(log: (line: string) => void, line: string): void {
  try { log(line); } catch { /* never throw */ }
}
