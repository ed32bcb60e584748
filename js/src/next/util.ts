import { Guard } from '../common/guard.js';
import { PhiGuardError, toPhiGuardError } from '../common/errors.js';
import type { ClassifyResult } from '../common/types.js';
import type {
  EmitterLike, ExposurePolicy, GuardSource, PhiExposureEvent, PhiExposureSummary, Principal, ReportingOptions, ExposureRuntime, WaitUntilLike,
} from './types.js';

/** @internal Resolves an injected guard source; failures become PhiGuardError('init'). */
export async function resolveGuard(source: GuardSource): Promise<Guard> {
  try {
    const g = typeof source === 'function' ? await (source as () => Guard | Promise<Guard>)() : await source;
    if (!g || typeof (g as Guard).scan !== 'function') throw new PhiGuardError('init', 'no guard was provided');
    return g;
  } catch (e) {
    throw e instanceof PhiGuardError ? e : new PhiGuardError('init', 'the guard factory failed', { cause: e });
  }
}

/** @internal Next's control-flow errors (redirect(), notFound(), forbidden()...) must pass untouched. */
export function isNextControlError(e: unknown): boolean {
  const digest = (e as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && /^(NEXT_REDIRECT|NEXT_NOT_FOUND|NEXT_HTTP_ERROR_FALLBACK)/.test(digest);
}

/** @internal */
export function detectRuntime(): ExposureRuntime {
  const g = globalThis as { EdgeRuntime?: unknown; process?: { versions?: { node?: string } } };
  if (typeof g.EdgeRuntime === 'string') return 'edge';
  if (g.process?.versions?.node) return 'nodejs';
  return 'edge';
}

/** @internal A short, PHI-free code for a guard failure. */
export function failureCode(e: unknown): string {
  return e instanceof PhiGuardError ? e.code : toPhiGuardError(e).code;
}

const DYNAMIC = [
  /^\d+$/,
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  /^[0-9a-f]{8,}$/i,
  /@/,
  /^[\d().+\s-]{6,}$/,
  /^(?=.*\d)[A-Za-z0-9_-]{12,}$/,
];

/**
 * @internal Turns a pathname into a route template: segments that look like
 * ids (numbers, UUIDs, hex, e-mails, long tokens) or that the guard flagged
 * become `[id]`. Never returns query strings.
 */
export function templatePath(pathname: string, flagged: Array<[number, number]> = []): string {
  let offset = 0;
  const out: string[] = [];
  for (const seg of pathname.split('/')) {
    const start = offset;
    const end = offset + seg.length;
    offset = end + 1;
    let decoded = seg;
    try { decoded = decodeURIComponent(seg); } catch { /* keep raw */ }
    const hit = flagged.some(([s, e]) => s < end && e > start);
    out.push(seg && (hit || DYNAMIC.some((r) => r.test(decoded))) ? '[id]' : seg);
  }
  return out.join('/') || '/';
}

/** @internal Maps a wrapper's returnsPhi to the classifier's policy name. */
export function policyName(returnsPhi: 'never' | 'owner_only' | 'authenticated' | 'allowed'): ExposurePolicy {
  return returnsPhi === 'never' ? 'no_phi' : returnsPhi === 'allowed' ? 'allow' : returnsPhi;
}

/** @internal Whether `principal` may receive PHI under `returnsPhi`. */
export function phiAllowed(returnsPhi: 'never' | 'owner_only' | 'authenticated' | 'allowed', p: Principal): boolean {
  switch (returnsPhi) {
    case 'allowed': return true;
    case 'authenticated': return p.authenticated;
    case 'owner_only': return p.authenticated && p.subjectIsCaller === true;
    default: return false;
  }
}

/** @internal Builds an event with the common fields filled in. */
export function makeEvent(fields: Omit<PhiExposureEvent, 'discoveredAt' | 'runtime'> & { runtime?: ExposureRuntime }): PhiExposureEvent {
  const ev: PhiExposureEvent = { runtime: detectRuntime(), discoveredAt: new Date().toISOString(), ...fields };
  for (const k of Object.keys(ev) as Array<keyof PhiExposureEvent>) if (ev[k] === undefined) delete ev[k];
  return ev;
}

function ambientWaitUntil(): ((p: Promise<unknown>) => void) | undefined {
  // The request contexts Next.js and Vercel expose to libraries (what @sentry/nextjs uses too).
  for (const name of ['@next/request-context', '@vercel/request-context']) {
    try {
      const ctx = (globalThis as Record<symbol, { get?: () => { waitUntil?: (p: Promise<unknown>) => void } | undefined } | undefined>)[Symbol.for(name)];
      const wu = ctx?.get?.()?.waitUntil;
      if (typeof wu === 'function') return wu;
    } catch { /* not available */ }
  }
  return undefined;
}

/** @internal Whether `value` looks like what `SignalEmitter.record` resolves with. */
function isClassifyResult(value: unknown): value is ClassifyResult {
  const r = value as Partial<ClassifyResult> | null | undefined;
  return !!r && typeof r === 'object' && !!r.classification && typeof r.classification === 'object'
    && !!r.signal && typeof r.signal === 'object';
}

/** @internal The PHI-free view of `event` that `onEvent` receives. */
export function summarize(event: PhiExposureEvent, recorded?: unknown): PhiExposureSummary {
  const { text: _text, ...rest } = event;
  const summary: PhiExposureSummary = { ...rest };
  if (isClassifyResult(recorded)) {
    summary.classification = recorded.classification;
    summary.signal = recorded.signal;
  }
  return summary;
}

/**
 * @internal Sends the full event to `emitter.record` and then a PHI-free
 * summary (with the emitter's classification, if any) to `onEvent`, without
 * ever throwing; bounds the work by `flushTimeoutMs` (`onEvent` is called at
 * the latest when the limit passes), and hands the promise to `waitUntil`
 * (the fetch event's, the option's, or the ambient request context's).
 * Returns the bounded promise (tests may await it).
 */
export function dispatch(guard: Guard | undefined, event: PhiExposureEvent, opts: ReportingOptions, fetchEvent?: WaitUntilLike | unknown): Promise<void> {
  const limit = opts.flushTimeoutMs ?? 2000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), limit); });
  const settle = (f: () => unknown): Promise<unknown> => {
    try { return Promise.resolve(f()).catch(() => undefined); } catch { return Promise.resolve(undefined); } // reporting never breaks a request
  };
  const emitter = opts.emitter && guard ? opts.emitter : undefined;
  const recorded = emitter ? settle(() => (emitter as EmitterLike).record(guard!, event)) : Promise.resolve(undefined);
  const onEvent = opts.onEvent;
  const notified = onEvent
    ? Promise.race([recorded, expired]).then((result) => settle(() => onEvent(summarize(event, result))))
    : Promise.resolve(undefined);
  const bounded = Promise.race([
    Promise.allSettled([recorded, notified]).then(() => undefined),
    expired,
  ]).finally(() => { if (timer !== undefined) clearTimeout(timer); });
  const fe = fetchEvent as Partial<WaitUntilLike> | undefined;
  const wu = typeof fe?.waitUntil === 'function' ? (p: Promise<unknown>) => fe.waitUntil!(p) : opts.waitUntil ?? ambientWaitUntil();
  try { wu?.(bounded); } catch { /* ignore */ }
  return bounded;
}

/** @internal Content types that are never scanned. */
export function classifyContentType(ct: string | null): 'json' | 'html' | 'text' | 'binary' | 'untyped' {
  if (!ct) return 'untyped';
  const t = ct.split(';')[0]!.trim().toLowerCase();
  if (t === 'application/json' || t.endsWith('+json') || t === 'application/x-ndjson' || t === 'application/ld+json') return 'json';
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t.startsWith('text/') || t === 'application/xml' || t.endsWith('+xml') || t === 'application/javascript'
    || t === 'application/x-www-form-urlencoded' || t === 'application/graphql-response+json') return 'text';
  return 'binary';
}

