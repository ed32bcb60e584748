import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/lib/server/session';
import { NavLinks } from './components/NavLinks';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Northwind Telehealth', template: '%s · Northwind Telehealth' },
  description: 'Patient portal demo protected by phi-guard.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site-header">
          <div className="inner">
            <Link href="/" className="brand"><span className="brand-mark" aria-hidden="true">NT</span>Northwind Telehealth</Link>
            <NavLinks />
            <div className="session">
              {user ? (
                <>
                  <span><span className="sr-only">Signed in as </span>{user.email}</span>
                  <form action="/logout" method="post"><button type="submit" className="secondary">Sign out</button></form>
                </>
              ) : (
                <Link href="/login" className="button secondary">Sign in</Link>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
        <footer className="site-footer">
          Demo only: every patient here is synthetic. Protected by <code>phi-guard</code> — URLs, responses, logs and errors are scanned for PHI.
        </footer>
      </body>
    </html>
  );
}
