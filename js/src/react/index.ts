"use client";
/**
 * Client-side React integration (`phi-guard/react`): error boundaries that
 * redact in the browser, show a PHI-free fallback and report to the relay.
 *
 * @example
 * import { PhiErrorBoundary } from 'phi-guard/react';
 * <PhiErrorBoundary relayUrl="/api/phi-guard/relay"><Chart /></PhiErrorBoundary>
 */
export { PhiErrorBoundary, PhiDefaultFallback, type PhiErrorBoundaryProps, type PhiFallbackProps } from './PhiErrorBoundary.js';
export {
  usePhiErrorBoundary, createGlobalErrorHandler, PhiGlobalError,
  type UsePhiErrorBoundaryOptions, type PhiErrorBoundaryState, type GlobalErrorOptions, type GlobalErrorProps,
} from './usePhiErrorBoundary.js';
export { sendReport, BEACON_LIMIT, type SendReportOptions, type RedactedErrorReport, type BrowserGuardSource } from './report.js';
