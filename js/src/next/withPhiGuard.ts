import type { Guard } from '../common/guard.js';
import { PhiGuardError } from '../common/errors.js';
import type { Finding, PhiType } from '../common/types.js';
import type { GuardSource, Principal, ReportingOptions, WaitUntilLike } from './types.js';
import { safeRoute } from './reportIds.js';
import { dispatch, failureCode, makeEvent, observeGuard, resolveGuard, templatePath } from './util.js';

/**
 * What to do when a request URL (or a scanned header) carries PHI.
 *
 * @example
 * const action: UrlPhiAction = 'block';
 */
export type UrlPhiAction = 'allow' | 'strip' | 'block' | 'redirect';

/**
 * A per-route rule for {@link withPhiGuard}. The first matching rule wins.
 *
 * @example
 * const rule: UrlRouteRule = { match: /^\/visits\/[^/]+$/, onUrlPhi: 'redirect', redirectTo: '/visits', template: '/visits/[id]' };
 * const api: UrlRouteRule = { match: '/api/', onUrlPhi: 'block', blockAs: 'json' };
 * const byId: UrlRouteRule = { match: /^\/api\/patients\/[^/]+$/, template: '/api/patients/[id]', onUrlPhi: 'block', allowInPath: ['OTHER_ID'] };
 */
export interface UrlRouteRule {
  /** A path prefix (`/api/patients`) or a regular expression tested against the pathname. */
  match: string | RegExp;
  /** Default `strip`. */
  onUrlPhi?: UrlPhiAction;
  /** Target for `redirect` (absolute or relative to the request). Default `/`. */
  redirectTo?: string;
  /**
   * What to do if the guard itself fails (the wasm engine cannot be
   * initialised, or it traps): `open` (default) runs your middleware
   * unscanned, `closed` answers 503 `{"error":"service_unavailable"}`.
   */
  failMode?: 'open' | 'closed';
  /** The route template reported in events; default: the string `match`, else the templated pathname. */
  template?: string;
  /**
   * Body of a `block` (400): `text` (default) a plain sentence, `json`
   * `{"error":"phi_in_url","message":"…"}` for API routes whose clients parse JSON.
   * Neither ever echoes the URL.
   */
  blockAs?: 'text' | 'json';
  /**
   * Identifier types this route carries in its path by design, e.g.
   * `['OTHER_ID']` for `/api/patients/[id]` with opaque record ids. Findings
   * of these types that lie wholly in the pathname are not acted on, unless
   * the same text scanned on its own holds another type (an SSN-shaped
   * "id" is still an SSN); the query string and headers are still checked
   * for every type. Give the rule a `template` too, so the reported route
   * does not carry the id. A URL of the same site in a scanned header (the
   * `Referer` of the page's own fetches) is held to the rule of its own
   * path in the same way, so `/api/visits` fetched from `/patients/[id]`
   * is not blocked for the page's id.
   */
  allowInPath?: PhiType[];
}

/**
 * Options for {@link withPhiGuard}.
 *
 * @example
 * const options: WithPhiGuardOptions = { guard, headers: ['referer', 'x-original-url'], routes: [{ match: '/api', onUrlPhi: 'block' }] };
 */
export interface WithPhiGuardOptions extends ReportingOptions {
  /** The guard (or a factory for it); create it once per isolate. */
  guard: GuardSource;
  /** Per-route policy. Unmatched paths use `onUrlPhi: 'strip'` and `failMode: 'open'`. */
  routes?: UrlRouteRule[];
  /**
   * Request headers scanned as URLs too. Default `['referer']`. A value that
   * is a URL on the request's own origin is checked by the rule matching
   * its path (its `allowInPath`, and nothing for an `allow` rule), as that
   * page's own request was; any other value by the URL scanner alone.
   */
  headers?: string[];
  /** Who the caller is, if the middleware can tell (default: not authenticated). */
  principal?: (request: Request) => Principal | Promise<Principal>;
}

/**
 * A middleware / proxy function: `(request, event) => Response | undefined`.
 *
 * @example
 * const mw: MiddlewareLike<Request, undefined, Response> = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
 */
export type MiddlewareLike<Req extends Request, Ev, R> = (request: Req, event: Ev) => R | Promise<R>;

function matchRule(pathname: string, routes: UrlRouteRule[] | undefined): UrlRouteRule | undefined {
  return routes?.find((r) => typeof r.match === 'string'
    ? pathname === r.match || pathname.startsWith(r.match.endsWith('/') ? r.match : r.match + '/')
    : (r.match.lastIndex = 0, r.match.test(pathname)));
}

/** Findings that matter: the request's own URL being "a URL" is not a leak. */
function relevant(findings: Finding[]): Finding[] {
  return findings.filter((f) => !(f.type === 'URL' && f.start === 0));
}

