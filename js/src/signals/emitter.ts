/**
 * The emitter: owns one hash chain (`emitterId`, `seq`, `prevHash`), asks the
 * core to classify each exposure event at the next chain position, and hands
 * the resulting signal to a transport.
 */
import { PhiGuardError, toPhiGuardError } from '../common/errors.js';
import { clampDelay } from '../common/timers.js';
import type { ClassifyResult, ExposureEvent, ExposureEventInput, Signal } from './types.js';

/** Anything that classifies exposure events: the `Guard` from `createGuard()`. */
export interface Classifier {
  classify(event: ExposureEvent): ClassifyResult | Promise<ClassifyResult>;
}

/** Where signals go: a {@link Transport}, or anything with the same two methods. */
export interface SignalSink {
  enqueue(signal: Signal): boolean;
  flush(timeoutMs?: number): Promise<boolean>;
}

/** Options of {@link SignalEmitter}. */
export interface SignalEmitterOptions {
  /** Where signals go. Without one, `record()` only classifies and keeps the chain. */
  transport?: SignalSink;
  /** Chain id; default `crypto.randomUUID()` (one chain per process or isolate). */
  emitterId?: string;
  /** Signal id generator; default `crypto.randomUUID()`. */
  newId?: () => string;
}

/** The chain position and counters of an emitter. */
export interface EmitterState {
  emitterId: string;
  /** seq of the last signal emitted (0 before the first). */
  seq: number;
  /** hash of the last signal emitted (`null` before the first). */
  prevHash: string | null;
  /** Signals handed to the transport and accepted by it. */
  emitted: number;
  /** Signals handed to the transport and refused by it (counted there by reason). */
  refused: number;
}

function uuid(): string {
  const c = globalThis.crypto;
  if (!c || typeof c.randomUUID !== 'function') {
    throw new PhiGuardError('init', 'crypto.randomUUID is not available in this runtime');
  }
  return c.randomUUID();
}

/**
 * Keeps a signal hash chain and records exposure events.
 *
 * `record()` calls are serialised, so concurrent requests never reuse a
 * `seq` or fork the chain. A signal is sent only when its severity is not
 * `info`, or its channel is `guard_failure`; the chain advances only for
 * signals handed to the transport, so the receiver's chain has no gaps
 * except real losses (which it then sees as `missing`, matching the
 * transport's drop counters).
 *
 * @example
 * const guard = await createGuard(config);
 * const emitter = new SignalEmitter({ transport: new Transport({ endpoints: [url], secret }) });
 * const { classification } = await emitter.record(guard, {
 *   text: body, channel: 'response_body', route: '/api/patients/[id]', runtime: 'nodejs',
 *   authenticated: true, discoveredAt: new Date().toISOString(),
 * });
 * event.waitUntil(emitter.flush(2000));
 */
export class SignalEmitter {
  readonly emitterId: string;
  #transport: SignalSink | undefined;
  #newId: () => string;
  #seq = 0;
  #prevHash: string | null = null;
  #emitted = 0;
  #refused = 0;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: SignalEmitterOptions = {}) {
    const { transport, emitterId, newId } = options;
    if (transport !== undefined && (typeof transport.enqueue !== 'function' || typeof transport.flush !== 'function')) {
      throw new PhiGuardError('input', 'transport must have enqueue() and flush()');
    }
    if (emitterId !== undefined && (typeof emitterId !== 'string' || emitterId.length === 0)) {
      throw new PhiGuardError('input', 'emitterId must be a non-empty string');
    }
    this.emitterId = emitterId ?? uuid();
    this.#transport = transport;
    this.#newId = newId ?? uuid;
  }

  /**
   * Classifies `event` at the next chain position and, when it warrants a
   * signal, enqueues the signal. Resolves with the core's result.
   *
   * @throws {PhiGuardError} code `input` for a bad event or guard (or whatever
   *   typed error the core raised, e.g. `event`); the chain does not advance.
   * @example
   * const { classification, signal } = await emitter.record(guard, {
   *   text: message, channel: 'server_log', route: '/api/visits', runtime: 'nodejs',
   *   authenticated: false, discoveredAt: new Date().toISOString(),
   * });
   * if (classification.severity === 'critical') page(signal.id);
   */
  record(guard: Classifier, event: ExposureEventInput): Promise<ClassifyResult> {
    const run = this.#tail.then(() => this.#record(guard, event));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #record(guard: Classifier, event: ExposureEventInput): Promise<ClassifyResult> {
    if (!guard || typeof guard.classify !== 'function') throw new PhiGuardError('input', 'record() needs a guard with classify()');
    if (event === null || typeof event !== 'object') throw new PhiGuardError('input', 'record() needs an exposure event object');
    const full: ExposureEvent = {
      ...event,
      signalId: this.#newId(),
      chain: { emitterId: this.emitterId, seq: this.#seq + 1, prevHash: this.#prevHash },
    };
    let result: ClassifyResult;
    try {
      result = await guard.classify(full);
    } catch (e) {
      throw toPhiGuardError(e);
    }
    const { classification, signal } = result ?? ({} as Partial<ClassifyResult>);
    if (!classification || !signal || typeof signal.hash !== 'string' || !Number.isSafeInteger(signal.seq)) {
      throw new PhiGuardError('input', 'classify() returned no classification or signal');
    }
    if (classification.severity !== 'info' || signal.channel === 'guard_failure' || event.channel === 'guard_failure') {
      // The core computed `hash` over this position; the next signal links to it.
      this.#seq = signal.seq;
      this.#prevHash = signal.hash;
      if (this.#transport) {
        if (this.#transport.enqueue(signal)) this.#emitted++;
        else this.#refused++;
      }
    }
    return result;
  }

  /**
   * Waits for pending `record()` calls, then flushes the transport. Resolves
   * `true` when everything was delivered within `timeoutMs`, `false`
   * otherwise: time ran out, or the transport dropped a signal it held (a
   * collector that answers 401, 400 or a redirect rejects it; see
   * `Transport.flush` and `stats()`); never rejects. Made for `waitUntil`. `timeoutMs` is clamped
   * to [0, 2^31 − 1] ms (NaN is 0), the longest `setTimeout` honours, so
   * `Infinity` waits rather than overflowing to 1 ms.
   *
   * @example
   * event.waitUntil(emitter.flush(2000));
   */
  async flush(timeoutMs = 2000): Promise<boolean> {
    const wait = clampDelay(timeoutMs);
    const deadline = Date.now() + wait;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), wait);
    });
    try {
      const settled = await Promise.race([this.#tail.then(() => true), timeout]);
      if (!settled) return false;
      if (!this.#transport) return true;
      return await this.#transport.flush(Math.max(0, deadline - Date.now())).catch(() => false);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The chain position and counters.
   *
   * @example
   * emitter.state(); // { emitterId: '…', seq: 3, prevHash: '9f…', emitted: 3, refused: 0 }
   */
  state(): EmitterState {
    return { emitterId: this.emitterId, seq: this.#seq, prevHash: this.#prevHash, emitted: this.#emitted, refused: this.#refused };
  }
}
