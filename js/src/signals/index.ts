/**
 * Breach signals: the chain, signing, wire formats and transport around
 * `guard.classify(event)`.
 *
 * - {@link SignalEmitter} keeps the hash chain and records exposure events.
 * - {@link Transport} delivers signed batches (bounded buffer, counted drops,
 *   `Retry-After`, backoff, failover).
 * - {@link verifySignature}, {@link createReplayGuard} and {@link verifyChain}
 *   are for receivers.
 * - {@link toCloudEvent} and {@link toOtlpLogs} map signals to CloudEvents 1.0
 *   and OTLP logs; {@link canonicalJson} and {@link sha256Hex} define `hash`.
 *
 * @example
 * const transport = new Transport({ endpoints: [process.env.PHI_SIGNAL_URL!], secret: process.env.PHI_SIGNAL_SECRET! });
 * const emitter = new SignalEmitter({ transport });
 * await emitter.record(guard, { text, channel: 'response_body', route: '/api/patients/[id]',
 *   runtime: 'nodejs', authenticated: true, discoveredAt: new Date().toISOString() });
 * await emitter.flush(2000);
 */
export { canonicalJson, sha256Hex, signalHash, type JsonValue } from './canonical.js';
export {
  signPayload,
  verifySignature,
  createReplayGuard,
  TIMESTAMP_HEADER,
  SIGNATURE_HEADER,
  type SignatureHeaders,
  type HeadersLike,
  type VerifyResult,
  type VerifyOptions,
  type ReplayGuard,
  type ReplayGuardOptions,
} from './signing.js';
export { verifyChain, type ChainedSignal, type ChainBreak, type ChainHead, type ChainReport, type VerifyChainOptions } from './chain.js';
export {
  toCloudEvent,
  toOtlpLogs,
  CLOUDEVENT_TYPE,
  OTLP_SEVERITY,
  type SignalCloudEvent,
  type OtlpLogsBody,
  type OtlpLogRecord,
  type OtlpKeyValue,
  type OtlpAnyValue,
} from './formats.js';
export { Transport, parseRetryAfter, type TransportOptions, type TransportStats, type TransportFormat, type FetchLike } from './transport.js';
export { SignalEmitter, type Classifier, type SignalSink, type SignalEmitterOptions, type EmitterState } from './emitter.js';
export {
  SIGNAL_SCHEMA,
  type Channel,
  type SignalRuntime,
  type RoutePolicy,
  type Mitigation,
  type Severity,
  type ChainState,
  type ExposureEvent,
  type ExposureEventInput,
  type Obligation,
  type SignalCounts,
  type SignalFingerprints,
  type Classification,
  type Signal,
  type ClassifyResult,
} from './types.js';
