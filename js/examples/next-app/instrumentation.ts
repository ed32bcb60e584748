// instrumentation.ts: server logs and server errors
import { captureRequestError, redactConsole } from 'phi-guard/next';
import { emitter, guard, onEvent } from '@/lib/phi-guard';

export async function register() {
  redactConsole(await guard); // every console.* argument is redacted before it is written
}

// Logs the redacted error (never the raw one, never the request path) and reports a server_error signal.
export const onRequestError = captureRequestError({ guard, emitter, onEvent });
