import { Hooks } from './hooks.js';
import type { PhiGuardSentryOptions, SentryClientLike } from './types.js';

/**
 * What {@link phiGuardIntegration} returns: a Sentry integration.
 *
 * @example
 * const integration: PhiGuardIntegration = phiGuardIntegration({ guard });
 */
export interface PhiGuardIntegration {
  name: 'PhiGuard';
  setup(client: SentryClientLike): void;
}

/**
 * A Sentry integration that templates the route name in each dynamic
 * sampling context as the SDK creates it (`GET /patients/219-09-9999` →
 * `GET /patients/[id]`). That name travels where no `before*` callback
 * reaches: the `trace` header of every envelope (errors, transactions,
 * streamed spans) and the `baggage` header of outgoing requests
 * (`sentry-transaction=…`). Without a ready guard the name is left out
 * (it is optional there). Sentry calls the hook at once, so the guard
 * must be ready; `beforeSend` templates an error event's header again.
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
    },
  };
}