/** Query parameters of `search` (with the leading `?`) whose value overlaps a finding; offsets relative to `base`. */
function flaggedParams(search: string, base: number, findings: Finding[]): Set<number> {
  const hit = new Set<number>();
  let at = base + 1;
  search.slice(1).split('&').forEach((pair, i) => {
    const start = at;
    const end = at + pair.length;
    at = end + 1;
    if (findings.some((f) => f.start < end && f.end > start)) hit.add(i);
  });
  return hit;
}

/**
 * Whether `segment` (a path finding of an allowed type) holds nothing but
 * allowed types when scanned as text: the URL scanner labels a whole path
 * segment, so an SSN or phone number there can come back as an `OTHER_ID`.
 */
function onlyTypes(guard: Guard, segment: string, allowed: Set<PhiType>): boolean {
  let text = segment;
  try { text = decodeURIComponent(segment); } catch { /* keep raw */ }
  return guard.scan(text, { format: 'text' }).findings.every((f) => allowed.has(f.type));
}

/**
 * The findings that matter in `url`'s path and query (offsets into
 * `pathname + search`), less those `rule` allows in its path.
 */
function urlFindings(guard: Guard, url: URL, rule: UrlRouteRule | undefined): Finding[] {
  const target = url.pathname + url.search;
  const pathTypes = new Set(rule?.allowInPath ?? []);
  return relevant(guard.scan(target, { format: 'url' }).findings)
    .filter((f) => !(f.end <= url.pathname.length && pathTypes.has(f.type) && onlyTypes(guard, target.slice(f.start, f.end), pathTypes)));
}

/** `value` as a URL when it is one on `base`'s origin (a same-site Referer), else undefined. */
function sameOrigin(value: string, base: URL): URL | undefined {
  try {
    const u = new URL(value);
    return u.origin === base.origin ? u : undefined;
  } catch {
    return undefined;
  }
}

const GENERIC_BLOCK = 'This address contains personal information and cannot be served. Remove it and try again.';

/**
 * Wraps a Next.js `middleware.ts` (edge) or `proxy.ts` (Next 16, Node) function
 * so that PHI in the request URL or in chosen headers is found before the app
 * sees it. Per route, PHI is allowed, stripped (307 to the same URL without the
 * offending query parameters), blocked (400) or redirected. An exposure event
 * (channel `edge_middleware`, route template, never the raw URL) is reported
 * through `emitter` (the full event, which the core classifies) and `onEvent`
 * (a PHI-free summary), with the work handed to `event.waitUntil`.
 *
 * Errors thrown by your middleware (including Next's `NEXT_REDIRECT` /
 * `NEXT_NOT_FOUND` control errors) propagate unchanged. If the guard itself
 * fails (a guard promise or factory that rejects because the wasm engine
 * cannot be initialised, or a trap), the matching rule's `failMode` decides:
 * `'open'` (default) runs your middleware as if no guard were there,
 * `'closed'` returns 503 with `{"error":"service_unavailable"}` and
 * `x-phi-guard: unscanned-failure`. Both report a `guard_failure` event
 * without PHI (`failure: 'init'` or `'trap'`; with no rule's template, its
 * route keeps only the path's plain words, since nothing could check the
 * rest for a name: `/notes/Maria%20Garcia/print` → `/notes/[id]/print`); with no engine to classify it,
 * it reaches `onEvent` only, and is logged once with `console.error` when
 * there is no `onEvent`. A rejected guard promise is observed when the
 * middleware is created, so it never becomes an unhandled rejection.
 *
 * @example
 * // proxy.ts (or middleware.ts)
 * import { NextResponse } from 'next/server';
 * import { createGuard } from 'phi-guard';
 * import { withPhiGuard } from 'phi-guard/next';
 * const guard = createGuard();
 * export const proxy = withPhiGuard(() => NextResponse.next(), {
 *   guard,
 *   routes: [{ match: '/api/', onUrlPhi: 'block', blockAs: 'json', failMode: 'closed' }],
 *   onEvent: (summary) => console.warn('phi-guard', summary), // PHI-free: no raw text or URL
 * });
 */
