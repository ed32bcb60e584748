// sentry.server.config.ts: Sentry on the Node.js server; what the SDK sends goes through the guard first
import * as Sentry from '@sentry/nextjs';
import { phiGuardBeforeBreadcrumb, phiGuardBeforeSend, phiGuardBeforeSendMetric, phiGuardBeforeSendSpan, phiGuardIntegration } from 'phi-guard/sentry';
import { emitter, guard, onEvent } from '@/lib/phi-guard';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  tracesSampleRate: 0.1,
  includeLocalVariables: true, // frames' local variables are redacted too, their names as context
  // Errors and messages; one that held PHI is also reported as a server_error signal (mitigation: redacted).
  beforeSend: phiGuardBeforeSend({ guard, emitter, onEvent }),
  beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }), // console lines, fetch URLs, as they are recorded
  beforeSendSpan: phiGuardBeforeSendSpan({ guard }), // span names (SQL, URLs) and attributes
  beforeSendMetric: phiGuardBeforeSendMetric({ guard }), // metrics' attributes, the user's among them
  integrations: [phiGuardIntegration({ guard })], // envelope headers (the route name), sessions, user feedback
});
