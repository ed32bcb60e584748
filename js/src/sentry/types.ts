import type { GuardSource, ReportingOptions } from '../next/types.js';

// The parts of Sentry's payloads that phi-guard reads, as structural types:
// no @sentry package is imported, at run time or for types, so any SDK
// version whose payloads have these fields fits (Sentry's own `ErrorEvent`,
// `Breadcrumb`, `StreamedSpanJSON` are assignable to them). Every field is
// optional and typed loosely: what is not of the expected type is redacted
// as plain data, never trusted.

/**
 * One stack frame of an exception or a thread (`exception.values[].stacktrace.frames[]`).
 *
 * @example
 * const frame: SentryStackFrameLike = { function: 'loadChart', filename: '/app/lib/charts.js', lineno: 42, vars: { patientId: 'p-1001' } };
 */
export interface SentryStackFrameLike {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  /** Local variables (the Node SDK's `includeLocalVariables`). */
  vars?: { [key: string]: unknown };
}

/**
 * One exception of an event (`exception.values[]`).
 *
 * @example
 * const ex: SentryExceptionLike = { type: 'Error', value: 'no chart for patient 219-09-9999', stacktrace: { frames: [] } };
 */
export interface SentryExceptionLike {
  type?: string;
  value?: string;
  module?: string;
  stacktrace?: { frames?: SentryStackFrameLike[] };
}

/**
 * A breadcrumb (`event.breadcrumbs[]`, or what `beforeBreadcrumb` receives).
 *
 * @example
 * const crumb: SentryBreadcrumbLike = { category: 'fetch', data: { method: 'GET', url: '/api/patients?ssn=219-09-9999', status_code: 200 } };
 */
export interface SentryBreadcrumbLike {
  type?: string;
  level?: string;
  category?: string;
  message?: string;
  data?: { [key: string]: unknown };
  timestamp?: number;
}

/**
 * The request an event was captured in (`event.request`).
 *
 * @example
 * const request: SentryRequestLike = { url: 'https://portal.example.com/patients?ssn=219-09-9999', method: 'GET', headers: { referer: 'https://portal.example.com/' } };
 */
export interface SentryRequestLike {
  url?: string;
  method?: string;
  data?: unknown;
  query_string?: unknown;
  cookies?: unknown;
  env?: unknown;
  headers?: unknown;
}

/**
 * A span as a transaction event carries it (`event.spans[]`), or as
 * `beforeSendSpan` receives it: `description` and `data` in the static
 * form, `name` and `attributes` in the streamed one (`traceLifecycle: 'stream'`).
 *
 * @example
 * const span: SentrySpanLike = { name: "SELECT * FROM patients WHERE ssn = '219-09-9999'", attributes: { 'sentry.op': 'db' } };
 */
export interface SentrySpanLike {
  name?: string;
  description?: string;
  op?: string;
  data?: { [key: string]: unknown };
  attributes?: { [key: string]: unknown };
  links?: Array<{ attributes?: { [key: string]: unknown } }>;
  is_segment?: boolean;
}

/**
 * An error, message or transaction event as `beforeSend` and
 * `beforeSendTransaction` receive it. The fields phi-guard redacts; any
 * other top-level field is kept when it is one of Sentry's technical ones
 * (`event_id`, `timestamp`, `level`, `platform`, `release`, `environment`,
 * `server_name`, `sdk`, `modules`, `debug_meta`, …) and redacted as plain
 * data otherwise.
 *
 * @example
 * const event: SentryEventLike = { message: 'lookup failed for zq@example.com', tags: { feature: 'charts' } };
 */
export interface SentryEventLike {
  type?: string;
  message?: string;
  logentry?: { message?: string; params?: unknown[] };
  exception?: { values?: SentryExceptionLike[] };
  threads?: { values?: Array<{ stacktrace?: { frames?: SentryStackFrameLike[] } }> };
  breadcrumbs?: SentryBreadcrumbLike[];
  request?: SentryRequestLike;
  user?: { [key: string]: unknown };
  tags?: { [key: string]: unknown };
  extra?: { [key: string]: unknown };
  contexts?: { [key: string]: unknown };
  transaction?: string;
  fingerprint?: string[];
  spans?: SentrySpanLike[];
  sdkProcessingMetadata?: { [key: string]: unknown };
}

