/**
 * Server-side settings of the demo. The signing secret and the fingerprint
 * key are read here and nowhere else; this module is imported only by server
 * code (route handlers, `instrumentation.ts`, `middleware.ts`), so the values
 * never reach the client bundle (the end-to-end suite greps `.next/static`).
 *
 * The defaults exist so that `make demo` runs with zero set-up. They are
 * demo values: a real deployment sets both variables.
 */

/** HMAC secret shared by the app's signal transports and its collector. */
export const SIGNING_SECRET = process.env.PHI_GUARD_SIGNING_SECRET || 'demo-signing-secret-5f1c9a7e3b2d4e68';

/** Key of the keyed fingerprints (HMAC) that let the collector de-duplicate individuals. */
export const FINGERPRINT_KEY = process.env.PHI_GUARD_FINGERPRINT_KEY || 'demo-fingerprint-key-8e42b0c6d91a7f35';

/** Key that signs the demo session cookie. */
export const SESSION_SECRET = process.env.PHI_GUARD_SESSION_SECRET || `session:${SIGNING_SECRET}`;

/** `PHI_GUARD_DISABLED=1` runs the app with no guard at all (the load-test baseline). */
export const GUARD_DISABLED = process.env.PHI_GUARD_DISABLED === '1';

/** Where signals go; by default the collector inside this app. */
export function collectorUrl(): string {
  return process.env.PHI_GUARD_COLLECTOR_URL || `http://127.0.0.1:${process.env.PORT || '3000'}/api/collector/signals`;
}

/** Labels carried by every signal of this app. */
export const DEPLOYMENT = 'telehealth-demo';
