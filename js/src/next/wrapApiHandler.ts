import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Format } from '../common/types.js';
import { judge, reportExposure, reportFailure, type RoutePolicy, type Verdict } from './wrapRouteHandler.js';
import { scanBody } from './scanBody.js';
import { observeGuard, resolveGuard } from './util.js';

/**
 * The parts of a Pages Router `NextApiRequest` the wrapper reads.
 *
 * @example
 * const req: ApiRequestLike = { method: 'GET', url: '/api/patients/42', headers: {} };
 */
export interface ApiRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The parts of a Pages Router `NextApiResponse` the wrapper patches.
 *
 * @example
 * function handler(req: ApiRequestLike, res: ApiResponseLike) { res.json?.({ ok: true }); }
 */
export interface ApiResponseLike {
  statusCode: number;
  json?: (body: unknown) => unknown;
  send?: (body: unknown) => unknown;
  end: (...args: never[]) => unknown;
  getHeader?: (name: string) => number | string | string[] | undefined;
  setHeader?: (name: string, value: number | string | readonly string[]) => unknown;
  removeHeader?: (name: string) => unknown;
  headersSent?: boolean;
}

type Bytes = Uint8Array;

/**
 * Wraps a Pages Router API route (`pages/api/**`, Node `req`/`res`).
 * `res.json`, `res.send` and `res.end` are intercepted: the body is redacted
 * by content type before it is written when the policy does not let this
 * principal receive PHI (`res.write` streams are not scanned). Content
 * types are classified as in `wrapRouteHandler`: text types are scanned,
 * binary ones pass as `unscanned-binary` (`application/octet-stream` and the
 * download types only when their bytes look binary too: text sent as just
 * bytes is scanned as untyped), and a string or byte body with no
 * content type or one that says neither is scanned with format `auto`,
 * except bytes that look binary (a known binary signature, a NUL byte,
 * invalid UTF-8), which pass untouched as `unscanned-binary`; multipart
 * bodies are taken apart the same way. Bytes are scanned in the reading
 * their labels declare (byte-order mark, else `charset`) and, when it
 * differs, as UTF-8, as in `wrapRouteHandler`; redacted, they are written as
 * UTF-8 bytes (a `Buffer` for a `Buffer`) and a `charset` that said
 * otherwise is set to `utf-8`. A string is scanned as it is and written as
 * the handler would have. The response gets `x-phi-guard`;
 * `content-length` is removed when the body changed. Handler errors are
 * rethrown unchanged; guard failures follow `failMode` (`open`: write
 * unscanned, `closed`: 503); a body that cannot be read (a multipart text
 * part in an unknown transfer encoding) is reported and
 * written as it came (`unscanned-encoded`) or answered with 502
 * `{"error":"response_unscannable"}` under `closed`.
 *
 * @example
 * // pages/api/patients/[id].ts
 * import { wrapApiHandler } from 'phi-guard/next';
 * export default wrapApiHandler(async (req, res) => { res.json(await load(req.query.id)); }, {
 *   guard, route: '/api/patients/[id]', returnsPhi: 'never',
 * });
 */
