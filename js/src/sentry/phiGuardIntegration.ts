import { Hooks } from './hooks.js';
import { isObject } from './redactEvent.js';
import type { PhiGuardSentryOptions, SentryClientLike, SentryEventLike } from './types.js';

/**
 * What {@link phiGuardIntegration} returns: a Sentry integration.
 *
 * @example
 * const integration: PhiGuardIntegration = phiGuardIntegration({ guard });
 */
export interface PhiGuardIntegration {
  name: 'PhiGuard';
  setup(client: SentryClientLike): void;
  processEvent<E extends SentryEventLike>(event: E, hint?: unknown): E | null | Promise<E | null>;
}

/**
 * A Sentry integration for what no `before*` callback reaches:
 *
 * - the route name in each dynamic sampling context, templated as the SDK
 *   creates it (`GET /patients/219-09-9999` → `GET /patients/[id]`): it
 *   travels in the `trace` header of every envelope and in the `baggage`
 *   header of outgoing requests (`sentry-transaction=…`);
 * - the `trace` header of each envelope again just before it is sent
 *   (`beforeEnvelope`), for a context the SDK did not create but copied
 *   from an incoming request's `baggage`: Sentry's own keys kept, the route
 *   name templated, any other key (`user_segment`) left out. The SDK passes
 *   such a `baggage` on to outgoing requests as it came; that copy is not
 *   covered;
 * - each session's `did` (the user's id, else e-mail, else username),
 *   scanned as `user.id` when `keepUser` keeps `id` (so a session set up
 *   with a user without an `id` keeps a username the guard does not flag),
 *   else replaced whole, and its `ip_address` removed unless kept;
 * - user feedback (`captureFeedback`, the feedback widget), which skips
 *   `beforeSend`: redacted as an event is, its message scanned and its
 *   `contact_email` and `name` replaced as the user's e-mail and name are.
 *   It waits for a guard that is loading, as `beforeSend` does.
 *
 * The envelope hook must answer at once: without a ready guard the route
 * name is left out (it is optional there) and so are sessions' `did`.
 *
 * @example
 * Sentry.init({ dsn, tracesSampleRate: 0.1, integrations: [phiGuardIntegration({ guard })] });
 */
export function phiGuardIntegration(options: PhiGuardSentryOptions): PhiGuardIntegration {
  const hooks = new Hooks(options);
  return {
    name: 'PhiGuard',
    setup(client) {
      client.on?.('createDsc', (dsc) => hooks.dsc(dsc));
      client.on?.('beforeEnvelope', (envelope) => hooks.envelope(envelope));
    },
    processEvent(event) {
      // Errors and transactions are redacted by beforeSend and beforeSendTransaction, which run after.
      return isObject(event) && event.type === 'feedback' ? hooks.event(event) : event;
    },
  };
}
