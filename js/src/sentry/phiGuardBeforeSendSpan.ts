import { Hooks } from './hooks.js';
import type { PhiGuardSentryOptions, SentrySpanLike } from './types.js';

/**
 * What {@link phiGuardBeforeSendSpan} returns: Sentry's `beforeSendSpan`.
 *
 * @example
 * const beforeSendSpan: PhiGuardBeforeSendSpan = phiGuardBeforeSendSpan({ guard });
 */
export type PhiGuardBeforeSendSpan = <S extends SentrySpanLike>(span: S) => S;

/**
 * A `beforeSendSpan` for `Sentry.init`, for spans as they are streamed
 * (`traceLifecycle: 'stream'`, the default of `@sentry/*` 11, where
 * Sentry ignores `beforeSendTransaction`): the span's name (a database
 * span's query scanned as text, so `WHERE ssn = '219-09-9999'` keeps
 * `'[SSN]'`; any other's as a route name, paths templated and URLs
 * redacted by their parts) and its attributes: `url.full`, `http.url`,
 * `url.query`, `http.query`, `db.statement`, `db.query.text`,
 * `sentry.segment.name`, the `user.*` attributes as `keepUser` says, the
 * SDK's own (`sentry.op`, `sentry.sdk.*`, status codes, and exactly the
 * keys it sets from the machine: `os.name`, `device.memory_size`, …) kept,
 * `baggage` member by member, a form-encoded body value by value, and the
 * rest (request headers, bodies, `app.*` or `device.*` keys the app sets)
 * with their names as context; its links' attributes too. It also takes
 * the static form (`description`, `data`) when wrapped in Sentry's
 * `withStaticSpan`.
 *
 * Sentry needs the answer at once and sends the original span when the
 * callback returns nothing or throws, so a span cannot be dropped:
 * without a ready guard, or if it fails, the span is sent as its
 * skeleton (ids, times, status, the SDK's attributes, its operation as
 * its name). Nothing is reported from here. The envelope header of
 * streamed spans carries the route name too: add
 * {@link phiGuardIntegration}.
 *
 * @example
 * Sentry.init({ dsn, tracesSampleRate: 0.1, beforeSendSpan: phiGuardBeforeSendSpan({ guard }), integrations: [phiGuardIntegration({ guard })] });
 * // name 'GET /patients/219-09-9999' → 'GET /patients/[id]'; url.full '…?ssn=219-09-9999' → '…?ssn=[SSN]'
 */
export function phiGuardBeforeSendSpan(options: PhiGuardSentryOptions): PhiGuardBeforeSendSpan {
  const hooks = new Hooks(options);
  return (span) => hooks.span(span);
}
