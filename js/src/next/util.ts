import { Guard } from '../common/guard.js';
import { PhiGuardError, toPhiGuardError } from '../common/errors.js';
import { clampDelay } from '../common/timers.js';
import type { ClassifyResult } from '../common/types.js';
import type {
  EmitterLike, ExposurePolicy, GuardSource, PhiExposureEvent, PhiExposureSummary, Principal, ReportingOptions, ExposureRuntime, WaitUntilLike,
} from './types.js';

/** @internal Resolves an injected guard source; failures become PhiGuardError('init'). */
export async function resolveGuard(source: GuardSource): Promise<Guard> {
  try {
    const g = typeof source === 'function' ? await (source as () => Guard | Promise<Guard>)() : await source;
    if (!g || typeof (g as Guard).scan !== 'function') throw new PhiGuardError('init', 'no guard was provided');
    return g;
  } catch (e) {
    throw e instanceof PhiGuardError ? e : new PhiGuardError('init', 'the guard factory failed', { cause: e });
  }
}

/** @internal Next's control-flow errors (redirect(), notFound(), forbidden()...) must pass untouched. */
export function isNextControlError(e: unknown): boolean {
  const digest = (e as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && /^(NEXT_REDIRECT|NEXT_NOT_FOUND|NEXT_HTTP_ERROR_FALLBACK)/.test(digest);
}

/** @internal */
export function detectRuntime(): ExposureRuntime {
  const g = globalThis as { EdgeRuntime?: unknown; process?: { versions?: { node?: string } } };
  if (typeof g.EdgeRuntime === 'string') return 'edge';
  if (g.process?.versions?.node) return 'nodejs';
  return 'edge';
}

/** @internal A short, PHI-free code for a guard failure. */
export function failureCode(e: unknown): string {
  return e instanceof PhiGuardError ? e.code : toPhiGuardError(e).code;
}

const DYNAMIC = [
  /^\d+$/,
  // Five digits or more anywhere in it: an id (`MR884213`, `scan_00012`),
  // and a segment the classifier refuses in a route, so an event whose
  // route kept it would never become a signal.
  /(?:\d\D*){5}/,
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  /^[0-9a-f]{8,}$/i,
  /@/,
  /^[\d().+\s-]{6,}$/,
  /^(?=.*\d)[A-Za-z0-9_-]{12,}$/,
];

/**
 * Collections of people: the segment after one names a person, by an id or
 * by the person's name (`/patients/zoltan-quibble`, `/members/Zoltan_Quibble`),
 * which the guard finds without a label only when the name is in its lists.
 */
const PERSON_COLLECTION = /^(?:patients?|members?|users?|people|persons?|clients?|customers?|residents?|subscribers?|beneficiar(?:y|ies)|enrollees?|dependents?|guardians?|caregivers?|employees?|students?|profiles?|accounts?)$/i;
/** Words that follow a collection as a page of it, not a person; the segment after one may be a person again. */
const COLLECTION_PAGE = /^(?:new|search|find|lookup|by-name|by_name|name|names|me|self|list|all|create|import|export|bulk|batch|count|stats|summary|recent|settings|index)$/i;

/**
 * @internal Turns a pathname into a route template: segments that look like
 * ids (numbers, UUIDs, hex, e-mails, long tokens), that the guard flagged,
 * or that follow a collection of people (`/patients/zoltan-quibble`; not a
 * page of it such as `/patients/new`), or that `keep` (given the raw
 * segment) refuses become `[id]`. Never returns query strings.
 *
 * The result is a route the classifier accepts, so an exposure on any path
 * becomes a signal: empty segments inside it are dropped, so it never
 * starts with `//` (`//evil.example/x` → `/evil.example/x`; a trailing
 * slash is kept), a run of two or more `[id]` is one `[...id]`
 * (`/files/[...id]/view`), and one still longer than the 512 bytes the
 * classifier takes ends, at a segment boundary, in `/[...]`.
 */
export function templatePath(pathname: string, flagged: Array<[number, number]> = [], keep?: (segment: string) => boolean): string {
  let offset = 0;
  let afterPeople = false;
  const out: string[] = [];
  const segments = pathname.split('/');
  for (const [i, seg] of segments.entries()) {
    const start = offset;
    const end = offset + seg.length;
    offset = end + 1;
    if (!seg && i > 0 && i < segments.length - 1) continue;
    let decoded = seg;
    try { decoded = decodeURIComponent(seg); } catch { /* keep raw */ }
    const hit = flagged.some(([s, e]) => s < end && e > start);
    const person = afterPeople && !COLLECTION_PAGE.test(decoded) && !/^\[[^\]]*\]$/.test(decoded);
    const id = seg && (hit || person || (keep && !keep(seg)) || DYNAMIC.some((r) => r.test(decoded)));
    if (id && (out.at(-1) === '[id]' || out.at(-1) === '[...id]')) out[out.length - 1] = '[...id]';
    else out.push(id ? '[id]' : seg);
    // A page of a collection (`/patients/search/…`) may name a person next.
    if (seg) afterPeople = PERSON_COLLECTION.test(decoded) || (afterPeople && COLLECTION_PAGE.test(decoded));
  }
  const route = out.join('/') || '/';
  const encoder = new TextEncoder();
  if (encoder.encode(route).length <= MAX_ROUTE_BYTES) return route;
  const CUT = '/[...]';
  let kept = out[0]!;
  let bytes = encoder.encode(kept).length + CUT.length;
  for (const seg of out.slice(1)) {
    bytes += 1 + encoder.encode(seg).length;
    if (bytes > MAX_ROUTE_BYTES) break;
    kept += `/${seg}`;
  }
  return kept + CUT;
}

