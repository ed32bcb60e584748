'use client';
import { useEffect, useRef } from 'react';
import { usePhiErrorBoundary } from 'phi-guard/react';

/**
 * The app's error fallback, built on `usePhiErrorBoundary`: the error is
 * redacted in the browser (phi-guard's wasm engine) and the redacted report
 * goes to the relay route. The page itself shows a generic message, a visible
 * "Error" label (not a colour cue), the reference id, and moves focus to
 * the heading so keyboard and screen-reader users land on it.
 */
export function SafeErrorFallback({ error, reset, route }: { error: Error & { digest?: string }; reset: () => void; route?: string }) {
  const state = usePhiErrorBoundary({ error, reset, relayUrl: '/api/phi-guard/relay', route });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);
  return (
    <div role="alert" className="fallback" data-phi-guard="fallback">
      <h1 ref={heading} tabIndex={-1}>Something went wrong</h1>
      <p><strong>Error:</strong> we could not show this page. Your care team has been notified; no personal information was included in the report.</p>
      <p>
        Reference: <code>{state.error?.referenceId ?? 'preparing…'}</code>
        {error.digest ? <> · Server digest: <code>{error.digest}</code></> : null}
      </p>
      <button type="button" onClick={state.reset}>Try again</button>
    </div>
  );
}
