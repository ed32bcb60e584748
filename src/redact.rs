//! Redaction operators: what replaces a finding.

use crate::PhiType;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// How a finding is replaced. Chosen per type in the config.
///
/// | operator | `219-09-9999` (SSN) | `03/14/1962` (DATE) |
/// |---|---|---|
/// | `tag` (default) | `[SSN]` | `[DATE]` |
/// | `mask` | `***-**-****` | `**/**/****` |
/// | `partialMask` | `***-**-9999` | `**/**/1962` |
/// | `remove` | `` | `` |
/// | `pseudonym` | `[SSN:4be0a1]` (keyed HMAC) | `[DATE:9c1f03]` |
/// | `generalize` | `[SSN]` | `1962` |
///
/// `generalize` is Safe Harbor generalisation: dates keep the year, ZIP codes
/// the first three digits (`000` for the restricted prefixes), ages over 89
/// become `90+`; other types fall back to the tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(rename_all = "camelCase")]
pub enum Operator {
    Tag,
    Mask,
    PartialMask,
    Remove,
    Pseudonym,
    Generalize,
}

/// Three-digit ZIP prefixes with 20,000 or fewer people (2000 Census), which
/// Safe Harbor requires to become 000.
const RESTRICTED_ZIP3: &[[u8; 3]] = &[*b"036", *b"059", *b"063", *b"102", *b"203", *b"556", *b"692", *b"790", *b"821", *b"823", *b"830", *b"831", *b"878", *b"879", *b"884", *b"890", *b"893"];

type HmacSha256 = Hmac<Sha256>;

/// A key of [`keyed_hash`], keyed once, when its guard is built: each hash
/// starts from a copy of the keyed state. Keying anew for every value took
/// two of the four SHA-256 blocks a short value's hash runs, once a
/// fingerprint or a pseudonym.
#[derive(Clone)]
pub(crate) struct Key(HmacSha256);

impl Key {
    pub(crate) fn new(key: &[u8]) -> Key {
        Key(HmacSha256::new_from_slice(key).expect("HMAC takes any key length"))
    }
}

/// Keyed HMAC-SHA256 of `type:normalised value`, hex. Never unkeyed: an
/// unkeyed hash of a 9-digit SSN is reversible by trying every number.
pub(crate) fn keyed_hash(key: &Key, ty: PhiType, value: &str) -> String {
    let mut mac = key.0.clone();
    mac.update(ty.as_str().as_bytes());
    mac.update(b":");
    mac.update(normalise(ty, value).as_bytes());
    hex(&mac.finalize().into_bytes())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// The canonical form of a value, so "219-09-9999" and "219099999" (or
/// "Maria  GARCIA" and "maria garcia") fingerprint the same.
///
/// Identifiers keep their letters and digits, ASCII letters upper-cased
/// (`ab12` as `AB12`), other letters lower-cased (`DÉC` as `DéC`): case
/// is ignored either way, and Unicode's upper-case table, 6 KB of the
/// gzipped wasm, is not linked in for it (lower-casing, which names and
/// labels need anyway, is [`crate::lowercase`]'s, the standard library's
/// mapping without its tables). Builds before 2026-12-05 upper-cased
/// other letters too, so the fingerprint of an identifier holding a
/// non-ASCII letter (a month name such as `décembre`) changed then.
pub(crate) fn normalise(ty: PhiType, value: &str) -> String {
    match ty {
        PhiType::Name | PhiType::Address | PhiType::Email | PhiType::Url | PhiType::Secret => {
            value.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).map(crate::lowercase::to_lowercase).collect::<Vec<_>>().join(" ")
        }
        _ => {
            let mut out = String::with_capacity(value.len());
            for c in value.chars().filter(|c| c.is_alphanumeric()) {
                if c.is_ascii() {
                    out.push(c.to_ascii_uppercase());
                } else {
                    crate::lowercase::push_lower(&mut out, c);
                }
            }
            out
        }
    }
}

pub(crate) fn apply(op: Operator, ty: PhiType, value: &str, key: Option<&Key>) -> String {
    match op {
        Operator::Tag => tag(ty),
        Operator::Remove => String::new(),
        Operator::Mask => value.chars().map(|c| if c.is_alphanumeric() { '*' } else { c }).collect(),
        Operator::PartialMask => {
            // The last 4 are kept only when at least 4 others are masked: keeping
            // 4 of "Maria" would reveal it, and the output must read as masked
            // (more stars than characters) so a second pass leaves it alone.
            let total = value.chars().filter(|c| c.is_alphanumeric()).count();
            let keep_from = total.saturating_sub(4);
            let mut n = 0;
            value
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() {
                        n += 1;
                        if n > keep_from && total >= 8 { c } else { '*' }
                    } else {
                        c
                    }
                })
                .collect()
        }
        Operator::Pseudonym => match key {
            Some(k) => format!("[{}:{}]", ty.as_str(), &keyed_hash(k, ty, value)[..6]),
            None => tag(ty),
        },
        Operator::Generalize => generalize(ty, value).unwrap_or_else(|| tag(ty)),
    }
}

