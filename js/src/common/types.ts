/** Identifier types reported by phi-guard. A public contract. */
export type PhiType =
  | 'NAME' | 'ADDRESS' | 'ZIP_CODE' | 'DATE' | 'AGE' | 'PHONE' | 'FAX' | 'EMAIL' | 'SSN' | 'MRN'
  | 'HEALTH_PLAN_ID' | 'ACCOUNT_NUMBER' | 'LICENSE_NUMBER' | 'VEHICLE_ID' | 'DEVICE_ID' | 'URL'
  | 'IP_ADDRESS' | 'BIOMETRIC_ID' | 'OTHER_ID' | 'CREDIT_CARD' | 'IBAN' | 'BANK_ROUTING' | 'SECRET';

/** Input format; `auto` sniffs JSON, HTML and URLs. */
export type Format = 'auto' | 'text' | 'log' | 'error' | 'json' | 'html' | 'url';

/** How a finding is replaced. */
export type Operator = 'tag' | 'mask' | 'partialMask' | 'remove' | 'pseudonym' | 'generalize';

/**
 * One detected identifier. Offsets are UTF-16 code units, so
 * `text.slice(f.start, f.end)` is the value. It never carries the value
 * unless you ask for it locally with `includeValues`.
 */
export interface Finding {
  type: PhiType;
  start: number;
  end: number;
  score: number;
  detector: string;
  reason: string;
  /** Only with `scan(text, { includeValues: true })`; never send this anywhere. */
  value?: string;
}

/** The result of {@link Guard.scan}. */
export interface ScanResult {
  findings: Finding[];
  redacted: string;
  /** The format actually used. */
  format: Exclude<Format, 'auto'>;
  /** Set when the requested format could not be used (e.g. `malformed_json`, then scanned as text). */
  fallback?: 'malformed_json';
}

/** Guard configuration. Unknown keys are rejected: a typo never turns redaction off. */
export interface GuardConfig {
  /** Operator per type; `'*'` sets the default. */
  operators?: Partial<Record<PhiType | '*', Operator>>;
  /** Built-in detector ids to turn off (`email`, `phone`, `name`, ...). */
  disableDetectors?: string[];
  /** Types never to report. */
  disableTypes?: PhiType[];
  /** Values that are never PHI here, e.g. the clinic's own phone number. */
  allow?: string[];
  /** Extra patterns (Rust regex syntax), compiled once with a size limit. */
  customPatterns?: { id: string; pattern: string; type: PhiType; score?: number }[];
  /** Key rules for JSON keys and query parameters: key → type, or `'ignore'`. */
  jsonKeys?: Record<string, PhiType | 'ignore'>;
  /** HMAC key for the `pseudonym` operator (≥ 16 bytes). Keep it server-side. */
  pseudonymKey?: string;
  /** Report provider NPIs in provider context too. */
  flagProviderNpi?: boolean;
}
