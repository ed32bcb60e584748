import type { Guard } from '../common/guard.js';
import type { BreachSignal, Classification, Format } from '../common/types.js';
import type { ExposureEvent } from '../signals/types.js';

/**
 * Where an exposure was seen (DESIGN.md, exposure event table).
 *
 * @example
 * const channel: ExposureChannel = 'response_body';
 */
export type ExposureChannel =
  | 'response_body' | 'request_url' | 'request_body' | 'server_log'
  | 'server_error' | 'client_error' | 'edge_middleware' | 'guard_failure';

/**
 * The runtime an event was produced in.
 *
 * @example
 * const runtime: ExposureRuntime = 'edge';
 */
export type ExposureRuntime = 'edge' | 'nodejs' | 'browser' | 'cli';

/**
 * The route's declared policy, as the classifier names it.
 *
 * @example
 * const policy: ExposurePolicy = 'owner_only';
 */
export type ExposurePolicy = 'no_phi' | 'owner_only' | 'authenticated' | 'allow';

/**
 * What the guard did before anything left.
 *
 * @example
 * const mitigation: ExposureMitigation = 'redacted';
 */
export type ExposureMitigation = 'none' | 'redacted' | 'blocked' | 'stripped';

/**
 * The exposure event the Next.js wrappers build (camelCase; the fields of
 * DESIGN.md's table that a wrapper knows). `text` is the raw content for
 * classification: only the `emitter` receives it (the core classifies it);
 * `onEvent` receives a {@link PhiExposureSummary} without it.
 * `guard_failure` events carry no `text`.
 *
 * @example
 * const ev: PhiExposureEvent = { channel: 'server_error', route: '/api/x', runtime: 'nodejs',
 *   authenticated: false, discoveredAt: new Date().toISOString(), text: 'ssn 219-09-9999' };
 */
export interface PhiExposureEvent {
  text?: string;
  format?: Format;
  channel: ExposureChannel;
  route: string;
  runtime: ExposureRuntime;
  authenticated: boolean;
  role?: string;
  subjectIsCaller?: boolean;
  policy?: ExposurePolicy;
  mitigation?: ExposureMitigation;
  discoveredAt: string;
  signalId?: string;
  /** For `guard_failure`: a short error code, never input text. */
  failure?: string;
}

/**
 * What `onEvent` receives: the exposure event without its raw `text`, plus
 * the classification and signal when the `emitter` returned them (as
 * `SignalEmitter.record` does). Nothing in it is PHI, so it may be logged or
 * sent to metrics as it is.
 *
 * @example
 * const onEvent = (s: PhiExposureSummary) => console.warn(s.channel, s.route, s.classification?.severity ?? 'unclassified');
 */
export interface PhiExposureSummary extends Omit<PhiExposureEvent, 'text'> {
  /** The emitter's classification of this event, if it returned one within `flushTimeoutMs`. */
  classification?: Classification;
  /** The breach signal built for this event (no PHI), if the emitter returned one. */
  signal?: BreachSignal;
}

/**
 * Anything with `record(guard, event)`, e.g. the `SignalEmitter` from the
 * signals module. It receives the full event, raw `text` included, because
 * the core classifies that text; it must not log it. Its result (a promise or
 * not) is awaited under a time limit; a `{ classification, signal }` result
 * is passed on to `onEvent`.
 *
 * A `guard_failure` whose engine never initialised has no guard to classify
 * with, so it reaches `onEvent` only.
 *
 * @example
 * const emitter: EmitterLike = { record: (guard, ev) => signalEmitter.record(guard, ev) };
 */
export interface EmitterLike {
  record(guard: Guard, event: PhiExposureEvent): unknown;
}

/**
 * The caller, as far as the app knows.
 *
 * @example
 * const principal = async (req: Request): Promise<Principal> => ({ authenticated: true, role: 'patient', subjectIsCaller: true });
 */
export interface Principal {
  authenticated: boolean;
  role?: string;
  /** The record returned is the caller's own. */
  subjectIsCaller?: boolean;
}

/**
 * A guard, a promise of one, or a factory that returns either.
 *
 * @example
 * const source: GuardSource = () => createGuard({ operators: { SSN: 'mask' } });
 */
export type GuardSource = Guard | Promise<Guard> | (() => Guard | Promise<Guard>);

/**
 * Anything with `waitUntil`, e.g. Next's `NextFetchEvent`.
 *
 * @example
 * export const proxy = withPhiGuard(undefined, { guard }); // Next passes a NextFetchEvent (a WaitUntilLike) as the 2nd argument
 */
export interface WaitUntilLike {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * What every server wrapper accepts for reporting.
 *
 * @example
 * const reporting: ReportingOptions = { emitter, onEvent: (s) => metrics.increment(`${s.channel}.${s.classification?.severity}`), flushTimeoutMs: 1000 };
 */
export interface ReportingOptions {
  /**
   * Called with a PHI-free summary of each exposure event (no raw `text`),
   * after the `emitter` has recorded it (or `flushTimeoutMs` passed), so it
   * carries the classification when the emitter returned one.
   */
  onEvent?: (summary: PhiExposureSummary) => unknown;
  /** Records events, e.g. a `SignalEmitter`. */
  emitter?: EmitterLike;
  /** Where to hand background work when no `NextFetchEvent` is at hand. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Upper bound for reporting work in milliseconds (default 2000). */
  flushTimeoutMs?: number;
}

/** Compile-time check: every event built here is a valid signals `ExposureEvent`. */
type AssertCompatible<T extends ExposureEvent> = T;
type _PhiExposureEventIsExposureEvent = AssertCompatible<PhiExposureEvent>;