/// `[SSN]`: built by hand, not with `format!` (one per finding, and the
/// formatting machinery is slow in wasm).
fn tag(ty: PhiType) -> String {
    let mut t = String::with_capacity(ty.as_str().len() + 2);
    write_tag(ty, &mut t);
    t
}

/// [`Operator::Tag`]'s piece for `ty`, appended to `out` (the renderer
/// writes it in place, with no `String` per finding).
pub(crate) fn write_tag(ty: PhiType, out: &mut String) {
    out.push('[');
    out.push_str(ty.as_str());
    out.push(']');
}

fn generalize(ty: PhiType, value: &str) -> Option<String> {
    match ty {
        PhiType::Age => Some("90+".into()),
        PhiType::ZipCode => {
            let d: String = value.chars().filter(char::is_ascii_digit).take(3).collect();
            (d.len() == 3).then(|| if RESTRICTED_ZIP3.iter().any(|z| z[..] == *d.as_bytes()) { "000".into() } else { d })
        }
        PhiType::Date => {
            // A four-digit year anywhere in the value; else a two-digit trailing year.
            let b = value.as_bytes();
            for i in 0..b.len().saturating_sub(3) {
                let w = &b[i..i + 4];
                let edge_ok = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
                if edge_ok && w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")) {
                    return Some(String::from_utf8_lossy(w).into_owned());
                }
            }
            let digits: Vec<u8> = b.iter().copied().filter(u8::is_ascii_digit).collect();
            if digits.len() == 8 && (digits.starts_with(b"19") || digits.starts_with(b"20")) {
                return Some(String::from_utf8_lossy(&digits[..4]).into_owned());
            }
            let yy = value.rsplit(['/', '-', '.']).next().filter(|y| y.len() == 2 && y.bytes().all(|c| c.is_ascii_digit()))?;
            let n: u32 = yy.parse().ok()?;
            Some(format!("{}{yy}", if n <= 30 { "20" } else { "19" }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators() {
        assert_eq!(apply(Operator::Tag, PhiType::Ssn, "219-09-9999", None), "[SSN]");
        assert_eq!(apply(Operator::Mask, PhiType::Ssn, "219-09-9999", None), "***-**-****");
        assert_eq!(apply(Operator::PartialMask, PhiType::Ssn, "219-09-9999", None), "***-**-9999");
        assert_eq!(apply(Operator::Remove, PhiType::Ssn, "219-09-9999", None), "");
        let a = apply(Operator::Pseudonym, PhiType::Ssn, "219-09-9999", Some(&Key::new(b"k1")));
        assert_eq!(a, apply(Operator::Pseudonym, PhiType::Ssn, "219099999", Some(&Key::new(b"k1"))), "normalised");
        assert_ne!(a, apply(Operator::Pseudonym, PhiType::Ssn, "219-09-9999", Some(&Key::new(b"k2"))), "keyed");
        assert!(a.starts_with("[SSN:") && a.len() == 12);
        assert_eq!(apply(Operator::Generalize, PhiType::Date, "03/14/1962", None), "1962");
        assert_eq!(apply(Operator::Generalize, PhiType::Date, "March 14, 1962", None), "1962");
        assert_eq!(apply(Operator::Generalize, PhiType::Date, "3/14/62", None), "1962");
        assert_eq!(apply(Operator::Generalize, PhiType::ZipCode, "62704", None), "627");
        assert_eq!(apply(Operator::Generalize, PhiType::ZipCode, "03601", None), "000");
        assert_eq!(apply(Operator::Generalize, PhiType::Age, "94", None), "90+");
        assert_eq!(apply(Operator::Generalize, PhiType::Ssn, "219-09-9999", None), "[SSN]");
    }

    #[test]
    fn identifier_fingerprints_ignore_case_and_keep_ascii_ones() {
        // Computed by the code before 2026-12-05 (Unicode upper-casing): ASCII
        // identifiers fingerprint as they did.
        assert_eq!(keyed_hash(&Key::new(b"k1"), PhiType::Mrn, "ab-12c/Zz9"), "31b1cfae2110896e36ab8ba6c843b0b83cc683d921903869f811caac288c9fbb");
        assert_eq!(normalise(PhiType::Mrn, "ab-12c/Zz9"), "AB12CZZ9");
        assert_eq!(normalise(PhiType::Date, "14 DÉCEMBRE 2025"), normalise(PhiType::Date, "14 décembre 2025"));
        assert_eq!(normalise(PhiType::Date, "14 Décembre 2025"), "14DéCEMBRE2025");
        let k = Key::new(b"k");
        assert_eq!(keyed_hash(&k, PhiType::Date, "ÄPR 3"), keyed_hash(&k, PhiType::Date, "äpr 3"));
    }
}
