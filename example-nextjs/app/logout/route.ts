import { SESSION_COOKIE } from '@/lib/server/session';

/** Sign-out form target: clears the session cookie. */
export async function POST(): Promise<Response> {
  return new Response(null, { status: 303, headers: { location: '/login', 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } });
}
