import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard } from './util.js';
import { idNote, isNextDigest, readProp, safeRoute, UNREADABLE } from './reportIds.js';
import { cutText, withCutNote } from './cutText.js';
import { errorFields, isError, renderValue } from './createRedactingLogger.js';

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
 * After the frames come, redacted, what the redacting logger keeps of an
 * Error: its own enumerable properties (Prisma's `code` and `meta`) as
 * JSON, an `AggregateError`'s `errors` and the `cause` chain, each nested
 * error shown the same way under the path to it
 * (`  cause: Error: connect ECONNREFUSED …`, `  cause properties: {"code":"ECONNREFUSED"}`,
 * `  errors[1].cause: …`), each part cut to the same limits; 5 levels, 10
 * items an AggregateError and 20 nested errors in all at most.
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

/** Levels of causes and AggregateError items shown below the error (a cause's cause is the second); deeper ones are a marker. */
const MAX_NESTING = 5;
/** Items of one AggregateError's `errors` shown; the rest are counted. */
const MAX_ITEMS = 10;
/** Causes and items shown below the error in all, every level together: a wide tree of errors costs no more than this many. */
const MAX_NESTED = 20;

type Limits = { message: number; stack: number };

/** The parts of the text to report and of the redacted text to log, in order, and what the walk has shown so far. */
interface Parts {
  text: string[];
  redacted: string[];
  /** Causes and items shown so far. */
  nested: number;
  /** The errors whose causes and items are being shown: one met again is a cycle. */
  open: Set<unknown>;
}

/**
 * The error as the text to report and the redacted text to log: its
 * message and stack (see {@link messageAndStack}), then what the redacting
 * logger keeps of an Error too, each on lines of its own:
 *
 * - its own enumerable properties (Prisma's `code` and `meta`), rendered as
 *   the logger renders them (see `errorFields`), as JSON, redacted with keys
 *   as context: `  properties: {"code":"P2002"}`;
 * - an AggregateError's `errors`, `  errors[0]: Error: …` (at most
 *   {@link MAX_ITEMS}, then `  errors: … [N more errors]`);
 * - its `cause`, `  cause: Error: connect ECONNREFUSED …`, a cause that is
 *   no Error rendered as its properties are.
 *
 * Each nested error is shown the same way, its label the path to it
 * (`cause.cause`, `errors[1].cause properties`), and each part is cut to
 * the same limits as the error's own message and stack. Bounded by
 * {@link MAX_NESTING}, {@link MAX_ITEMS} and {@link MAX_NESTED}; a cycle
 * is `[Circular]`. A nested error that cannot be read is
 * `[unreadable]`, never a reason to withhold the rest; throws
 * {@link UNREADABLE_ERROR} only when the error's own message or stack
 * cannot be read, and what the guard throws.
 */
function boundedErrorText(guard: Guard, error: unknown, limits: Limits): { text: string; redacted: string } {
  const top = messageAndStack(guard, error, limits);
  const parts: Parts = { text: [top.text], redacted: [top.redacted], nested: 0, open: new Set([error]) };
  if (isObject(error)) addDetails(guard, error, '', 0, limits, parts);
  return { text: parts.text.join(''), redacted: parts.redacted.join('') };
}

/** `err`'s own properties, AggregateError items and cause, at nesting `depth` under the label `path` ('' for the error itself). */
function addDetails(guard: Guard, err: object, path: string, depth: number, limits: Limits, parts: Parts): void {
  const prefix = path ? `${path}.` : '';
  const items = errorItems(err);
  const fields = errorFields(err, items !== undefined);
  if (fields !== undefined) addData(guard, `\n  ${path ? `${path} ` : ''}properties: `, fields, limits.message, parts);
  if (items !== undefined) {
    const length = readProp(items, 'length');
    const count = typeof length === 'number' && Number.isSafeInteger(length) && length > 0 ? length : 0;
    for (let i = 0; i < count; i++) {
      if (i >= MAX_ITEMS) { addLabel(parts, `\n  ${prefix}errors: \u2026 [${count - i} more errors]`); break; }
      addNested(guard, readProp(items, i), `${prefix}errors[${i}]`, depth + 1, limits, parts);
    }
  }
  let hasCause = false;
  try { hasCause = Object.prototype.hasOwnProperty.call(err, 'cause'); } catch { /* a Proxy's trap threw: no cause shown */ }
  if (hasCause) addNested(guard, readProp(err, 'cause'), `${prefix}cause`, depth + 1, limits, parts);
}

/** A cause or an AggregateError item: an Error as the error is shown (message, stack, then its own details), anything else as data. */
function addNested(guard: Guard, value: unknown, path: string, depth: number, limits: Limits, parts: Parts): void {
  const label = `\n  ${path}: `;
  if (value === UNREADABLE) return addLabel(parts, `${label}[unreadable]`);
  if (parts.open.has(value)) return addLabel(parts, `${label}[Circular]`);
  if (depth > MAX_NESTING || parts.nested >= MAX_NESTED) return addLabel(parts, `${label}\u2026 [withheld: more than ${depth > MAX_NESTING ? `${MAX_NESTING} levels` : `${MAX_NESTED} nested errors`}]`);
  parts.nested++;
  if (!isError(value)) return addData(guard, label, typeof value === 'string' ? value : renderValue(value), limits.message, parts);
  let own: { text: string; redacted: string };
  try {
    own = messageAndStack(guard, value, limits);
  } catch (e) {
    if (e === UNREADABLE_ERROR) return addLabel(parts, `${label}[unreadable]`);
    throw e;
  }
  parts.text.push(label + own.text);
  parts.redacted.push(label + own.redacted);
  parts.open.add(value);
  try {
    addDetails(guard, value, path, depth, limits, parts);
  } finally {
    parts.open.delete(value);
  }
}

/**
 * `data` after `label`: a string as error text, anything else (plain data
 * from the logger's rendering) as JSON, redacted with its keys as context;
 * cut to `max` characters first, as a message is.
 */
function addData(guard: Guard, label: string, data: unknown, max: number, parts: Parts): void {
  let text: string;
  try {
    text = typeof data === 'string' ? data : JSON.stringify(data) ?? String(data);
  } catch {
    return addLabel(parts, `${label}[unreadable]`);
  }
  const { kept, cut } = cutText(guard, text, max);
  parts.text.push(label + kept);
  parts.redacted.push(label + withCutNote(guard.redactText(kept, typeof data === 'string' ? 'error' : 'json'), cut));
}

/** Text of the hook's own (a label, a marker) added to both. */
function addLabel(parts: Parts, text: string): void {
  parts.text.push(text);
  parts.redacted.push(text);
}

/** An AggregateError's own `errors` when it is an array; `undefined` otherwise and when reading it throws. */
function errorItems(err: object): unknown[] | undefined {
  try {
    if (!Object.prototype.hasOwnProperty.call(err, 'errors')) return undefined;
    const errors: unknown = (err as { errors?: unknown }).errors;
    return Array.isArray(errors) ? errors : undefined;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
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
function messageAndStack(guard: Guard, error: unknown, limits: Limits): { text: string; redacted: string } {
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
