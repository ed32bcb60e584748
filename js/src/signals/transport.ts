/**
 * Delivery of signals to one or more HTTP endpoints, in signed batches.
 *
 * The habits are the ones of Sentry's transport: a bounded buffer that
 * never blocks the request path, every dropped signal counted by reason,
 * `Retry-After` honoured, and a `flush(timeout)` for `waitUntil`. Nothing is
 * logged, and no signal content ever appears in an error or a stat.
 */
import { PhiGuardError } from '../common/errors.js';
import { clampDelay } from '../common/timers.js';
import { toCloudEvent, toOtlpLogs } from './formats.js';
import { hmacKey, signPayload } from './signing.js';
import type { Signal } from './types.js';

/** Body format of a delivery. */
export type TransportFormat = 'json' | 'cloudevents' | 'otlp';

/** The part of `fetch` the transport uses; inject one for tests or custom agents. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link Transport}. */
export interface TransportOptions {
  /** Endpoint URLs (http or https), in failover order. */
  endpoints: string[];
  /** Shared HMAC secret; every POST is signed (see `signPayload`). */
  secret: string;
  /**
   * `json` (default): `{ "signals": [...] }`; `cloudevents`: a JSON array of
   * CloudEvents (`application/cloudevents-batch+json`); `otlp`: an OTLP/HTTP
   * JSON logs body.
   */
  format?: TransportFormat;
  /** At most this many signals are held (queued + in flight). Default 1000. */
  maxQueue?: number;
  /** Signals per POST. Default 20. */
  batchSize?: number;
  /** A partial batch waits at most this long before it is sent. Default 1000 ms. */
  flushIntervalMs?: number;
  /**
   * Per-attempt timeout (connect, send, response headers). Default 5000 ms.
   * It bounds the attempt whatever `fetch` does: the request is aborted and the
   * attempt counts as failed even if an injected `fetch` ignores the abort and
   * never settles.
   */
  timeoutMs?: number;
  /** Retries per endpoint after the first attempt, before failing over. Default 5. */
  maxRetries?: number;
  /** Exponential backoff with full jitter between retries. */
  backoff?: { baseMs?: number; maxMs?: number };
  /**
   * The longest pause a `Retry-After` buys, in milliseconds. Default 300000
   * (5 minutes). A longer one (a collector answering `Retry-After: 86400`
   * through a short outage) is cut to this, so signals, which start a
   * notification clock, are not held for days; the attempt after the pause
   * counts as a retry as usual. `0`: a `Retry-After` is ignored, and the
   * backoff waits between retries as for any other failure.
   */
  maxRetryAfterMs?: number;
  /** Signals admitted per window (excess dropped as `throttled`). Default 600 per 60 s. */
  throttle?: { max?: number; perMs?: number };
  /** CloudEvents `source` for `format: 'cloudevents'`. Default `/phi-guard`. */
  source?: string;
  /** OTLP `service.name` for `format: 'otlp'`. Default `phi-guard`. */
  serviceName?: string;
  /** Extra request headers (e.g. an API key of the collector). */
  headers?: Record<string, string>;
  /** Injectable `fetch`; default `globalThis.fetch`. Each call is bounded by `timeoutMs`. */
  fetch?: FetchLike;
  /** Clock in milliseconds (throttle window, `Retry-After` dates); default `Date.now`. */
  now?: () => number;
  /** Random number in [0, 1) for jitter; default `Math.random`. */
  random?: () => number;
}

/** Counters of a {@link Transport}; `sent + Σ dropped + queued` is the number of `enqueue` calls. */
export interface TransportStats {
  /** Signals held now: queued or in flight. */
  queued: number;
  /** Signals the receiver acknowledged with 2xx. */
  sent: number;
  /** Retries on the same endpoint (after 5xx, 408, 429, a network error or a timeout); a failover's first attempt is not one. */
  retried: number;
  dropped: {
    /** `enqueue` found the buffer full. */
    queue_full: number;
    /** Over the throttle. */
    throttled: number;
    /** 413 even as a single-signal request. */
    too_large: number;
    /** Another 4xx (or a redirect, or a signal that cannot be encoded). */
    rejected: number;
    /** Retries exhausted on every endpoint. */
    expired: number;
  };
}

interface Endpoint {
  url: string;
  /** The server asked us (Retry-After) not to call before this time. */
  blockedUntil: number;
  /** Our own circuit breaker: prefer other endpoints until then. */
  downUntil: number;
}

/** A queued signal, already encoded as its element of the batch body. */
interface Item {
  encoded: string;
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'too_large' }
  | { kind: 'rejected' }
  | { kind: 'retry'; retryAfterMs?: number };

