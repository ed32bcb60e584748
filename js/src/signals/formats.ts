/**
 * Wire formats for signals besides plain JSON: CloudEvents 1.0 (structured
 * mode) and OpenTelemetry logs (OTLP/HTTP JSON). Both carry the signal
 * unchanged, so receivers can still verify its hash and chain.
 */
import { PhiGuardError } from '../common/errors.js';
import { canonicalJson } from './canonical.js';
import type { Severity, Signal } from './types.js';

/** CloudEvents `type` of a breach signal. */
export const CLOUDEVENT_TYPE = 'dev.phi-guard.breach-signal.v1';

/** A CloudEvents 1.0 event in structured mode whose data is a signal. */
export interface SignalCloudEvent {
  specversion: '1.0';
  id: string;
  type: typeof CLOUDEVENT_TYPE;
  source: string;
  time: string;
  datacontenttype: 'application/json';
  data: Signal;
}

/**
 * Wraps a signal in a CloudEvents 1.0 envelope (structured mode): `id` is
 * the signal id and `time` its `discoveredAt`. Send one as
 * `application/cloudevents+json`, or an array as
 * `application/cloudevents-batch+json`.
 *
 * @param options.source CloudEvents `source`, a URI reference identifying
 *   the app, e.g. `/apps/portal/production`.
 * @throws {PhiGuardError} code `input` for a missing source or a signal
 *   without `id` / `discoveredAt`.
 * @example
 * const ce = toCloudEvent(signal, { source: '/apps/portal' });
 * await fetch(url, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(ce) });
 */
export function toCloudEvent(signal: Signal, options: { source: string }): SignalCloudEvent {
  if (!options || typeof options.source !== 'string' || options.source.length === 0) {
    throw new PhiGuardError('input', 'toCloudEvent needs a non-empty source');
  }
  if (!signal || typeof signal.id !== 'string' || signal.id.length === 0 || typeof signal.discoveredAt !== 'string') {
    throw new PhiGuardError('input', 'toCloudEvent needs a signal with an id and discoveredAt');
  }
  isoToMs(signal.discoveredAt); // RFC 3339, as CloudEvents requires
  return {
    specversion: '1.0',
    id: signal.id,
    type: CLOUDEVENT_TYPE,
    source: options.source,
    time: signal.discoveredAt,
    datacontenttype: 'application/json',
    data: signal,
  };
}

/** An OTLP `AnyValue` as used here. */
export type OtlpAnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
/** An OTLP `KeyValue`. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
/** An OTLP `LogRecord` (JSON encoding). */
export interface OtlpLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  attributes: OtlpKeyValue[];
}
/** An OTLP/HTTP JSON `ExportLogsServiceRequest` body. */
export interface OtlpLogsBody {
  resourceLogs: {
    resource: { attributes: OtlpKeyValue[] };
    scopeLogs: {
      scope: { name: string; version?: string };
      logRecords: OtlpLogRecord[];
    }[];
  }[];
}

/** OTLP severity per signal severity (`SeverityNumber` and its short name). */
export const OTLP_SEVERITY: Readonly<Record<Severity, { number: number; text: string }>> = Object.freeze({
  info: { number: 9, text: 'INFO' },
  low: { number: 10, text: 'INFO2' },
  medium: { number: 13, text: 'WARN' },
  high: { number: 17, text: 'ERROR' },
  critical: { number: 21, text: 'FATAL' },
});

/**
 * Builds an OTLP/HTTP JSON logs body (POST to `/v1/logs`): one log record
 * per signal, timed at `discoveredAt`, whose body is the canonical JSON of
 * the signal, with `phi_guard.kind`, `phi_guard.severity`, `phi_guard.route`
 * and `phi_guard.channel` attributes for filtering.
 *
 * @param options.serviceName the `service.name` resource attribute.
 * @throws {PhiGuardError} code `input` for a bad timestamp or severity.
 * @example
 * const body = toOtlpLogs(signals, { serviceName: 'patient-portal' });
 * await fetch('https://otel-collector:4318/v1/logs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
 */
export function toOtlpLogs(signals: readonly Signal[], options: { serviceName: string }): OtlpLogsBody {
  if (!Array.isArray(signals)) throw new PhiGuardError('input', 'toOtlpLogs expects an array of signals');
  if (!options || typeof options.serviceName !== 'string' || options.serviceName.length === 0) {
    throw new PhiGuardError('input', 'toOtlpLogs needs a non-empty serviceName');
  }
  const observed = (BigInt(Date.now()) * 1_000_000n).toString();
  const logRecords = signals.map((s, i): OtlpLogRecord => {
    const level: unknown = s?.severity;
    const sev = typeof level === 'string' && Object.prototype.hasOwnProperty.call(OTLP_SEVERITY, level) ? OTLP_SEVERITY[level as Severity] : undefined;
    if (!sev) throw new PhiGuardError('input', `signal ${i} has an unknown severity`);
    return {
      timeUnixNano: isoToUnixNano(s.discoveredAt, i),
      observedTimeUnixNano: observed,
      severityNumber: sev.number,
      severityText: sev.text,
      body: { stringValue: canonicalJson(s) },
      attributes: [
        { key: 'phi_guard.kind', value: { stringValue: String(s.kind) } },
        { key: 'phi_guard.severity', value: { stringValue: s.severity } },
        { key: 'phi_guard.route', value: { stringValue: String(s.route) } },
        { key: 'phi_guard.channel', value: { stringValue: String(s.channel) } },
      ],
    };
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: options.serviceName } }] },
        scopeLogs: [{ scope: { name: 'phi-guard' }, logRecords }],
      },
    ],
  };
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

function isoToMs(iso: string): number {
  const m = typeof iso === 'string' ? ISO.exec(iso) : null;
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) throw new PhiGuardError('input', 'discoveredAt must be an ISO 8601 date-time with a zone');
  return ms + Number((m[2] ?? '').padEnd(3, '0').slice(0, 3));
}

/** ISO 8601 → Unix nanoseconds as a decimal string, keeping sub-millisecond digits. */
function isoToUnixNano(iso: string, index: number): string {
  const m = typeof iso === 'string' ? ISO.exec(iso) : null;
  const sec = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(sec)) throw new PhiGuardError('input', `signal ${index} has a discoveredAt that is not ISO 8601 with a zone`);
  return (BigInt(sec) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'))).toString();
}
