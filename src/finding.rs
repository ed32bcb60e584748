//! What a scan reports.

use crate::PhiType;
use serde::Serialize;

/// One detected identifier.
///
/// It carries the type, where it is, how sure we are and why the detector
/// fired, never the matched text: a `Finding` can be logged or sent over the
/// wire as it is. Offsets are byte offsets into the scanned `&str` (the JS
/// API converts them to UTF-16 code units).
///
/// ```
/// let guard = phi_guard::Guard::default();
/// let scan = guard.scan("ssn 219-09-9999", phi_guard::Format::Text);
/// let f = &scan.findings[0];
/// assert_eq!(f.kind, phi_guard::PhiType::Ssn);
/// assert_eq!((f.start, f.end), (4, 15));
/// assert!(!format!("{f:?}").contains("219"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The identifier type.
    #[serde(rename = "type")]
    pub kind: PhiType,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Confidence in 0..=1.
    pub score: f32,
    /// Stable id of the detector that fired (`ssn`, `label`, `json-key`, or a custom pattern's id).
    pub detector: std::borrow::Cow<'static, str>,
    /// Why it fired, in a few words. Never contains the value.
    pub reason: &'static str,
}

/// A finding plus how to write its replacement. Internal.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub finding: Finding,
    /// The span is a bare JSON scalar (number, bool): its replacement must be quoted.
    pub bare_json: bool,
    /// The span is inside a JSON string literal (raw, still escaped): the
    /// operator sees the decoded value and its output is escaped again, so a
    /// mask never turns `\n` into an invalid `\*`.
    pub json_string: bool,
    /// The span is inside a percent-encoded URL query value: the operator
    /// sees the decoded value and its output is encoded again ("90+" → "90%2B").
    pub url_query: bool,
}

impl Hit {
    pub(crate) fn new(kind: PhiType, start: usize, end: usize, score: f32, detector: impl Into<std::borrow::Cow<'static, str>>, reason: &'static str) -> Hit {
        Hit { finding: Finding { kind, start, end, score, detector: detector.into(), reason }, bare_json: false, json_string: false, url_query: false }
    }
    pub(crate) fn start(&self) -> usize {
        self.finding.start
    }
    pub(crate) fn end(&self) -> usize {
        self.finding.end
    }
    pub(crate) fn shifted(mut self, by: usize) -> Hit {
        self.finding.start += by;
        self.finding.end += by;
        self
    }
}
