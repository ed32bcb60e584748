import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { ExposureRuntime } from '../next/types.js';
import { safeRoute } from '../next/reportIds.js';
import { detectRuntime, dispatch, listens, makeEvent } from '../next/util.js';
import { GuardSlot } from './guardSlot.js';
import { EventRedactor, isObject, minimalBreadcrumb, minimalDsc, minimalEvent, minimalMetric, minimalSpan, type RedactionSettings } from './redactEvent.js';
import type { PhiGuardSentryOptions, SentryBreadcrumbLike, SentryEventLike, SentryMetricLike, SentrySpanLike } from './types.js';

/** The slot of each guard source, so the hooks of one `Sentry.init` given one source share one guard. */
const slots = new WeakMap<object, GuardSlot>();

function slotFor(source: PhiGuardSentryOptions['guard']): GuardSlot {
  const key = source as unknown as object;
  let slot = slots.get(key);
  if (slot === undefined) {
    slot = new GuardSlot(source);
    slots.set(key, slot);
  }
  return slot;
}

/** An integer option from 0 to 2^31 − 1, or `fallback` when not given; else a `PhiGuardError('input')`. */
function limit(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new PhiGuardError('input', `${name} must be an integer from 0 to 2147483647`);
  }
  return value;
}

/** The runtime a hook runs in: a browser has a window and a document and is not Node (jsdom). */
function runtimeHere(): ExposureRuntime {
  const g = globalThis as { window?: unknown; document?: unknown; process?: { versions?: { node?: string } } };
  if (typeof g.window === 'object' && g.window !== null && typeof g.document === 'object' && !g.process?.versions?.node) return 'browser';
  return detectRuntime();
}

