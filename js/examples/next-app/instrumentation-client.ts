// instrumentation-client.ts: Sentry in the browser; the guard loads in the background and events wait for it
import * as Sentry from '@sentry/nextjs';
import { createGuard } from 'phi-guard';
import { phiGuardBeforeBreadcrumb, phiGuardBeforeSend, phiGuardBeforeSendMetric, phiGuardBeforeSendSpan, phiGuardIntegration } from 'phi-guard/sentry';

// The browser engine fetches its .wasm once, in the background. Until it is
// ready, beforeSend returns a promise that Sentry awaits (for at most
// guardTimeoutMs; then the event is dropped), and breadcrumbs are dropped.
const guard = createGuard();

Sentry.init({
  dsn: process.env.NEXT_PUBLIC_SENTRY_DSN,
  tracesSampleRate: 0.1,
  beforeSend: phiGuardBeforeSend({ guard, guardTimeoutMs: 10_000 }), // no emitter here: the signing secret stays on the server
  beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }),
  beforeSendSpan: phiGuardBeforeSendSpan({ guard }),
  beforeSendMetric: phiGuardBeforeSendMetric({ guard }),
  integrations: [phiGuardIntegration({ guard })],
});