/** The longest route the classifier takes, in UTF-8 bytes. */
const MAX_ROUTE_BYTES = 512;

/** @internal Maps a wrapper's returnsPhi to the classifier's policy name. */
export function policyName(returnsPhi: 'never' | 'owner_only' | 'authenticated' | 'allowed'): ExposurePolicy {
  return returnsPhi === 'never' ? 'no_phi' : returnsPhi === 'allowed' ? 'allow' : returnsPhi;
}

/** @internal Whether `principal` may receive PHI under `returnsPhi`. */
export function phiAllowed(returnsPhi: 'never' | 'owner_only' | 'authenticated' | 'allowed', p: Principal): boolean {
  switch (returnsPhi) {
    case 'allowed': return true;
    case 'authenticated': return p.authenticated;
    case 'owner_only': return p.authenticated && p.subjectIsCaller === true;
    default: return false;
  }
}

/** @internal Builds an event with the common fields filled in. */
export function makeEvent(fields: Omit<PhiExposureEvent, 'discoveredAt' | 'runtime'> & { runtime?: ExposureRuntime }): PhiExposureEvent {
  // The defined fields copied in, not spread and then `delete`d: a deleted
  // key turns the object into a slow dictionary, and each exposure's event
  // goes through JSON.stringify and the summary's spread after.
  const ev = { runtime: detectRuntime(), discoveredAt: new Date().toISOString() } as PhiExposureEvent;
  const out = ev as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return ev;
}

function ambientWaitUntil(): ((p: Promise<unknown>) => void) | undefined {
  // The request contexts Next.js and Vercel expose to libraries (what @sentry/nextjs uses too).
  for (const name of ['@next/request-context', '@vercel/request-context']) {
    try {
      const ctx = (globalThis as Record<symbol, { get?: () => { waitUntil?: (p: Promise<unknown>) => void } | undefined } | undefined>)[Symbol.for(name)];
      const wu = ctx?.get?.()?.waitUntil;
      if (typeof wu === 'function') return wu;
    } catch { /* not available */ }
  }
  return undefined;
}

/** @internal Whether `value` looks like what `SignalEmitter.record` resolves with. */
function isClassifyResult(value: unknown): value is ClassifyResult {
  const r = value as Partial<ClassifyResult> | null | undefined;
  return !!r && typeof r === 'object' && !!r.classification && typeof r.classification === 'object'
    && !!r.signal && typeof r.signal === 'object';
}

/** @internal The PHI-free view of `event` that `onEvent` receives. */
export function summarize(event: PhiExposureEvent, recorded?: unknown): PhiExposureSummary {
  const { text: _text, ...rest } = event;
  const summary: PhiExposureSummary = { ...rest };
  if (isClassifyResult(recorded)) {
    summary.classification = recorded.classification;
    summary.signal = recorded.signal;
  }
  return summary;
}

