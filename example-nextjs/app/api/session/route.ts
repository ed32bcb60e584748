import { checkCredentials, sessionToken, SESSION_COOKIE } from '@/lib/server/session';

/** Sign-in form target: sets the httpOnly `session` cookie and goes to `/records`. */
export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const user = checkCredentials(String(form?.get('email') ?? ''), String(form?.get('password') ?? ''));
  if (!user) return new Response(null, { status: 303, headers: { location: '/login?error=invalid' } });
  const cookie = `${SESSION_COOKIE}=${encodeURIComponent(sessionToken(user))}; Path=/; HttpOnly; SameSite=Lax; Max-Age=28800`;
  return new Response(null, { status: 303, headers: { location: '/records', 'set-cookie': cookie } });
}
