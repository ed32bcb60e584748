//! JSON: walk the document iteratively (no recursion, so 100,000 levels of
//! nesting cannot overflow the stack), use each key as the label of its
//! value, and report findings inside string values and key-typed scalars.
//! Malformed JSON is reported as `Err` and the caller falls back to text.

use crate::detect::{scan_segment, ScanOptions};
use crate::fast_hash::DirectCache;
use crate::finding::Hit;
use crate::labels::{self, LabelKind};
use crate::Guard;

/// Keys whose value is generic ("value", "text"): their label comes from a
/// sibling such as `"system": "phone"` or `"name": "ssn"` (FHIR telecom and
/// identifier, form field arrays).
const GENERIC_VALUE_KEYS: &[&str] = &["value", "val", "text", "data", "answer", "content", "display", "v"];
const HINT_KEYS: &[&str] = &["system", "type", "code", "name", "field", "label", "key", "use", "kind", "id", "fieldname", "field name", "question", "url", "reference"];

/// Parent keys whose objects are one person: their `id` identifies that person.
const PERSON_KEYS: &[&str] = &["patient", "member", "subscriber", "beneficiary", "person", "subject", "enrollee", "resident", "client", "insured", "dependent"];

/// FHIR resource types that are one person (their `id` is a patient id).
const PERSON_RESOURCES: &[&str] = &["Patient", "Person", "RelatedPerson"];

/// FHIR resources about plans and organisations: their periods and dates are
/// administrative (plan years), not events in a person's care.
const ADMIN_RESOURCES: &[&str] = &["Coverage", "InsurancePlan", "Contract", "Account", "Organization", "Location", "Practitioner", "PractitionerRole", "HealthcareService", "Endpoint", "Device", "Medication"];

struct Frame {
    is_object: bool,
    /// The key this container is the value of (for arrays: their elements' label).
    parent_key: Option<(usize, usize)>,
    /// What the parent key says (normalised words, rule), looked up once.
    parent_info: Option<KeyInfo>,
    key: Option<(usize, usize)>,
    /// What the current key says, looked up once when the key is read.
    key_info: Option<KeyInfo>,
    expect_key: bool,
    /// Deferred generic values and sibling hints in this object.
    deferred: Vec<(usize, usize, bool)>,
    hint: Option<LabelKind>,
    /// The FHIR `resourceType` of this object or the nearest enclosing one, and whether it is this object's own.
    resource: Option<(usize, usize)>,
    own_resource: bool,
}

/// Scans `text` as JSON. `Err(())` if it is not well-formed JSON.
pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>) -> Result<(), ()> {
    let b = text.as_bytes();
    let opts = &guard.opts;
    let mut i = skip_ws(b, 0);
    let mut stack: Vec<Frame> = Vec::new();
    let mut done_root = false;
    let mut pending: Vec<Hit> = Vec::new();
    let mut keys = Keys::for_len(text.len());
    while i < b.len() {
        if done_root {
            return Err(());
        }
        let c = b[i];
        let in_obj_key = stack.last().is_some_and(|f| f.is_object && f.expect_key);
        match c {
            b'{' | b'[' => {
                if in_obj_key {
                    return Err(());
                }
                let (parent_key, parent_info) = match stack.last() {
                    Some(f) if f.is_object => (f.key, f.key_info.clone()),
                    Some(f) => (f.parent_key, f.parent_info.clone()),
                    None => (None, None),
                };
                let resource = stack.last().and_then(|f| f.resource);
                stack.push(Frame {
                    is_object: c == b'{',
                    parent_key,
                    parent_info,
                    key: None,
                    key_info: None,
                    expect_key: c == b'{',
                    deferred: Vec::new(),
                    hint: None,
                    resource,
                    own_resource: false,
                });
                i = skip_ws(b, i + 1);
                if i < b.len() && (b[i] == b'}' || b[i] == b']') {
                    continue; // empty container: the close branch handles it
                }
                continue;
            }
            b'}' | b']' => {
                let f = stack.pop().ok_or(())?;
                if f.is_object != (c == b'}') {
                    return Err(());
                }
                for (s, e, is_str) in f.deferred {
                    let kind = f.hint;
                    value(text, s, e, is_str, kind, opts, &mut pending);
                }
                i = after_value(b, i + 1, &mut stack, &mut done_root)?;
            }
            b'"' => {
                let end = string_end(b, i + 1).ok_or(())?;
                let (s, e) = (i + 1, end);
                if in_obj_key {
                    let f = stack.last_mut().unwrap();
                    let (info, key_hits) = keys.get(guard, &text[s..e]);
                    f.key = Some((s, e));
                    f.key_info = Some(info);
                    f.expect_key = false;
                    // A key can itself be PHI (maps keyed by e-mail): its
                    // findings, worked out once per distinct key.
                    for h in key_hits.iter() {
                        let mut h = h.clone();
                        h.finding.start += s;
                        h.finding.end += s;
                        pending.push(h);
                    }
                    i = skip_ws(b, end + 1);
                    if b.get(i) != Some(&b':') {
                        return Err(());
                    }
                    i = skip_ws(b, i + 1);
                    continue;
                }
                handle_scalar(guard, &mut keys, text, &mut stack, s, e, true, &mut pending);
                i = after_value(b, end + 1, &mut stack, &mut done_root)?;
            }
            _ => {
                if in_obj_key {
                    return Err(());
                }
                let e = scalar_end(b, i).ok_or(())?;
                handle_scalar(guard, &mut keys, text, &mut stack, i, e, false, &mut pending);
                i = after_value(b, e, &mut stack, &mut done_root)?;
            }
        }
    }
    if !stack.is_empty() || !done_root {
        return Err(());
    }
    out.append(&mut pending);
    Ok(())
}

