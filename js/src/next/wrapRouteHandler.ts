import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Format } from '../common/types.js';
import { createRedactingStream } from './createRedactingStream.js';
import { createEventRedactingStream, EVENT_MAX_CHARS, isEventStream } from './eventStream.js';
import { redactResponseHeaders, scannableHeaders } from './headers.js';
import { isJsonLines } from './jsonLines.js';
import { isSniffed, scanBody, type BodyScan } from './scanBody.js';
import type { GuardSource, Principal, ReportingOptions } from './types.js';
import {
  classifyContentType, decoderFor, dispatch, encodingOf, failureCode, listens, looksBinary, makeEvent, observeGuard, opaqueBinary, phiAllowed, policyName,
  resolveGuard, saysUtf8, withCharset, type BodyKind,
} from './util.js';

/**
 * Who may receive PHI from a route.
 *
 * @example
 * const returnsPhi: ReturnsPhi = 'owner_only';
 */
export type ReturnsPhi = 'never' | 'owner_only' | 'authenticated' | 'allowed';

/**
 * The policy of one route, for {@link wrapRouteHandler} and `wrapApiHandler`.
 *
 * @example
 * const policy: RoutePolicy = { guard, route: '/api/patients/[id]', returnsPhi: 'authenticated', mode: 'redact', failMode: 'closed' };
 */
export interface RoutePolicy<Req = Request> extends ReportingOptions {
  /** The guard (or a factory for it); create it once per process/isolate. */
  guard: GuardSource;
  /** The route template, e.g. `/api/patients/[id]`. Reported instead of the URL. */
  route: string;
  /** Who may receive PHI from this route. */
  returnsPhi: ReturnsPhi;
  /** Who is calling; default: not authenticated. */
  principal?: (request: Req) => Principal | Promise<Principal>;
  /** `redact` (default) rewrites the body, `report` only reports, `block` withholds it. */
  mode?: 'redact' | 'report' | 'block';
  /**
   * If the guard fails: `open` (default) sends the body unscanned, `closed`
   * returns 503. A body that cannot be decoded (corrupt gzip, an encoding this
   * runtime cannot decompress, a multipart text part in a transfer encoding
   * other than base64 or quoted-printable) is sent as it came under `open`
   * and answered with 502 under `closed`.
   */
  failMode?: 'open' | 'closed';
  /**
   * Bodies larger than this are redacted as a stream (default 5 MB); an
   * untyped body is sniffed from this much. A multipart body larger than
   * this cannot be taken apart and follows `failMode`.
   */
  maxBufferBytes?: number;
  /** Look-behind for streamed bodies in characters (default 256). */
  lookbehind?: number;
}

/**
 * Values of the `x-phi-guard` response header. `unscanned-untyped` is no
 * longer sent (bodies without a content type are sniffed and scanned, or
 * marked `unscanned-binary`); it stays in the type so existing checks compile.
 *
 * @example
 * const status = res.headers.get('x-phi-guard') as PhiGuardHeader | null; // 'redacted'
 */
export type PhiGuardHeader = 'redacted' | 'clean' | 'reported' | 'blocked'
  | 'unscanned-allowed' | 'unscanned-binary' | 'unscanned-untyped' | 'unscanned-encoded' | 'unscanned-failure';


const NO_BYTES = new Uint8Array(0);

function withHeader(res: Response, value: PhiGuardHeader, body?: BodyInit | null, changed = false): Response {
  const headers = new Headers(res.headers);
  headers.set('x-phi-guard', value);
  if (changed) headers.delete('content-length');
  return new Response(body === undefined ? res.body : body, { status: res.status, statusText: res.statusText, headers });
}

function failed(): Response {
  return new Response(JSON.stringify({ error: 'service_unavailable' }), {
    status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1', 'x-phi-guard': 'unscanned-failure', 'cache-control': 'no-store' },
  });
}

function unscannable(header: PhiGuardHeader): Response {
  return new Response(JSON.stringify({ error: 'response_unscannable' }), {
    status: 502, headers: { 'content-type': 'application/json', 'x-phi-guard': header, 'cache-control': 'no-store' },
  });
}

function withheld(): Response {
  return new Response(JSON.stringify({ error: 'response_withheld' }), {
    status: 500, headers: { 'content-type': 'application/json', 'x-phi-guard': 'blocked', 'cache-control': 'no-store' },
  });
}

