// instrumentation.ts: server logs and server errors, and Sentry's server and edge setup
import { captureRequestError, redactConsole } from 'phi-guard/next';
import { emitter, guard, onEvent } from '@/lib/phi-guard';

export async function register() {
  // With Sentry: its config for this runtime, as Sentry's Next.js setup loads it; first, so
  // the console calls Sentry records as breadcrumbs are the redacted ones.
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./sentry.server.config');
  if (process.env.NEXT_RUNTIME === 'edge') await import('./sentry.edge.config');
  redactConsole(await guard); // every console.* argument is redacted before it is written
}

// Logs the redacted error (never the raw one, never the request path) and reports a server_error signal.
export const onRequestError = captureRequestError({ guard, emitter, onEvent });