const CONTENT_TYPE: Record<TransportFormat, string> = {
  json: 'application/json',
  cloudevents: 'application/cloudevents-batch+json',
  otlp: 'application/json',
};

function unref(t: ReturnType<typeof setTimeout>): ReturnType<typeof setTimeout> {
  (t as unknown as { unref?: () => void }).unref?.();
  return t;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

// HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
const IMF_FIXDATE = new RegExp(`^${DAY}, +\\d{1,2} +${MONTH} +\\d{4} +${TIME} +GMT$`, 'i');
const RFC850_DATE = new RegExp(`^${LONG_DAY}, +\\d{1,2}-${MONTH}-\\d{2} +${TIME} +GMT$`, 'i');
const ASCTIME_DATE = new RegExp(`^${DAY} +${MONTH} +\\d{1,2} +${TIME} +\\d{4}$`, 'i');

function positiveInt(name: string, v: number | undefined, def: number, min = 1): number {
  const n = v ?? def;
  if (!Number.isSafeInteger(n) || n < min) throw new PhiGuardError('input', `${name} must be an integer ≥ ${min}`);
  return n;
}

/**
 * Parses `Retry-After` (delay in whole seconds, or an HTTP date) into
 * milliseconds from `now`.
 *
 * The result is always a whole number in [0, 2^31 − 1]: a date in the past is
 * 0, and a longer delay (say `99999999` seconds, or a date in the year 9999)
 * is clamped to 2^31 − 1 ms, about 24.8 days, the longest delay `setTimeout`
 * can wait. `undefined` when absent or unreadable: anything but digits or an
 * RFC 9110 HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, or its RFC 850 and
 * asctime forms), so `-5`, `1.5`, `NaN` or `soon` do not pass for a date
 * (the transport then falls back to its own backoff); nor is a date read
 * against a `now` that is not a finite number.
 *
 * @example
 * parseRetryAfter('2', Date.now()); // 2000
 * parseRetryAfter('99999999', Date.now()); // 2147483647
 * parseRetryAfter('-5', Date.now()); // undefined
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) {
    ms = Number(v) * 1000; // Infinity for hundreds of digits: clamped below
  } else if (IMF_FIXDATE.test(v) || RFC850_DATE.test(v) || ASCTIME_DATE.test(v)) {
    if (!Number.isFinite(now)) return undefined;
    // asctime carries no zone and means GMT; Date.parse would read it as local time.
    const at = Date.parse(ASCTIME_DATE.test(v) ? `${v} GMT` : v);
    ms = at - now;
  } else {
    return undefined;
  }
  if (Number.isNaN(ms)) return undefined;
  return Math.ceil(clampDelay(ms));
}

/**
 * Sends signals in signed batches to HTTP endpoints with a bounded buffer,
 * throttling, retries with exponential backoff and full jitter, `Retry-After`,
 * and failover.
 *
 * - `enqueue()` never throws and never waits: it returns `false` and counts
 *   the drop when the buffer is full (`queue_full`) or the throttle is
 *   exceeded (`throttled`).
 * - A batch that fails with 5xx, 408, 429, a network error or a timeout is
 *   retried on the same endpoint (`maxRetries` times, backoff between, or the
 *   `Retry-After` of a 429/503), then on the next endpoint; after the last
 *   one it is dropped as `expired`. An endpoint that exhausted its retries is
 *   tried last for the next `backoff.maxMs`. A `Retry-After` longer than
 *   `backoff.maxMs` sends the batch to the next endpoint at once; on the last
 *   endpoint it is waited out (new signals meanwhile count as `queue_full`
 *   once the buffer is full), up to `maxRetryAfterMs` (5 minutes by
 *   default; {@link parseRetryAfter} says which values are ignored as
 *   unreadable). A redirect counts as `rejected`.
 * - Every attempt ends within `timeoutMs`, whatever `fetch` does: on timeout
 *   the request is aborted and the attempt fails like a network error
 *   (retried, then failed over, then `expired`), even if the `fetch` promise
 *   never settles; a response that arrives later is discarded.
 * - Requests are signed afresh on every attempt (`signPayload`, with the
 *   `now` clock), so a retry never carries a stale timestamp.
 * - 413: the batch is split once into single signals; a single one that
 *   still gets 413 is dropped as `too_large`. Another 4xx: `rejected`.
 * - Timers are `unref`'d, so an idle transport never keeps Node alive; call
 *   `flush()` (e.g. inside `waitUntil`) before a serverless function ends.
 *
 * @throws {PhiGuardError} code `input` for bad options.
 * @example
 * const transport = new Transport({
 *   endpoints: ['https://siem.example.org/phi-signals', 'https://backup.example.org/phi-signals'],
 *   secret: process.env.PHI_GUARD_SIGNING_SECRET!,
 *   format: 'cloudevents',
 * });
 * transport.enqueue(signal);
 * await transport.flush(2000);
 * transport.stats(); // { queued: 0, sent: 1, retried: 0, dropped: { ... } }
 */
export class Transport {
  readonly format: TransportFormat;
  #endpoints: Endpoint[];
  #secret: string;
  #maxQueue: number;
  #batchSize: number;
  #flushIntervalMs: number;
  #timeoutMs: number;
  #maxRetries: number;
  #baseMs: number;
  #maxMs: number;
  #maxRetryAfterMs: number;
  #throttleMax: number;
  #throttlePerMs: number;
  #source: string;
  #serviceName: string;
  #headers: Record<string, string>;
  #fetch: FetchLike | undefined;
  #now: () => number;
  #random: () => number;

  #queue: Item[] = [];
  #head = 0;
  #inFlight = 0;
  #worker: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drainAll = false;
  #waiters = new Set<() => void>();
  #windowStart = -Infinity;
  #windowCount = 0;
  #sent = 0;
  #retried = 0;
  #dropped = { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 };
  /** Signals dropped after they were queued (what `flush` answers for). */
  #lost = 0;

  constructor(options: TransportOptions) {
    if (!options || typeof options !== 'object') throw new PhiGuardError('input', 'Transport needs an options object');
    const { endpoints } = options;
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      throw new PhiGuardError('input', 'Transport needs at least one endpoint');
    }
    this.#endpoints = endpoints.map((url, i) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        throw new PhiGuardError('input', `endpoint ${i} is not an http(s) URL`);
      }
      return { url, blockedUntil: 0, downUntil: 0 };
    });
    if (typeof options.secret !== 'string' || options.secret.length === 0) {
      throw new PhiGuardError('input', 'Transport needs a non-empty signing secret');
    }
    this.#secret = options.secret;
    this.format = options.format ?? 'json';
    if (!(this.format in CONTENT_TYPE)) throw new PhiGuardError('input', "format must be 'json', 'cloudevents' or 'otlp'");
    this.#maxQueue = positiveInt('maxQueue', options.maxQueue, 1000);
    this.#batchSize = positiveInt('batchSize', options.batchSize, 20);
    this.#flushIntervalMs = positiveInt('flushIntervalMs', options.flushIntervalMs, 1000, 0);
    this.#timeoutMs = positiveInt('timeoutMs', options.timeoutMs, 5000);
    this.#maxRetries = positiveInt('maxRetries', options.maxRetries, 5, 0);
    this.#baseMs = positiveInt('backoff.baseMs', options.backoff?.baseMs, 250, 0);
    this.#maxMs = positiveInt('backoff.maxMs', options.backoff?.maxMs, 30_000, 0);
    this.#maxRetryAfterMs = positiveInt('maxRetryAfterMs', options.maxRetryAfterMs, 300_000, 0);
    this.#throttleMax = positiveInt('throttle.max', options.throttle?.max, 600);
    this.#throttlePerMs = positiveInt('throttle.perMs', options.throttle?.perMs, 60_000);
    this.#source = options.source ?? '/phi-guard';
    this.#serviceName = options.serviceName ?? 'phi-guard';
    this.#headers = { ...(options.headers ?? {}) };
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    // Validate format options now, so a bad source fails here and not per signal.
    if (this.format === 'cloudevents' && (typeof this.#source !== 'string' || this.#source.length === 0)) {
      throw new PhiGuardError('input', 'source must be a non-empty string');
    }
    if (this.format === 'otlp' && (typeof this.#serviceName !== 'string' || this.#serviceName.length === 0)) {
      throw new PhiGuardError('input', 'serviceName must be a non-empty string');
    }
    // Import the HMAC key once, up front (the promise is cached).
    hmacKey(this.#secret).catch(() => undefined);
  }

  /**
   * Queues a signal for delivery. Never throws and never waits.
   *
   * @returns `true` if queued; `false` if dropped (buffer full, throttled, or
   *   a signal that cannot be encoded), and the drop is counted in `stats()`.
   * @example
   * if (!transport.enqueue(signal)) metrics.increment('phi_guard.signal_dropped');
   */
  enqueue(signal: Signal): boolean {
    if (this.#held() >= this.#maxQueue) {
      this.#dropped.queue_full++;
      return false;
    }
    const now = this.#now();
    if (!(now - this.#windowStart < this.#throttlePerMs)) {
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    if (this.#windowCount >= this.#throttleMax) {
      this.#dropped.throttled++;
      return false;
    }
    let encoded: string;
    try {
      encoded = this.#encode(signal);
    } catch {
      this.#dropped.rejected++;
      return false;
    }
    this.#windowCount++;
    this.#queue.push({ encoded });
    if (this.#pending() >= this.#batchSize) this.#kick();
    else this.#schedule();
    return true;
  }

  /**
   * Sends everything queued now and resolves when the buffer is empty:
   * `true` when every signal held (queued or in flight) meanwhile was
   * delivered, `false` when one was dropped on the way (the collector
   * refused it, `rejected`: a 4xx such as 401 for a wrong secret, or a
   * redirect; it ran out of retries, `expired`; or `too_large`; counted in
   * `stats()`) or when `timeoutMs` runs out first. Never rejects. This
   * timer, unlike the transport's own, keeps Node alive until it fires.
   * `timeoutMs` is clamped to [0, 2^31 − 1] ms, so `Infinity` waits (about
   * 24.8 days at most) rather than overflowing to 1 ms.
   *
   * @example
   * // Next.js middleware / route handler
   * event.waitUntil(transport.flush(2000));
   */
  flush(timeoutMs: number = this.#timeoutMs): Promise<boolean> {
    if (this.#held() === 0) return Promise.resolve(true);
    const lostBefore = this.#lost;
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(this.#lost === lostBefore);
      };
      this.#waiters.add(done);
      timer = setTimeout(() => {
        this.#waiters.delete(done);
        resolve(false);
      }, clampDelay(Number(timeoutMs)));
      this.#drainAll = true;
      this.#kick();
    });
  }

  /**
   * Counters since construction.
   *
   * @example
   * const { sent, dropped } = transport.stats();
   */
  stats(): TransportStats {
    return { queued: this.#held(), sent: this.#sent, retried: this.#retried, dropped: { ...this.#dropped } };
  }

  #pending(): number {
    return this.#queue.length - this.#head;
  }

  #held(): number {
    return this.#pending() + this.#inFlight;
  }

  #take(n: number): Item[] {
    const batch = this.#queue.slice(this.#head, this.#head + n);
    this.#head += batch.length;
    // Compact now and then, so the array does not grow without bound.
    if (this.#head >= 1024 || this.#head === this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return batch;
  }

  #encode(signal: Signal): string {
    if (signal === null || typeof signal !== 'object' || typeof signal.id !== 'string') {
      throw new PhiGuardError('input', 'not a signal');
    }
    switch (this.format) {
      case 'json':
        return JSON.stringify(signal);
      case 'cloudevents':
        return JSON.stringify(toCloudEvent(signal, { source: this.#source }));
      case 'otlp':
        return JSON.stringify(toOtlpLogs([signal], { serviceName: this.#serviceName }).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]);
    }
  }

  #body(batch: Item[]): string {
    const items = batch.map((i) => i.encoded).join(',');
    switch (this.format) {
      case 'json':
        return `{"signals":[${items}]}`;
      case 'cloudevents':
        return `[${items}]`;
      case 'otlp':
        return (
          `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":${JSON.stringify(this.#serviceName)}}}]},` +
          `"scopeLogs":[{"scope":{"name":"phi-guard"},"logRecords":[${items}]}]}]}`
        );
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#worker) return;
    this.#timer = unref(
      setTimeout(() => {
        this.#timer = undefined;
        this.#drainAll = true;
        this.#kick();
      }, clampDelay(this.#flushIntervalMs)),
    );
  }

  #kick(): void {
    if (this.#worker) return;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#worker = this.#run().finally(() => {
      this.#worker = undefined;
      this.#drainAll = false;
      if (this.#pending() > 0) {
        if (this.#pending() >= this.#batchSize || this.#waiters.size > 0) this.#kick();
        else this.#schedule();
      }
      this.#notify();
    });
  }

  #notify(): void {
    if (this.#held() === 0) for (const done of [...this.#waiters]) done();
  }

  async #run(): Promise<void> {
    while (this.#pending() >= this.#batchSize || (this.#pending() > 0 && (this.#drainAll || this.#waiters.size > 0))) {
      const batch = this.#take(this.#batchSize);
      this.#inFlight = batch.length;
      try {
        await this.#deliver(batch, true);
      } catch {
        // #deliver handles every failure; this is a last resort so the loop never dies.
        this.#drop('rejected', batch.length);
      } finally {
        this.#inFlight = 0;
      }
      this.#notify();
    }
  }

  /** Endpoints in the order to try: healthy ones first, each group in failover order. */
  #order(): Endpoint[] {
    const now = this.#now();
    const up = this.#endpoints.filter((e) => e.downUntil <= now);
    return up.length === this.#endpoints.length ? this.#endpoints : [...up, ...this.#endpoints.filter((e) => e.downUntil > now)];
  }

  async #deliver(batch: Item[], mayGiveUpOnSize: boolean): Promise<void> {
    const order = this.#order();
    for (let k = 0; k < order.length; k++) {
      const ep = order[k]!;
      const last = k === order.length - 1;
      let retries = 0;
      for (;;) {
        const wait = ep.blockedUntil - this.#now();
        if (wait > 0) {
          // The server asked for a pause: take it, unless another endpoint can take the batch sooner.
          if (!last && wait > this.#maxMs) break;
          await this.#sleep(wait);
        }
        const outcome = await this.#post(ep.url, batch);
        if (outcome.kind === 'ok') {
          ep.downUntil = 0;
          this.#sent += batch.length;
          return;
        }
        if (outcome.kind === 'too_large') {
          if (batch.length > 1 && mayGiveUpOnSize) {
            for (const single of batch) await this.#deliver([single], false);
          } else {
            this.#drop('too_large', batch.length);
          }
          return;
        }
        if (outcome.kind === 'rejected') {
          this.#drop('rejected', batch.length);
          return;
        }
        // With `maxRetryAfterMs: 0` a Retry-After is not followed: the backoff is.
        if (outcome.kind === 'retry' && this.#maxRetryAfterMs === 0) outcome.retryAfterMs = undefined;
        if (outcome.retryAfterMs !== undefined) ep.blockedUntil = this.#now() + Math.min(outcome.retryAfterMs, this.#maxRetryAfterMs);
        if (retries >= this.#maxRetries) {
          ep.downUntil = this.#now() + this.#maxMs;
          break;
        }
        retries++;
        this.#retried++;
        if (outcome.retryAfterMs === undefined) await this.#sleep(this.#backoff(retries));
      }
    }
    this.#drop('expired', batch.length);
  }

  /** Counts `n` queued signals dropped for `reason`. */
  #drop(reason: 'rejected' | 'too_large' | 'expired', n: number): void {
    this.#dropped[reason] += n;
    this.#lost += n;
  }

  #backoff(retry: number): number {
    const cap = Math.min(this.#maxMs, this.#baseMs * 2 ** Math.min(retry - 1, 30));
    return Math.floor(this.#random() * cap);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      unref(setTimeout(resolve, clampDelay(ms)));
    });
  }

  async #post(url: string, batch: Item[]): Promise<Outcome> {
    const fetchImpl = this.#fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!fetchImpl) return { kind: 'rejected' };
    const body = this.#body(batch);
    let signed: Record<string, string>;
    try {
      signed = { ...(await signPayload(body, this.#secret, Math.floor(this.#now() / 1000))) };
    } catch {
      return { kind: 'rejected' };
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The abort alone does not bound the attempt: a custom fetch may ignore it
    // and never settle, which would hold the batch in flight for good.
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = unref(
        setTimeout(() => {
          controller.abort();
          resolve(TIMED_OUT);
        }, clampDelay(this.#timeoutMs)),
      );
    });
    try {
      const request = Promise.resolve(
        fetchImpl(url, {
          method: 'POST',
          headers: { ...this.#headers, 'content-type': CONTENT_TYPE[this.format], ...signed },
          body,
          signal: controller.signal,
          redirect: 'manual',
        }),
      );
      const res = await Promise.race([request, timedOut]);
      if (res === TIMED_OUT) {
        // The request is of no use now: release a late response's connection
        // and swallow a late rejection (it must not become an unhandled one).
        request
          .then(
            (late) => late?.body?.cancel(),
            () => undefined,
          )
          .catch(() => undefined);
        return { kind: 'retry' };
      }
      // We never read the response: release the connection.
      res.body?.cancel().catch(() => undefined);
      const s = res.status;
      if (s >= 200 && s < 300) return { kind: 'ok' };
      if (s === 413) return { kind: 'too_large' };
      if (s === 429 || s === 503) return { kind: 'retry', retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.#now()) };
      if (s === 408 || s >= 500) return { kind: 'retry' };
      return { kind: 'rejected' };
    } catch {
      // Network error or timeout (abort).
      return { kind: 'retry' };
    } finally {
      clearTimeout(timer);
    }
  }
}
