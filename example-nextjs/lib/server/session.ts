import 'server-only';
/**
 * The demo's sign-in: one demo account, a session cookie holding the user id
 * and an HMAC of it. Enough to tell an authenticated owner from an
 * anonymous caller, which is what the phi-guard route policies need.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { SESSION_SECRET } from './env';

export const SESSION_COOKIE = 'session';

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  /** The patient record this account owns. */
  patientId: string;
  role: 'patient';
}

/** The demo account, shown on the sign-in page. Synthetic. */
export const DEMO_ACCOUNT = { email: 'demo@example.com', password: 'demo-password' } as const;

const USERS: Record<string, DemoUser> = {
  'u-demo': { id: 'u-demo', email: DEMO_ACCOUNT.email, displayName: 'Demo patient', patientId: 'p-1001', role: 'patient' },
};

function sign(userId: string): string {
  return createHmac('sha256', SESSION_SECRET).update(userId).digest('base64url');
}

/** Checks the demo credentials; returns the user or `null`. */
export function checkCredentials(email: string, password: string): DemoUser | null {
  const a = Buffer.from(password);
  const b = Buffer.from(DEMO_ACCOUNT.password);
  const ok = email.trim().toLowerCase() === DEMO_ACCOUNT.email && a.length === b.length && timingSafeEqual(a, b);
  return ok ? USERS['u-demo']! : null;
}

/** The cookie value for `user`. */
export function sessionToken(user: DemoUser): string {
  return `${user.id}.${sign(user.id)}`;
}

/** The user a cookie value belongs to, or `null`. */
export function userFromToken(token: string | undefined | null): DemoUser | null {
  if (!token) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return USERS[id] ?? null;
}

/** The signed-in user of a route handler's request. */
export function userFromRequest(request: Request): DemoUser | null {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return userFromToken(decodeURIComponent(rest.join('=')));
  }
  return null;
}

/** The signed-in user of a server component, or `null`. */
export async function currentUser(): Promise<DemoUser | null> {
  return userFromToken((await cookies()).get(SESSION_COOKIE)?.value);
}

/**
 * The phi-guard principal of a `/…/patients/[id]` request: anonymous, or the
 * signed-in patient, who is the record's subject when `[id]` is their own.
 */
export function patientPrincipal(request: Request): { authenticated: boolean; role?: string; subjectIsCaller?: boolean } {
  const user = userFromRequest(request);
  const id = decodeURIComponent(new URL(request.url).pathname.split('/').pop() ?? '');
  return user ? { authenticated: true, role: user.role, subjectIsCaller: user.patientId === id } : { authenticated: false };
}
