export { Guard, type ScanOptions } from './guard.js';
export { PhiGuardError, type PhiGuardErrorCode } from './errors.js';
export type {
  PhiType, Format, Operator, Finding, ScanResult, GuardConfig, Channel, ExposureEventInput, Obligation, Severity,
  Classification, BreachSignal, ClassifyResult,
} from './types.js';
export { classifyEvent } from './classify.js';
