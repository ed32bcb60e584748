/**
 * One signal pipeline per isolate: a phi-guard `SignalEmitter` (the hash
 * chain) feeding a `Transport` that signs every delivery and posts it to the
 * collector. Used by the Node side (route handlers, the relay,
 * `instrumentation.ts`) and by the edge middleware, each in its own isolate,
 * so each has its own chain (`emitterId`) and the collector checks them
 * separately.
 */
import type { Guard } from 'phi-guard';
import { SignalEmitter, Transport } from 'phi-guard/signals';
import type { EmitterLike, PhiExposureEvent, PhiExposureSummary } from 'phi-guard/next';
import type { Signal } from 'phi-guard/signals';
import { SIGNING_SECRET, collectorUrl } from './env';

/** How long reporting work may hold a request's `waitUntil` / `after()`. */
export const FLUSH_MS = 1500;

/** Schema id of the client error reports the relay forwards (see `clientErrorReport`). */
export const CLIENT_REPORT_SCHEMA = 'phi-guard-example.client-error-report/v1';

/**
 * A browser error report as the collector receives it: route template,
 * times, and the identifier types the browser's guard replaced (read from
 * the `[TYPE]` tags of the redacted text). No message, no values.
 */
export interface ClientErrorReportRecord {
  schema: typeof CLIENT_REPORT_SCHEMA;
  id: string;
  channel: 'client_error';
  route: string;
  runtime: string;
  discoveredAt: string;
  redactedTypes: Record<string, number>;
}

const TAG = /\[([A-Z][A-Z_]{1,30})\]/g;

/**
 * The record forwarded for a relayed browser error. phi-guard's breach
 * signals are classified from the text they are given, and a report the
 * browser redacted properly has no PHI left, so its signal would be `no_phi`
 * (not sent). The collector still wants to know that an error carried PHI
 * and was redacted in the browser, so the relay forwards this record too,
 * through the same signed transport.
 */
export function clientErrorReport(event: PhiExposureSummary, message: string): ClientErrorReportRecord {
  const redactedTypes: Record<string, number> = {};
  // Only the message's first line: the stack repeats it, count its tags once.
  for (const m of message.split('\n')[0]!.matchAll(TAG)) redactedTypes[m[1]!] = (redactedTypes[m[1]!] ?? 0) + 1;
  return {
    schema: CLIENT_REPORT_SCHEMA, id: crypto.randomUUID(), channel: 'client_error', route: event.route,
    runtime: event.runtime, discoveredAt: event.discoveredAt, redactedTypes,
  };
}

export interface Reporting {
  emitter: SignalEmitter;
  transport: Transport;
  /**
   * What the phi-guard wrappers get as `emitter`: records the event, then
   * flushes the transport, so the promise the wrapper hands to `waitUntil`
   * covers the delivery itself (bounded by the wrappers' `flushTimeoutMs`).
   */
  sink: EmitterLike;
  /**
   * Forwards a relayed browser error's record (signed, like a signal) and
   * waits for delivery. `message` is the report's message as the browser
   * sent it (already redacted there); only its `[TYPE]` tags are kept.
   */
  forwardClientError: (event: PhiExposureSummary, message: string) => Promise<boolean>;
}

/** Builds the pipeline; call once per isolate (see `getNodeReporting`). */
export function createReporting(runtime: 'edge' | 'nodejs'): Reporting {
  const transport = new Transport({
    endpoints: [collectorUrl()],
    secret: SIGNING_SECRET,
    // Short batching delay: the demo shows incidents as they happen.
    flushIntervalMs: 100,
    timeoutMs: 3000,
    maxRetries: 3,
  });
  const emitter = new SignalEmitter({ transport, emitterId: `${runtime}-${crypto.randomUUID()}` });
  const sink: EmitterLike = {
    record: async (guard: Guard, event: PhiExposureEvent) => {
      await emitter.record(guard, event);
      await emitter.flush(FLUSH_MS);
    },
  };
  const forwardClientError = async (event: PhiExposureSummary, message: string) => {
    // The transport only needs an `id` to queue an item; the collector tells the two schemas apart.
    transport.enqueue(clientErrorReport(event, message) as unknown as Signal);
    return transport.flush(FLUSH_MS);
  };
  return { emitter, transport, sink, forwardClientError };
}