/** @internal Whether anyone hears reported events: an emitter or `onEvent`. */
export function listens(opts: ReportingOptions): boolean {
  return !!(opts.emitter || opts.onEvent);
}

/** Options objects already told that a guard failure reached nobody. */
const toldUnheard = new WeakSet<object>();

/** Says, once per options object, that a guard failure reached nobody (PHI-free). */
function tellUnheard(event: PhiExposureEvent, opts: object): void {
  if (toldUnheard.has(opts)) return;
  toldUnheard.add(opts);
  try {
    console.error(`[phi-guard] guard failure (${event.failure ?? 'unknown'}) on ${event.route}: content was not scanned; no onEvent is set and the emitter needs a working engine to record it (logged once per wrapper)`);
  } catch { /* ignore */ }
}

/**
 * An event the classifier refused (code `event`: a route that holds an
 * identifier, a failure code that is not one) never becomes a signal:
 * said once per options object with `console.error`, with the classifier's
 * message, which quotes nothing of the event.
 */
function tellRefused(e: unknown, opts: object): void {
  if (!(e instanceof PhiGuardError) || e.code !== 'event' || toldRefused.has(opts)) return;
  toldRefused.add(opts);
  try {
    console.error(`[phi-guard] an exposure could not be recorded as a signal: ${e.message} (logged once per wrapper)`);
  } catch { /* ignore */ }
}
const toldRefused = new WeakSet<object>();

/**
 * @internal Sends the full event to `emitter.record` and then a PHI-free
 * summary (with the emitter's classification, if any) to `onEvent`, without
 * ever throwing; bounds the work by `flushTimeoutMs` (`onEvent` is called at
 * the latest when the limit passes), and hands the promise to `waitUntil`
 * (the fetch event's, the option's, or the ambient request context's).
 * With neither an emitter that can record (one and a guard) nor `onEvent`,
 * it does none of that and returns a resolved promise; a `guard_failure`
 * that neither can take is then logged once per options object with
 * `console.error`, PHI-free, so a guard that is down is never silent.
 * Returns the bounded promise (tests may await it).
 */
export function dispatch(guard: Guard | undefined, event: PhiExposureEvent, opts: ReportingOptions, fetchEvent?: WaitUntilLike | unknown): Promise<void> {
  const emitter = opts.emitter && guard ? opts.emitter : undefined;
  const onEvent = opts.onEvent;
  if (!emitter && !onEvent) {
    // Nobody to tell: no timer, no promises and nothing handed to
    // `waitUntil` (a wrapper without reporting scans every response, and
    // this was a tenth of its time on a 1 KB body); only a guard failure
    // is still said once.
    if (event.channel === 'guard_failure') tellUnheard(event, opts);
    return Promise.resolve();
  }
  // Clamped as `setTimeout` needs (it fires at once past 2^31 - 1 ms).
  const limit = clampDelay(opts.flushTimeoutMs ?? 2000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), limit); });
  const settle = (f: () => unknown): Promise<unknown> => {
    try { return Promise.resolve(f()).catch(() => undefined); } catch { return Promise.resolve(undefined); } // reporting never breaks a request
  };
  const recorded = emitter
    ? settle(() => Promise.resolve((emitter as EmitterLike).record(guard!, event)).catch((e: unknown) => { tellRefused(e, opts); throw e; }))
    : Promise.resolve(undefined);
  const notified = onEvent
    ? Promise.race([recorded, expired]).then((result) => settle(() => onEvent(summarize(event, result))))
    : Promise.resolve(undefined);
  const bounded = Promise.race([
    Promise.allSettled([recorded, notified]).then(() => undefined),
    expired,
  ]).finally(() => { if (timer !== undefined) clearTimeout(timer); });
  const fe = fetchEvent as Partial<WaitUntilLike> | undefined;
  const wu = typeof fe?.waitUntil === 'function' ? (p: Promise<unknown>) => fe.waitUntil!(p) : opts.waitUntil ?? ambientWaitUntil();
  try { wu?.(bounded); } catch { /* ignore */ }
  return bounded;
}

