import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard } from './util.js';
import { idNote, isReferenceId, safeRoute } from './reportIds.js';
import { clientRateLimit, type RelayRateLimit } from './clientRateLimit.js';
import { cutText, withCutNote } from './cutText.js';

/**
 * What the browser sends to the relay (all fields already redacted in the browser).
 *
 * @example
 * const report: ClientErrorReport = { message: 'chart failed for [NAME]', route: '/patients/[id]' };
 */
export interface ClientErrorReport {
  message: string;
  stack?: string;
  componentStack?: string;
  route?: string;
  digest?: string;
  /** The id the fallback showed the user: a version 4 UUID. The relay logs no other form. */
  referenceId?: string;
}

/**
 * Options for {@link createSignalRelay}.
 *
 * @example
 * const opts: SignalRelayOptions = { guard, emitter, allowedOrigins: ['https://app.example.com'], maxBytes: 30_000, readTimeoutMs: 5_000 };
 */
export interface SignalRelayOptions extends ReportingOptions {
  guard: GuardSource;
  /** Origins allowed to post, e.g. `['https://app.example.com']`. Same-origin posts are always allowed. */
  allowedOrigins?: string[];
  /** Largest accepted body in bytes (default 60 000). */
  maxBytes?: number;
  /**
   * Longest time, in milliseconds, to read the whole body (default 10 000):
   * a body still arriving then is cancelled and answered 408
   * `{"error":"request_timeout"}`. An integer from 1 to 2 147 483 647;
   * anything else throws a `PhiGuardError` with code `input`.
   */
  readTimeoutMs?: number;
  /** Where the server-redacted report is logged (default `console.error`); `null` to not log. */
  log?: ((line: string) => void) | null;
  /**
   * Reports each client may send (default: 10 at once, then 30 a minute,
   * per client address, 10 000 clients tracked); `false` for no limit. A
   * report over it is answered 429 `{"error":"too_many_requests"}` with
   * `Retry-After` (seconds), its body unread and no signal sent; the log
   * says how many were, at most once a minute, and never which client.
   * See {@link RelayRateLimit} for the fields and how a client is told
   * apart; values out of range throw a `PhiGuardError` with code `input`.
   *
   * @example
   * createSignalRelay({ guard, rateLimit: { perMinute: 60, burst: 20 } });
   * createSignalRelay({ guard, rateLimit: false }); // the platform's firewall limits the route already
   */
  rateLimit?: RelayRateLimit | false;
}

const json = (status: number, body: object | null, headers?: Record<string, string>) => new Response(body ? JSON.stringify(body) : null, {
  status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
});

/** How often, at most, the log says how many reports were over the rate limit. */
const NOTE_EVERY_MS = 60_000;

function originAllowed(request: Request, allowed: string[]): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return request.headers.get('sec-fetch-site') === 'same-origin';
  if (allowed.includes(origin)) return true;
  try {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const TIMED_OUT = Symbol('timed out');
const TOO_LARGE = Symbol('too large');

/**
 * The body as text, read within `timeoutMs` and `max` bytes; past either,
 * the body is cancelled (so its source stops) and a marker returned.
 */
async function readCapped(request: Request, max: number, timeoutMs: number): Promise<string | typeof TIMED_OUT | typeof TOO_LARGE> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const stop = () => { void reader.cancel().catch(() => undefined); };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const read = reader.read();
      read.catch(() => undefined); // a read lost to the deadline may still reject: not unhandled
      const next = await Promise.race([read, deadline]);
      if (next === TIMED_OUT) { stop(); return TIMED_OUT; }
      const { done, value } = next;
      if (done) break;
      size += value.byteLength;
      if (size > max) { stop(); return TOO_LARGE; }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
  return new TextDecoder().decode(bytes);
}

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/** Most characters of each text field scanned: the message (what the browser components send of one), the stack, the component stack. */
const TEXT_LIMITS = [['message', 8_000], ['stack', 30_000], ['componentStack', 30_000]] as const;