/** The route of an event, as a template: from the path in its transaction name, else its request's URL. */
function routeOf(guard: Guard | undefined, event: unknown): string {
  try {
    const e = isObject(event) ? event : {};
    const path = typeof e.transaction === 'string' ? e.transaction.split(' ').find((w) => w.startsWith('/')) : undefined;
    if (path !== undefined) return safeRoute(path, guard, 'unknown');
    const url = isObject(e.request) && typeof e.request.url === 'string' ? e.request.url : undefined;
    const m = url === undefined ? null : /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]*)?(\/[^?#]*)/i.exec(url);
    return m ? safeRoute(m[1], guard, 'unknown') : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** @internal What every hook shares: the options read once, the guard's slot, and the reporting. */
export class Hooks {
  readonly #options: PhiGuardSentryOptions;
  readonly slot: GuardSlot;
  readonly #timeout: number;
  readonly #minimal: boolean;
  readonly #keepIp: boolean;
  readonly #keepId: boolean;
  readonly #settings: RedactionSettings;
  readonly #quiet: RedactionSettings;
  readonly #runtime: ExposureRuntime;

  constructor(options: PhiGuardSentryOptions) {
    if (!options || typeof options !== 'object' || !options.guard) throw new PhiGuardError('input', 'phi-guard/sentry hooks need options with a guard: { guard }');
    const { onFailure = 'drop', keepUser = ['id'] } = options;
    if (onFailure !== 'drop' && onFailure !== 'send-minimal') throw new PhiGuardError('input', "onFailure must be 'drop' or 'send-minimal'");
    if (!Array.isArray(keepUser) || !keepUser.every((k) => typeof k === 'string')) throw new PhiGuardError('input', "keepUser must be an array of user field names such as ['id']");
    if (options.channel !== undefined && options.channel !== 'server_error' && options.channel !== 'client_error') {
      throw new PhiGuardError('input', "channel must be 'server_error' or 'client_error'");
    }
    this.#options = options;
    this.#timeout = limit('guardTimeoutMs', options.guardTimeoutMs, 5_000);
    this.#minimal = onFailure === 'send-minimal';
    this.#keepIp = keepUser.includes('ip_address');
    this.#keepId = keepUser.includes('id');
    const base = {
      maxTextChars: limit('maxTextChars', options.maxTextChars, 8_000),
      maxEventChars: limit('maxEventChars', options.maxEventChars, 500_000),
      keepUser: new Set(keepUser),
    };
    this.#settings = { ...base, gather: listens(options) };
    this.#quiet = { ...base, gather: false };
    this.#runtime = runtimeHere();
    this.slot = slotFor(options.guard);
    // Started now, so a guard that loads (the browser's) is ready sooner.
    this.slot.now();
  }

  /** An event redacted, at once when the guard is ready, else once it is (within `guardTimeoutMs`). */
  event<E extends SentryEventLike>(event: E): E | null | Promise<E | null> {
    const guard = this.slot.now();
    if (guard !== undefined) return this.#redact(guard, event);
    return this.slot.wait(this.#timeout).then((g) => (g !== undefined ? this.#redact(g, event) : this.#fail(event, undefined, this.slot.failure)));
  }

  #redact<E extends SentryEventLike>(guard: Guard, event: E): E | null {
    let out: E;
    const r = new EventRedactor(guard, this.#settings);
    try {
      out = r.event(event);
    } catch (e) {
      return this.#fail(event, guard, e instanceof PhiGuardError ? e.code : 'input');
    }
    if (r.changed && this.#settings.gather) {
      try {
        void dispatch(guard, makeEvent({
          channel: this.#channel(), route: routeOf(guard, event), runtime: this.#runtime, text: JSON.stringify(r.found), format: 'json',
          mitigation: 'redacted', authenticated: false,
        }), this.#options);
      } catch { /* reporting never keeps an event from Sentry */ }
    }
    return out;
  }

  /** What is sent when the guard failed: nothing, or the event's skeleton; a `guard_failure` is reported either way. */
  #fail<E extends SentryEventLike>(event: E, guard: Guard | undefined, code: string): E | null {
    try {
      void dispatch(guard, makeEvent({ channel: 'guard_failure', route: routeOf(undefined, event), runtime: this.#runtime, authenticated: false, failure: code }), this.#options);
    } catch { /* never throw into Sentry */ }
    if (!this.#minimal) return null;
    try {
      return minimalEvent(event, this.#keepIp);
    } catch {
      return null;
    }
  }

  #channel(): 'server_error' | 'client_error' {
    return this.#options.channel ?? (this.#runtime === 'browser' ? 'client_error' : 'server_error');
  }

  /** A breadcrumb redacted; without a ready guard, dropped or its skeleton. */
  breadcrumb<B extends SentryBreadcrumbLike>(b: B): B | null {
    return this.#now(b, (r, x) => r.breadcrumb(x), minimalBreadcrumb);
  }

  /** A span redacted; without a ready guard, its skeleton (a span cannot be dropped). */
  span<S extends SentrySpanLike>(s: S): S {
    const guard = this.slot.now();
    if (guard !== undefined) {
      try {
        return new EventRedactor(guard, this.#quiet).span(s);
      } catch { /* below */ }
    }
    try {
      return minimalSpan(s);
    } catch {
      return {} as S;
    }
  }

  /** A metric redacted; without a ready guard, dropped or its skeleton. */
  metric<M extends SentryMetricLike>(m: M): M | null {
    return this.#now(m, (r, x) => r.metric(x), minimalMetric);
  }

  /**
   * `x` redacted by `redact` with the guard ready now; without one, or if
   * redacting fails, dropped (null) or, with `send-minimal`, `minimal(x)`.
   */
  #now<T>(x: T, redact: (r: EventRedactor, x: T) => T, minimal: (x: T) => T): T | null {
    const guard = this.slot.now();
    if (guard !== undefined) {
      try {
        return redact(new EventRedactor(guard, this.#quiet), x);
      } catch { /* below */ }
    }
    if (!this.#minimal) return null;
    try {
      return minimal(x);
    } catch {
      return null;
    }
  }

  /**
   * An envelope about to be sent, redacted in place: its header's `trace`
   * (see `EventRedactor.dsc`; without a ready guard only Sentry's own keys
   * are kept), and each session's `did` (the user's id, else e-mail, else
   * username: scanned as `user.id` when `keepUser` keeps `id`, else
   * replaced whole) and `attrs.ip_address` (removed unless kept).
   */
  envelope(envelope: unknown): void {
    if (!Array.isArray(envelope)) return;
    const [headers, items] = envelope as [unknown, unknown];
    const guard = this.slot.now();
    let r: EventRedactor | undefined = guard !== undefined ? new EventRedactor(guard, this.#quiet) : undefined;
    const trace = isObject(headers) ? headers.trace : undefined;
    if (isObject(headers) && isObject(trace)) {
      try {
        headers.trace = r !== undefined ? r.dsc(trace) : minimalDsc(trace);
      } catch {
        r = undefined;
        headers.trace = minimalDsc(trace);
      }
    }
    if (!Array.isArray(items)) return;
    for (const item of items.slice(0, 1000)) {
      if (!Array.isArray(item) || !isObject(item[0]) || item[0].type !== 'session' || !isObject(item[1])) continue;
      const session = item[1];
      try {
        if (session.did !== undefined) {
          if (r === undefined) delete session.did;
          else session.did = this.#keepId ? r.value(session.did, 'session.did') : r.replaceWhole(session.did, 'session.did');
        }
        if (isObject(session.attrs) && session.attrs.ip_address !== undefined) {
          if (this.#keepIp && r !== undefined) session.attrs = { ...session.attrs, ip_address: r.value(session.attrs.ip_address, 'session.ip_address') };
          else session.attrs = Object.fromEntries(Object.entries(session.attrs).filter(([k]) => k !== 'ip_address'));
        }
      } catch {
        delete session.did;
        if (isObject(session.attrs)) session.attrs = Object.fromEntries(Object.entries(session.attrs).filter(([k]) => k !== 'ip_address'));
      }
    }
  }

  /** A dynamic sampling context's route name templated in place; removed without a ready guard. */
  dsc(dsc: { transaction?: unknown }): void {
    if (!isObject(dsc) || dsc.transaction === undefined) return;
    const guard = this.slot.now();
    if (guard !== undefined) {
      try {
        dsc.transaction = new EventRedactor(guard, this.#quiet).routeName(dsc.transaction, 'transaction');
        return;
      } catch { /* below */ }
    }
    delete dsc.transaction;
  }
}