/**
 * A metric as `beforeSendMetric` receives it (`Sentry.metrics.count`,
 * `gauge`, `distribution`): its name, value and unit, and its attributes
 * (the scope's user among them, as `user.id`, `user.email`, `user.name`).
 *
 * @example
 * const metric: SentryMetricLike = { name: 'chart.opened', type: 'counter', value: 1, attributes: { 'user.email': 'zq@example.com' } };
 */
export interface SentryMetricLike {
  name?: string;
  type?: string;
  value?: number;
  /** A unit name (`millisecond`, `byte`), typed loosely as Sentry types it. */
  unit?: unknown;
  attributes?: { [key: string]: unknown };
}

/**
 * The part of a Sentry client {@link phiGuardIntegration} uses: its hooks.
 *
 * @example
 * const client: SentryClientLike = { on: (hook, callback) => () => undefined };
 */
export interface SentryClientLike {
  on?(hook: 'createDsc', callback: (dsc: { transaction?: string }) => void): unknown;
  /** The envelope, `[headers, items]`, just before it is sent (read as plain data). */
  on?(hook: 'beforeEnvelope', callback: (envelope: unknown) => void): unknown;
}

/**
 * A field of Sentry's `user` that {@link PhiGuardSentryOptions.keepUser} can keep.
 *
 * @example
 * const keep: SentryUserField[] = ['id', 'segment'];
 */
export type SentryUserField = 'id' | 'email' | 'username' | 'name' | 'ip_address' | 'geo' | (string & {});

/**
 * Options of every `phi-guard/sentry` hook.
 *
 * @example
 * const options: PhiGuardSentryOptions = { guard, emitter, onEvent, keepUser: ['id'], onFailure: 'send-minimal' };
 */
export interface PhiGuardSentryOptions extends ReportingOptions {
  /**
   * The guard: a `Guard`, a promise of one, or a factory (called once; again
   * after it failed). From any entry of `phi-guard`: node, edge or browser.
   */
  guard: GuardSource;
  /**
   * What to send when the guard fails (it throws, or is not ready within
   * `guardTimeoutMs`): `'drop'` (default) sends nothing; `'send-minimal'`
   * sends a skeleton that needs no guard: the exception types and the
   * frames' function names, files and lines (ids in paths templated), the
   * level, release and environment, and the tag `phi_guard: 'withheld'`; no
   * message, no exception value, no variables, no request, user, tags,
   * extra or breadcrumb text. A span cannot be dropped (Sentry sends the
   * original when `beforeSendSpan` returns nothing), so a span always
   * falls back to its skeleton.
   */
  onFailure?: 'drop' | 'send-minimal';
  /**
   * Fields of `user` kept, after the guard's scan (a value it flags is
   * replaced): default `['id']`. Any other field is an identifier of the
   * person by design, so it is replaced whole: by the guard's replacement
   * when the guard flags all of it (`[EMAIL]`, or a pseudonym with the
   * `pseudonym` operator), else by `'[REDACTED]'`. `ip_address` and `geo`
   * are removed unless kept, and Sentry is told not to infer the address
   * (`sdk.settings.infer_ip: 'never'`).
   */
  keepUser?: SentryUserField[];
  /**
   * How long a hook waits for a guard that is still loading (a promise, as
   * in the browser), in milliseconds: default 5 000. `beforeSend` and
   * `beforeSendTransaction` return a promise meanwhile (Sentry awaits it);
   * `beforeBreadcrumb` and `beforeSendSpan` must answer at once, so they
   * treat a guard that is not ready as failed.
   */
  guardTimeoutMs?: number;
  /**
   * Most characters of one text (a message, an exception value, a URL, a
   * string inside `extra` or a frame's variables) scanned and sent:
   * default 8 000. A longer one is cut first, never inside a value, and
   * ends in `… [N characters cut]`.
   */
  maxTextChars?: number;
  /**
   * Most characters scanned in one event, breadcrumb, span, metric or
   * envelope header, all texts, keys and numbers together (each entry of a
   * container one more): default 500 000. Past it a text is sent as its cut
   * marker only, and the rest of a container, unscanned, as one marker
   * (`'…': '12 more keys withheld (maxEventChars)'`).
   */
  maxEventChars?: number;
  /**
   * The channel of the exposure events reported: default `'client_error'`
   * in a browser and `'server_error'` elsewhere.
   */
  channel?: 'server_error' | 'client_error';
}