/**
 * @internal What a response's content type says about its body:
 * - `json`, `html`, `text`: scanned with that format;
 * - `multipart`: each part is classified by its own headers (see `scanBody`);
 * - `binary`: passes unscanned;
 * - `untyped`: no content type, or one that says neither text nor binary
 *   (an unknown or malformed type): sniffed, then scanned with `auto`.
 *
 * The rule, in order: a structured-syntax suffix decides (`+json`,
 * `+json-seq` are JSON; `+xml`, `+yaml`, `+er7`... text; `+zip`, `+cbor`,
 * `+gzip`, `+proto`... binary); then `text/*` and `message/*` are text
 * (`text/html` is HTML), `multipart/*` is multipart, and `image/*`,
 * `audio/*`, `video/*`, `font/*` are binary; then `application/*` (and
 * `x-application/*`) subtypes, `x-` prefix ignored, that are known text
 * (JSON lines, JavaScript, YAML, CSV, HL7, SQL...) or known binary (PDF,
 * octet-stream, zip, protobuf, msgpack, Office documents...); anything else
 * is `untyped`, so a type nobody listed is never passed unscanned on trust.
 *
 * @example
 * classifyContentType('application/fhir+json; charset=utf-8'); // 'json'
 * classifyContentType('application/x-yaml'); // 'text'
 * classifyContentType('application/vnd.acme.chart'); // 'untyped' (sniffed)
 */
export function classifyContentType(ct: string | null): BodyKind {
  const m = ct === null ? undefined : parseContentType(ct);
  if (!m) return 'untyped';
  const { type, subtype } = m;
  const plus = subtype.lastIndexOf('+');
  const suffix = plus >= 0 ? subtype.slice(plus + 1) : '';
  if (type === 'application' && subtype === 'xhtml+xml') return 'html';
  if (suffix) {
    if (JSON_SUFFIXES.has(suffix)) return 'json';
    if (TEXT_SUFFIXES.has(suffix)) return 'text';
    if (BINARY_SUFFIXES.has(suffix)) return 'binary';
  }
  if (type === 'text') return subtype === 'html' ? 'html' : 'text';
  if (type === 'message') return 'text';
  if (type === 'multipart') return 'multipart';
  if (BINARY_TOP_TYPES.has(type)) return 'binary';
  if (type === 'application' || type === 'x-application') {
    const bare = (plus >= 0 ? subtype.slice(0, plus) : subtype).replace(/^x-/, '');
    if (JSON_SUBTYPES.has(bare)) return 'json';
    if (TEXT_SUBTYPES.has(bare) || /^hl7/.test(bare)) return 'text';
    if (BINARY_SUBTYPES.has(bare) || /^vnd\.(openxmlformats|oasis\.opendocument|ms-)/.test(bare)) return 'binary';
  }
  return 'untyped';
}

/**
 * @internal Whether a binary content type says only "bytes"
 * (`application/octet-stream` and the download types): the type an app
 * sends a file download with whatever it holds, a CSV export of patients
 * included. A body of such a type whose bytes are text is scanned; one of a
 * specific binary type (`image/png`, protobuf) is trusted, since its bytes
 * may well be valid UTF-8 and a redaction would corrupt them.
 *
 * @example
 * opaqueBinary('application/octet-stream'); // true
 * opaqueBinary('application/x-protobuf'); // false
 */
export function opaqueBinary(contentType: string | null): boolean {
  const m = contentType === null ? undefined : parseContentType(contentType);
  return !!m && OPAQUE.has(`${m.type}/${m.subtype}`);
}
const OPAQUE = new Set(['application/octet-stream', 'binary/octet-stream', 'application/force-download', 'application/x-download', 'application/download', 'application/unknown']);

/** @internal See {@link classifyContentType}. */
export type BodyKind = 'json' | 'html' | 'text' | 'multipart' | 'binary' | 'untyped';