/// What a key says: its normalised words and the guard's rule for it.
type KeyInfo = (std::rc::Rc<str>, Option<LabelKind>);

/// What each distinct key says, worked out once per document (API bodies
/// repeat the same few keys thousands of times), and the same for short
/// values. Direct-mapped caches: the keys come from the input, so a hash
/// map with chains could be made slow by keys crafted to collide.
struct Keys<'t> {
    /// Raw key → what it says, and its own findings (offsets in the key).
    key: DirectCache<&'t str, (KeyInfo, std::rc::Rc<[Hit]>)>,
    /// (raw parent key, raw child key) → what "parent child" says.
    pair: DirectCache<(&'t str, &'t str), Option<LabelKind>>,
    /// Short values (codes, statuses, enums repeat across a document) →
    /// their findings, offsets in the value.
    values: DirectCache<ValueKey<'t>, std::rc::Rc<[Hit]>>,
}

/// A short value, whether it is a JSON string, and what its key says.
type ValueKey<'t> = (&'t str, bool, Option<LabelKind>);

/// Values up to this many bytes are scanned once per document and kind.
const MEMO_VALUE_LEN: usize = 48;

impl<'t> Keys<'t> {
    /// Caches sized to a document of `len` bytes.
    fn for_len(len: usize) -> Self {
        Keys { key: DirectCache::with_slots(len / 256), pair: DirectCache::with_slots(len / 512), values: DirectCache::with_slots(len / 64) }
    }