export function withPhiGuard<Req extends Request, Ev = WaitUntilLike | undefined, R = Response | undefined | null | void>(
  middleware: MiddlewareLike<Req, Ev, R> | undefined,
  options: WithPhiGuardOptions,
): (request: Req, event: Ev) => Promise<R | Response> {
  const headerNames = (options.headers ?? ['referer']).map((h) => h.toLowerCase());
  observeGuard(options.guard);
  const next = async (request: Req, event: Ev): Promise<R | Response> => (middleware ? middleware(request, event) : (undefined as R));

  return async (request: Req, event: Ev): Promise<R | Response> => {
    const url = new URL(request.url);
    const rule = matchRule(url.pathname, options.routes);
    const action: UrlPhiAction = rule?.onUrlPhi ?? 'strip';
    const failMode = rule?.failMode ?? 'open';
    if (action === 'allow') return next(request, event);

    let guard: Guard | undefined;
    let decision: { findings: Finding[]; inQuery: Set<number>; pathHit: Array<[number, number]>; headerHit: boolean } | undefined;
    let principal: Principal = { authenticated: false };
    try {
      guard = await resolveGuard(options.guard);
      const findings = urlFindings(guard, url, rule);
      let headerHit = false;
      for (const name of headerNames) {
        const value = request.headers.get(name);
        if (!value) continue;
        // A URL of this site (the page a fetch came from, in its Referer)
        // is held to the rules of its own path: a page whose path may carry
        // an id by design does not get its own fetches blocked.
        const own = sameOrigin(value, url);
        const ownRule = own && matchRule(own.pathname, options.routes);
        if (own ? ownRule?.onUrlPhi !== 'allow' && urlFindings(guard, own, ownRule).length > 0
          : relevant(guard.scan(value, { format: 'url' }).findings).length > 0) headerHit = true;
      }
      const pathEnd = url.pathname.length;
      decision = {
        findings,
        inQuery: flaggedParams(url.search, pathEnd, findings.filter((f) => f.end > pathEnd)),
        pathHit: findings.filter((f) => f.start < pathEnd).map((f) => [f.start, Math.min(f.end, pathEnd)]),
        headerHit,
      };
      if (options.principal && (findings.length || headerHit)) principal = await options.principal(request);
    } catch (e) {
      if (!(e instanceof PhiGuardError)) throw e;
      const route = rule?.template ?? (typeof rule?.match === 'string' ? rule.match : safeRoute(url.pathname, undefined, '/'));
      void dispatch(guard, makeEvent({ channel: 'guard_failure', route, authenticated: false, failure: failureCode(e) }), options, event);
      if (failMode === 'closed') {
        return new Response(JSON.stringify({ error: 'service_unavailable' }), {
          status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1', 'cache-control': 'no-store', 'x-phi-guard': 'unscanned-failure' },
        });
      }
      return next(request, event);
    }

    const { findings, inQuery, pathHit, headerHit } = decision;
    if (findings.length === 0 && !headerHit) return next(request, event);

    const route = rule?.template ?? (typeof rule?.match === 'string' ? rule.match : templatePath(url.pathname, pathHit));
    const urlHit = findings.length > 0;
    // A header we cannot rewrite, or PHI in the path we cannot strip, turns `strip` into `block`.
    let effective: UrlPhiAction = action;
    if (action === 'strip' && (pathHit.length > 0 || !urlHit)) effective = urlHit ? 'block' : 'strip';

    const mitigation = effective === 'strip' ? (urlHit ? 'stripped' : 'none') : 'blocked';
    const text = [urlHit ? url.pathname + url.search : '', ...headerNames.map((h) => request.headers.get(h) ?? '')].filter(Boolean).join('\n');
    void dispatch(guard, makeEvent({
      channel: 'edge_middleware', route, text, format: 'url', mitigation,
      authenticated: principal.authenticated, role: principal.role, subjectIsCaller: principal.subjectIsCaller,
    }), options, event);

    const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (effective === 'block') {
      if (rule?.blockAs === 'json') {
        return new Response(JSON.stringify({ error: 'phi_in_url', message: GENERIC_BLOCK }), { status: 400, headers: { ...noStore, 'content-type': 'application/json', 'x-phi-guard': 'blocked' } });
      }
      return new Response(GENERIC_BLOCK, { status: 400, headers: { ...noStore, 'content-type': 'text/plain; charset=utf-8', 'x-phi-guard': 'blocked' } });
    }
    if (effective === 'redirect') {
      const to = new URL(rule?.redirectTo ?? '/', url);
      return new Response(null, { status: 307, headers: { ...noStore, location: to.toString(), 'x-phi-guard': 'redirected' } });
    }
    if (!urlHit) return next(request, event); // strip with PHI only in a header: reported, nothing to strip
    const kept = url.search.slice(1).split('&').filter((_, i) => !inQuery.has(i));
    // A copy of the request's URL, so the host never changes: a path read
    // as a relative reference (`//evil.example/x`) would name another host.
    const clean = new URL(url);
    clean.search = kept.length ? '?' + kept.join('&') : '';
    return new Response(null, { status: 307, headers: { ...noStore, location: clean.toString(), 'x-phi-guard': 'stripped' } });
  };
}
