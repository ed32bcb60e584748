//! What the user writes. Strict: an unknown key is an error, because a typo
//! must never silently turn redaction off.

use crate::config_json::{self, Reader};
use crate::redact::Operator;
#[cfg(test)]
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
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Deserialize), serde(deny_unknown_fields, rename_all = "camelCase"))]
pub struct Config {
    /// Operator per type name (`"SSN": "partialMask"`); `"*"` sets the default.
    #[cfg_attr(test, serde(default))]
    pub operators: BTreeMap<String, Operator>,
    /// Built-in detector ids to turn off (see `REGISTRY`).
    #[cfg_attr(test, serde(default))]
    pub disable_detectors: Vec<String>,
    /// Types never to report.
    #[cfg_attr(test, serde(default))]
    pub disable_types: Vec<String>,
    /// Values that are never PHI here (the clinic's own phone number). Compared
    /// after removing punctuation and case.
    #[cfg_attr(test, serde(default))]
    pub allow: Vec<String>,
    /// Extra patterns, compiled once with a size limit.
    #[cfg_attr(test, serde(default))]
    pub custom_patterns: Vec<CustomPattern>,
    /// Key rules for JSON and query parameters: key → type name, or `"ignore"`.
    #[cfg_attr(test, serde(default))]
    pub json_keys: BTreeMap<String, String>,
    /// Key for `pseudonym` tokens (HMAC-SHA256). Required if any operator is `pseudonym`.
    #[cfg_attr(test, serde(default))]
    pub pseudonym_key: Option<String>,
    /// Report provider NPIs in provider context too (default: leave them).
    #[cfg_attr(test, serde(default))]
    pub flag_provider_npi: bool,
    /// Key for signal fingerprints (HMAC-SHA256, at least 16 bytes). Without
    /// it, signals carry counts but no fingerprints.
    #[cfg_attr(test, serde(default))]
    pub fingerprint_key: Option<String>,
    /// State notification deadlines in days, stricter than HIPAA's 60
    /// (`{"CO": 30}`). Replaces the built-in table when given.
    #[cfg_attr(test, serde(default))]
    pub state_deadline_days: Option<BTreeMap<String, u32>>,
    /// Deployment label copied into signals.
    #[cfg_attr(test, serde(default))]
    pub deployment: Option<String>,
    /// Region label copied into signals.
    #[cfg_attr(test, serde(default))]
    pub region: Option<String>,
}

/// Built-in stricter state deadlines (days from discovery). A starting point
/// only: several states deem HIPAA-compliant notice sufficient for covered
/// entities; confirm with counsel and override with `stateDeadlineDays`.
pub const DEFAULT_STATE_DEADLINE_DAYS: &[(&str, u32)] = &[("CO", 30), ("FL", 30), ("ME", 30), ("WA", 30)];

/// A user-supplied pattern.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(Deserialize), serde(deny_unknown_fields, rename_all = "camelCase"))]
pub struct CustomPattern {
    /// Stable id, reported as the finding's `detector`.
    pub id: String,
    /// A pattern in Rust `regex` syntax without Unicode classes (it is compiled
    /// with `regex-lite`): no look-around, linear time. `[0-9]`, `\d`, `\w` and
    /// `\b` are ASCII.
    pub pattern: String,
    /// The type name to report.
    #[cfg_attr(test, serde(rename = "type"))]
    pub kind: String,
    /// Confidence, default 0.9.
    #[cfg_attr(test, serde(default))]
    pub score: Option<f32>,
}

/// Longest custom pattern source accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 1024;
/// Compiled size limit per custom pattern, in bytes.
pub const MAX_PATTERN_COMPILED: usize = 256 * 1024;

/// The operators' names in a config, as `Operator` serialises them.
const OPERATORS: &[(&str, Operator)] = &[
    ("tag", Operator::Tag),
    ("mask", Operator::Mask),
    ("partialMask", Operator::PartialMask),
    ("remove", Operator::Remove),
    ("pseudonym", Operator::Pseudonym),
    ("generalize", Operator::Generalize),
];

