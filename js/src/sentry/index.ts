/**
 * Sentry, with phi-guard in front of it (`phi-guard/sentry`): hooks for
 * `Sentry.init` that redact PHI in what the SDK records and sends, with the
 * same guard as the rest of the app (`createGuard()` of `phi-guard`, from
 * its node, edge or browser entry). No `@sentry/*` package is imported: the
 * payloads are described by structural types, so the hooks fit
 * `@sentry/nextjs`, `@sentry/node` and `@sentry/browser` alike.
 *
 * - {@link phiGuardBeforeSend}: error and message events (`beforeSend`).
 * - {@link phiGuardBeforeBreadcrumb}: breadcrumbs as they are recorded.
 * - {@link phiGuardBeforeSendSpan}: streamed spans (`traceLifecycle: 'stream'`, the default).
 * - {@link phiGuardBeforeSendTransaction}: transaction events (`traceLifecycle: 'static'`).
 * - {@link phiGuardBeforeSendMetric}: metrics (`beforeSendMetric`).
 * - {@link phiGuardIntegration}: envelope headers and `baggage` (the route name), sessions, user feedback.
 *
 * @example
 * import * as Sentry from '@sentry/nextjs';
 * import { createGuard } from 'phi-guard';
 * import { phiGuardBeforeBreadcrumb, phiGuardBeforeSend, phiGuardBeforeSendMetric, phiGuardBeforeSendSpan, phiGuardIntegration } from 'phi-guard/sentry';
 *
 * const guard = createGuard();
 * Sentry.init({
 *   dsn: process.env.SENTRY_DSN,
 *   beforeSend: phiGuardBeforeSend({ guard }),
 *   beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }),
 *   beforeSendSpan: phiGuardBeforeSendSpan({ guard }),
 *   beforeSendMetric: phiGuardBeforeSendMetric({ guard }),
 *   integrations: [phiGuardIntegration({ guard })],
 * });
 */
export { phiGuardBeforeSend, phiGuardBeforeSendTransaction, type PhiGuardBeforeSend } from './phiGuardBeforeSend.js';
export { phiGuardBeforeBreadcrumb, type PhiGuardBeforeBreadcrumb } from './phiGuardBeforeBreadcrumb.js';
export { phiGuardBeforeSendSpan, type PhiGuardBeforeSendSpan } from './phiGuardBeforeSendSpan.js';
export { phiGuardBeforeSendMetric, type PhiGuardBeforeSendMetric } from './phiGuardBeforeSendMetric.js';
export { phiGuardIntegration, type PhiGuardIntegration } from './phiGuardIntegration.js';
export type {
  PhiGuardSentryOptions, SentryUserField, SentryEventLike, SentryExceptionLike, SentryStackFrameLike, SentryBreadcrumbLike,
  SentryRequestLike, SentrySpanLike, SentryMetricLike, SentryClientLike,
} from './types.js';
