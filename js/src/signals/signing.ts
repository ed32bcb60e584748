/**
 * Request signing for signal deliveries: HMAC-SHA256 over
 * `${timestamp}.${body}` with a shared secret, in two headers.
 *
 * ## Verifying a delivery (receiver side)
 *
 * 1. Read the raw request body as text, before any JSON parsing: the
 *    signature covers the exact bytes sent.
 * 2. Call {@link verifySignature} with the body, the request headers and the
 *    secret (or the list of secrets during a rotation). It recomputes
 *    `HMAC-SHA256(secret, timestamp + "." + body)`, compares it in constant
 *    time with every `v1=` value of `x-phi-guard-signature`, and then checks
 *    that `x-phi-guard-timestamp` is within `toleranceSec` (300 s by default)
 *    of now.
 * 3. Parse the body, then pass each signal id through a replay guard
 *    ({@link createReplayGuard}) whose window is at least the tolerance: a
 *    captured request replayed later fails step 2 (`expired`), and one
 *    replayed sooner fails step 3.
 * 4. Optionally check the hash chain with `verifyChain`.
 *
 * Answer 2xx only after the signals are stored; 413 if the body is too
 * large (the sender splits the batch), 429/503 with `Retry-After` to slow it
 * down, and another 4xx to make it drop the batch.
 */
import { PhiGuardError } from '../common/errors.js';
import { toHex, webCrypto } from './canonical.js';

/** Header carrying the Unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'x-phi-guard-timestamp';
/** Header carrying `v1=<hex HMAC-SHA256 of "${timestamp}.${body}">`. */
export const SIGNATURE_HEADER = 'x-phi-guard-signature';

/** The headers {@link signPayload} produces. */
export interface SignatureHeaders {
  'x-phi-guard-timestamp': string;
  'x-phi-guard-signature': string;
}

/** Request headers as a receiver has them: a Fetch `Headers`, or a plain object (Node's `req.headers`). */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

/** Result of {@link verifySignature}. */
export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'bad_signature' | 'expired' | 'future' };

/** Options of {@link verifySignature}. */
export interface VerifyOptions {
  /** Accepted clock difference in seconds, both ways. Default 300. */
  toleranceSec?: number;
  /** Current time in milliseconds (for tests); default `Date.now()`. */
  now?: number | (() => number);
}

const keys = new Map<string, Promise<CryptoKey>>();

/** @internal An HMAC-SHA256 key for `secret`, imported once (a few secrets are cached). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new PhiGuardError('input', 'the signing secret must be a non-empty string');
  }
  let key = keys.get(secret);
  if (!key) {
    key = webCrypto().importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size >= 16) keys.delete(keys.keys().next().value as string);
    keys.set(secret, key);
  }
  return key;
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await hmacKey(secret);
  return toHex(await webCrypto().sign('HMAC', key, new TextEncoder().encode(message)));
}

/**
 * Signs a request body. The signature covers `${timestampSec}.${body}`, so
 * the timestamp cannot be changed without breaking it.
 *
 * @param body the exact text that will be sent.
 * @param secret the shared secret (keep it server-side).
 * @param timestampSec Unix time in seconds; default now.
 * @throws {PhiGuardError} code `input` for a non-string body, an empty
 *   secret or a bad timestamp.
 * @example
 * const body = JSON.stringify({ signals });
 * const headers = await signPayload(body, process.env.PHI_GUARD_SIGNING_SECRET!);
 * await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
 */
export async function signPayload(body: string, secret: string, timestampSec?: number): Promise<SignatureHeaders> {
  if (typeof body !== 'string') throw new PhiGuardError('input', `signPayload expects a string body, got ${typeof body}`);
  const ts = timestampSec ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(ts) || ts < 0) throw new PhiGuardError('input', 'the timestamp must be a non-negative integer number of seconds');
  const sig = await hmacHex(secret, `${ts}.${body}`);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: `v1=${sig}` } as SignatureHeaders;
}

function header(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const rec = headers as Record<string, string | string[] | undefined>;
  let v = rec[name];
  if (v === undefined) {
    for (const k of Object.keys(rec)) if (k.toLowerCase() === name) { v = rec[k]; break; }
  }
  return Array.isArray(v) ? v.join(',') : v;
}

/** Constant-time comparison of two strings (time depends on the expected length only). */
function safeEqual(expected: string, actual: string): boolean {
  let diff = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ (i < actual.length ? actual.charCodeAt(i) : 0);
  }
  return diff === 0;
}

