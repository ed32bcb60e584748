//! What a scan reports.

use crate::PhiType;
use serde::Serialize;
use std::borrow::Cow;

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
    pub detector: Cow<'static, str>,
    /// Why it fired, in a few words. Never contains the value.
    pub reason: &'static str,
}

/// Every (detector id, reason) pair a built-in finding can report: what a
/// [`Why`] indexes. [`why!`] looks its pair up here at compile time, so a
/// pair missing from this list does not compile.
const REASONS: &[(&str, &str)] = &[
    // Placeholders (`Hit::EMPTY`), never reported.
    ("", ""),
    ("email", "e-mail address"),
    ("phone", "phone number after a fax label"),
    ("phone", "phone number in a standard written form"),
    ("phone", "ten-digit number near a phone label"),
    ("phone", FAX_URL),
    ("url", "record id after a record-collection path segment"),
    ("url", "personal website named after a person"),
    ("url", "profile URL on a social or payment site"),
    ("url", "URL path to one person's record"),
    ("url", "URL with a personal identifier in its query"),
    ("ip", "public IPv4 address"),
    ("ip", "IPv6 address"),
    ("ssn", "SSN after an SSN label, valid area/group/serial"),
    ("ssn", "dashed SSN shape with valid area/group/serial"),
    ("ssn", "nine digits in a rejected database row, valid area/group/serial"),
    ("mbi", "Medicare Beneficiary Identifier (MBI character classes)"),
    ("vin", "VIN with a valid check digit"),
    ("credit-card", "card number with a valid issuer prefix and Luhn check"),
    ("iban", "IBAN with a valid country length and mod-97 check"),
    ("secret", "credential with a known provider format"),
    ("secret", "token after a Bearer/Basic scheme"),
    ("date", "date near a label tying it to a person"),
    ("date", "date in prose about a person"),
    ("date", "date the page rendered, quoted in a hydration error"),
    ("age", "age over 89"),
    ("name", "lowercase known given name and known surname"),
    ("name", "known given name followed by a known surname"),
    ("name", "known given name and a surname's initial"),
    ("name", "known given name as the subject of a verb about a person"),
    ("name", "capitalised word before a known surname in prose"),
    ("name", "known surname, comma, known given name"),
    ("name", "known given name and capitalised word in a rejected database row"),
    ("name", "known given name before the person's relation to the patient"),
    ("name", "name after a self-introduction or thanks in a message"),
    ("name", "given name a message opens with, addressing its reader"),
    ("name", "surname and given name in capitals written SURNAME/GIVEN"),
    ("name", "surname and given name in capitals written SURNAME^GIVEN"),
    ("address", "street line: number, street name and suffix"),
    ("address", "city and state following a street line"),
    ("address", "ZIP code in a postal address"),
    ("address", "city and state followed by a ZIP code"),
    ("address", "ZIP code after a city and state"),
    ("label", "provider NPI (flagProviderNpi is on)"),
    ("label", "id in a reference to a patient record"),
    ("label", "DEA number after a DEA label, check digit valid"),
    ("label", "VIN after a VIN label, check digit valid"),
    ("label", "Medicare MBI after a health plan label"),
    ("label", "member id after the insurer's name"),
    ("label", "id in a rejected database row"),
    ("label", "capitalised name after a person label"),
    ("label", "date after a label tying it to a person"),
    ("label", "value after a label that names this identifier"),
    ("label", FAX_URL),
    ("json-key", "value under a key that names this identifier"),
    ("json-key", FAX_URL),
    ("hl7", "PHI field of an HL7 v2 person segment"),
    ("x12", "PHI element of an X12 segment about a person"),
    ("records", "cell of a person's record in a delimited file"),
    ("calendar", "property of a person's calendar event or card"),
    ("dicom", "patient attribute by its DICOM tag"),
    ("ncpdp", "PHI field of an NCPDP pharmacy transaction"),
    ("propagated", "same value as another finding in this input"),
];

/// The reason of a phone number whose URL path is about faxing (it is
/// reported as a fax number, whichever detector found it).
const FAX_URL: &str = "phone number in a URL whose path is about faxing";

/// Why a hit fired: its detector id and reason, in two bytes. A built-in
/// pair is an index into [`REASONS`] (made by [`why!`]); a custom pattern
/// is `REASONS.len()` plus its index in the guard's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Why(u16);

const _: () = assert!(REASONS.len() + Why::MAX_CUSTOM <= 1 << 16, "a Why is two bytes");

impl Why {
    /// The placeholder pair, never reported.
    pub(crate) const NONE: Why = Why(0);
    /// How many custom patterns a guard can have: one id each.
    pub(crate) const MAX_CUSTOM: usize = 65_000;

