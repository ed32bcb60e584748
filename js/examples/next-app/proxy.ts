// proxy.ts: Next 16 (Node.js runtime); use it instead of middleware.ts, not both
import { withPhiGuard } from 'phi-guard/next';
import { emitter, guard, onEvent, urlRules } from '@/lib/phi-guard';

// Your own proxy logic runs only for URLs that passed the check.
function requireSession(request: Request): Response | undefined {
  const signedIn = request.headers.get('cookie')?.includes('session=') ?? false;
  const { pathname } = new URL(request.url);
  if (!signedIn && pathname.startsWith('/patients')) return Response.redirect(new URL('/login', request.url), 307);
  return undefined; // continue to the route
}

export const proxy = withPhiGuard(requireSession, { guard, emitter, onEvent, routes: urlRules });

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
