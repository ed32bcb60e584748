import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { currentRoute, newReferenceId, redactError, resolveBrowserGuard, sendReport, type BrowserGuardSource, type RedactedErrorReport } from './report.js';
import { PhiDefaultFallback } from './PhiErrorBoundary.js';

/**
 * Options for {@link usePhiErrorBoundary}.
 *
 * @example
 * const options: UsePhiErrorBoundaryOptions = { error, reset, relayUrl: '/api/phi-guard/relay' };
 */
export interface UsePhiErrorBoundaryOptions {
  /** The error Next.js passes to `error.tsx` / `global-error.tsx`. */
  error?: (Error & { digest?: string }) | null;
  /** Next's `reset` (or `unstable_retry`), called by the returned `reset`. */
  reset?: () => void;
  relayUrl?: string;
  guard?: BrowserGuardSource;
  route?: string;
}

/**
 * What {@link usePhiErrorBoundary} returns: redacted state only.
 *
 * @example
 * const { redactedMessage, reset }: PhiErrorBoundaryState = usePhiErrorBoundary({ error });
 */
export interface PhiErrorBoundaryState {
  /** The redacted error (message, stack, digest, reference id), or `null`. */
  error: (RedactedErrorReport & { referenceId: string }) | null;
  /** The redacted message, `null` until the guard has run. */
  redactedMessage: string | null;
  /** Clears the state and calls the `reset` you passed. */
  reset: () => void;
  /** Sends an error (from an event handler or effect) to the nearest error boundary. */
  showBoundary: (error: unknown) => void;
}

/**
 * Redacted error state for function components and Next.js `error.tsx`:
 * pass Next's `error` and `reset`; the error is redacted in the browser and
 * reported to `relayUrl` once. `showBoundary(err)` rethrows during render so
 * the nearest `PhiErrorBoundary` catches it.
 *
 * @example
 * // app/patients/error.tsx
 * 'use client';
 * import { usePhiErrorBoundary, PhiDefaultFallback } from 'phi-guard/react';
 * export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
 *   const s = usePhiErrorBoundary({ error, reset, relayUrl: '/api/phi-guard/relay' });
 *   return <PhiDefaultFallback referenceId={s.error?.referenceId ?? ''} reset={s.reset} redactedMessage={s.redactedMessage} />;
 * }
 */
export function usePhiErrorBoundary(options: UsePhiErrorBoundaryOptions = {}): PhiErrorBoundaryState {
  const { error, reset: outerReset, relayUrl, guard, route } = options;
  const [state, setState] = useState<PhiErrorBoundaryState['error']>(null);
  const [thrown, setThrown] = useState<{ error: unknown } | null>(null);
  if (thrown) throw thrown.error;

  useEffect(() => {
    if (!error) { setState(null); return; }
    let live = true;
    const referenceId = newReferenceId();
    void resolveBrowserGuard(guard).then((g) => {
      const report = { ...redactError(g, error, null, route ?? currentRoute()), referenceId };
      if (live) setState(report);
      if (relayUrl) sendReport(relayUrl, report);
    });
    return () => { live = false; };
  }, [error, guard, relayUrl, route]);

  const reset = useCallback(() => { setState(null); outerReset?.(); }, [outerReset]);
  const showBoundary = useCallback((e: unknown) => setThrown({ error: e }), []);
  return useMemo(() => ({ error: state, redactedMessage: state?.message ?? null, reset, showBoundary }), [state, reset, showBoundary]);
}

/**
 * Options for {@link createGlobalErrorHandler}.
 *
 * @example
 * export default createGlobalErrorHandler({ relayUrl: '/api/phi-guard/relay', title: 'Something went wrong', lang: 'en' } satisfies GlobalErrorOptions);
 */
export interface GlobalErrorOptions {
  relayUrl?: string;
  guard?: BrowserGuardSource;
  /** Document title and `lang` of the fallback page. */
  title?: string;
  lang?: string;
}

/**
 * Props Next.js passes to `app/global-error.tsx`.
 *
 * @example
 * function GlobalError({ error, reset }: GlobalErrorProps) { return createGlobalErrorHandler()({ error, reset }); }
 */
export interface GlobalErrorProps {
  error: Error & { digest?: string };
  reset?: () => void;
}

/**
 * Builds the component for `app/global-error.tsx` (it renders its own
 * `<html>` and `<body>`, as Next requires): redacts and reports the error,
 * shows the default PHI-free fallback.
 *
 * @example
 * // app/global-error.tsx
 * 'use client';
 * import { createGlobalErrorHandler } from 'phi-guard/react';
 * export default createGlobalErrorHandler({ relayUrl: '/api/phi-guard/relay' });
 */
export function createGlobalErrorHandler(options: GlobalErrorOptions = {}): (props: GlobalErrorProps) => ReactNode {
  function PhiGlobalErrorPage({ error, reset }: GlobalErrorProps): ReactNode {
    const s = usePhiErrorBoundary({ error, reset, relayUrl: options.relayUrl, guard: options.guard });
    return (
      <html lang={options.lang ?? 'en'}>
        <body>
          <title>{options.title ?? 'Error'}</title>
          <PhiDefaultFallback referenceId={s.error?.referenceId ?? ''} redactedMessage={s.redactedMessage} reset={s.reset} />
        </body>
      </html>
    );
  }
  return PhiGlobalErrorPage;
}

/**
 * A ready-made `global-error.tsx` component reporting to `/api/phi-guard/relay`.
 *
 * @example
 * // app/global-error.tsx
 * 'use client';
 * export { PhiGlobalError as default } from 'phi-guard/react';
 */
export const PhiGlobalError = createGlobalErrorHandler({ relayUrl: '/api/phi-guard/relay' });
