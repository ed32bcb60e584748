import { createSignalRelay } from 'phi-guard/next';
import { GUARD_DISABLED } from '@/lib/server/env';
import { flushAfterResponse, nodeSink } from '@/lib/server/guarded';
import { nodePhi } from '@/lib/server/phi';

/**
 * Where the browser's error boundaries post their (already redacted)
 * reports. The relay redacts again, records a `client_error` signal and
 * signs it here on the server: the signing secret never reaches the browser.
 * When the browser's redaction left nothing to find, that signal would be
 * `no_phi` and is not sent, so the relay also forwards a client error record
 * (route and redacted identifier types only) for the dashboard.
 * Only same-origin posts are accepted.
 */
const relay = createSignalRelay({
  guard: () => nodePhi().guard,
  emitter: nodeSink,
  // `event.text` is what the browser sent (already redacted there); only its [TYPE] tags are forwarded.
  onEvent: (event) => (event.channel === 'client_error' ? nodePhi().reporting.forwardClientError(event) : undefined),
  flushTimeoutMs: 2000,
});

export async function POST(request: Request): Promise<Response> {
  if (GUARD_DISABLED) return new Response(null, { status: 204 });
  flushAfterResponse();
  return relay(request);
}
