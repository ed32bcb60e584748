/**
 * Types of the classification and signal contract (DESIGN.md, "Classification
 * and signals (contract)"). Field names are a public, versioned contract:
 * camelCase, stable, and none of them ever carries PHI.
 */
import type { Format, PhiType } from '../common/types.js';

/** Where an exposure was seen. */
export type Channel =
  | 'response_body'
  | 'request_url'
  | 'request_body'
  | 'server_log'
  | 'server_error'
  | 'client_error'
  | 'edge_middleware'
  | 'guard_failure';

/** The runtime that saw the exposure. */
export type SignalRuntime = 'edge' | 'nodejs' | 'browser' | 'cli';

/** A route's policy; the core defaults to `owner_only`. */
export type RoutePolicy = 'no_phi' | 'owner_only' | 'authenticated' | 'allow';

/** What the guard did before anything left. */
export type Mitigation = 'none' | 'redacted' | 'blocked' | 'stripped';

/** Severity of a classified exposure, lowest first. */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/**
 * Chain state kept by the emitter: `seq` and `prevHash` are the position of
 * the signal about to be made (`prevHash` is `null` for the first one).
 */
export interface ChainState {
  emitterId: string;
  seq: number;
  prevHash: string | null;
}

/**
 * Input of `guard.classify(event)` (camelCase JSON; the core rejects
 * unknown keys).
 *
 * @example
 * const event: ExposureEvent = {
 *   text: responseBody, channel: 'response_body', route: '/api/patients/[id]',
 *   runtime: 'nodejs', authenticated: true, role: 'clinician',
 *   discoveredAt: new Date().toISOString(),
 * };
 */
export interface ExposureEvent {
  /** Content to scan (response body, URL, log line, error message + stack). */
  text?: string;
  /** Format hint; `auto` by default (the channel may pick, e.g. `request_url` → url). */
  format?: Format;
  channel: Channel;
  /** Route template such as `/api/patients/[id]`, never the raw URL. */
  route: string;
  runtime: SignalRuntime;
  /** Was the caller authenticated? */
  authenticated: boolean;
  /** Caller role (`patient`, `clinician`, `admin`, ...). */
  role?: string;
  /** The record is the caller's own. */
  subjectIsCaller?: boolean;
  /** The route's policy (default `owner_only`). */
  policy?: RoutePolicy;
  /** What the guard did before anything left. */
  mitigation?: Mitigation;
  /** Discovery time, ISO 8601; deadlines run from it. */
  discoveredAt: string;
  /** ISO 8601; defaults to `discoveredAt`. */
  occurredAt?: string;
  /** EU data subjects affected → GDPR Art. 33 (72 h). */
  euSubjects?: boolean;
  /** Affected residents per US state, e.g. `{ CA: 12 }`. */
  residentStates?: Record<string, number>;
  /** A breach drill. */
  drill?: boolean;
  deployment?: string;
  region?: string;
  /** Id for the signal (the emitter uses `crypto.randomUUID()`). */
  signalId?: string;
  /** Chain state kept by the emitter. */
  chain?: ChainState;
  /** For `guard_failure`: a short error code, never PHI. */
  failure?: string;
}

/** An exposure event as given to {@link SignalEmitter.record}: the emitter fills in `chain` and `signalId`. */
export type ExposureEventInput = Omit<ExposureEvent, 'chain' | 'signalId'>;

/** A notification obligation with its deadline. */
export interface Obligation {
  /** Which obligation (e.g. a HIPAA individual notice, GDPR Art. 33). */
  kind: string;
  /** Deadline, ISO 8601, computed from `discoveredAt`. */
  dueBy: string;
  /** Required (`true`) or only to be assessed (`false`). */
  required: boolean;
  /** The rule it comes from. */
  basis: string;
  /** US state code, for state-law obligations. */
  state?: string;
}

/** Counts only; never values. */
export interface SignalCounts {
  findings: number;
  individuals: number;
  records: number;
}

/**
 * Keyed fingerprints: HMAC-SHA256(fingerprintKey, `TYPE:normalised value`),
 * hex, first 32 chars. Empty without a key.
 */
export interface SignalFingerprints {
  individuals: string[];
  identifiers: string[];
}

/** The classification part of `guard.classify(event)`. */
export interface Classification {
  kind: string;
  severity: Severity;
  notification: string;
  reasons: string[];
  identifierTypes: Partial<Record<PhiType, number>>;
  counts: SignalCounts;
  obligations: Obligation[];
}

/** Schema id of {@link Signal}. */
export const SIGNAL_SCHEMA = 'phi-guard.breach-signal/v1' as const;

/**
 * A breach signal, `phi-guard.breach-signal/v1`. `hash` is the hex SHA-256
 * of the canonical JSON of the signal without `hash`; `prevHash` is the
 * previous signal's `hash` from the same emitter (`null` first).
 */
export interface Signal {
  schema: typeof SIGNAL_SCHEMA;
  id: string;
  seq: number;
  emitterId: string;
  prevHash: string | null;
  hash: string;
  occurredAt: string;
  discoveredAt: string;
  drill: boolean;
  channel: Channel;
  route: string;
  runtime: SignalRuntime;
  deployment?: string | null;
  region?: string | null;
  kind: string;
  severity: Severity;
  notification: string;
  reasons: string[];
  identifierTypes: Partial<Record<PhiType, number>>;
  counts: SignalCounts;
  fingerprints: SignalFingerprints;
  obligations: Obligation[];
  mitigation: Mitigation;
}

/** What `guard.classify(event)` returns. */
export interface ClassifyResult {
  classification: Classification;
  signal: Signal;
}