/**
 * A `POST` route handler that receives browser error reports from
 * `PhiErrorBoundary` and friends. It checks the `Origin` (listed or same
 * origin), answers 429 to a client over its rate limit (`rateLimit`; by
 * default 10 reports at once, then 30 a minute) without reading the body,
 * rejects bodies over `maxBytes` (413), bodies not fully read
 * within `readTimeoutMs` (408, the body cancelled) and malformed JSON (400)
 * without echoing any content, redacts every field again on the server, logs
 * only that redacted copy, and records a `client_error` exposure event (through `emitter` / `onEvent`,
 * so keys and endpoints stay server-side). Answers 202.
 *
 * The text scanned is bounded: the message is cut to 8 000 characters and
 * the stack and the component stack to 30 000 each before anything is
 * scanned, back to a point that splits no value (see `cutText`: a piece of
 * a value, `219-09-99` of `219-09-9999`, would pass the redaction), and the
 * line says how much was cut after each part cut: `… [N characters cut]`.
 * The event's text is the same cut text. The components here cut a report
 * in the browser already (to 8 000 and 24 000 characters, marker included).
 *
 * The log line names the route as a template (id-like or flagged segments,
 * and segments with characters a URL path does not carry, become `[id]`)
 * and the report's `referenceId` only in the form the phi-guard/react
 * components make it (a version 4 UUID) and only when the guard finds
 * nothing in it; any other reference id is logged as `(ref withheld)`.
 *
 * @example
 * // app/api/phi-guard/relay/route.ts
 * import { createSignalRelay } from 'phi-guard/next';
 * export const POST = createSignalRelay({ guard: createGuard(), emitter, allowedOrigins: ['https://app.example.com'] });
 * // logs e.g. "[phi-guard] client error on /patients/[id] (ref 3f2a9c1e-8b4d-4e6f-9a1b-2c3d4e5f6a7b): chart failed for [NAME]"
 */
export function createSignalRelay(options: SignalRelayOptions): (request: Request) => Promise<Response> {
  const max = options.maxBytes ?? 60_000;
  const allowed = options.allowedOrigins ?? [];
  const timeoutMs = options.readTimeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2 ** 31 - 1) {
    throw new PhiGuardError('input', 'readTimeoutMs must be an integer from 1 to 2147483647');
  }
  const limit = clientRateLimit(options.rateLimit);
  const clock = (options.rateLimit && options.rateLimit.now) || Date.now;
  const log = options.log === undefined ? (l: string) => console.error(l) : options.log;
  // Reports refused since the log last said so, and when it did.
  let refused = 0;
  let noted = -Infinity;
  const noteRefused = () => {
    refused++;
    let now: number;
    try { now = clock(); } catch { return; }
    if (!(now - noted >= NOTE_EVERY_MS)) return;
    try { log?.(`[phi-guard] relay: ${refused} client error report${refused === 1 ? '' : 's'} over the rate limit answered 429 (said at most once a minute)`); } catch { /* never throw */ }
    refused = 0;
    noted = now;
  };
  observeGuard(options.guard);
  return async (request: Request): Promise<Response> => {
    if (request.method && request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
    if (!originAllowed(request, allowed)) return json(403, { error: 'origin_not_allowed' });
    // After the origin check, so posts refused for it cannot drain a bucket others share.
    const decision = limit?.(request);
    if (decision && !decision.ok) {
      noteRefused();
      return json(429, { error: 'too_many_requests' }, { 'retry-after': String(decision.retryAfterS) });
    }
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > max) return json(413, { error: 'payload_too_large' });
    let raw: string | typeof TIMED_OUT | typeof TOO_LARGE;
    try { raw = await readCapped(request, max, timeoutMs); } catch { return json(400, { error: 'unreadable_body' }); }
    if (raw === TOO_LARGE) return json(413, { error: 'payload_too_large' });
    if (raw === TIMED_OUT) return json(408, { error: 'request_timeout' });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as { message?: unknown }).message !== 'string') throw new Error('shape');
      body = parsed as Record<string, unknown>;
    } catch {
      return json(400, { error: 'malformed_report' });
    }
    const posted = str(body.route, 500);
    let guard: Guard | undefined;
    try {
      const g = guard = await resolveGuard(options.guard);
      // Each text field is cut before it is scanned, back to a point that
      // splits no value (a piece of one, `219-09-99`, would pass redaction),
      // and redacted on its own, so its marker follows it, unscanned.
      const parts = TEXT_LIMITS.flatMap(([k, max]) => {
        const v = body[k];
        return typeof v === 'string' && v !== '' ? [cutText(g, v, max)] : [];
      });
      const text = parts.map((p) => p.kept).filter(Boolean).join('\n');
      const route = posted ? safeRoute(posted, guard, '/unknown') : '/unknown';
      const redacted = parts.map((p) => withCutNote(g.redactText(p.kept, 'error'), p.cut)).join('\n');
      // The id as posted: a non-string id is withheld, not dropped.
      const ref = idNote('ref', body.referenceId, isReferenceId, guard);
      try { log?.(`[phi-guard] client error on ${route}${ref}: ${redacted}`); } catch { /* never throw */ }
      // `text` is what the browser sent: anything the classifier still finds there slipped past browser redaction.
      void dispatch(guard, makeEvent({
        channel: 'client_error', route, text, format: 'error', runtime: 'browser', authenticated: false,
        mitigation: 'redacted',
      }), options);
      return json(202, null);
    } catch (e) {
      if (!(e instanceof PhiGuardError)) return json(500, { error: 'relay_failed' });
      void dispatch(guard, makeEvent({ channel: 'guard_failure', route: '/unknown', authenticated: false, failure: failureCode(e) }), options);
      return json(503, { error: 'service_unavailable' });
    }
  };
}