    fn get(&mut self, guard: &Guard, raw: &'t str) -> (KeyInfo, std::rc::Rc<[Hit]>) {
        self.key.get_or_insert_with(raw, || {
            let mut hits = Vec::new();
            scan_segment(raw, None, &guard.opts, &mut hits);
            ((labels::normalise(raw).into(), guard.key_rule(raw)), hits.into())
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_scalar<'t>(guard: &Guard, keys: &mut Keys<'t>, text: &'t str, stack: &mut [Frame], s: usize, e: usize, is_str: bool, out: &mut Vec<Hit>) {
    let opts = &guard.opts;
    let Some(f) = stack.last_mut() else {
        // A bare scalar document.
        value(text, s, e, is_str, None, opts, out);
        return;
    };
    let info = if f.is_object { f.key_info.clone() } else { f.parent_info.clone() };
    let key_words = f.key_info.as_ref().filter(|_| f.is_object).map(|i| i.0.clone());
    let k: &str = key_words.as_deref().unwrap_or("");
    if f.is_object && !k.is_empty() {
        // FHIR `valueString`, `valueInteger`...: generic, labelled by a sibling.
        if GENERIC_VALUE_KEYS.contains(&k) || k.starts_with("value ") {
            f.deferred.push((s, e, is_str));
            return;
        }
        if is_str && k == "resource type" {
            f.resource = Some((s, e));
            f.own_resource = true;
        }
        // A hint is a code or a field name ("phone", "http://…/mrn", "Social Security Number"),
        // not prose ("DOB: 03/14/1962") and not something we redacted: the same
        // sibling must mean the same before and after redaction.
        let v = &text[s..e];
        if is_str && HINT_KEYS.contains(&k) && e - s <= 64 && !v.contains(": ") && !crate::detect::has_redaction_token(v) {
            let hint = if k == "reference" {
                // "Patient/P-0048213": the resource type says who the sibling `display` is.
                v.split('/').next().and_then(labels::lookup).filter(|h| matches!(h, LabelKind::Phi(crate::PhiType::Name) | LabelKind::Provider))
            } else {
                labels::lookup(v).or_else(|| {
                    // URIs such as "http://hospital.example/mrn", FHIR extension urls ".../fhir/age".
                    v.rsplit(['/', ':', '#', '.']).next().and_then(labels::lookup)
                })
            };
            if hint.is_some() && f.hint.is_none() {
                f.hint = hint;
            }
        }
    }
    let mut kind = info.and_then(|i| i.1);
    // {"name": "New patient"} in a list of appointment types is not a person:
    // the bare key "name" needs a value shaped like a person's name.
    if k == "name" && kind == Some(LabelKind::Phi(crate::PhiType::Name)) && !crate::detect::names::plausible_name(&text[s..e]) {
        kind = None;
    }
    if f.is_object && kind.is_none() {
        if let Some((ps, pe)) = f.parent_key {
            let parent_words = f.parent_info.as_ref().map(|i| i.0.clone());
            let parent: &str = parent_words.as_deref().unwrap_or("");
            // "patients" → "patient", "families" → "family" (worked out only for id keys).
            let singular = || parent.strip_suffix("ies").map(|p| format!("{p}y")).or_else(|| parent.strip_suffix('s').map(str::to_string)).unwrap_or_else(|| parent.to_string());
            let resource = f.resource.map(|(rs, re)| &text[rs..re]);
            if matches!(k, "id" | "uuid" | "identifier" | "patient id") && (PERSON_KEYS.contains(&parent) || PERSON_KEYS.contains(&singular().as_str())) {
                // {"patient": {"id": "P-0048213"}}, {"patients": [{"id": ...}]}: an id inside a person object identifies that person.
                kind = Some(LabelKind::Phi(crate::PhiType::OtherId));
            } else if !k.is_empty() && !resource.is_some_and(|r| ADMIN_RESOURCES.contains(&r)) {
                // {"period": {"start": ...}}: the parent key and the key together ("period start").
                let child = f.key.map_or("", |(ks, ke)| &text[ks..ke]);
                kind = keys.pair.get_or_insert_with((&text[ps..pe], child), || labels::lookup_exact(&format!("{parent} {k}")).filter(|k| matches!(k, LabelKind::Phi(_))));
            }
        }
    }
    // {"resourceType": "Patient", "id": "P-0048213"}
    if kind.is_none() && k == "id" && f.own_resource && f.resource.is_some_and(|(rs, re)| PERSON_RESOURCES.contains(&&text[rs..re])) {
        kind = Some(LabelKind::Phi(crate::PhiType::OtherId));
    }
    if e - s > MEMO_VALUE_LEN {
        value(text, s, e, is_str, kind, opts, out);
        return;
    }
    let v = &text[s..e];
    let hits = keys.values.get_or_insert_with((v, is_str, kind), || {
        let mut hits = Vec::new();
        value(v, 0, v.len(), is_str, kind, opts, &mut hits);
        hits.into()
    });
    for h in hits.iter() {
        let mut h = h.clone();
        h.finding.start += s;
        h.finding.end += s;
        out.push(h);
    }
}

/// Scans the scalar at `s..e` of `text`, under what its key says.
fn value(text: &str, s: usize, e: usize, is_str: bool, kind: Option<LabelKind>, opts: &ScanOptions, out: &mut Vec<Hit>) {
    if s == e {
        return;
    }
    let v = &text[s..e];
    if !is_str {
        // Numbers and literals are only PHI when their key says so ("ssn": 219099999, "age": 94).
        if kind.is_none() || !v.bytes().all(|c| c.is_ascii_digit()) {
            return;
        }
    }
    let from = out.len();
    // Escaped strings ("Jos\u00e9", "line\nPatient: ...") are scanned decoded,
    // and findings are mapped back to the raw text on escape boundaries, so a
    // replacement never cuts through `\uXXXX` or `\n`.
    if is_str && v.contains('\\') {
        if let Some((decoded, map)) = unescape(v) {
            scan_segment(&decoded, kind, opts, out);
            for h in &mut out[from..] {
                h.finding.start = s + map[h.finding.start];
                h.finding.end = s + map[h.finding.end];
                h.json_string = true;
            }
            return;
        }
    }
    scan_segment(v, kind, opts, out);
    for h in &mut out[from..] {
        h.finding.start += s;
        h.finding.end += s;
        h.bare_json = !is_str;
        h.json_string = is_str;
    }
}

/// Decodes the escapes of a JSON string's raw content. Returns the decoded
/// text and, for each decoded byte plus one past the end, the raw offset of
/// the escape (or character) it came from. `None` for an invalid escape.
/// A lone surrogate decodes to U+FFFD.
pub(crate) fn unescape(raw: &str) -> Option<(String, Vec<usize>)> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    let hex4 = |at: usize| -> Option<u32> { u32::from_str_radix(raw.get(at..at + 4)?, 16).ok() };
    while i < b.len() {
        let start = i;
        let c = if b[i] == b'\\' {
            let e = *b.get(i + 1)?;
            i += 2;
            match e {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hi = hex4(i)?;
                    i += 4;
                    if (0xD800..0xDC00).contains(&hi) && b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                        match hex4(i + 2) {
                            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                i += 6;
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}')
                            }
                            _ => '\u{FFFD}',
                        }
                    } else {
                        char::from_u32(hi).unwrap_or('\u{FFFD}')
                    }
                }
                _ => return None,
            }
        } else {
            let c = raw[i..].chars().next()?;
            i += c.len_utf8();
            c
        };
        out.push(c);
        map.extend(std::iter::repeat_n(start, c.len_utf8()));
    }
    map.push(b.len());
    Some((out, map))
}