    /// The pair `(detector, reason)` of [`REASONS`]; a compile error (in a
    /// `const` block, see [`why!`]) when it is not there.
    pub(crate) const fn of(detector: &str, reason: &str) -> Why {
        const fn eq(a: &str, b: &str) -> bool {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() && a[i] == b[i] {
                i += 1;
            }
            i == a.len()
        }
        let mut i = 0;
        while i < REASONS.len() {
            if eq(REASONS[i].0, detector) && eq(REASONS[i].1, reason) {
                return Why(i as u16);
            }
            i += 1;
        }
        panic!("(detector, reason) is not in finding::REASONS")
    }

    /// Custom pattern `i` of the guard.
    ///
    /// # Panics
    /// When `i` is not below [`Why::MAX_CUSTOM`] (the guard rejects configs with more).
    pub(crate) fn custom(i: usize) -> Why {
        assert!(i < Why::MAX_CUSTOM, "custom pattern index out of range");
        Why((REASONS.len() + i) as u16)
    }

    /// The same detector with the reason of a phone number in a fax URL.
    pub(crate) fn in_fax_url(self) -> Why {
        let detector = REASONS.get(usize::from(self.0)).map_or("", |r| r.0);
        match REASONS.iter().position(|&(d, r)| d == detector && r == FAX_URL) {
            Some(i) => Why(i as u16),
            None => {
                debug_assert!(false, "no fax-URL reason for detector {detector:?}");
                self
            }
        }
    }

    /// The detector id and reason of a built-in pair, or `Err(i)` for
    /// the guard's custom pattern `i` (its id, reason "custom pattern").
    pub(crate) fn pair(self) -> Result<(&'static str, &'static str), usize> {
        REASONS.get(usize::from(self.0)).copied().ok_or_else(|| usize::from(self.0) - REASONS.len())
    }
}

/// The [`Why`] of a built-in `(detector, reason)` pair, worked out at
/// compile time: `why!("email", "e-mail address")`.
macro_rules! why {
    ($detector:expr, $reason:expr) => {
        const { $crate::finding::Why::of($detector, $reason) }
    };
}
pub(crate) use why;

/// A finding while a scan runs, plus how to write its replacement. Internal.
///
/// Kept small (16 bytes on wasm32): on text dense with identifiers the hits
/// are the largest thing a scan holds. [`Hit::finding`] builds the public
/// [`Finding`] at the end (`Guard::finding`).
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// As in [`Finding::score`].
    pub score: f32,
    /// As in [`Finding::kind`].
    pub kind: PhiType,
    /// How the replacement is written: [`Hit::BARE_JSON`], [`Hit::JSON_STRING`], [`Hit::URL_QUERY`], [`Hit::URL_PATH`].
    pub flags: u8,
    /// The detector and reason.
    pub why: Why,
}

const _: () = assert!(std::mem::size_of::<Hit>() <= 2 * std::mem::size_of::<usize>() + 8, "Hit grew");

impl Hit {
    /// The span is a bare JSON scalar (number, bool): its replacement must be quoted.
    pub(crate) const BARE_JSON: u8 = 1;
    /// The span is inside a JSON string literal (raw, still escaped): the
    /// operator sees the decoded value and its output is escaped again, so a
    /// mask never turns `\n` into an invalid `\*`.
    pub(crate) const JSON_STRING: u8 = 2;
    /// The span is inside a percent-encoded URL query value: the operator
    /// sees the decoded value and its output is encoded again ("90+" → "90%2B").
    pub(crate) const URL_QUERY: u8 = 4;
    /// With [`Hit::URL_QUERY`]: the span is in a percent-encoded URL path
    /// segment, where `+` is itself, not a space, when the operator's value
    /// is decoded.
    pub(crate) const URL_PATH: u8 = 8;

    /// A placeholder, never reported.
    pub(crate) const EMPTY: Hit = Hit { start: 0, end: 0, score: 0.0, kind: PhiType::Url, flags: 0, why: Why::NONE };

    pub(crate) fn new(kind: PhiType, start: usize, end: usize, score: f32, why: Why) -> Hit {
        Hit { start, end, score, kind, flags: 0, why }
    }
    pub(crate) fn start(&self) -> usize {
        self.start
    }
    pub(crate) fn end(&self) -> usize {
        self.end
    }
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
    pub(crate) fn shifted(mut self, by: usize) -> Hit {
        self.start += by;
        self.end += by;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_distinct_and_fax_urls_keep_their_detector() {
        for (i, a) in REASONS.iter().enumerate() {
            assert!(!REASONS[..i].contains(a), "{a:?} twice");
        }
        for d in ["phone", "label", "json-key"] {
            let w = REASONS.iter().position(|&(x, _)| x == d).unwrap();
            assert_eq!(Why(w as u16).in_fax_url().pair(), Ok((d, FAX_URL)));
        }
        assert_eq!(why!("email", "e-mail address").pair(), Ok(("email", "e-mail address")));
        assert_eq!(Why::custom(3).pair(), Err(3));
        assert_eq!(Why::custom(Why::MAX_CUSTOM - 1).pair(), Err(Why::MAX_CUSTOM - 1));
    }
}
