import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Format } from '../common/types.js';
import { concat, judge, reportExposure, reportFailure, streamReport, type RoutePolicy, type Verdict } from './wrapRouteHandler.js';
import { scanBody } from './scanBody.js';
import { createRedactingStream } from './createRedactingStream.js';
import { createEventRedactingStream, EVENT_MAX_CHARS, isEventStream } from './eventStream.js';
import { scanHeaders } from './headers.js';
import { classifyContentType, encodingOf, looksBinary, observeGuard, opaqueBinary, resolveGuard, saysUtf8, withCharset } from './util.js';

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
  write?: (...args: never[]) => unknown;
  destroy?: (error?: Error) => unknown;
  getHeader?: (name: string) => number | string | string[] | undefined;
  setHeader?: (name: string, value: number | string | readonly string[]) => unknown;
  removeHeader?: (name: string) => unknown;
  headersSent?: boolean;
}

type Bytes = Uint8Array;


/** What a `res.write` or `res.end` chunk is as bytes: a string in its encoding (UTF-8 by default), or the bytes given. */
function chunkBytes(chunk: unknown, encoding: unknown): Bytes | undefined {
  const B = (globalThis as { Buffer?: { from(s: string, enc?: string): Uint8Array; isEncoding?(e: string): boolean } }).Buffer;
  if (typeof chunk === 'string') {
    const enc = typeof encoding === 'string' && B?.isEncoding?.(encoding) ? encoding : 'utf8';
    return B ? B.from(chunk, enc) : new TextEncoder().encode(chunk);
  }
  if (chunk instanceof Uint8Array) return chunk;
  return undefined;
}

/**
 * The headers given to `writeHead`, as name and value: an object, a flat
 * list of names and values (Node's raw form), or a list of pairs; a name
 * given twice keeps both values, as Node does.
 */
function headerPairs(given: unknown): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  if (Array.isArray(given)) {
    if (given.every((x) => Array.isArray(x))) for (const [k, v] of given as unknown[][]) pairs.push([String(k), v]);
    else for (let i = 0; i + 1 < given.length; i += 2) pairs.push([String(given[i]), given[i + 1]]);
  } else if (given !== null && typeof given === 'object') {
    for (const [k, v] of Object.entries(given as Record<string, unknown>)) pairs.push([k, v]);
  }
  // Repeated names: their values together, in order.
  const merged = new Map<string, { name: string; values: unknown[] }>();
  for (const [k, v] of pairs) {
    const m = merged.get(k.toLowerCase()) ?? { name: k, values: [] };
    m.values.push(...(Array.isArray(v) ? v : [v]));
    merged.set(k.toLowerCase(), m);
  }
  return [...merged.values()].map(({ name, values }) => [name, values.length === 1 ? String(values[0]) : values.map(String)]);
}

