export { Guard, type ScanOptions } from './guard.js';
export { PhiGuardError, type PhiGuardErrorCode } from './errors.js';
export type { PhiType, Format, Operator, Finding, ScanResult, GuardConfig } from './types.js';
