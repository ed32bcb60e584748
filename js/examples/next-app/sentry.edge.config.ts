// sentry.edge.config.ts: Sentry in edge middleware and edge routes, with the edge engine's guard
import * as Sentry from '@sentry/nextjs';
import { phiGuardBeforeBreadcrumb, phiGuardBeforeSend, phiGuardBeforeSendMetric, phiGuardBeforeSendSpan, phiGuardIntegration } from 'phi-guard/sentry';
import { emitter, guard, onEvent } from '@/lib/phi-guard';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  tracesSampleRate: 0.1,
  beforeSend: phiGuardBeforeSend({ guard, emitter, onEvent }),
  beforeBreadcrumb: phiGuardBeforeBreadcrumb({ guard }),
  beforeSendSpan: phiGuardBeforeSendSpan({ guard }),
  beforeSendMetric: phiGuardBeforeSendMetric({ guard }),
  integrations: [phiGuardIntegration({ guard })],
});