/** Reads up to `limit` bytes; returns the bytes if the body ended, else the chunks read so far and the reader. */
async function readBounded(body: ReadableStream<Uint8Array>, limit: number):
  Promise<{ done: true; bytes: Uint8Array<ArrayBuffer> } | { done: false; chunks: Uint8Array[]; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) return { done: false, chunks, reader };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
  return { done: true, bytes };
}

/** How much of a body declared binary is read to tell whether it is. */
const BINARY_PEEK_BYTES = 64 * 1024;

/** How long that read may take before the body passes as binary (a live stream). */
const BINARY_PEEK_MS = 1000;

/**
 * Reads from `body` until its bytes so far look binary (`looksBinary`: a
 * signature, a NUL byte, invalid UTF-8; an encoded body's compressed bytes
 * do), {@link BINARY_PEEK_BYTES} have come without that (text), it ends,
 * or {@link BINARY_PEEK_MS} pass (then it passes as binary, as every
 * octet-stream did before this peek: a slow live stream is not held).
 * `body` is the whole body again: what was read, then the rest. A stream
 * that fails while peeked counts as binary and fails for the client as it
 * would have.
 */
async function peekBinary(source: ReadableStream<Uint8Array>): Promise<{ binary: boolean; body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> }> {
  const reader = source.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let checked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof PEEK_TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(PEEK_TIMED_OUT), BINARY_PEEK_MS); });
  try {
    for (;;) {
      const pending = reader.read();
      const got = await Promise.race([pending, deadline]);
      if (got === PEEK_TIMED_OUT) return { binary: true, body: replay(chunks, reader, pending) };
      if (got.done) {
        const bytes = concat(chunks) as Uint8Array<ArrayBuffer>;
        return { binary: looksBinary(bytes, true), body: bytes };
      }
      chunks.push(got.value);
      size += got.value.byteLength;
      // Tested again each time the bytes read have doubled: linear however small the chunks.
      if (size >= 2 * checked || size >= BINARY_PEEK_BYTES) {
        checked = size;
        if (looksBinary(concat(chunks), false)) return { binary: true, body: replay(chunks, reader) };
        if (size >= BINARY_PEEK_BYTES) return { binary: false, body: replay(chunks, reader) };
      }
    }
  } catch (e) {
    return { binary: true, body: new ReadableStream({ start(c) { c.error(e); } }) };
  } finally {
    clearTimeout(timer);
  }
}
const PEEK_TIMED_OUT: unique symbol = Symbol('peek timed out');

/** @internal The chunks as one byte array. */
export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

function replay(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, pending?: Promise<ReadableStreamReadResult<Uint8Array>>): ReadableStream<Uint8Array> {
  let i = 0;
  let first = pending;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < chunks.length) { controller.enqueue(chunks[i++]!); return; }
      // A read started before the replay (the peek's, when its time ran out) comes first.
      const next = first ?? reader.read();
      first = undefined;
      const { done, value } = await next;
      if (done) controller.close(); else controller.enqueue(value);
    },
    cancel(reason) { return reader.cancel(reason); },
  });
}

/** @internal Shared by the App and Pages Router wrappers. */
export interface Verdict { principal: Principal; allowed: boolean }

/** @internal */
export async function judge<Req>(policy: RoutePolicy<Req>, request: Req): Promise<Verdict> {
  const principal = policy.principal ? await policy.principal(request) : { authenticated: false };
  return { principal, allowed: phiAllowed(policy.returnsPhi, principal) };
}

/** @internal Reports a broken policy. */
export function reportExposure<Req>(guard: Guard, policy: RoutePolicy<Req>, verdict: Verdict, text: string, format: Format, mitigation: 'redacted' | 'none' | 'blocked', fetchEvent?: unknown): Promise<void> {
  // No event built for nobody (see `dispatch`): a wrapper without reporting still redacts.
  if (!listens(policy)) return Promise.resolve();
  return dispatch(guard, makeEvent({
    channel: 'response_body', route: policy.route, text, format, mitigation, policy: policyName(policy.returnsPhi),
    authenticated: verdict.principal.authenticated, role: verdict.principal.role, subjectIsCaller: verdict.principal.subjectIsCaller,
  }), policy, fetchEvent);
}

/**
 * @internal How a streamed body's exposure is reported: once its first
 * findings have gone out (`sent` after each piece sent; a live feed may
 * never end), then once more at `end` (a normal end, the client leaving,
 * or the stream failing, block mode's cut included) for what was found
 * after that. At most two events, each for its own part of the text, so
 * nothing is counted twice. The raw text is kept only for someone to
 * report to, and up to a million characters.
 */
