import { Hooks } from './hooks.js';
import type { PhiGuardSentryOptions, SentryBreadcrumbLike } from './types.js';

/**
 * What {@link phiGuardBeforeBreadcrumb} returns: Sentry's `beforeBreadcrumb`.
 *
 * @example
 * const beforeBreadcrumb: PhiGuardBeforeBreadcrumb = phiGuardBeforeBreadcrumb({ guard });
 */
export type PhiGuardBeforeBreadcrumb = <B extends SentryBreadcrumbLike>(breadcrumb: B, hint?: unknown) => B | null;

/**
 * A `beforeBreadcrumb` for `Sentry.init`: each breadcrumb is redacted as
 * it is recorded, so PHI never sits in the SDK's memory: its `message`
 * (a console breadcrumb's as the line it printed, and its
 * `data.arguments` as that line, so `console.log('SSN:', '219099999')`
 * keeps `['SSN:', '[SSN]']`), the URLs in its data (`url` of fetch and
 * xhr, `from` and `to` of navigation: path templated, query values
 * redacted), and the rest of its data with keys as context. `category`,
 * `type`, `level` and `timestamp` are kept. `beforeSend` redacts the
 * breadcrumbs of an event again, so one recorded before the guard was
 * ready is covered too.
 *
 * Sentry needs the answer at once: without a ready guard (the browser's
 * still loading) or if it fails, the breadcrumb is dropped
 * (`onFailure: 'drop'`) or kept as its type, category, level and time
 * (`'send-minimal'`). Nothing is reported from here: a breadcrumb only
 * leaves inside an event, which `beforeSend` reports.
 *
 * @example
 * Sentry.init({ dsn, beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }) });
 * // { category: 'fetch', data: { url: '/api/patients?ssn=219-09-9999' } }
 * // → { category: 'fetch', data: { url: '/api/patients?ssn=[SSN]' } }
 */
export function phiGuardBeforeBreadcrumb(options: PhiGuardSentryOptions): PhiGuardBeforeBreadcrumb {
  const hooks = new Hooks(options);
  return (breadcrumb) => hooks.breadcrumb(breadcrumb);
}