const JSON_SUFFIXES = new Set(['json', 'json-seq', 'ndjson', 'jsonl']);
const TEXT_SUFFIXES = new Set(['xml', 'yaml', 'er7', 'csv']);
const BINARY_SUFFIXES = new Set(['zip', 'gzip', 'cbor', 'cbor-seq', 'der', 'wbxml', 'tlv', 'proto', 'protobuf', 'sqlite3', 'zstd', 'msgpack']);
const BINARY_TOP_TYPES = new Set(['image', 'audio', 'video', 'font']);
/** `application/` subtypes (without `x-`) that are JSON, or a JSON value per line. */
const JSON_SUBTYPES = new Set(['json', 'ndjson', 'jsonl', 'jsonlines', 'json-seq', 'ldjson', 'json5', 'geojson']);
/** `application/` subtypes (without `x-`) that are text. */
const TEXT_SUBTYPES = new Set([
  'xml', 'xml-dtd', 'xml-external-parsed-entity', 'javascript', 'ecmascript', 'typescript', 'www-form-urlencoded', 'graphql',
  'yaml', 'yml', 'toml', 'csv', 'tsv', 'tab-separated-values', 'sql', 'edi-x12', 'edifact', 'edi-consent', 'x12',
  'rtf', 'tex', 'latex', 'sh', 'csh', 'httpd-php', 'php', 'python', 'perl', 'ruby', 'mbox', 'n-triples', 'n-quads', 'trig',
  'sparql-query', 'markdown', 'subrip',
]);
/** `application/` subtypes (without `x-`) that are binary. */
const BINARY_SUBTYPES = new Set([
  'octet-stream', 'pdf', 'zip', 'gzip', 'gtar', 'tar', 'bzip', 'bzip2', 'xz', 'zstd', '7z-compressed', 'rar-compressed', 'vnd.rar',
  'java-archive', 'wasm', 'protobuf', 'vnd.google.protobuf', 'google-protobuf', 'grpc', 'grpc-web', 'cbor', 'msgpack',
  'vnd.msgpack', 'bson', 'avro', 'vnd.apache.avro', 'vnd.apache.parquet', 'parquet', 'vnd.apache.arrow.file',
  'vnd.apache.arrow.stream', 'dicom', 'msword', 'ogg', 'sqlite3', 'vnd.sqlite3', 'shockwave-flash', 'executable',
  'msdownload', 'vnd.android.package-archive', 'apple-diskimage', 'iso9660-image', 'pkcs7-mime', 'pkcs7-signature',
  'pkcs8', 'pkcs10', 'pkcs12', 'pkix-cert', 'pkix-crl', 'font-woff', 'font-ttf', 'mp4',
]);

/**
 * @internal The lowercased `type`, `subtype` and parameters of a
 * content-type header, or undefined when it has no `type/subtype`.
 * Quoted parameter values are unquoted; the first of a repeated name wins.
 */
export function parseContentType(ct: string): { type: string; subtype: string; params: Map<string, string> } | undefined {
  const [essence = '', ...rest] = ct.split(';');
  const m = /^\s*([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)\s*$/i.exec(essence);
  if (!m) return undefined;
  const params = new Map<string, string>();
  // Parameters after the essence; a quoted value may hold `;`, so they are matched, not split.
  const tail = rest.join(';');
  for (const p of tail.matchAll(/\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)\s*;?/g)) {
    const name = p[1]!.toLowerCase();
    let value = p[2]!.trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, value);
  }
  return { type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), params };
}

/**
 * @internal The encoding a client that honours the body's labels reads it
 * with (a `TextDecoder` name): its byte-order mark first, as the Encoding
 * Standard's `decode` (and so a browser) does, then the content type's
 * `charset`, else UTF-8. A label this runtime does not know (`utf8mb4`,
 * `binary`, `utf-32`) gives UTF-8, what fetch's `text()` and `json()` read
 * every body as. JSON and JSON lines are UTF-8 whatever their `charset`
 * says (RFC 8259 § 8.1) unless it names UTF-16; server-sent events are
 * always UTF-8 (the EventSource spec), byte-order mark or not.
 *
 * This is one reading of the bytes; `scanBody` scans the UTF-8 reading too
 * when it differs, because fetch reads UTF-8 whatever the labels say.
 *
 * @example
 * encodingOf('text/plain; charset=ISO-8859-1', new Uint8Array()); // 'windows-1252'
 * encodingOf('application/json; charset=iso-8859-1', new Uint8Array()); // 'utf-8'
 * encodingOf('text/plain; charset=utf-8', Uint8Array.of(0xff, 0xfe)); // 'utf-16le'
 */
export function encodingOf(contentType: string | null, head: Uint8Array): string {
  const m = contentType === null ? undefined : parseContentType(contentType);
  if (m && m.type === 'text' && m.subtype === 'event-stream') return 'utf-8';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  const encoding = labelledEncoding(contentType);
  if (encoding === undefined) return 'utf-8';
  if (classifyContentType(contentType) === 'json' && encoding !== 'utf-16le' && encoding !== 'utf-16be') return 'utf-8';
  return encoding;
}

