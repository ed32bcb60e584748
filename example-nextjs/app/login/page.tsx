import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser, DEMO_ACCOUNT } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentUser()) redirect('/records');
  const { error } = await searchParams;
  return (
    <>
      <h1>Sign in</h1>
      <div className="grid">
        <section className="card" aria-labelledby="h-form">
          <h2 id="h-form">Your account</h2>
          {error ? <p className="notice error" role="alert">That e-mail and password do not match. Try the demo account.</p> : null}
          <form className="stack" action="/api/session" method="post">
            <label>Email<input name="email" type="email" autoComplete="username" required /></label>
            <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
            <div><button type="submit">Sign in</button></div>
          </form>
        </section>
        <section className="card" aria-labelledby="h-demo">
          <h2 id="h-demo">Demo account</h2>
          <dl className="facts">
            <dt>Email</dt><dd><code>{DEMO_ACCOUNT.email}</code></dd>
            <dt>Password</dt><dd><code>{DEMO_ACCOUNT.password}</code></dd>
          </dl>
          <p className="muted">The account owns the synthetic patient record <code>p-1001</code>.</p>
        </section>
      </div>
    </>
  );
}
