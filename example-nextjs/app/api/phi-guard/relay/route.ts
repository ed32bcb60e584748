import { AsyncLocalStorage } from 'node:async_hooks';
import { createSignalRelay } from 'phi-guard/next';
import { GUARD_DISABLED } from '@/lib/server/env';
import { flushAfterResponse, nodeSink } from '@/lib/server/guarded';
import { nodePhi } from '@/lib/server/phi';

/** The report's `message` as the browser sent it (already redacted there), or '' if there is none. */
async function browserMessage(copy: Request): Promise<string> {
  try {
    const body: unknown = JSON.parse(await copy.text());
    const message = (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : '';
  } catch {
    return '';
  }
}

/** A copy of the request being relayed, for `onEvent`, which runs inside that request's `relay` call. */
const posted = new AsyncLocalStorage<Request>();

// Built once, at module level: the rate limit's buckets belong to the
// handler, so one built inside each request would start empty every time
// and never limit.
const relay = createSignalRelay({
  guard: () => nodePhi().guard,
  emitter: nodeSink,
  flushTimeoutMs: 2000,
  // `onEvent` gets a summary without the report's text, so the message's
  // [TYPE] tags are read from a copy of the request. The copy is read only
  // for an accepted report, which the relay has already held to its size cap.
  onEvent: async (summary) => {
    const copy = posted.getStore();
    return summary.channel === 'client_error' && copy
      ? nodePhi().reporting.forwardClientError(summary, await browserMessage(copy))
      : undefined;
  },
});

/**
 * Where the browser's error boundaries post their (already redacted)
 * reports. The relay redacts again, records a `client_error` signal and
 * signs it here on the server: the signing secret never reaches the browser.
 * When the browser's redaction left nothing to find, that signal would be
 * `no_phi` and is not sent, so the relay also forwards a client error record
 * (route and redacted identifier types only) for the dashboard.
 * Only same-origin posts are accepted.
 */
export async function POST(request: Request): Promise<Response> {
  if (GUARD_DISABLED) return new Response(null, { status: 204 });
  flushAfterResponse();
  return posted.run(request.clone(), () => relay(request));
}
