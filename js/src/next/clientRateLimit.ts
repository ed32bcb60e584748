import { PhiGuardError } from '../common/errors.js';

/**
 * The relay's per-client rate limit: a token bucket per client, kept in
 * memory. Each client may send `burst` reports at once, and then
 * `perMinute` a minute on average; a report over that is answered 429 with
 * `Retry-After`, before its body is read. Every field is optional.
 *
 * The buckets belong to the handler `createSignalRelay` returns: build it
 * once, at module level, not inside each request (a new handler starts
 * with empty buckets). The limit is per instance too: on a serverless
 * platform each function instance or edge isolate keeps its own buckets,
 * so a client may get `perMinute` from each instance it reaches. It bounds
 * a flood of reports, not an exact rate (use the platform's firewall for
 * that).
 *
 * @example
 * const limit: RelayRateLimit = { perMinute: 60, burst: 20 }; // a page whose widgets each have a boundary
 * const behindNginx: RelayRateLimit = {
 *   // nginx appends the address it saw: the last one is the one no client can choose
 *   key: (request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim(),
 * };
 */
export interface RelayRateLimit {
  /**
   * Reports a client may send a minute, on average (default 30: one every
   * two seconds, far above what a person meets errors at). A positive
   * finite number, fractions allowed (`0.5`: one every two minutes).
   */
  perMinute?: number;
  /**
   * Reports a client may send at once, the bucket's size (default 10: a
   * page whose every boundary fails at once, and a reload or two). An
   * integer from 1 to 1 000 000.
   */
  burst?: number;
  /**
   * Clients tracked at once (default 10 000, a few MB at most). Past that
   * the one seen least recently is forgotten: it starts again with a full
   * bucket, so a flood of made-up addresses costs no memory and locks no
   * one out. An integer from 1 to 1 000 000.
   */
  maxClients?: number;
  /**
   * The client's key, from the request (its first 128 characters are
   * used). Default: the first address of `x-forwarded-for`, else
   * `x-real-ip`; without either, or when `key` returns nothing or throws,
   * the report goes to one bucket all such clients share.
   *
   * The first address of `x-forwarded-for` is the client's own only where
   * the platform overwrites the header (Vercel does). Next's own server
   * (`next start`) fills it with the connection's address only when the
   * request has none, and a proxy that appends (nginx's
   * `$proxy_add_x_forwarded_for`, most load balancers) keeps what the
   * client sent in front: there a client can name a new address with each
   * report and escape the limit. Behind such a proxy take the address it
   * added, the last one (see the example above); with nothing in front, no
   * header can be trusted, and the limit still bounds memory and a careless
   * client but not a determined one. Keys stay in memory and are never logged.
   */
  key?: (request: Request) => string | null | undefined;
  /** Clock in milliseconds (the buckets' refill); default `Date.now`. */
  now?: () => number;
}

/** @internal What a limiter says of a request: go on, or wait `retryAfterS` seconds. */
export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

/** The bucket of clients without a key; no real key is empty. */
const SHARED = '';
const MAX_KEY = 128;
/** The longest `Retry-After` given (2^31 − 1 s), so a tiny `perMinute` still gives a plain integer. */
const MAX_RETRY_S = 2 ** 31 - 1;

/** @internal The key {@link RelayRateLimit.key} defaults to. */
export function forwardedClient(request: Request): string | undefined {
  const xff = request.headers.get('x-forwarded-for');
  if (xff) {
    const comma = xff.indexOf(',');
    const first = (comma < 0 ? xff : xff.slice(0, comma)).trim();
    if (first) return first;
  }
  return request.headers.get('x-real-ip')?.trim() || undefined;
}

function positive(name: string, value: unknown, fallback: number, integer: boolean, max: number): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new PhiGuardError('input', `rateLimit.${name} must be ${integer ? 'an integer from 1' : 'a number above 0 and up'} to ${max}`);
  return value as number;
}

/**
 * @internal A limiter for {@link RelayRateLimit}, or undefined for `false`.
 * Buckets refill lazily from the clock when a client is next seen, so no
 * timer runs (nothing keeps a Node process alive); they live in one `Map`
 * in the order last seen, at most `maxClients` of them. It never throws
 * once built; a clock that throws or is not a finite number lets the
 * report through (a limit without time cannot be applied). Throws a
 * `PhiGuardError` with code `input` for options out of range.
 */
export function clientRateLimit(options: RelayRateLimit | false | undefined): ((request: Request) => RateDecision) | undefined {
  if (options === false) return undefined;
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new PhiGuardError('input', 'rateLimit must be false or an object');
  }
  const o = options ?? {};
  const perMinute = positive('perMinute', o.perMinute, 30, false, 1_000_000);
  const burst = positive('burst', o.burst, 10, true, 1_000_000);
  const maxClients = positive('maxClients', o.maxClients, 10_000, true, 1_000_000);
  for (const name of ['key', 'now'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw new PhiGuardError('input', `rateLimit.${name} must be a function`);
  }
  const keyOf = o.key ?? forwardedClient;
  const clock = o.now ?? Date.now;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return (request) => {
    let now: number;
    try { now = clock(); } catch { return { ok: true }; }
    if (typeof now !== 'number' || !Number.isFinite(now)) return { ok: true };
    let key: string;
    try {
      const k = keyOf(request);
      key = typeof k === 'string' ? k.slice(0, MAX_KEY) : SHARED;
    } catch {
      key = SHARED;
    }
    let bucket = buckets.get(key);
    if (bucket) buckets.delete(key); // set again below: the Map stays in the order last seen
    else bucket = { tokens: burst, at: now };
    if (now > bucket.at) { // a clock that steps back refills nothing
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
    }
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    buckets.set(key, bucket);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    return ok ? { ok } : { ok, retryAfterS: Math.min(MAX_RETRY_S, Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))) };
  };
}
