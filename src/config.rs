//! What the user writes. Strict: an unknown key is an error, because a typo
//! must never silently turn redaction off.

use crate::redact::Operator;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The guard configuration, usually written as JSON in camelCase.
///
/// ```
/// let guard = phi_guard::Guard::from_json(r#"{
///   "operators": { "SSN": "partialMask", "DATE": "generalize" },
///   "allow": ["(312) 555-0100"],
///   "customPatterns": [{ "id": "acme-mrn", "pattern": "ACME-[0-9]{6}", "type": "MRN" }]
/// }"#).unwrap();
/// assert_eq!(guard.redact_text("ssn 219-09-9999, clinic (312) 555-0100, ACME-123456"),
///            "ssn ***-**-9999, clinic (312) 555-0100, [MRN]");
/// ```
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Operator per type name (`"SSN": "partialMask"`); `"*"` sets the default.
    #[serde(default)]
    pub operators: BTreeMap<String, Operator>,
    /// Built-in detector ids to turn off (see `REGISTRY`).
    #[serde(default)]
    pub disable_detectors: Vec<String>,
    /// Types never to report.
    #[serde(default)]
    pub disable_types: Vec<String>,
    /// Values that are never PHI here (the clinic's own phone number). Compared
    /// after removing punctuation and case.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Extra patterns, compiled once with a size limit.
    #[serde(default)]
    pub custom_patterns: Vec<CustomPattern>,
    /// Key rules for JSON and query parameters: key → type name, or `"ignore"`.
    #[serde(default)]
    pub json_keys: BTreeMap<String, String>,
    /// Key for `pseudonym` tokens (HMAC-SHA256). Required if any operator is `pseudonym`.
    #[serde(default)]
    pub pseudonym_key: Option<String>,
    /// Report provider NPIs in provider context too (default: leave them).
    #[serde(default)]
    pub flag_provider_npi: bool,
    /// Key for signal fingerprints (HMAC-SHA256, at least 16 bytes). Without
    /// it, signals carry counts but no fingerprints.
    #[serde(default)]
    pub fingerprint_key: Option<String>,
    /// State notification deadlines in days, stricter than HIPAA's 60
    /// (`{"CO": 30}`). Replaces the built-in table when given.
    #[serde(default)]
    pub state_deadline_days: Option<BTreeMap<String, u32>>,
    /// Deployment label copied into signals.
    #[serde(default)]
    pub deployment: Option<String>,
    /// Region label copied into signals.
    #[serde(default)]
    pub region: Option<String>,
}

/// Built-in stricter state deadlines (days from discovery). A starting point
/// only: several states deem HIPAA-compliant notice sufficient for covered
/// entities; confirm with counsel and override with `stateDeadlineDays`.
pub const DEFAULT_STATE_DEADLINE_DAYS: &[(&str, u32)] = &[("CO", 30), ("FL", 30), ("ME", 30), ("WA", 30)];

/// A user-supplied pattern.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomPattern {
    /// Stable id, reported as the finding's `detector`.
    pub id: String,
    /// A pattern in Rust `regex` syntax without Unicode classes (it is compiled
    /// with `regex-lite`): no look-around, linear time. `[0-9]`, `\d`, `\w` and
    /// `\b` are ASCII.
    pub pattern: String,
    /// The type name to report.
    #[serde(rename = "type")]
    pub kind: String,
    /// Confidence, default 0.9.
    #[serde(default)]
    pub score: Option<f32>,
}

/// Longest custom pattern source accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 1024;
/// Compiled size limit per custom pattern, in bytes.
pub const MAX_PATTERN_COMPILED: usize = 256 * 1024;
