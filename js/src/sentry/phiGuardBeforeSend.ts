import { Hooks } from './hooks.js';
import type { PhiGuardSentryOptions, SentryEventLike } from './types.js';

/**
 * What {@link phiGuardBeforeSend} and {@link phiGuardBeforeSendTransaction}
 * return: Sentry's `beforeSend` / `beforeSendTransaction`. The event, or
 * `null` to drop it, at once when the guard is ready, else a promise of it
 * (Sentry awaits one).
 *
 * @example
 * const beforeSend: PhiGuardBeforeSend = phiGuardBeforeSend({ guard });
 */
export type PhiGuardBeforeSend = <E extends SentryEventLike>(event: E, hint?: unknown) => E | null | Promise<E | null>;

/**
 * A `beforeSend` for `Sentry.init` that returns a redacted copy of each
 * error and message event (the event given is not modified; containers
 * kept whole, such as `sdk` and `modules`, are shared with it):
 *
 * - `message`, `logentry` (its format string and `params` scanned as the
 *   one line they print, as the redacting logger does, and `formatted`);
 * - each exception's `value` (as error text) and `type` (an Error's name
 *   is text too), its mechanism's `data`;
 * - each frame's local variables (`vars`, keys as context), its source
 *   lines (`pre_context`, `context_line`, `post_context`), and its file's
 *   path or URL (a flagged segment becomes `[id]`, query values are
 *   redacted; a build's hashed file names stay, so source maps match),
 *   and its module name as that path (`uploads.[id]:chart`); function
 *   names, lines and columns are kept;
 * - breadcrumbs (see {@link phiGuardBeforeBreadcrumb});
 * - `request`: the URL (its path templated as a route, `[id]` for ids and
 *   for the segment after `/patients/`, and each query value redacted),
 *   `query_string`, the body (a form's values as a query's), header values
 *   (`cookie`, `authorization` as `[Filtered]`; `baggage` member by
 *   member), cookie values as `[Filtered]`, `env`;
 * - `extra`, `tags` and `contexts` (keys as context; the fields `os`,
 *   `runtime`, `device`, `browser` read from the machine kept, the others
 *   in the same single scan; the trace's ids kept, its data and links'
 *   attributes redacted as a span's);
 * - `user`: see `keepUser` (only `id` kept by default, and only what the
 *   guard does not flag), and Sentry told not to infer the IP address;
 * - `transaction` and the envelope's `trace.transaction` (a route name:
 *   `GET /patients/219-09-9999` → `GET /patients/[id]`), `fingerprint`;
 * - any top-level field it does not know, as data. Sentry's technical
 *   fields (`event_id`, `level`, `platform`, `release`, `environment`,
 *   `server_name`, `sdk`, `modules`, …) are kept.
 *
 * Every text is cut to `maxTextChars` (default 8 000) before it is
 * scanned, never inside a value, and an event scans at most
 * `maxEventChars` (default 500 000) in all, keys included; past it, the
 * rest of each container is one marker, unscanned. Values are rendered
 * within the logger's bounds (20 levels, 1 000 entries a container).
 *
 * It never throws into Sentry. If the guard fails, or is not ready within
 * `guardTimeoutMs`, the event is dropped (`onFailure: 'drop'`, the
 * default) or sent as a skeleton with no text an app or a user wrote
 * (`'send-minimal'`), and a `guard_failure` is reported. With an `emitter`
 * or `onEvent` (see `ReportingOptions`), an event that held PHI is
 * reported as a `server_error` exposure (`client_error` in a browser),
 * `mitigation: 'redacted'`, its route templated; `onEvent` never sees the
 * raw text.
 *
 * @example
 * // sentry.server.config.ts
 * import * as Sentry from '@sentry/nextjs';
 * import { phiGuardBeforeSend } from 'phi-guard/sentry';
 * import { emitter, guard, onEvent } from '@/lib/phi-guard';
 * Sentry.init({ dsn: process.env.SENTRY_DSN, beforeSend: phiGuardBeforeSend({ guard, emitter, onEvent }) });
 * // Sentry.captureException(new Error('no chart for patient 219-09-9999'))
 * // sends exception.value 'no chart for patient [SSN]'
 */
export function phiGuardBeforeSend(options: PhiGuardSentryOptions): PhiGuardBeforeSend {
  const hooks = new Hooks(options);
  return (event) => hooks.event(event);
}

/**
 * A `beforeSendTransaction` for `Sentry.init`: a transaction event
 * redacted as {@link phiGuardBeforeSend} redacts an event, and each of its
 * spans as {@link phiGuardBeforeSendSpan} redacts one (a database span's
 * query scanned as text, URLs by their parts, `db.statement`, `url.full`,
 * `http.query` and the other attributes). Sentry calls it only with
 * `traceLifecycle: 'static'`; with span streaming (the default of
 * `@sentry/*` 11) use {@link phiGuardBeforeSendSpan}.
 *
 * @example
 * Sentry.init({ dsn, traceLifecycle: 'static', tracesSampleRate: 0.1, beforeSendTransaction: phiGuardBeforeSendTransaction({ guard }) });
 * // transaction 'GET /patients/219-09-9999' → 'GET /patients/[id]';
 * // span "SELECT * FROM patients WHERE ssn = '219-09-9999'" → "… WHERE ssn = '[SSN]'"
 */
export function phiGuardBeforeSendTransaction(options: PhiGuardSentryOptions): PhiGuardBeforeSend {
  const hooks = new Hooks(options);
  return (event) => hooks.event(event);
}
