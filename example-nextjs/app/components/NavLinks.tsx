'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/records', label: 'Records' },
  { href: '/appointments', label: 'Appointments' },
  { href: '/error-demo', label: 'Error demo' },
  { href: '/dashboard', label: 'Compliance' },
];

/** Main navigation; the current page is marked with `aria-current` (and an underline, not colour alone). */
export function NavLinks() {
  const path = usePathname();
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link href={l.href} aria-current={path === l.href || path.startsWith(l.href + '/') ? 'page' : undefined}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