export function streamReport<Req>(guard: Guard, policy: RoutePolicy<Req>, verdict: Verdict, format: Format, mode: 'redact' | 'report' | 'block'): { onFindings: (raw: string) => void; sent: () => void; end: () => void } {
  const listening = listens(policy);
  let raw = '';
  let unreported = false;
  let first = true;
  const end = (): void => {
    if (!unreported) return;
    const text = raw;
    raw = '';
    unreported = false;
    first = false;
    void reportExposure(guard, policy, verdict, text, format, mode === 'redact' ? 'redacted' : mode === 'block' ? 'blocked' : 'none');
  };
  return {
    onFindings: (found) => {
      if (listening && raw.length < 1_000_000) raw += (raw ? '\n' : '') + found;
      unreported = true;
    },
    sent: () => { if (first) end(); },
    end,
  };
}

/**
 * @internal Reports a `guard_failure`: `e` is an error (its PhiGuardError
 * code is reported) or a short failure code such as `decode_failed`.
 */
export function reportFailure<Req>(guard: Guard | undefined, policy: RoutePolicy<Req>, e: unknown): Promise<void> {
  const failure = typeof e === 'string' ? e : failureCode(e);
  return dispatch(guard, makeEvent({ channel: 'guard_failure', route: policy.route, authenticated: false, failure }), policy);
}

/**
 * Wraps an App Router route handler (`app/**\/route.ts`, edge or Node). The
 * handler runs first; its response body is then scanned by content type.
 * Text is scanned: JSON (`application/json`, `+json`, JSON lines), HTML,
 * `text/*`, `message/*`, `+xml` and `+yaml` types, and known textual
 * `application/*` types (JavaScript, YAML, CSV, HL7 v2, form data...).
 * Binary types pass untouched as `unscanned-binary` (`image/*`, `audio/*`,
 * `video/*`, `font/*`, PDF, `octet-stream`, archives, protobuf, msgpack,
 * Office documents, `+zip` / `+cbor` / `+proto`...), but for
 * `application/octet-stream` and the download types, whose bytes must look
 * binary too (a signature, a NUL byte, invalid UTF-8; compressed bytes do)
 * in what the first 64 KB or the first second brings: text sent as just
 * bytes (a CSV export) is scanned as an untyped body, and a stream still
 * open after that second passes as binary. A body with no content
 * type, or one that says neither (an unknown or malformed type without a
 * `charset`), is sniffed: binary (a known binary signature, a NUL byte,
 * invalid UTF-8) passes untouched as `unscanned-binary`, anything else is
 * scanned with format `auto`. A `multipart/*` body is taken apart at its
 * boundary: part headers (a `Content-Type`'s parameters too) and text parts
 * are redacted in place, binary parts (one `Content-Type`, and a binary
 * one) keep their bytes; a part without a content type is text; a text part
 * in base64 or quoted-printable is scanned as it is and decoded, and
 * re-encoded when redacted; one in another transfer encoding with nothing
 * found as it is, and a multipart body over `maxBufferBytes`
 * (`multipart_too_large`, `unscanned-failure`), are handled like a body
 * whose encoding cannot be decoded (below). A multipart body whose boundary
 * is not found is scanned whole as text.
 *
 * Text bytes are read the way their labels declare (byte-order mark, else
 * `charset`; JSON and JSON lines only take a UTF-16 one, server-sent events
 * none) and, when that differs, as UTF-8 (what fetch's `text()` and `json()`
 * always read): both readings are scanned, and a label `TextDecoder` does
 * not know is read as UTF-8. A body with no PHI in either is sent byte for
 * byte as it came; otherwise the declared reading is redacted if it has
 * PHI, else the UTF-8 one, and sent as UTF-8 with the `charset` parameter
 * set to `utf-8` when it named another (or a byte-order mark did), so
 * every client reads the redacted text. A streamed body is read once (the
 * declared reading) and always re-encoded as UTF-8, saying so. Compressed bodies are decompressed with
 * `DecompressionStream` (brotli through `node:zlib` where the runtime has
 * no brotli `DecompressionStream`). Bodies over `maxBufferBytes`, server-sent
 * events and JSON lines (`application/x-ndjson`, `jsonl`, `json-seq`) are
 * redacted as a stream with a bounded look-behind, so they keep flowing.
 * `Response.error()` (status 0) is returned as it is: it has no body and
 * cannot be rebuilt.
 *
 * When PHI is found and the policy does not allow it for this principal, the
 * body is redacted (or reported / withheld, per `mode`) and a `response_body`
 * exposure event is reported. Every response gets `x-phi-guard`
 * (`redacted`, `clean`, `reported`, `blocked`, `unscanned-*`);
 * `content-length` is dropped when the body changed.
 *
 * Errors from your handler (including `redirect()` / `notFound()`, and an
 * uncompressed body stream that errors) propagate unchanged. If the guard
 * fails, `failMode: 'open'` sends the body unscanned and `'closed'` returns
 * 503. A body that cannot be decoded (`decode_failed`: corrupt gzip, deflate
 * or brotli) or whose encoding this runtime cannot decompress or decode
 * (`unsupported_encoding`, `unsupported_transfer_encoding`) is sent byte for byte as it came under
 * `'open'` (`x-phi-guard: unscanned-failure` / `unscanned-encoded`) and
 * answered with 502 `{"error":"response_unscannable"}` under `'closed'`. Every one of
 * these reports a `guard_failure` event. A compressed body that fails after
 * it has started streaming (beyond `maxBufferBytes`) can only be cut short.
 *
 * @example
 * // app/api/patients/[id]/route.ts
 * import { wrapRouteHandler } from 'phi-guard/next';
 * export const GET = wrapRouteHandler(async (req, { params }) => Response.json(await load((await params).id)), {
 *   guard, route: '/api/patients/[id]', returnsPhi: 'owner_only', failMode: 'closed',
 *   principal: async (req) => ({ authenticated: true, subjectIsCaller: await isOwner(req) }),
 * });
 */
