import { Hooks } from './hooks.js';
import type { PhiGuardSentryOptions, SentryMetricLike } from './types.js';

/**
 * What {@link phiGuardBeforeSendMetric} returns: Sentry's `beforeSendMetric`.
 *
 * @example
 * const beforeSendMetric: PhiGuardBeforeSendMetric = phiGuardBeforeSendMetric({ guard });
 */
export type PhiGuardBeforeSendMetric = <M extends SentryMetricLike>(metric: M) => M | null;

/**
 * A `beforeSendMetric` for `Sentry.init` (`@sentry/*` 11 sends metrics
 * by default): each metric's attributes redacted as a span's are, the
 * scope's user that the SDK copies into them (`user.id`, `user.email`,
 * `user.name`) as `keepUser` says, and its name scanned as text; its type,
 * value and unit kept. Attributes set on the scope (`Sentry.setAttributes`)
 * are added by the SDK after this callback and are not covered.
 *
 * Sentry needs the answer at once: without a ready guard, or if it fails,
 * the metric is dropped (`onFailure: 'drop'`) or sent as its type, value,
 * unit, name (if it reads as one from code) and the SDK's attributes
 * (`'send-minimal'`). Nothing is reported from here.
 *
 * @example
 * Sentry.init({ dsn, beforeSendMetric: phiGuardBeforeSendMetric({ guard }) });
 * // Sentry.setUser({ email: 'zq@example.com' }); Sentry.metrics.count('chart.opened', 1, { attributes: { patient: 'Zoltan Quibble' } })
 * // → attributes { patient: '[NAME]', 'user.email': '[EMAIL]', … }
 */
export function phiGuardBeforeSendMetric(options: PhiGuardSentryOptions): PhiGuardBeforeSendMetric {
  const hooks = new Hooks(options);
  return (metric) => hooks.metric(metric);
}
