/**
 * Server instrumentation. `register()` runs once per server process before
 * any request: on Node it installs `redactConsole`, so every `console.*` of
 * the app (and of Next itself) is redacted before it reaches stdout.
 * `onRequestError` redacts, classifies and reports every server error
 * (a `server_error` signal) and logs only the redacted copy.
 *
 * phi-guard is imported dynamically under `NEXT_RUNTIME === 'nodejs'`:
 * Next compiles this file for the edge runtime too, where there is no
 * console to patch for the app's route handlers.
 */
import type { Instrumentation } from 'next';

const disabled = process.env.PHI_GUARD_DISABLED === '1';

export async function register(): Promise<void> {
  if (disabled || process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsole } = await import('phi-guard/next');
  const { nodePhi } = await import('./lib/server/phi');
  try {
    redactConsole(nodePhi().guard);
  } catch (e) {
    // Like the wrappers' default fail-open: the portal keeps serving, loudly.
    // The error is phi-guard's own (typed, no input text in it).
    console.error(`[phi-guard] console redaction is NOT installed: ${(e as Error).message}`);
  }
}

let capture: Instrumentation.onRequestError | undefined;

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (disabled || process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (!capture) {
    const { captureRequestError } = await import('phi-guard/next');
    const { nodePhi } = await import('./lib/server/phi');
    const { nodeSink } = await import('./lib/server/guarded');
    capture = captureRequestError({ guard: () => nodePhi().guard, emitter: nodeSink, flushTimeoutMs: 2000 });
  }
  await capture(error, request, context);
};
