/**
 * Types of the classification and signal contract (DESIGN.md, "Classification
 * and signals (contract)"). They are the core's types from
 * `../common/types.ts` (what `Guard.classify` returns), under the names the
 * signals API uses; nothing here is declared twice.
 */
import type {
  BreachSignal,
  ExposureEventInput as CoreExposureEvent,
} from '../common/types.js';

export type { Channel, Severity, Obligation, Classification, ClassifyResult } from '../common/types.js';

/** Where the guard ran. */
export type SignalRuntime = NonNullable<CoreExposureEvent['runtime']>;
/** The route's declared policy for PHI in responses. */
export type RoutePolicy = NonNullable<CoreExposureEvent['policy']>;
/** What the guard did before anything left the app. */
export type Mitigation = NonNullable<CoreExposureEvent['mitigation']>;

/**
 * Chain state kept by the emitter: `seq` and `prevHash` are the position of
 * the signal about to be made (`prevHash` is `null` for the first one).
 */
export type ChainState = NonNullable<CoreExposureEvent['chain']>;

/** A complete exposure event as `Guard.classify` takes it. */
export type ExposureEvent = CoreExposureEvent;

/** An exposure event before the emitter adds its chain position and signal id. */
export type ExposureEventInput = Omit<ExposureEvent, 'chain' | 'signalId'>;

/** Counts carried by a signal. */
export type SignalCounts = BreachSignal['counts'];
/** Keyed fingerprints carried by a signal (never raw values). */
export type SignalFingerprints = BreachSignal['fingerprints'];

/** The schema id of every signal. */
export const SIGNAL_SCHEMA = 'phi-guard.breach-signal/v1' as const;

/**
 * A breach signal, `phi-guard.breach-signal/v1`. `hash` is the hex SHA-256
 * of the canonical JSON of the signal without `hash`; `prevHash` is the
 * previous signal's `hash` from the same emitter (`null` first).
 */
export type Signal = BreachSignal;
