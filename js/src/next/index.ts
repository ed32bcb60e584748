/**
 * Server-side Next.js integration (`phi-guard/next`), runtime-agnostic: it
 * uses only Web APIs, so it runs in edge middleware, `proxy.ts`, route
 * handlers and `instrumentation.ts` alike. Every wrapper receives a `Guard`
 * (from `createGuard()` of `phi-guard`) through its options.
 *
 * - {@link withPhiGuard}: PHI in request URLs and headers (middleware / proxy).
 * - {@link wrapRouteHandler}: PHI in App Router responses, buffered or streamed.
 * - {@link wrapApiHandler}: PHI in Pages Router API responses.
 * - {@link createRedactingLogger}, {@link redactConsole}, {@link pinoRedactHooks}: PHI in logs.
 * - {@link captureRequestError}: `onRequestError` for `instrumentation.ts`.
 * - {@link createSignalRelay}: the endpoint browser error reports go to.
 *
 * @example
 * import { createGuard } from 'phi-guard';
 * import { withPhiGuard } from 'phi-guard/next';
 * export const proxy = withPhiGuard(undefined, { guard: createGuard() });
 */
export { withPhiGuard, type WithPhiGuardOptions, type UrlRouteRule, type UrlPhiAction, type MiddlewareLike } from './withPhiGuard.js';
export { wrapRouteHandler, type RoutePolicy, type ReturnsPhi, type PhiGuardHeader } from './wrapRouteHandler.js';
export { wrapApiHandler, type ApiRequestLike, type ApiResponseLike } from './wrapApiHandler.js';
export { createRedactingStream, type RedactingStreamOptions } from './createRedactingStream.js';
export {
  createRedactingLogger, redactConsole, pinoRedactHooks,
  type LogMethod, type LogSink, type RedactingLogger, type PinoRedactOptions,
} from './createRedactingLogger.js';
export { captureRequestError, type CaptureRequestErrorOptions, type RequestErrorContext, type RequestErrorRequest } from './captureRequestError.js';
export { createSignalRelay, type SignalRelayOptions, type ClientErrorReport } from './createSignalRelay.js';
export type { RelayRateLimit } from './clientRateLimit.js';
export type {
  PhiExposureEvent, PhiExposureSummary, ExposureChannel, ExposureRuntime, ExposurePolicy, ExposureMitigation,
  EmitterLike, Principal, GuardSource, WaitUntilLike, ReportingOptions,
} from './types.js';