/**
 * Verifies a signed delivery: signature first (constant-time compare against
 * every `v1=` value, so a sender can carry several during a rotation), then
 * the timestamp window. See the module docs for the whole procedure.
 *
 * @param secret one secret, or several during a rotation.
 * @returns `{ ok: true }`, or `{ ok: false, reason }`: `missing` (a header is
 *   absent or malformed), `bad_signature`, `expired` (older than the
 *   tolerance) or `future` (newer than the tolerance).
 * @example
 * // Next.js route handler receiving signals
 * export async function POST(req: Request) {
 *   const body = await req.text();
 *   const v = await verifySignature(body, req.headers, process.env.PHI_GUARD_SIGNING_SECRET!);
 *   if (!v.ok) return new Response(v.reason, { status: 401 });
 *   const { signals } = JSON.parse(body);
 *   for (const s of signals) if (!replay.accept(s.id)) continue; // already seen
 *   // ... store, then answer 2xx
 *   return new Response(null, { status: 204 });
 * }
 */
export async function verifySignature(
  body: string,
  headers: HeadersLike,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  if (typeof body !== 'string') throw new PhiGuardError('input', `verifySignature expects a string body, got ${typeof body}`);
  if (headers === null || typeof headers !== 'object') throw new PhiGuardError('input', 'verifySignature expects a headers object');
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new PhiGuardError('input', 'the signing secret must be a non-empty string');
  }
  const tolerance = options.toleranceSec ?? 300;
  if (!(tolerance >= 0)) throw new PhiGuardError('input', 'toleranceSec must be a non-negative number');

  const tsText = header(headers, TIMESTAMP_HEADER)?.trim();
  const sigText = header(headers, SIGNATURE_HEADER);
  if (!tsText || !sigText || !/^\d{1,15}$/.test(tsText)) return { ok: false, reason: 'missing' };
  const given = sigText
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith('v1='))
    .map((p) => p.slice(3).toLowerCase());
  if (given.length === 0) return { ok: false, reason: 'missing' };

  let match = false;
  for (const s of secrets) {
    const expected = await hmacHex(s, `${tsText}.${body}`);
    for (const g of given) if (safeEqual(expected, g)) match = true;
  }
  if (!match) return { ok: false, reason: 'bad_signature' };

  const nowMs = typeof options.now === 'function' ? options.now() : options.now ?? Date.now();
  const age = nowMs / 1000 - Number(tsText);
  if (age > tolerance) return { ok: false, reason: 'expired' };
  if (-age > tolerance) return { ok: false, reason: 'future' };
  return { ok: true };
}

/** Options of {@link createReplayGuard}. */
export interface ReplayGuardOptions {
  /** How long an id is remembered, in seconds; use at least the signature tolerance. */
  windowSec: number;
  /** At most this many ids are remembered (oldest forgotten first). Default 100,000. */
  maxEntries?: number;
  /** Current time in milliseconds (for tests); default `Date.now`. */
  now?: () => number;
}

/** Remembers signal ids for a while; see {@link createReplayGuard}. */
export interface ReplayGuard {
  /** `true` the first time `id` is seen within the window (and remembers it), `false` for a replay. */
  accept(id: string): boolean;
  /** Ids currently remembered. */
  readonly size: number;
}

/**
 * A replay guard for receivers: rejects a signal id already seen within
 * `windowSec`. Memory is bounded: ids expire after the window and at most
 * `maxEntries` are kept. Pair it with {@link verifySignature}, whose
 * timestamp tolerance must not exceed the window, so a replay older than
 * the window is already rejected as `expired`.
 *
 * @throws {PhiGuardError} code `input` for a bad window or size.
 * @example
 * const replay = createReplayGuard({ windowSec: 600 });
 * replay.accept(signal.id); // true
 * replay.accept(signal.id); // false: replayed
 */
export function createReplayGuard(options: ReplayGuardOptions): ReplayGuard {
  const windowMs = Number(options?.windowSec) * 1000;
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new PhiGuardError('input', 'windowSec must be a positive number');
  const max = options.maxEntries ?? 100_000;
  if (!Number.isSafeInteger(max) || max < 1) throw new PhiGuardError('input', 'maxEntries must be a positive integer');
  const now = options.now ?? Date.now;
  // Insertion order is expiry order: ids are stored with the time they expire.
  const seen = new Map<string, number>();

  const sweep = (t: number) => {
    for (const [id, expires] of seen) {
      if (expires > t) break;
      seen.delete(id);
    }
  };

  return {
    accept(id: string): boolean {
      if (typeof id !== 'string' || id.length === 0) throw new PhiGuardError('input', 'a signal id must be a non-empty string');
      const t = now();
      sweep(t);
      const expires = seen.get(id);
      if (expires !== undefined && expires > t) return false;
      seen.delete(id);
      while (seen.size >= max) seen.delete(seen.keys().next().value as string);
      seen.set(id, t + windowMs);
      return true;
    },
    get size() {
      sweep(now());
      return seen.size;
    },
  };
}
