// middleware.ts: edge runtime; PHI in request URLs never reaches a page, an API route or the access log
import { withPhiGuard } from 'phi-guard/next';
import { emitter, guard, onEvent, urlRules } from '@/lib/phi-guard';

export const middleware = withPhiGuard(undefined, { guard, emitter, onEvent, routes: urlRules });

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
