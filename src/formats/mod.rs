//! Structure-aware scanners. Each one finds the segments of its format
//! (JSON string values with their keys, HTML text and JSON islands, URL
//! query values, CSV cells with their column's header) and hands them to the text scanner with the right label.

pub(crate) mod csv;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod url;
pub(crate) mod xml;

use serde::Serialize;

/// The format of an input. `Auto` sniffs it; the others are hints.
///
/// ```
/// use phi_guard::Format;
/// assert_eq!("json".parse::<Format>().unwrap(), Format::Json);
/// assert_eq!(Format::sniff(r#"{"a":1}"#), Format::Json);
/// assert_eq!(Format::sniff(r#"<Patient xmlns="http://hl7.org/fhir"><birthDate value="1962-03-14"/></Patient>"#), Format::Text);
/// assert_eq!(Format::sniff("<div><p>Hello</p></div>"), Format::Html);
/// assert_eq!(Format::sniff("https://x.test/?a=1"), Format::Url);
/// assert_eq!(Format::sniff("name=Maria+Garcia&dob=03%2F14%2F1961"), Format::Url);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Auto,
    Text,
    Log,
    Error,
    Json,
    Html,
    Url,
    /// CSV or TSV with a header row of field names (see README "Formats").
    Csv,
}

/// The error for a format name (or, from JavaScript, a format number) that
/// names none.
pub(crate) const UNKNOWN_FORMAT: &str = "unknown format (expected auto, text, log, error, json, html, url or csv)";

impl std::str::FromStr for Format {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "" | "auto" => Format::Auto,
            "text" => Format::Text,
            "log" => Format::Log,
            "error" => Format::Error,
            "json" => Format::Json,
            "html" => Format::Html,
            "url" => Format::Url,
            "csv" => Format::Csv,
            _ => return Err(crate::Error::input(UNKNOWN_FORMAT)),
        })
    }
}

impl Format {
    /// Guesses the format from the first bytes. A table is told from
    /// text only by its header's field names, which depend on a guard's
    /// key rules: [`crate::Guard::scan`] with `Auto` reads a text that
    /// starts with one as `Csv`; this says `Text`.
    pub fn sniff(s: &str) -> Format {
        let t = s.trim_start();
        let head = &t.as_bytes()[..t.len().min(64)];
        if head.starts_with(b"{") || head.starts_with(b"[") {
            return Format::Json;
        }
        if head.first() == Some(&b'<') {
            let l = String::from_utf8_lossy(head).to_ascii_lowercase();
            // An XML document (a declaration, or a namespace in its first
            // tag: C-CDA, FHIR XML, SOAP) is text, which the guard reads
            // element by element (`xml::start`), not a page.
            if l.starts_with("<?xml") || (l.contains("xmlns") && !l.starts_with("<html")) {
                return Format::Text;
            }
            if l.starts_with("<!doctype") || l.starts_with("<html") || t.contains("</") {
                return Format::Html;
            }
        }
        let one_token = !t.trim_end().contains(char::is_whitespace);
        // A form body of two pairs or more (`firstName=Maria&dob=…`); one
        // `key=value` alone reads as text as well.
        let form = || t.contains('&') && url::is_form(t.trim_end());
        if one_token && (t.starts_with("http://") || t.starts_with("https://") || (t.starts_with('/') && t.contains('?')) || form()) {
            return Format::Url;
        }
        Format::Text
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Log => "log",
            Format::Error => "error",
            Format::Json => "json",
            Format::Html => "html",
            Format::Url => "url",
            Format::Csv => "csv",
        }
    }
}
