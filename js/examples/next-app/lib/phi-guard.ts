// lib/phi-guard.ts: one guard and one signal pipeline per server process or edge isolate
import { createGuard } from 'phi-guard';
import type { EmitterLike, PhiExposureSummary, UrlRouteRule } from 'phi-guard/next';
import { SignalEmitter, Transport } from 'phi-guard/signals';

// `phi-guard` resolves to the edge, Node or browser engine by itself; the
// wrappers accept the promise as it is (a guard that cannot start follows
// each route's failMode).
export const guard = createGuard();

// Breach signals (no PHI in them), signed and delivered to your collector.
// Without the two variables (e.g. during `next build`) events are still
// classified and passed to onEvent, but no signal leaves (a warning says so).
const url = process.env.PHI_SIGNAL_URL;
const secret = process.env.PHI_SIGNAL_SECRET;
const transport = url && secret ? new Transport({ endpoints: [url], secret }) : undefined;
if (!transport) console.warn('[phi-guard] PHI_SIGNAL_URL or PHI_SIGNAL_SECRET is not set: breach signals are not delivered');
const signals = new SignalEmitter({ transport });

// What the wrappers take as `emitter`: the core classifies the event (raw
// text included, never logged) and chains the signal; the flush makes the
// delivery part of the request's `waitUntil` work.
export const emitter: EmitterLike = {
  async record(g, event) {
    const result = await signals.record(g, event);
    await transport?.flush(1500);
    return result;
  },
};

// `onEvent` gets a summary without the raw text: safe to log as it is.
export function onEvent(summary: PhiExposureSummary): void {
  const severity = summary.classification?.severity ?? 'unclassified';
  console.warn(`[phi-guard] ${summary.channel} on ${summary.route}: ${summary.mitigation ?? 'none'} (${severity})`);
}

// URL rules for middleware.ts or proxy.ts; the first match wins, any other
// path gets the default: a 307 to the same URL without the PHI parameters.
export const urlRules: UrlRouteRule[] = [
  // Opaque record ids belong in these paths (the scanner sees them as
  // OTHER_ID); an SSN-shaped "id", and the query string, are still acted on.
  { match: /^\/api\/patients\/[^/]+$/, template: '/api/patients/[id]', allowInPath: ['OTHER_ID'], onUrlPhi: 'block', blockAs: 'json', failMode: 'closed' },
  { match: /^\/patients\/[^/]+$/, template: '/patients/[id]', allowInPath: ['OTHER_ID'] },
  // Any other API URL with PHI: 400 with a JSON error that echoes nothing (503 if the guard cannot start).
  { match: '/api/', onUrlPhi: 'block', blockAs: 'json', failMode: 'closed' },
];