/**
 * @internal The `TextDecoder` name of a content type's `charset`: undefined
 * without one or for a label this runtime does not know.
 */
function labelledEncoding(contentType: string | null): string | undefined {
  const label = contentType === null ? undefined : parseContentType(contentType)?.params.get('charset');
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * @internal Whether UTF-8 bytes can be sent under `contentType` as it is:
 * it has no `charset`, or one that names UTF-8. Otherwise a body re-encoded
 * as UTF-8 needs `withCharset(contentType, 'utf-8')`.
 */
export function saysUtf8(contentType: string | null): boolean {
  const has = contentType !== null && parseContentType(contentType)?.params.has('charset');
  return !has || labelledEncoding(contentType) === 'utf-8';
}

/**
 * @internal `contentType` with its `charset` parameter set to `charset`
 * (replaced where it was, appended where it was not); other parameters kept.
 *
 * @example
 * withCharset('text/plain; charset=iso-8859-1; format=flowed', 'utf-8'); // 'text/plain; charset=utf-8; format=flowed'
 */
export function withCharset(contentType: string, charset: string): string {
  const re = /(;\s*charset\s*=\s*)("(?:[^"\\]|\\.)*"|[^;]*)/i;
  return re.test(contentType) ? contentType.replace(re, (_, lead: string) => `${lead}${charset}`) : `${contentType.trimEnd()}; charset=${charset}`;
}

/** Leading bytes of common binary formats that carry no content type of their own. */
const MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip (docx, xlsx, jar)
  [0x1f, 0x8b], // gzip
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, wav, avi)
  [0x00, 0x61, 0x73, 0x6d], // wasm
];

/**
 * @internal Sniffs a body that came without a content type: binary when it
 * starts like a known binary format, holds a NUL byte, or is not valid UTF-8
 * (`complete: false` for a prefix, which may end inside a character). A
 * UTF-16 byte-order mark makes it text, as the MIME Sniffing Standard says
 * (a browser shows it as text, and fetch's `text()` reads the rest as UTF-8).
 */
export function looksBinary(bytes: Uint8Array, complete: boolean): boolean {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return false;
  if (MAGIC.some((m) => m.length <= bytes.length && m.every((b, i) => bytes[i] === b))) return true;
  if (bytes.indexOf(0) >= 0) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return false;
  } catch {
    return true;
  }
}

/** The parts of a Node zlib stream the brotli fallback uses. */
interface NodeZlibStream {
  on(event: 'data', f: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', f: () => void): unknown;
  on(event: 'error', f: (e: unknown) => void): unknown;
  write(chunk: Uint8Array, cb: (err?: Error | null) => void): boolean;
  end(cb?: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(e?: Error): unknown;
}

/** `node:zlib` when the runtime has it without an import (Node ≥ 20.16 / 22.3), else undefined (edge). */
function nodeZlib(): { createBrotliDecompress(): NodeZlibStream } | undefined {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const z = p?.getBuiltinModule?.('node:zlib') as { createBrotliDecompress?: () => NodeZlibStream } | undefined;
    return typeof z?.createBrotliDecompress === 'function' ? (z as { createBrotliDecompress(): NodeZlibStream }) : undefined;
  } catch {
    return undefined;
  }
}

/** A Web Streams pair around a Node zlib stream, with backpressure both ways. */
function fromNodeZlib(z: NodeZlibStream): ReadableWritablePair<Uint8Array, Uint8Array> {
  const readable = new ReadableStream<Uint8Array>({
    start(controller) {
      z.on('data', (chunk) => {
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 1) <= 0) z.pause();
      });
      z.on('end', () => { try { controller.close(); } catch { /* cancelled */ } });
      z.on('error', (e) => { try { controller.error(e); } catch { /* cancelled */ } });
    },
    pull() { z.resume(); },
    cancel() { z.destroy(); },
  }, { highWaterMark: 4 });
  const writable = new WritableStream<Uint8Array>({
    write(chunk) { return new Promise<void>((resolve, reject) => { z.write(chunk, (err) => (err ? reject(err) : resolve())); }); },
    close() { return new Promise<void>((resolve) => { z.end(() => resolve()); }); },
    abort() { z.destroy(); },
  });
  return { readable, writable };
}

