import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
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
  /** Where the redacted report is posted (a `createSignalRelay` route). Omit to not report. */
  relayUrl?: string;
  /**
   * The guard (default: the browser build, loaded once). May be written
   * inline (`guard: () => guard`): the options are read once per error, so a
   * new value each render neither re-runs the redaction nor sends again.
   */
  guard?: BrowserGuardSource;
  /** Route template to report; default: `location.pathname` (redacted). */
  route?: string;
  /** The relay's `maxBytes` if you lowered it; reports are trimmed to fit (default and upper bound 60 000). */
  maxReportBytes?: number;
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
 * reported to `relayUrl` once per error: a new `guard`, `relayUrl` or
 * `route` value on a later render (an inline `guard: () => guard`, say) is
 * not a new error, and `<StrictMode>`'s double-run effects send one report.
 * `showBoundary(err)` rethrows during render so the nearest
 * `PhiErrorBoundary` catches it.
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
  const { error, reset: outerReset } = options;
  const [state, setState] = useState<PhiErrorBoundaryState['error']>(null);
  const [thrown, setThrown] = useState<{ error: unknown } | null>(null);
  // The latest options, read when an error arrives: the effect below is keyed
  // on the error alone, so an inline `guard` (a new function or promise each
  // render) cannot re-run it, and each error is reported once.
  const latest = useRef(options);
  const job = useRef<{ error: unknown; report: Promise<PhiErrorBoundaryState['error']> } | null>(null);
  if (thrown) throw thrown.error;

  useEffect(() => { latest.current = options; });
  useEffect(() => {
    // No error: the last one's job is forgotten, so the same error object
    // coming back (a cached rejected promise) is a new report.
    if (!error) { job.current = null; setState(null); return; }
    let live = true;
    // One job per error: StrictMode's second run of this effect (after its
    // cleanup) reuses the first run's redaction and report instead of sending again.
    if (job.current?.error !== error) {
      const { guard, relayUrl, route, maxReportBytes } = latest.current;
      const referenceId = newReferenceId();
      const report = resolveBrowserGuard(guard).then((g) => {
        const r = { ...redactError(g, error, null, route ?? currentRoute()), referenceId };
        if (relayUrl) sendReport(relayUrl, r, { maxBytes: maxReportBytes });
        return r;
      });
      job.current = { error, report };
    }
    job.current.report.then((r) => { if (live) setState(r); }).catch(() => undefined);
    return () => { live = false; };
  }, [error]);

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
  /** Where the redacted report is posted; {@link PhiGlobalError} uses `/api/phi-guard/relay`. */
  relayUrl?: string;
  guard?: BrowserGuardSource;
  /** The relay's `maxBytes` if you lowered it (default and upper bound 60 000). */
  maxReportBytes?: number;
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
    const s = usePhiErrorBoundary({ error, reset, relayUrl: options.relayUrl, guard: options.guard, maxReportBytes: options.maxReportBytes });
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
