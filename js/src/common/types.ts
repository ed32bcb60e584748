/** Identifier types reported by phi-guard. A public contract. */
export type PhiType =
  | 'NAME' | 'ADDRESS' | 'ZIP_CODE' | 'DATE' | 'AGE' | 'PHONE' | 'FAX' | 'EMAIL' | 'SSN' | 'MRN'
  | 'HEALTH_PLAN_ID' | 'ACCOUNT_NUMBER' | 'LICENSE_NUMBER' | 'VEHICLE_ID' | 'DEVICE_ID' | 'URL'
  | 'IP_ADDRESS' | 'BIOMETRIC_ID' | 'OTHER_ID' | 'CREDIT_CARD' | 'IBAN' | 'BANK_ROUTING' | 'SECRET';

/**
 * Input format; `auto` sniffs JSON, HTML, URLs and CSV/TSV tables (a text
 * whose first line is a header row of field names, at least one of them a
 * known key such as `mrn` or `first_name`).
 */
export type Format = 'auto' | 'text' | 'log' | 'error' | 'json' | 'html' | 'url' | 'csv';

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
  /**
   * Set when the requested format could not be used, and the text was scanned as text:
   * `malformed_json`, or `malformed_csv` (no header row of field names, a row of another
   * cell count, a quote not closed, a control byte).
   */
  fallback?: 'malformed_json' | 'malformed_csv';
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
  /** Extra patterns (Rust regex syntax without Unicode classes, compiled by regex-lite), compiled once with a size limit. */
  customPatterns?: { id: string; pattern: string; type: PhiType; score?: number }[];
  /** Key rules for JSON keys and query parameters: key → type, or `'ignore'`. */
  jsonKeys?: Record<string, PhiType | 'ignore'>;
  /** HMAC key for the `pseudonym` operator (≥ 16 bytes). Keep it server-side. */
  pseudonymKey?: string;
  /** Report provider NPIs in provider context too. */
  flagProviderNpi?: boolean;
  /** HMAC key for signal fingerprints (≥ 16 bytes). Server-side only. */
  fingerprintKey?: string;
  /** Stricter state deadlines in days, e.g. `{ CO: 30 }`; replaces the built-in table. */
  stateDeadlineDays?: Record<string, number>;
  deployment?: string;
  region?: string;
}

/** Where an exposure was seen. */
export type Channel = 'response_body' | 'request_url' | 'request_body' | 'server_log' | 'server_error' | 'client_error' | 'edge_middleware' | 'guard_failure';

/** An exposure event (see DESIGN.md). Unknown keys are rejected. */
export interface ExposureEventInput {
  text?: string;
  format?: Format;
  channel: Channel;
  /** Route template such as `/api/patients/[id]`, never the raw URL. */
  route?: string;
  runtime?: 'edge' | 'nodejs' | 'browser' | 'cli' | string;
  authenticated?: boolean;
  role?: string;
  subjectIsCaller?: boolean;
  policy?: 'no_phi' | 'owner_only' | 'authenticated' | 'allow';
  mitigation?: 'none' | 'redacted' | 'blocked' | 'stripped';
  /** ISO 8601; deadlines run from it. */
  discoveredAt: string;
  occurredAt?: string;
  euSubjects?: boolean;
  residentStates?: Record<string, number>;
  drill?: boolean;
  deployment?: string;
  region?: string;
  signalId?: string;
  chain?: { emitterId: string; seq: number; prevHash: string | null };
  /** For `guard_failure`: a short error code, never content. */
  failure?: string;
}

/** One notification obligation. */
export interface Obligation {
  kind: 'individual_notice' | 'hhs_notice' | 'media_notice' | 'gdpr_art33' | 'state_notice';
  dueBy: string;
  required: boolean;
  basis: string;
  state?: string;
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** The classification half of {@link ClassifyResult}. */
export interface Classification {
  exposureKind: 'unauthorized_disclosure' | 'policy_violation' | 'phi_in_url' | 'phi_in_logs' | 'phi_in_error' | 'authorized_access' | 'no_phi' | 'guard_failure';
  severity: Severity;
  notification: 'presumed_breach' | 'risk_assessment' | 'not_required';
  reasons: string[];
  nameWithIdentifier: boolean;
  identifierTypes: Partial<Record<PhiType, number>>;
  affectedIndividuals: number;
  records: number;
  fourFactor: { natureAndExtent: string; unauthorizedPerson: string; acquiredOrViewed: string; mitigation: string };
  obligations: Obligation[];
  disclaimer: string;
}

/** A `phi-guard.breach-signal/v1` signal. Contains no PHI and no raw URL. */
export interface BreachSignal {
  schema: 'phi-guard.breach-signal/v1';
  id: string;
  seq: number;
  emitterId: string;
  prevHash: string | null;
  hash: string;
  occurredAt: string;
  discoveredAt: string;
  drill: boolean;
  channel: Channel;
  route: string;
  runtime: string;
  deployment: string | null;
  region: string | null;
  kind: Classification['exposureKind'];
  severity: Severity;
  notification: Classification['notification'];
  mitigation: string;
  reasons: string[];
  identifierTypes: Partial<Record<PhiType, number>>;
  counts: { findings: number; individuals: number; records: number };
  fingerprints: { individuals: string[]; identifiers: string[] };
  obligations: Obligation[];
}

/** What {@link Guard.classify} returns. */
export interface ClassifyResult {
  classification: Classification;
  signal: BreachSignal;
}