export function wrapApiHandler<Req extends ApiRequestLike, Res extends ApiResponseLike>(
  handler: (req: Req, res: Res) => unknown | Promise<unknown>,
  policy: RoutePolicy<Req>,
): (req: Req, res: Res) => Promise<void> {
  const mode = policy.mode ?? 'redact';
  observeGuard(policy.guard);
  return async (req: Req, res: Res): Promise<void> => {
    let guard: Guard | undefined;
    let verdict: Verdict;
    let failure: PhiGuardError | undefined;
    try {
      verdict = await judge(policy, req);
      if (!verdict.allowed) guard = await resolveGuard(policy.guard);
    } catch (e) {
      if (!(e instanceof PhiGuardError)) throw e;
      failure = e;
      verdict = { principal: { authenticated: false }, allowed: false };
      void reportFailure(undefined, policy, e);
    }

    const original = { json: res.json, send: res.send, end: res.end };
    let depth = 0; // json → send → end call each other inside Next: scan once, at the outermost call.
    const setHeader = (v: string) => { try { if (!res.headersSent) res.setHeader?.('x-phi-guard', v); } catch { /* ignore */ } };

    /** Answers 502 with a PHI-free JSON error: the body is text this wrapper cannot read (`failMode: 'closed'`). */
    const unscannable = (header: string): undefined => {
      res.statusCode = 502;
      setHeader(header);
      try { res.removeHeader?.('content-length'); res.setHeader?.('content-type', 'application/json'); res.setHeader?.('cache-control', 'no-store'); } catch { /* ignore */ }
      (original.end as (b: string) => unknown).call(res, JSON.stringify({ error: 'response_unscannable' }));
      return undefined;
    };

    const failClosed = (): boolean => {
      if (policy.failMode !== 'closed') { setHeader('unscanned-failure'); return false; }
      res.statusCode = 503;
      setHeader('unscanned-failure');
      try { res.removeHeader?.('content-length'); res.setHeader?.('content-type', 'application/json'); } catch { /* ignore */ }
      (original.end as (b: string) => unknown).call(res, JSON.stringify({ error: 'service_unavailable' }));
      return true;
    };

    /** Returns the body to write, or `undefined` when the response was already ended here. */
    const process = (body: unknown, kind: 'json' | 'text'): { body: unknown } | undefined => {
      if (verdict.allowed) { setHeader('unscanned-allowed'); return { body }; }
      if (failure || !guard) return failClosed() ? undefined : { body };
      let text: string;
      let format: Format;
      let scanned: ReturnType<typeof scanBody> | undefined;
      const asValue = kind === 'json' || (body !== null && typeof body === 'object' && !(body instanceof Uint8Array));
      if (!asValue && typeof body !== 'string' && !(body instanceof Uint8Array)) return { body };
      try {
        if (asValue) {
          text = JSON.stringify(body) ?? '';
          format = 'json';
        } else {
          const declared = res.getHeader?.('content-type');
          const contentType = declared === undefined ? null : String(declared);
          scanned = scanBody(guard, body as string | Bytes, contentType);
          if (scanned.outcome === 'binary') { setHeader('unscanned-binary'); return { body }; }
          if (scanned.outcome === 'unscannable') {
            void reportFailure(guard, policy, scanned.failure);
            if (policy.failMode === 'closed') return unscannable(scanned.failure === 'multipart_too_deep' ? 'unscanned-failure' : 'unscanned-encoded');
            setHeader(scanned.failure === 'multipart_too_deep' ? 'unscanned-failure' : 'unscanned-encoded');
            return { body };
          }
          if (scanned.outcome === 'clean') { setHeader('clean'); return { body }; }
          text = scanned.text;
          format = scanned.format;
        }
        let redacted = '';
        if (!scanned) {
          const result = guard.scan(text, { format });
          if (result.findings.length === 0) { setHeader('clean'); return { body }; }
          redacted = result.redacted;
        }
        void reportExposure(guard, policy, verdict, text, format, mode === 'redact' ? 'redacted' : mode === 'block' ? 'blocked' : 'none');
        if (mode === 'report') { setHeader('reported'); return { body }; }
        try { res.removeHeader?.('content-length'); } catch { /* ignore */ }
        if (mode === 'block') {
          res.statusCode = 500;
          setHeader('blocked');
          try { res.setHeader?.('content-type', 'application/json'); } catch { /* ignore */ }
          (original.end as (b: string) => unknown).call(res, JSON.stringify({ error: 'response_withheld' }));
          return undefined;
        }
        setHeader('redacted');
        if (!scanned) return { body: kind === 'json' ? JSON.parse(redacted) : redacted };
        if (scanned.outcome !== 'found') return { body };
        // A string is written as the handler would have written it; bytes are replaced by UTF-8 bytes
        // (a Buffer by a Buffer, for Next's `send`), with the charset saying so when it said another.
        if (typeof body === 'string') return { body: new TextDecoder().decode(scanned.redacted) };
        if (scanned.contentType) { try { res.setHeader?.('content-type', scanned.contentType); } catch { /* ignore */ } }
        const B = (globalThis as { Buffer?: { isBuffer(b: unknown): boolean; from(b: Uint8Array): Uint8Array } }).Buffer;
        return { body: B?.isBuffer(body) ? B.from(scanned.redacted) : scanned.redacted };
      } catch (e) {
        failure = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this body', { cause: e });
        void reportFailure(guard, policy, failure);
        return failClosed() ? undefined : { body };
      }
    };

    const wrap = <F extends (...a: never[]) => unknown>(fn: F | undefined, kind: 'json' | 'text') => fn && (function (this: unknown, ...args: unknown[]) {
      if (depth > 0) return (fn as unknown as (...a: unknown[]) => unknown).apply(res, args);
      depth++;
      try {
        const isEnd = fn === original.end;
        const first = args[0];
        if (isEnd && (first === undefined || typeof first === 'function')) return (fn as unknown as (...a: unknown[]) => unknown).apply(res, args);
        const out = process(first, kind);
        if (!out) return res;
        return (fn as unknown as (...a: unknown[]) => unknown).apply(res, [out.body, ...args.slice(1)]);
      } finally {
        depth--;
      }
    }) as unknown as F;

    if (original.json) res.json = wrap(original.json, 'json');
    if (original.send) res.send = wrap(original.send, 'text');
    res.end = wrap(original.end, 'text') as Res['end'];
    await handler(req, res);
  };
}
