'use client';
import { SafeErrorFallback } from './components/SafeErrorFallback';

/** Errors of any page: redacted in the browser, reported through the relay, no PHI shown. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SafeErrorFallback error={error} reset={reset} />;
}