export function wrapRouteHandler<Req extends Request, Ctx, Args extends unknown[] = []>(
  handler: (request: Req, context: Ctx, ...rest: Args) => Response | Promise<Response>,
  policy: RoutePolicy<Req>,
): (request: Req, context: Ctx, ...rest: Args) => Promise<Response> {
  const mode = policy.mode ?? 'redact';
  const maxBuffer = policy.maxBufferBytes ?? 5 * 1024 * 1024;
  const closed = policy.failMode === 'closed';
  observeGuard(policy.guard);
  return async (request: Req, context: Ctx, ...rest: Args): Promise<Response> => {
    const state: { mark?: PhiGuardHeader } = {};
    const out = await respond(request, context, rest, state);
    // A header that held PHI: a clean body's response says so all the same.
    return state.mark && out.headers.get('x-phi-guard') === 'clean' ? withHeader(out, state.mark) : out;
  };

  /**
   * The response's headers scanned ({@link redactResponseHeaders}) and
   * reported; under `redact` the response rebuilt with them redacted, under
   * `block` withheld. Sets `state.mark` when a header held PHI.
   */
  function passHeaders(guard: Guard, response: Response, entries: Array<[string, string]>, verdict: Verdict, state: { mark?: PhiGuardHeader }): Response | 'withheld' {
    const found = redactResponseHeaders(guard, response, entries);
    if (!found) return response;
    void reportExposure(guard, policy, verdict, found.text, 'text', mode === 'redact' ? 'redacted' : mode === 'block' ? 'blocked' : 'none');
    if (mode === 'block') return 'withheld';
    state.mark = mode === 'redact' ? 'redacted' : 'reported';
    return mode === 'redact' ? found.response : response;
  }

  async function respond(request: Req, context: Ctx, rest: Args, state: { mark?: PhiGuardHeader }): Promise<Response> {
    let response = await handler(request, context, ...rest);
    // `Response.error()` (status 0, immutable headers, no body) cannot be rebuilt: it passes as it is.
    if (response && (response.type === 'error' || response.status === 0)) return response;
    // Headers that may hold PHI (a redirect's `location`, a download's file name, the app's own).
    const headerEntries = response ? scannableHeaders(response.headers) : [];
    if (!response || (response.body === null && headerEntries.length === 0)) return response && withHeader(response, 'clean', null);
    if (response.body === null) {
      // No body (a redirect): its headers are all there is to scan.
      try {
        const verdict = await judge(policy, request);
        if (verdict.allowed) return withHeader(response, 'clean', null);
        const passed = passHeaders(await resolveGuard(policy.guard), response, headerEntries, verdict, state);
        return passed === 'withheld' ? withheld() : withHeader(passed, 'clean', null);
      } catch (e) {
        if (!(e instanceof PhiGuardError)) throw e;
        void reportFailure(undefined, policy, e);
        return closed ? failed() : withHeader(response, 'unscanned-failure', null);
      }
    }

    const contentType = response.headers.get('content-type');
    let kind: BodyKind;
    let verdict: Verdict;
    let guard: Guard | undefined;
    try {
      verdict = await judge(policy, request);
      if (verdict.allowed) return withHeader(response, 'unscanned-allowed');
      if (headerEntries.length > 0) {
        guard = await resolveGuard(policy.guard);
        const passed = passHeaders(guard, response, headerEntries, verdict, state);
        if (passed === 'withheld') { void response.body?.cancel().catch(() => undefined); return withheld(); }
        response = passed;
      }
      // Only for a body to scan: a caller allowed PHI pays no content-type parse.
      kind = classifyContentType(contentType);
      if (kind === 'binary' && !opaqueBinary(contentType)) return withHeader(response, 'unscanned-binary');
      if (kind === 'binary') {
        // "Just bytes" (`opaqueBinary`): passes as it came if its first
        // bytes are binary too; text sent so (a CSV export as
        // application/octet-stream) is scanned as a body without a type.
        const peek = await peekBinary(response.body!);
        if (peek.binary) return withHeader(response, 'unscanned-binary', peek.body);
        response = new Response(peek.body, { status: response.status, statusText: response.statusText, headers: response.headers });
        kind = 'untyped';
      }
      guard = await resolveGuard(policy.guard);
    } catch (e) {
      if (!(e instanceof PhiGuardError)) throw e;
      void reportFailure(guard, policy, e);
      return closed ? failed() : withHeader(response, 'unscanned-failure');
    }

    // An untyped body is scanned with `auto` once it is known not to be binary.
    const format: Format = kind === 'untyped' ? 'auto' : kind === 'multipart' ? 'text' : kind;
    // Never null here: a response without a body returned above, and one
    // peeked was rebuilt with a body.
    const source = response.body!;
    let body: ReadableStream<Uint8Array> = source;
    // The bytes as they came, kept (through a tee) until the decoded body has been read, so that a
    // body that cannot be decoded can still be sent on unchanged under failMode 'open'.
    let original: ReadableStream<Uint8Array> | undefined;
    const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
    const encoded = !!encoding && encoding !== 'identity';
    if (encoded) {
      const decoder = decoderFor(encoding);
      if (!decoder) {
        void reportFailure(guard, policy, 'unsupported_encoding');
        if (closed) { void source.cancel().catch(() => undefined); return unscannable('unscanned-encoded'); }
        return withHeader(response, 'unscanned-encoded');
      }
      const [kept, toDecode] = source.tee();
      original = kept;
      body = toDecode.pipeThrough(decoder);
    }
    const release = () => { void original?.cancel().catch(() => undefined); original = undefined; };
    const headersOut = new Headers(response.headers);
    if (encoded) headersOut.delete('content-encoding');

    /**
     * Redacts `source` as a stream; it is decoded from `encoding` (its declared reading) and always sent
     * as UTF-8, saying so, so the reading that was scanned is the only one that goes out.
     */
    const streamIt = (source: ReadableStream<Uint8Array>, encoding: string, streamFormat: 'json' | 'ndjson' | 'html' | 'text' | 'events'): Response => {
      const exposure = streamReport(guard!, policy, verdict, format, mode);
      const onFindings = exposure.onFindings;
      const onGuardError = (e: PhiGuardError): 'open' | 'closed' => { void reportFailure(guard, policy, e); return closed ? 'closed' : 'open'; };
      // Server-sent events go out event by event, each as soon as it ends.
      const transform = streamFormat === 'events'
        ? createEventRedactingStream(guard!, { mode, onFindings, onGuardError, maxChars: EVENT_MAX_CHARS })
        : createRedactingStream(guard!, { format: streamFormat, lookbehind: policy.lookbehind, mode, encoding, onFindings, onGuardError });
      const reporter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          exposure.sent();
        },
        flush: exposure.end,
        // The client went away, or the stream failed. A runtime whose
        // TransformStream has no `cancel` reports the rest at a normal end only.
        cancel: exposure.end,
      } as Transformer<Uint8Array, Uint8Array>);
      const out = source.pipeThrough(transform).pipeThrough(reporter);
      headersOut.set('x-phi-guard', mode === 'redact' ? 'redacted' : mode === 'report' ? 'reported' : 'blocked');
      headersOut.delete('content-length');
      if (contentType !== null && (encoding !== 'utf-8' || !saysUtf8(contentType))) headersOut.set('content-type', withCharset(contentType, 'utf-8'));
      headersOut.append('vary', 'x-phi-guard');
      return new Response(out, { status: response.status, statusText: response.statusText, headers: headersOut });
    };

    // Server-sent events: redacted event by event as a stream, never buffered.
    if (isEventStream(contentType)) { release(); return streamIt(body, encodingOf(contentType, NO_BYTES), 'events'); }
    // One JSON value per line (`isJsonLines`): redacted line by line as a stream, never buffered.
    if (isJsonLines(contentType)) { release(); return streamIt(body, encodingOf(contentType, NO_BYTES), 'ndjson'); }

    let read: Awaited<ReturnType<typeof readBounded>>;
    try {
      read = await readBounded(body, maxBuffer);
    } catch (e) {
      // Not encoded: the handler's own body stream failed, which is the app's error, not the guard's.
      if (!original) throw e;
      // The body could not be decoded (corrupt gzip, deflate or brotli).
      void reportFailure(guard, policy, 'decode_failed');
      if (closed) { release(); return unscannable('unscanned-failure'); }
      return withHeader(response, 'unscanned-failure', original);
    }
    const r = read;
    /** The body as it came: the original bytes when it was encoded, else what was read and the rest. */
    const asItCame = (): ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> => {
      if (original) {
        if (!r.done) void r.reader.cancel().catch(() => undefined);
        return original;
      }
      return r.done ? r.bytes : replay(r.chunks, r.reader);
    };
    /** A body that cannot be scanned here: reported, then sent as it came (`open`) or answered with 502 (`closed`). */
    const unreadable = (failure: string, header: PhiGuardHeader): Response => {
      void reportFailure(guard, policy, failure);
      if (!closed) return withHeader(response, header, asItCame());
      release();
      if (!r.done) void r.reader.cancel().catch(() => undefined);
      return unscannable(header);
    };

    if (!r.done) {
      const head = concat(r.chunks);
      // Binary without a content type: passes as it came (the original bytes when it was encoded).
      if (isSniffed(kind, contentType) && looksBinary(head, false)) return withHeader(response, 'unscanned-binary', asItCame());
      // A multipart body is taken apart whole, to keep its binary parts byte for byte; beyond the limit it cannot be.
      if (kind === 'multipart') return unreadable('multipart_too_large', 'unscanned-failure');
      release();
      // JSON keeps its keys (windows cut between array elements); HTML and everything else is text.
      return streamIt(replay(r.chunks, r.reader), encodingOf(contentType, head), kind === 'json' ? 'json' : kind === 'html' ? 'html' : 'text');
    }

    const rebuild = (bytes: Uint8Array<ArrayBuffer>, value: PhiGuardHeader, changed: boolean): Response => {
      headersOut.set('x-phi-guard', value);
      if (changed || encoded) headersOut.delete('content-length');
      // Bytes, not a string: a string body would gain a text/plain content type the handler never set.
      return new Response(bytes, { status: response.status, statusText: response.statusText, headers: headersOut });
    };
    let scanned: BodyScan;
    try {
      scanned = scanBody(guard, r.bytes, contentType, kind);
    } catch (e) {
      release();
      const err = e instanceof PhiGuardError ? e : new PhiGuardError('input', 'phi-guard failed on this body', { cause: e });
      void reportFailure(guard, policy, err);
      return closed ? failed() : rebuild(r.bytes, 'unscanned-failure', false);
    }
    if (scanned.outcome === 'binary') return withHeader(response, 'unscanned-binary', asItCame());
    if (scanned.outcome === 'unscannable') {
      return unreadable(scanned.failure, scanned.failure === 'multipart_too_deep' ? 'unscanned-failure' : 'unscanned-encoded');
    }
    release();
    if (scanned.outcome === 'clean') return rebuild(r.bytes, 'clean', false);
    void reportExposure(guard, policy, verdict, scanned.text, scanned.format, mode === 'redact' ? 'redacted' : mode === 'block' ? 'blocked' : 'none');
    if (mode === 'block') return withheld();
    if (mode === 'report') return rebuild(r.bytes, 'reported', false);
    // Decoded from another charset, the redacted body is UTF-8 and says so.
    if (scanned.contentType) headersOut.set('content-type', scanned.contentType);
    return rebuild(scanned.redacted, 'redacted', true);
  }
}