/// Escapes `s` for use inside a JSON string literal.
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

fn after_value(b: &[u8], i: usize, stack: &mut [Frame], done_root: &mut bool) -> Result<usize, ()> {
    let i = skip_ws(b, i);
    let Some(f) = stack.last_mut() else {
        *done_root = true;
        return if skip_ws(b, i) == b.len() { Ok(b.len()) } else { Err(()) };
    };
    match b.get(i) {
        Some(b',') => {
            if f.is_object {
                f.expect_key = true;
            }
            let j = skip_ws(b, i + 1);
            if matches!(b.get(j), Some(b'}') | Some(b']') | None) {
                return Err(()); // trailing comma
            }
            Ok(j)
        }
        Some(b'}') | Some(b']') => Ok(i),
        _ => Err(()),
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Index of the closing quote of a string whose content starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'"' => return Some(i),
            b'\\' => i += 2,
            0x00..=0x1f => return None,
            _ => i += 1,
        }
    }
    None
}

/// End of a number / true / false / null starting at `i`.
fn scalar_end(b: &[u8], i: usize) -> Option<usize> {
    for lit in [&b"true"[..], b"false", b"null"] {
        if b[i..].starts_with(lit) {
            return Some(i + lit.len());
        }
    }
    let mut j = i;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let digits_start = j;
    while j < b.len() && (b[j].is_ascii_digit() || matches!(b[j], b'.' | b'e' | b'E' | b'+' | b'-')) {
        j += 1;
    }
    (j > digits_start && b[digits_start].is_ascii_digit()).then_some(j)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    fn found(s: &str) -> Vec<(PhiType, String)> {
        let scan = Guard::default().scan(s, Format::Json);
        scan.findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn keys_are_labels() {
        assert_eq!(found(r#"{"ssn":"219099999","ok":true}"#), [(PhiType::Ssn, "219099999".into())]);
        assert_eq!(found(r#"{"patientName":"maria garcia"}"#), [(PhiType::Name, "maria garcia".into())]);
        assert_eq!(found(r#"{"age": 94, "count": 94}"#), [(PhiType::Age, "94".into())]);
        assert_eq!(
            found(r#"{"telecom":[{"system":"phone","value":"3125550142"}]}"#),
            [(PhiType::Phone, "3125550142".into())]
        );
        assert_eq!(found(r#"{"name":[{"family":"Nguyen","given":["Linh"]}]}"#).len(), 2);
    }

    #[test]
    fn redaction_keeps_json_valid() {
        let g = Guard::default();
        let out = g.scan(r#"{"ssn": 219099999, "note": "call 312-555-0142"}"#, Format::Json).redacted;
        assert_eq!(out, r#"{"ssn": "[SSN]", "note": "call [PHONE]"}"#);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v.is_object());
    }

    #[test]
    fn deep_nesting_and_malformed() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(Guard::default().scan(&deep, Format::Json).findings.is_empty());
        let bad = r#"{"ssn": "219-09-9999", "#;
        let scan = Guard::default().scan(bad, Format::Json);
        assert_eq!(scan.format, Format::Text);
        assert_eq!(scan.findings.len(), 1);
    }
}
