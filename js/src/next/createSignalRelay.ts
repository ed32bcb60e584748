import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { GuardSource, ReportingOptions } from './types.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard, templatePath } from './util.js';

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
  referenceId?: string;
}

/**
 * Options for {@link createSignalRelay}.
 *
 * @example
 * const opts: SignalRelayOptions = { guard, emitter, allowedOrigins: ['https://app.example.com'], maxBytes: 30_000 };
 */
export interface SignalRelayOptions extends ReportingOptions {
  guard: GuardSource;
  /** Origins allowed to post, e.g. `['https://app.example.com']`. Same-origin posts are always allowed. */
  allowedOrigins?: string[];
  /** Largest accepted body in bytes (default 60 000). */
  maxBytes?: number;
  /** Where the server-redacted report is logged (default `console.error`); `null` to not log. */
  log?: ((line: string) => void) | null;
}

const json = (status: number, body: object | null) => new Response(body ? JSON.stringify(body) : null, {
  status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
});

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

async function readCapped(request: Request, max: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) { void reader.cancel().catch(() => undefined); return null; }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
  return new TextDecoder().decode(bytes);
}

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/**
 * A `POST` route handler that receives browser error reports from
 * `PhiErrorBoundary` and friends. It checks the `Origin` (listed or same
 * origin), rejects bodies over `maxBytes` (413) and malformed JSON (400)
 * without echoing any content, redacts every field again on the server, logs
 * only that redacted copy, and records a `client_error` exposure event (through `emitter` / `onEvent`,
 * so keys and endpoints stay server-side). Answers 202.
 *
 * @example
 * // app/api/phi-guard/relay/route.ts
 * import { createSignalRelay } from 'phi-guard/next';
 * export const POST = createSignalRelay({ guard: createGuard(), emitter, allowedOrigins: ['https://app.example.com'] });
 */
export function createSignalRelay(options: SignalRelayOptions): (request: Request) => Promise<Response> {
  const max = options.maxBytes ?? 60_000;
  const allowed = options.allowedOrigins ?? [];
  observeGuard(options.guard);
  return async (request: Request): Promise<Response> => {
    if (request.method && request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
    if (!originAllowed(request, allowed)) return json(403, { error: 'origin_not_allowed' });
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > max) return json(413, { error: 'payload_too_large' });
    let raw: string | null;
    try { raw = await readCapped(request, max); } catch { return json(400, { error: 'unreadable_body' }); }
    if (raw === null) return json(413, { error: 'payload_too_large' });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as { message?: unknown }).message !== 'string') throw new Error('shape');
      body = parsed as Record<string, unknown>;
    } catch {
      return json(400, { error: 'malformed_report' });
    }
    const report: ClientErrorReport = {
      message: str(body.message, 8_000) ?? '',
      stack: str(body.stack, 30_000),
      componentStack: str(body.componentStack, 30_000),
      route: str(body.route, 500),
      digest: str(body.digest, 64),
      referenceId: str(body.referenceId, 64),
    };
    let guard: Guard | undefined;
    try {
      guard = await resolveGuard(options.guard);
      const text = [report.message, report.stack, report.componentStack].filter(Boolean).join('\n');
      let route = '/unknown';
      if (report.route) {
        const path = report.route.split(/[?#]/)[0]!;
        const flagged = guard.scan(path, { format: 'url' }).findings.filter((f) => !(f.type === 'URL' && f.start === 0));
        route = path.startsWith('/') ? templatePath(path, flagged.map((f) => [f.start, f.end])) : '/unknown';
      }
      const redacted = guard.redactText(text, 'error');
      const ref = report.referenceId && /^[\w-]{1,64}$/.test(report.referenceId) ? ` (ref ${report.referenceId})` : '';
      const log = options.log === undefined ? (l: string) => console.error(l) : options.log;
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
