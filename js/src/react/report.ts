import type { ClientErrorReport } from '../next/createSignalRelay.js';
import type { Guard } from '../common/guard.js';
import { createGuard } from '../browser.js';
import { templatePath } from '../next/util.js';
import { cutAndRedact } from '../next/cutText.js';

/**
 * What is sent to the relay; every field is redacted in the browser first.
 * The same shape the relay accepts ({@link ClientErrorReport}).
 *
 * @example
 * const report: RedactedErrorReport = { message: 'chart failed for [NAME]', route: '/patients/[id]' };
 */
export type RedactedErrorReport = ClientErrorReport;

/**
 * A guard, a promise of one, or a factory; default: the browser guard, loaded once.
 * It is read once per error, so its identity may change between renders (an
 * inline `guard={() => guard}` is fine), but a factory is called for every
 * error: make it return the same guard rather than build a new one each time.
 *
 * @example
 * let once: Promise<Guard> | undefined;
 * const loadGuard = () => (once ??= createGuard(undefined, { wasmUrl: '/phi_guard_bg.wasm' }));
 * <PhiErrorBoundary guard={loadGuard}>…</PhiErrorBoundary>
 */
export type BrowserGuardSource = Guard | Promise<Guard> | (() => Guard | Promise<Guard>);

let shared: Promise<Guard> | undefined;

/** @internal */
export async function resolveBrowserGuard(source?: BrowserGuardSource): Promise<Guard | undefined> {
  try {
    if (source) return await (typeof source === 'function' ? source() : source);
    shared ??= createGuard();
    return await shared;
  } catch {
    shared = undefined;
    return undefined;
  }
}

/** @internal A random reference id shown to the user and sent with the report. */
export function newReferenceId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
}

const WITHHELD = '[phi-guard: redaction unavailable, details withheld]';

/**
 * The digests Next.js puts on errors: the decimal string of a 32-bit hash of
 * the server error (`stringHash(message + stack)`, at most 10 digits),
 * optionally followed by Next's own error code (`'2367148378@E394'`).
 * Anything else (a digest the app set itself, which may hold anything) is not sent.
 */
const NEXT_DIGEST = /^([0-9]{1,10})(?:@E[0-9]{1,6})?$/;

/** @internal The error's digest if it has Next's shape and the guard finds nothing in it; never throws. */
function safeDigest(guard: Guard, e: { digest?: unknown }): string | undefined {
  try {
    const d = e.digest;
    const m = typeof d === 'string' ? NEXT_DIGEST.exec(d) : null;
    if (!m || Number(m[1]) > 0xffff_ffff) return undefined;
    return guard.redactText(d as string, 'error') === d ? (d as string) : undefined;
  } catch {
    return undefined;
  }
}

/** Most characters sent of an error's message, the cut marker included (the relay's own cut of a message). */
const MESSAGE_CHARS = 8_000;
/** Most characters sent of a stack or a component stack, the cut marker included (some 150 frames). */
const STACK_CHARS = 24_000;

/**
 * @internal Redacts an error in the browser. The message is cut to
 * {@link MESSAGE_CHARS} and each stack to {@link STACK_CHARS} before they
 * are scanned, back to a point that splits no value (a value cut in two,
 * `219-09-99` of `219-09-9999`, is not recognised any more and would be
 * sent as it is), and each cut part ends in `… [N characters cut]`, added
 * after redacting (see {@link cutAndRedact}). Without a working guard
 * nothing of the raw error is kept (not even the digest). Never throws,
 * whatever the error's getters do.
 */
export function redactError(guard: Guard | undefined, error: unknown, componentStack?: string | null, route?: string): RedactedErrorReport {
  if (!guard) return { message: WITHHELD };
  try {
    const e = (error !== null && (typeof error === 'object' || typeof error === 'function') ? error : {}) as { message?: unknown; stack?: unknown; digest?: unknown };
    const rawMessage = e.message;
    const message = cutAndRedact(guard, typeof rawMessage === 'string' ? rawMessage : String(error), MESSAGE_CHARS);
    const rawStack = e.stack;
    const stack = typeof rawStack === 'string' ? cutAndRedact(guard, rawStack, STACK_CHARS) : undefined;
    const cs = componentStack ? cutAndRedact(guard, componentStack, STACK_CHARS) : undefined;
    const r = route ? routeTemplate(guard, route) : undefined;
    return { message, stack, componentStack: cs, route: r, digest: safeDigest(guard, e) };
  } catch {
    return { message: WITHHELD };
  }
}

