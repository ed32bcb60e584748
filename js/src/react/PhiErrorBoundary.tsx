import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { currentRoute, newReferenceId, redactError, resolveBrowserGuard, sendReport, type BrowserGuardSource } from './report.js';

/**
 * What a custom fallback receives: only redacted data.
 *
 * @example
 * const Fallback = ({ referenceId, reset }: PhiFallbackProps) => <button onClick={reset}>Retry ({referenceId})</button>;
 */
export interface PhiFallbackProps {
  /** Redacted message, or `null` while the guard is loading. */
  redactedMessage: string | null;
  /** Shown to the user and sent with the report. */
  referenceId: string;
  /** Clears the error and renders the children again. */
  reset: () => void;
}

/**
 * Props of {@link PhiErrorBoundary}.
 *
 * @example
 * const props: PhiErrorBoundaryProps = { relayUrl: '/api/phi-guard/relay', route: '/patients/[id]' };
 */
export interface PhiErrorBoundaryProps {
  children?: ReactNode;
  /** A node, or a render function that receives only redacted data. Default: {@link PhiDefaultFallback}. */
  fallback?: ReactNode | ((props: PhiFallbackProps) => ReactNode);
  /** Where redacted reports are posted (a `createSignalRelay` route). Omit to not report. */
  relayUrl?: string;
  /** The guard; default: the browser build, loaded once on first error. */
  guard?: BrowserGuardSource;
  /** Route template to report; default: `location.pathname` (redacted). */
  route?: string;
  /** Called after a reset. */
  onReset?: () => void;
  /** The relay's `maxBytes` if you lowered it; reports are trimmed to fit (default and upper bound 60 000). */
  maxReportBytes?: number;
}

interface State {
  failed: boolean;
  referenceId: string;
  redactedMessage: string | null;
}

/**
 * The default fallback: a generic message, the reference id, a visible
 * "Error" label (not a colour cue), `role="alert"`, and focus moved to the
 * heading so keyboard and screen-reader users land on it. Shows no PHI.
 *
 * @example
 * <PhiDefaultFallback referenceId="3f2a…" reset={() => location.reload()} redactedMessage={null} />
 */
export function PhiDefaultFallback({ referenceId, reset }: PhiFallbackProps): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);
  return (
    <div role="alert" data-phi-guard="fallback">
      <h2 ref={heading} tabIndex={-1}>
        <span>Error</span>: something went wrong
      </h2>
      <p>We could not show this page. Your information has not been shared with this error report.</p>
      <p>Reference: <code>{referenceId}</code></p>
      <button type="button" onClick={reset}>Try again</button>
    </div>
  );
}

/**
 * An error boundary that never shows or sends PHI: message, stack and
 * component stack are redacted in the browser with the wasm guard (cut
 * first to 8 000 and 24 000 characters, never inside a value), the
 * fallback shows only a generic message and a reference id, and the
 * redacted report goes to `relayUrl` once per error (trimmed to the relay's
 * byte limit, then `sendBeacon`, else `fetch` with `keepalive`). The digest
 * is sent only in Next's shape (`'2367148378'`) and when the guard finds
 * nothing in it.
 *
 * @example
 * <PhiErrorBoundary relayUrl="/api/phi-guard/relay">
 *   <PatientChart />
 * </PhiErrorBoundary>
 */
export class PhiErrorBoundary extends Component<PhiErrorBoundaryProps, State> {
  override state: State = { failed: false, referenceId: '', redactedMessage: null };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true, referenceId: newReferenceId(), redactedMessage: null };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    const referenceId = this.state.referenceId;
    const { guard, route, relayUrl, maxReportBytes } = this.props;
    void resolveBrowserGuard(guard).then((g) => {
      const report = { ...redactError(g, error, info.componentStack, route ?? currentRoute()), referenceId };
      if (this.state.referenceId === referenceId) this.setState({ redactedMessage: report.message });
      if (relayUrl) sendReport(relayUrl, report, { maxBytes: maxReportBytes });
    }).catch(() => undefined); // reporting never rejects into the page
  }

  reset = (): void => {
    this.setState({ failed: false, referenceId: '', redactedMessage: null });
    this.props.onReset?.();
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const props: PhiFallbackProps = { redactedMessage: this.state.redactedMessage, referenceId: this.state.referenceId, reset: this.reset };
    const { fallback } = this.props;
    if (typeof fallback === 'function') return fallback(props);
    if (fallback !== undefined) return fallback;
    return <PhiDefaultFallback {...props} />;
  }
}
