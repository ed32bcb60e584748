'use client';
import { SafeErrorFallback } from '../components/SafeErrorFallback';

/** The error demo's boundary: the same PHI-safe fallback, reporting route `/error-demo`. */
export default function ErrorDemoError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SafeErrorFallback error={error} reset={reset} route="/error-demo" />;
}