/**
 * Wraps a Pages Router API route (`pages/api/**`, Node `req`/`res`).
 * `res.json`, `res.send`, `res.write` and `res.end` are intercepted: the
 * body is redacted by content type before it is written when the policy
 * does not let this principal receive PHI. What `res.write` writes is held
 * up to `maxBufferBytes` and scanned whole with what `res.end` adds, as one
 * body (a CSV export written row by row is scanned as the CSV it is);
 * past that, and for `text/event-stream` from its first write, it is
 * redacted as a stream and written as it comes, the header saying
 * `redacted` (`block` cuts the response short at the first finding): an
 * event stream event by event, each sent once its blank line is written;
 * any other body through `createRedactingStream` (text or HTML). Content
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

    const original = { json: res.json, send: res.send, end: res.end, write: res.write };
    const maxBuffer = policy.maxBufferBytes ?? 5 * 1024 * 1024;
    // Inside a call of the response's own methods: a `writeHead` from there
    // is Node sending the headers with the body, not the handler's.
    let internal = 0;
    const callOriginal = (fn: unknown, args: unknown[]): unknown => {
      internal++;
      try { return (fn as (...a: unknown[]) => unknown).apply(res, args); } finally { internal--; }
    };
    let depth = 0; // json → send → end call each other inside Next: scan once, at the outermost call.
    // A header found holding PHI makes a clean body's response `redacted` (or `reported`) all the same.
    let headerMark: string | undefined;
    const setHeader = (v: string) => { try { if (!res.headersSent) res.setHeader?.('x-phi-guard', v === 'clean' && headerMark ? headerMark : v); } catch { /* ignore */ } };

    /** Withholds the response (`mode: 'block'`): 500 with a PHI-free JSON error. */
    const withhold = (): undefined => {
      res.statusCode = 500;
      setHeader('blocked');
      try { res.removeHeader?.('content-length'); res.setHeader?.('content-type', 'application/json'); } catch { /* ignore */ }
      callOriginal(original.end, [JSON.stringify({ error: 'response_withheld' })]);
      return undefined;
    };

    // Header lines already reported (under `report` a header keeps its
    // value, and the headers are scanned again each time they may go out).
    const reportedHeaders = new Set<string>();
    /**
     * Scans the response's headers as they stand, while they can still
     * change: before a body is written, before `writeHead` sends them, and
     * again at `res.end` for headers set after a held write. PHI in a header
     * is reported and, under `redact`, replaced in place (a redacted value
     * scans clean the next time). False when the response was ended here
     * instead (`block`, or a guard failure under `closed`).
     */
    const checkHeaders = (): boolean => {
      if (verdict.allowed || failure || !guard || res.headersSent) return true;
      const set = (res as { getHeaders?: () => Record<string, unknown> }).getHeaders?.() ?? {};
      // Each string value, and where it is: its header, and its place in a list of values.
      const entries: Array<[string, string]> = [];
      const places: Array<{ name: string; item: number }> = [];
      for (const [name, v] of Object.entries(set)) {
        (Array.isArray(v) ? v : [v]).forEach((one, item) => {
          if (typeof one !== 'string') return;
          entries.push([name, one]);
          places.push({ name, item: Array.isArray(v) ? item : -1 });
        });
      }
      let scan: ReturnType<typeof scanHeaders>;
      try {
        scan = scanHeaders(guard, entries);
      } catch (e) {
        failure = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on these headers', { cause: e });
        void reportFailure(guard, policy, failure);
        return !failClosed();
      }
      if (scan.redacted.length === 0) return true;
      if (!reportedHeaders.has(scan.text)) {
        reportedHeaders.add(scan.text);
        void reportExposure(guard, policy, verdict, scan.text, 'text', mode === 'redact' ? 'redacted' : mode === 'block' ? 'blocked' : 'none');
      }
      if (mode === 'block') {
        for (const [index] of scan.redacted) { try { res.removeHeader?.(places[index]!.name); } catch { /* ignore */ } }
        withhold();
        return false;
      }
      headerMark = mode === 'redact' ? 'redacted' : 'reported';
      if (mode === 'report') return true;
      for (const [index, value] of scan.redacted) {
        const { name, item } = places[index]!;
        let next: unknown = value;
        if (item >= 0) { next = [...(set[name] as unknown[])]; (next as unknown[])[item] = value; }
        set[name] = next;
        try { res.setHeader?.(name, next as string | string[]); } catch { /* ignore */ }
      }
      return true;
    };

    /** The content type set so far (by `setHeader`, or by `writeHead`, whose headers are set the same way here). */
    const contentTypeNow = (): string | null => {
      const declared = res.getHeader?.('content-type');
      return declared === undefined ? null : String(declared);
    };

    /** Answers 502 with a PHI-free JSON error: the body is text this wrapper cannot read (`failMode: 'closed'`). */
    const unscannable = (header: string): undefined => {
      res.statusCode = 502;
      setHeader(header);
      try { res.removeHeader?.('content-length'); res.setHeader?.('content-type', 'application/json'); res.setHeader?.('cache-control', 'no-store'); } catch { /* ignore */ }
      callOriginal(original.end, [JSON.stringify({ error: 'response_unscannable' })]);
      return undefined;
    };

    const failClosed = (): boolean => {
      if (policy.failMode !== 'closed') { setHeader('unscanned-failure'); return false; }
      res.statusCode = 503;
      setHeader('unscanned-failure');
      try { res.removeHeader?.('content-length'); res.setHeader?.('content-type', 'application/json'); } catch { /* ignore */ }
      callOriginal(original.end, [JSON.stringify({ error: 'service_unavailable' })]);
      return true;
    };

    /** Returns the body to write, or `undefined` when the response was already ended here. */
    const process = (body: unknown, kind: 'json' | 'text'): { body: unknown } | undefined => {
      if (verdict.allowed) { setHeader('unscanned-allowed'); return { body }; }
      if (!checkHeaders()) return undefined;
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
          scanned = scanBody(guard, body as string | Bytes, contentTypeNow());
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
        if (mode === 'block') return withhold();
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

    // `res.write`: what the handler writes is held (up to maxBufferBytes)
    // and scanned whole with what `res.end` adds, as one body; past that,
    // and for an event stream from its first write, it is redacted as a
    // stream (createRedactingStream) and written as it comes.
    let writes: 'undecided' | 'pass' | 'hold' | 'stream' | 'dropped' = 'undecided';
    let held: Bytes[] = [];
    let heldBytes = 0;
    let stream: { writer: WritableStreamDefaultWriter<Uint8Array>; pumped: Promise<void> } | undefined;
    let finishing: Promise<void> | undefined;
    const later = (cb: unknown, error?: unknown) => { if (typeof cb === 'function') queueMicrotask(() => (cb as (e?: unknown) => void)(error)); };
    const takeHeld = (): Bytes => { const body = concat(held); held = []; heldBytes = 0; return body; };

    /** How this response's writes go, decided at its first write from the policy, the guard and the content type. */
    const decide = (first: Bytes): void => {
      if (verdict.allowed) { setHeader('unscanned-allowed'); writes = 'pass'; return; }
      if (!checkHeaders()) { writes = 'dropped'; return; }
      if (failure || !guard) { writes = failClosed() ? 'dropped' : 'pass'; return; }
      const contentType = contentTypeNow();
      const kind = classifyContentType(contentType);
      if (kind === 'binary' && !(opaqueBinary(contentType) && !looksBinary(first, false))) { setHeader('unscanned-binary'); writes = 'pass'; return; }
      writes = isEventStream(contentType) ? 'stream' : 'hold';
      if (writes === 'stream') startStream(contentType, 'text', first, true);
    };

    /** Redacts what is written from here on as a stream into the original `write`. */
    const startStream = (contentType: string | null, format: 'html' | 'text', head: Bytes, events: boolean): void => {
      writes = 'stream';
      const encoding = encodingOf(contentType, head);
      const exposure = streamReport(guard!, policy, verdict, format, mode);
      const onFindings = exposure.onFindings;
      const onGuardError = (e: PhiGuardError): 'open' | 'closed' => { void reportFailure(guard, policy, e); return policy.failMode === 'closed' ? 'closed' : 'open'; };
      // An event stream's events go out as they are written, each redacted whole.
      const transform = events
        ? createEventRedactingStream(guard!, { mode, onFindings, onGuardError, maxChars: EVENT_MAX_CHARS })
        : createRedactingStream(guard!, { format, lookbehind: policy.lookbehind, mode, encoding, onFindings, onGuardError });
      if (!checkHeaders()) { writes = 'dropped'; return; }
      setHeader(mode === 'redact' ? 'redacted' : mode === 'report' ? 'reported' : 'blocked');
      try {
        if (!res.headersSent) {
          res.removeHeader?.('content-length');
          if (contentType !== null && (encoding !== 'utf-8' || !saysUtf8(contentType))) res.setHeader?.('content-type', withCharset(contentType, 'utf-8'));
          // The client of an event stream waits for its headers before any event.
          const flush = (res as { flushHeaders?: () => void }).flushHeaders;
          if (events && typeof flush === 'function') callOriginal(flush, []);
        }
      } catch { /* ignore */ }
      const reader = transform.readable.getReader();
      const pumped = (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            // The client's pace: what the socket cannot take yet waits, and so does the handler's next write.
            const full = callOriginal(original.write, [value]) === false;
            exposure.sent();
            if (full) await drained();
          }
        } catch {
          // `block` met PHI, or the guard failed under `closed`: the body is cut short, never sent raw.
          if (typeof res.destroy === 'function') res.destroy(); else callOriginal(original.end, []);
          return;
        } finally {
          exposure.end();
        }
      })();
      stream = { writer: transform.writable.getWriter(), pumped };
      if (heldBytes > 0) void stream.writer.write(takeHeld()).catch(() => undefined);
    };

    /** Until the response can take more (`drain`), or is closed. */
    const drained = (): Promise<void> => new Promise((resolve) => {
      const r = res as { once?: (e: string, f: () => void) => unknown; off?: (e: string, f: () => void) => unknown };
      if (typeof r.once !== 'function') { resolve(); return; }
      const done = () => { r.off?.('drain', done); r.off?.('close', done); resolve(); };
      r.once('drain', done);
      r.once('close', done);
    });
    // Our `write` said "wait" (false): a `drain` is owed to the handler once the stream takes more.
    let owesDrain = false;

    const write = function (this: unknown, ...args: unknown[]): unknown {
      if (depth > 0) return callOriginal(original.write, args);
      const [chunk, encoding, cb] = args;
      const bytes = chunkBytes(chunk, encoding);
      if (bytes === undefined) return callOriginal(original.write, args);
      if (writes === 'undecided') decide(bytes);
      if (writes === 'pass') return callOriginal(original.write, args);
      const done = typeof encoding === 'function' ? encoding : cb;
      if (writes === 'dropped') { later(done); return true; }
      if (writes === 'hold') {
        held.push(bytes);
        heldBytes += bytes.length;
        if (heldBytes > maxBuffer) {
          const contentType = contentTypeNow();
          startStream(contentType, classifyContentType(contentType) === 'html' ? 'html' : 'text', held[0]!, false);
        }
        later(done);
        return true;
      }
      const writer = stream!.writer;
      void writer.write(bytes).then(() => later(done), (e) => later(done, e));
      if (writer.desiredSize !== null && writer.desiredSize <= 0) {
        if (!owesDrain) {
          owesDrain = true;
          void writer.ready.then(() => { owesDrain = false; (res as { emit?: (e: string) => unknown }).emit?.('drain'); }, () => undefined);
        }
        return false;
      }
      return true;
    };

    /** `res.end` after writes: the held body scanned whole with the last chunk, or the stream closed and drained. */
    const endWrites = (args: unknown[]): unknown => {
      let [chunk, encoding, cb] = args;
      if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
      if (typeof encoding === 'function') cb = encoding;
      const last = chunk === undefined || chunk === null ? undefined : chunkBytes(chunk, encoding);
      if (writes === 'hold') {
        if (last) { held.push(last); heldBytes += last.length; }
        // Ended here: a second `end` goes to Node as it is (which ignores one without a body).
        writes = 'pass';
        const out = process(takeHeld(), 'text');
        if (!out) { later(cb); return res; }
        return callOriginal(original.end, typeof cb === 'function' ? [out.body, cb] : [out.body]);
      }
      // The stream ends once drained; a second `end` before that must not end it early.
      writes = 'dropped';
      const s = stream!;
      finishing = (async () => {
        try {
          if (last) await s.writer.write(last);
          await s.writer.close();
        } catch { /* the pump ends the response */ }
        await s.pumped;
        if (!(res as { writableEnded?: boolean }).writableEnded && !(res as { destroyed?: boolean }).destroyed) callOriginal(original.end, typeof cb === 'function' ? [cb] : []);
        else later(cb); // cut short: the handler's callback still runs
      })();
      return res;
    };

    /** `res.json` or `res.send` after held writes: the held part goes out first, scanned as a body of its own. */
    const flushHeld = (): void => {
      if (writes !== 'hold' || heldBytes === 0) return;
      const out = process(takeHeld(), 'text');
      if (out) callOriginal(original.write, [out.body]);
    };

    const wrap = <F extends (...a: never[]) => unknown>(fn: F | undefined, kind: 'json' | 'text') => fn && (function (this: unknown, ...args: unknown[]) {
      if (depth > 0) return callOriginal(fn, args);
      depth++;
      try {
        const isEnd = fn === original.end;
        if (isEnd && (writes === 'hold' || writes === 'stream')) return endWrites(args);
        if (isEnd && writes === 'pass') return callOriginal(fn, args);
        if (writes === 'dropped') return res;
        if (!isEnd) flushHeld();
        const first = args[0];
        if (isEnd && (first === undefined || typeof first === 'function')) {
          // No body (a redirect): its headers are all there is to scan.
          if (!checkHeaders()) return res;
          if (headerMark) setHeader(headerMark);
          return callOriginal(fn, args);
        }
        const out = process(first, kind);
        if (!out) return res;
        return callOriginal(fn, [out.body, ...args.slice(1)]);
      } finally {
        depth--;
      }
    }) as unknown as F;

    if (original.json) res.json = wrap(original.json, 'json');
    if (original.send) res.send = wrap(original.send, 'text');
    res.end = wrap(original.end, 'text') as Res['end'];
    if (original.write) res.write = write as Res['write'];
    // `writeHead(status, [message], [headers])` (Next's `res.redirect`
    // sets `Location` so): its status and headers are set as `statusCode`
    // and `setHeader` would set them, so they are scanned with the others
    // and the content type is known. Before the body has been judged, the
    // headers do not go yet: Node sends them with the first byte written
    // (`writeHead` again, from inside `write` or `end`), by then scanned,
    // with `x-phi-guard` and without a `content-length` the body outgrew.
    /** Whether the guard finds PHI in `text` (a guard that fails counts as finding it). */
    const holdsPhi = (text: string): boolean => {
      try { return guard!.scan(text).findings.length > 0; } catch { return true; }
    };
    const writeHead = (res as { writeHead?: (...a: unknown[]) => unknown }).writeHead;
    // `flushHeaders` from the handler (an event stream's first answer): the
    // headers go now, scanned, naming the mode as a stream's do.
    const flushHeaders = (res as { flushHeaders?: () => unknown }).flushHeaders;
    if (typeof flushHeaders === 'function') {
      (res as { flushHeaders?: () => unknown }).flushHeaders = function (this: unknown): unknown {
        if (internal > 0 || res.headersSent || verdict.allowed || failure || !guard) return callOriginal(flushHeaders, []);
        if (!checkHeaders()) return undefined;
        if (res.getHeader?.('x-phi-guard') === undefined) {
          const contentType = contentTypeNow();
          if (classifyContentType(contentType) === 'binary' && !opaqueBinary(contentType)) setHeader('unscanned-binary');
          else {
            try { res.removeHeader?.('content-length'); } catch { /* ignore */ }
            setHeader(mode === 'redact' ? 'redacted' : mode === 'report' ? 'reported' : 'blocked');
          }
        }
        return callOriginal(flushHeaders, []);
      };
    }
    if (typeof writeHead === 'function') {
      (res as { writeHead?: (...a: unknown[]) => unknown }).writeHead = function (this: unknown, ...args: unknown[]): unknown {
        if (internal > 0 || res.headersSent || verdict.allowed || failure || !guard) return writeHead.apply(res, args);
        const at = typeof args[1] === 'string' ? 2 : 1;
        for (const [name, value] of headerPairs(args[at])) { try { res.setHeader?.(name, value as string | string[]); } catch { /* ignore */ } }
        if (typeof args[0] === 'number') res.statusCode = args[0];
        // A reason phrase is text the client sees too: one holding PHI is left out (Node then sends the standard one).
        if (typeof args[1] === 'string' && !holdsPhi(args[1])) (res as { statusMessage?: string }).statusMessage = args[1];
        if (res.getHeader?.('x-phi-guard') === undefined) return res;
        if (!checkHeaders()) return res;
        return callOriginal(writeHead, [res.statusCode]);
      };
    }
    await handler(req, res);
    // A streamed body ended by the handler: drained before the handler counts as done.
    if (finishing) await finishing;
  };
}
