/**
 * Edge middleware: PHI in request URLs. A page URL whose query carries PHI
 * (`/appointments?patient=Maria%20Garcia&dob=1962-03-14`) is answered with a
 * 307 to the same path without those parameters, before the URL reaches the
 * page, analytics or the access log; an `/api/` URL with PHI is refused with
 * 400. Each case sends a `phi_in_url` signal (route template only, never the
 * URL) through `event.waitUntil`.
 *
 * This file is `middleware.ts` on purpose: it runs on the edge runtime, where
 * phi-guard loads its wasm as a precompiled module (`.wasm?module`), with no
 * dynamic code. (Next 16's `proxy.ts` runs on Node; a project may have one
 * file or the other, not both.)
 */
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { createGuard } from 'phi-guard';
import { withPhiGuard } from 'phi-guard/next';
import { guardConfig } from './lib/server/guardConfig';
import { createReporting } from './lib/server/reporting';

const disabled = process.env.PHI_GUARD_DISABLED === '1';

// Once per isolate: the compiled guard and this isolate's signal chain.
const guard = createGuard(guardConfig);
const reporting = createReporting('edge');

const guarded = withPhiGuard<NextRequest, NextFetchEvent>(() => NextResponse.next(), {
  guard,
  emitter: reporting.sink,
  flushTimeoutMs: 2000,
  routes: [
    // Record routes carry an opaque record id in the path by design; the
    // query string is still checked for every identifier.
    { match: /^\/api\/patients\/[^/]+$/, template: '/api/patients/[id]', onUrlPhi: 'block', failMode: 'closed', blockAs: 'json', allowInPath: ['OTHER_ID'] },
    { match: /^\/api\/public\/patients\/[^/]+$/, template: '/api/public/patients/[id]', onUrlPhi: 'block', failMode: 'closed', blockAs: 'json', allowInPath: ['OTHER_ID'] },
    { match: '/api/', onUrlPhi: 'block', failMode: 'closed', blockAs: 'json' },
    // A RegExp rule reports the templated pathname (e.g. `/appointments`) as the route.
    { match: /^\//, onUrlPhi: 'strip' },
  ],
});

export function middleware(request: NextRequest, event: NextFetchEvent) {
  if (disabled) return NextResponse.next();
  return guarded(request, event);
}

export const config = {
  // Everything except Next's assets and the collector (signals carry no PHI,
  // and the middleware's own deliveries must not loop through it).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/collector/).*)'],
};