/// Runs `f` in a function of its own, which neither LLVM nor wasm-opt
/// inlines into the caller (scripts/build.sh passes wasm-opt
/// `--no-inline=phi_guard::config::out_of_line::*`).
///
/// For what compiling a config does only for some configs (a custom pattern,
/// a key rule, reading a non-empty config): V8 compiles a wasm function the
/// first time it is called, the whole function at once, so code inlined into
/// `Guard::new` is compiled by every `createGuard()`, while a call that never
/// happens costs nothing. With the default config this took the wasm code V8
/// compiles during `createGuard()` from 28.2 KB to 20.7 KB (Node 20,
/// `--trace-wasm-compilation-times`), and the code it validates is the same.
///
/// The scan uses it the same way: a detector's body past its cheap test
/// (`contact::email_findings` and the rest), the HTML and URL scans, custom
/// patterns and the allow list. Inlined, they were all in the functions
/// any scan's first call compiles (`scan_segment` alone was 54.7 KB);
/// out of line, the first scan of a 1 KB JSON body compiles 160.3 KB
/// instead of 176.8 KB, and of `"x"` 72.2 KB instead of 88.6 KB. Only
/// bodies whose test most texts fail are out of line: a call costs a few
/// instructions each time the test passes, and detectors a JSON value
/// usually reaches (dates, names, labelled values) stay inline.
#[inline(never)]
pub(crate) fn out_of_line<T>(f: impl FnOnce() -> T) -> T {
    f()
}

impl Config {
    /// Parses a config from JSON text, strictly (see [`crate::config_json`]).
    ///
    /// `{}`, what `createGuard()` sends without a config, is the default
    /// config without running the reader, whose code V8 would otherwise
    /// compile first (see [`out_of_line`]).
    pub(crate) fn from_json(json: &str) -> config_json::Result<Config> {
        if json == "{}" {
            return Ok(Config::default());
        }
        out_of_line(|| config_json::parse(json, Config::decode))
    }

    #[cfg_attr(phi_guard_small, optimize(size))]
    fn decode(r: &mut Reader) -> config_json::Result<Config> {
        const FIELDS: &[&str] = &[
            "operators",
            "disableDetectors",
            "disableTypes",
            "allow",
            "customPatterns",
            "jsonKeys",
            "pseudonymKey",
            "flagProviderNpi",
            "fingerprintKey",
            "stateDeadlineDays",
            "deployment",
            "region",
        ];
        let mut c = Config::default();
        r.object(FIELDS, 0, |r, i| c.decode_field(r, i))?;
        Ok(c)
    }

    /// Reads the value of field `i` of [`Config::decode`]'s `FIELDS`. A
    /// method, not the closure's body, so that it is compiled for size too
    /// (an attribute on `decode` leaves its closures at opt-level 2), and
    /// out of line, so that the closure does not take it back.
    #[cfg_attr(phi_guard_small, optimize(size))]
    #[inline(never)]
    fn decode_field(&mut self, r: &mut Reader, i: usize) -> config_json::Result<()> {
        let c = self;
        // One call per type of field, not one per field: smaller wasm.
        let (list, text) = match i {
            1 => (Some(&mut c.disable_detectors), None),
            2 => (Some(&mut c.disable_types), None),
            3 => (Some(&mut c.allow), None),
            6 => (None, Some(&mut c.pseudonym_key)),
            8 => (None, Some(&mut c.fingerprint_key)),
            10 => (None, Some(&mut c.deployment)),
            11 => (None, Some(&mut c.region)),
            _ => (None, None),
        };
        match (list, text) {
            (Some(field), _) => *field = r.list(Reader::string)?,
            (_, Some(field)) => *field = r.option(Reader::string)?,
            _ => match i {
                0 => c.operators = r.map(|r| r.variant(OPERATORS))?,
                4 => c.custom_patterns = r.list(CustomPattern::decode)?,
                5 => c.json_keys = r.map(Reader::string)?,
                7 => c.flag_provider_npi = r.bool()?,
                _ => c.state_deadline_days = r.option(|r| r.map(Reader::u32))?,
            },
        }
        Ok(())
    }
}