/** @internal A route template from a path: no query, id-like or flagged segments → `[id]`. */
function routeTemplate(guard: Guard, route: string): string {
  const path = route.split(/[?#]/)[0]!;
  if (!path.startsWith('/')) return '/unknown';
  const flagged = guard.scan(path, { format: 'url' }).findings.filter((f) => !(f.type === 'URL' && f.start === 0));
  return templatePath(path, flagged.map((f): [number, number] => [f.start, f.end]));
}

/**
 * The largest report body sent, in UTF-8 bytes: the relay's default
 * `maxBytes` (60 000), below the 64 KiB browsers allow for `sendBeacon` and
 * `fetch` with `keepalive`. Larger reports are trimmed to fit before sending
 * (see {@link sendReport}).
 *
 * @example
 * const relay = createSignalRelay({ guard, maxBytes: BEACON_LIMIT }); // the default, spelled out
 */
export const BEACON_LIMIT = 60_000;

/**
 * Options for {@link sendReport}.
 *
 * @example
 * const options: SendReportOptions = { maxBytes: 30_000 }; // the relay was built with maxBytes: 30_000
 */
export interface SendReportOptions {
  /**
   * The relay's `maxBytes`, if you changed it: the body is trimmed to at most
   * this many bytes (default and upper bound {@link BEACON_LIMIT}; at least 1 024).
   */
  maxBytes?: number;
}

/**
 * Sends an already redacted report to the relay. The JSON body is trimmed to
 * `maxBytes` UTF-8 bytes first: the largest of `message`, `stack`,
 * `componentStack` and `route` are shortened first (each cut ends in `…`, on a
 * character boundary, never inside a surrogate pair), so the relay never
 * answers 413. Sent with `navigator.sendBeacon`, or `fetch` with `keepalive`
 * when there is no beacon or the browser refuses it. Never throws. Only pass
 * reports produced by the components here (they are redacted).
 *
 * @example
 * sendReport('/api/phi-guard/relay', { message: 'chart failed for [NAME]', route: '/patients/[id]' });
 * sendReport('/api/phi-guard/relay', report, { maxBytes: 30_000 }); // a relay with maxBytes: 30_000
 */
export function sendReport(relayUrl: string, report: RedactedErrorReport, options: SendReportOptions = {}): void {
  try {
    const body = fitReport(report, reportLimit(options.maxBytes));
    const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob | string) => boolean } }).navigator;
    if (typeof nav?.sendBeacon === 'function') {
      if (nav.sendBeacon(relayUrl, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
    }
    if (typeof fetch === 'function') {
      void fetch(relayUrl, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => undefined);
    }
  } catch { /* reporting never breaks the fallback */ }
}

/** @internal The byte budget for a report body: `maxBytes` clamped to [1 024, BEACON_LIMIT]. */
export function reportLimit(maxBytes?: number): number {
  if (typeof maxBytes !== 'number' || !Number.isFinite(maxBytes)) return BEACON_LIMIT;
  return Math.min(BEACON_LIMIT, Math.max(1_024, Math.floor(maxBytes)));
}

const TRIMMABLE = ['message', 'stack', 'componentStack', 'route'] as const;
const ELLIPSIS = '\u2026'; // 3 bytes in UTF-8, not escaped by JSON.stringify

/** UTF-8 bytes `JSON.stringify` spends on the code unit at `i` of `s` (a surrogate pair counts once, at its first half). */
function jsonBytesAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) return 2;
  if (c < 0x20) return 6; // \u00XX
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 4 : 6; // a pair, or a lone half written as \udXXX
  }
  if (c >= 0xdc00 && c <= 0xdfff) return 6;
  return 3;
}

const isHighSurrogateThenLow = (s: string, i: number) => {
  const c = s.charCodeAt(i), d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
};

/** Bytes of `s` inside a JSON string literal (without the quotes). */
function jsonBytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n += jsonBytesAt(s, i);
    if (isHighSurrogateThenLow(s, i)) i++;
  }
  return n;
}

/** The longest prefix of `s` whose JSON bytes fit `max` (never ending inside a surrogate pair), then `…` if cut. */
function cutToJsonBytes(s: string, max: number): string {
  if (jsonBytes(s) <= max) return s;
  const room = max - 3; // the ellipsis
  if (room <= 0) return '';
  let n = 0;
  let i = 0;
  while (i < s.length) {
    const w = isHighSurrogateThenLow(s, i) ? 2 : 1;
    const b = jsonBytesAt(s, i);
    if (n + b > room) break;
    n += b;
    i += w;
  }
  return s.slice(0, i) + ELLIPSIS;
}

/**
 * @internal The report as JSON of at most `limit` UTF-8 bytes. The text fields
 * are capped at one common length, as high as fits ("water filling"), so the
 * largest is cut first and short ones (a message next to a huge stack) stay whole.
 */
export function fitReport(report: RedactedErrorReport, limit: number = BEACON_LIMIT): string {
  const encoder = new TextEncoder();
  const whole = JSON.stringify(report);
  if (encoder.encode(whole).byteLength <= limit) return whole;
  const sizes = TRIMMABLE.map((k) => (typeof report[k] === 'string' ? jsonBytes(report[k] as string) : 0));
  const fixed = encoder.encode(whole).byteLength - sizes.reduce((a, b) => a + b, 0);
  const budget = limit - fixed;
  const total = (cap: number) => sizes.reduce((a, b) => a + Math.min(b, cap), 0);
  let lo = 0, hi = Math.max(0, ...sizes);
  while (lo < hi) { // the highest cap whose total fits the budget
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= budget) lo = mid; else hi = mid - 1;
  }
  const out: RedactedErrorReport = { ...report };
  TRIMMABLE.forEach((k, i) => { if (sizes[i]! > lo) (out as unknown as Record<string, string>)[k] = cutToJsonBytes(report[k] as string, lo); });
  let body = JSON.stringify(out);
  if (encoder.encode(body).byteLength > limit) { // only if the fixed fields alone are near the limit
    body = JSON.stringify({ ...out, stack: undefined, componentStack: undefined, route: undefined, message: cutToJsonBytes(String(out.message ?? ''), 256) });
  }
  if (encoder.encode(body).byteLength > limit) {
    // Fields that are not text to trim (a long digest or reference id, or
    // extra keys a caller of sendReport added): only the message is kept.
    body = JSON.stringify({ message: cutToJsonBytes(String(report.message ?? ''), Math.max(0, Math.min(256, limit - 32))) });
  }
  return body;
}

/** @internal The current pathname, if in a browser (the query is never sent). */
export function currentRoute(): string | undefined {
  const loc = (globalThis as { location?: { pathname?: string } }).location;
  return typeof loc?.pathname === 'string' ? loc.pathname : undefined;
}
