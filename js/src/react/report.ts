import type { ClientErrorReport } from '../next/createSignalRelay.js';
import type { Guard } from '../common/guard.js';
import { createGuard } from '../browser.js';
import { templatePath } from '../next/util.js';

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
 *
 * @example
 * <PhiErrorBoundary guard={() => createGuard(undefined, { wasmUrl: '/phi_guard_bg.wasm' })}>…</PhiErrorBoundary>
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
 * @internal Redacts an error in the browser. Without a working guard nothing
 * of the raw error is kept.
 */
export function redactError(guard: Guard | undefined, error: unknown, componentStack?: string | null, route?: string): RedactedErrorReport {
  const e = error as { message?: unknown; stack?: unknown; digest?: unknown } | null;
  const digest = typeof e?.digest === 'string' && /^[\w-]{1,64}$/.test(e.digest) ? e.digest : undefined;
  if (!guard) return { message: WITHHELD, digest };
  try {
    const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
    const message = guard.redactText(cut(typeof e?.message === 'string' ? e.message : String(error), 8_000), 'error');
    const stack = typeof e?.stack === 'string' ? guard.redactText(cut(e.stack, 24_000), 'error') : undefined;
    const cs = componentStack ? guard.redactText(cut(componentStack, 24_000), 'error') : undefined;
    const r = route ? routeTemplate(guard, route) : undefined;
    return { message, stack, componentStack: cs, route: r, digest };
  } catch {
    return { message: WITHHELD, digest };
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
 * The largest payload sent with `navigator.sendBeacon`; larger ones use `fetch` with `keepalive`.
 *
 * @example
 * if (JSON.stringify(report).length >= BEACON_LIMIT) console.warn('report will use fetch');
 */
export const BEACON_LIMIT = 60_000;

/**
 * Sends an already redacted report to the relay: `navigator.sendBeacon` when the payload
 * is under 60 KB, else `fetch` with `keepalive`. Never throws. Only pass
 * reports produced by the components here (they are redacted).
 *
 * @example
 * sendReport('/api/phi-guard/relay', { message: 'chart failed for [NAME]', route: '/patients/[id]' });
 */
export function sendReport(relayUrl: string, report: RedactedErrorReport): void {
  try {
    const body = JSON.stringify(report);
    const size = new TextEncoder().encode(body).byteLength;
    const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob | string) => boolean } }).navigator;
    if (size < BEACON_LIMIT && typeof nav?.sendBeacon === 'function') {
      if (nav.sendBeacon(relayUrl, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
    }
    if (typeof fetch === 'function') {
      void fetch(relayUrl, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => undefined);
    }
  } catch { /* reporting never breaks the fallback */ }
}

/** @internal The current pathname, if in a browser (the query is never sent). */
export function currentRoute(): string | undefined {
  const loc = (globalThis as { location?: { pathname?: string } }).location;
  return typeof loc?.pathname === 'string' ? loc.pathname : undefined;
}