impl CustomPattern {
    #[cfg_attr(phi_guard_small, optimize(size))]
    fn decode(r: &mut Reader) -> config_json::Result<CustomPattern> {
        let (mut id, mut pattern, mut kind, mut score) = (None, None, None, None);
        r.object(&["id", "pattern", "type", "score"], 3, |r, i| {
            match i {
                0 => id = Some(r.string()?),
                1 => pattern = Some(r.string()?),
                2 => kind = Some(r.string()?),
                _ => score = r.option(Reader::f32)?,
            }
            Ok(())
        })?;
        Ok(CustomPattern { id: r.required(id, "id")?, pattern: r.required(pattern, "pattern")?, kind: r.required(kind, "type")?, score })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Guard;

    #[test]
    fn out_of_line_returns_what_its_closure_returns() {
        assert_eq!(out_of_line(|| 2 + 2), 4);
        let mut seen = Vec::new();
        let r: Result<(), &str> = out_of_line(|| {
            seen.push(1);
            Err("stop")
        });
        assert_eq!((r, seen), (Err("stop"), vec![1]));
        let owned = String::from("moved");
        assert_eq!(out_of_line(move || owned), "moved");
    }

    #[test]
    fn the_empty_object_is_the_default_config_as_the_reader_reads_it() {
        let read = |doc: &str| format!("{:?}", config_json::parse(doc, Config::decode).unwrap());
        assert_eq!(format!("{:?}", Config::from_json("{}").unwrap()), read("{}"));
        assert_eq!(format!("{:?}", Config::from_json("{}").unwrap()), format!("{:?}", Config::default()));
        // Other spellings of an empty config still go through the reader,
        // errors included.
        for doc in [" {}", "{ }", "{}\n", "\u{feff}{}", "{}{}"] {
            assert_eq!(format!("{:?}", Config::from_json(doc)), format!("{:?}", config_json::parse(doc, Config::decode)), "{doc:?}");
        }
        assert!(Config::from_json("{}}").is_err());
        assert!(Config::from_json("").is_err());
    }

    #[test]
    fn errors_raised_out_of_line_reach_the_caller_in_the_same_order() {
        let err = |doc: &str| Guard::from_json(doc).unwrap_err();
        let e = err(r#"{"customPatterns":[{"id":" ","pattern":"(","type":"NOPE"}]}"#);
        assert_eq!((e.code(), e.message()), ("config", "customPatterns: every pattern needs a non-empty `id`"));
        let e = err(r#"{"customPatterns":[{"id":"a","pattern":"(","type":"NOPE","score":2}]}"#);
        assert_eq!(e.code(), "pattern");
        assert!(e.message().starts_with("custom pattern \"a\" does not compile: "), "{}", e.message());
        let e = err(r#"{"customPatterns":[{"id":"a","pattern":"x","type":"NOPE","score":2}]}"#);
        assert_eq!(e.message(), "custom pattern \"a\": score must be in 0..=1");
        let e = err(r#"{"customPatterns":[{"id":"a","pattern":"x","type":"NOPE"}]}"#);
        assert_eq!(e.message(), "customPatterns: unknown type name \"NOPE\"");
        let e = err(r#"{"jsonKeys":{"mrn":"MRN","x":"NOPE"}}"#);
        assert_eq!((e.code(), e.message()), ("config", "jsonKeys: unknown type name \"NOPE\""));
        let g = Guard::from_json(r#"{"customPatterns":[{"id":"acme","pattern":"ACME-[0-9]{6}","type":"MRN"}],"jsonKeys":{"Chart No":"MRN","note":"ignore"}}"#).unwrap();
        assert_eq!(g.redact_text("see ACME-123456"), "see [MRN]");
    }
}