/**
 * @internal A decoder for an HTTP `content-encoding` (`gzip`, `x-gzip`,
 * `deflate`, `br`), or undefined when this runtime cannot decode it.
 * `DecompressionStream` first; brotli, which Node 20's lacks, falls back to
 * `node:zlib` where the runtime offers it. `deflate` is read as browsers
 * read it: zlib-wrapped when it starts with a zlib header, else raw
 * DEFLATE, which many servers send under that name.
 */
export function decoderFor(encoding: string): ReadableWritablePair<Uint8Array, Uint8Array> | undefined {
  const name = encoding === 'x-gzip' ? 'gzip' : encoding === 'br' ? 'brotli' : encoding;
  if (name !== 'gzip' && name !== 'deflate' && name !== 'brotli') return undefined;
  const DS = (globalThis as { DecompressionStream?: DecompressionStreamClass }).DecompressionStream;
  if (DS) {
    // A runtime without `deflate-raw` still reads zlib-wrapped deflate.
    try { if (name === 'deflate') return eitherDeflate(DS, new DS('deflate-raw')); } catch { /* zlib only */ }
    try { return new DS(name); } catch { /* not supported here */ }
  }
  const zlib = name === 'brotli' ? nodeZlib() : undefined;
  return zlib ? fromNodeZlib(zlib.createBrotliDecompress()) : undefined;
}

type DecompressionStreamClass = new (format: string) => TransformStream<Uint8Array, Uint8Array>;

/**
 * A `deflate` decoder that picks its format from the first two bytes: a
 * zlib header (RFC 1950: method 8, a window of at most 32 KB, the pair a
 * multiple of 31) gives `deflate`, anything else `deflate-raw` (`raw`, made
 * up front so a runtime without it is known before any byte). Backpressure
 * passes through: each write waits on the chosen decoder.
 */
function eitherDeflate(DS: DecompressionStreamClass, raw: TransformStream<Uint8Array, Uint8Array>): ReadableWritablePair<Uint8Array, Uint8Array> {
  let choose!: (t: TransformStream<Uint8Array, Uint8Array>) => void;
  const chosen = new Promise<TransformStream<Uint8Array, Uint8Array>>((resolve) => { choose = resolve; });
  let writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  let head = new Uint8Array(0);
  const pick = (): WritableStreamDefaultWriter<Uint8Array> => {
    const zlib = head.length >= 2 && (head[0]! & 0x0f) === 8 && head[0]! >> 4 <= 7 && ((head[0]! << 8) | head[1]!) % 31 === 0;
    const t = zlib ? new DS('deflate') : raw;
    choose(t);
    return (writer = t.writable.getWriter());
  };
  let sink: WritableStreamDefaultController | undefined;
  let cancelled = false;
  const writable = new WritableStream<Uint8Array>({
    start(controller) { sink = controller; },
    async write(chunk) {
      if (writer) return writer.write(chunk);
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      if (head.length >= 2) await pick().write(head);
    },
    async close() {
      if (!writer && head.length > 0) await pick().write(head);
      await (writer ?? pick()).close();
    },
    abort(reason) { return (writer ?? pick()).abort(reason); },
  });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const readable = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const t = await chosen;
      // A pull that waited for the choice while the reader left takes no reader.
      if (cancelled) return;
      reader ??= t.readable.getReader();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    // Cancelled (the client left), even before the two bytes that choose
    // the decoder came: `writable` is errored, so the pipe into it cancels
    // its source (the upstream body) at once, and the decoder is cancelled.
    async cancel(reason) {
      cancelled = true;
      sink?.error(reason);
      if (!writer) pick();
      const t = await chosen;
      await (reader ? reader.cancel(reason) : t.readable.cancel(reason)).catch(() => {});
    },
  });
  return { writable, readable };
}

/**
 * @internal Marks a guard promise as handled, so one that rejects before the
 * first request (a wasm module that cannot load) is not an unhandled
 * rejection that ends a Node process; each request still sees the failure.
 */
export function observeGuard(source: GuardSource): GuardSource {
  const p = source as Partial<Promise<Guard>> | null | undefined;
  if (p && typeof p === 'object' && typeof p.then === 'function') {
    try { p.then(undefined, () => undefined); } catch { /* not a real promise */ }
  }
  return source;
}
