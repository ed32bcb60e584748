//! Invariants shared by the fuzz targets. Each `check_*` function panics
//! (which libFuzzer reports as a crash, with the input saved under
//! `fuzz/artifacts/`) when a property of the public API does not hold:
//!
//! - every finding is a non-empty range on `char` boundaries, and its UTF-16
//!   offsets (what JavaScript sees) are the naive count;
//! - redaction removes what was found: a value of 4 or more characters occurs
//!   fewer times in the output than in the input, and every other
//!   occurrence of a value of 6 or more bytes (the propagation threshold of
//!   `Guard::scan`) that stands alone in the input is found too;
//! - redacting the redacted output again changes nothing;
//! - JSON that parses before redaction parses after it, with the same shape;
//! - errors are typed and never repeat a key or an allow-list value;
//! - signals have exactly the v1 fields, a correct `hash`, and none of the
//!   scanned text's values.

use phi_guard::{to_utf16_offsets, Format, Guard, Scan};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The default guard, built once per fuzzing process.
pub fn guard() -> &'static Guard {
    static G: OnceLock<Guard> = OnceLock::new();
    G.get_or_init(Guard::default)
}

fn keyed_guard() -> &'static Guard {
    static G: OnceLock<Guard> = OnceLock::new();
    G.get_or_init(|| Guard::from_json(r#"{"fingerprintKey":"fuzz-fingerprint-key-0123456789"}"#).expect("valid config"))
}

/// Findings are well-formed ranges with correct UTF-16 offsets.
pub fn check_findings(input: &str, scan: &Scan) {
    for f in &scan.findings {
        assert!(f.start < f.end && f.end <= input.len(), "finding {:?} {}..{} outside 0..{}", f.kind, f.start, f.end, input.len());
        assert!(input.is_char_boundary(f.start) && input.is_char_boundary(f.end), "finding {:?} {}..{} splits a char", f.kind, f.start, f.end);
        assert!((0.0..=1.0).contains(&f.score), "score {} out of range", f.score);
        assert!(!f.detector.is_empty(), "finding without a detector id");
    }
    let mut u16s = scan.findings.clone();
    to_utf16_offsets(input, &mut u16s);
    for (b, u) in scan.findings.iter().zip(&u16s) {
        assert_eq!(u.start, input[..b.start].encode_utf16().count(), "UTF-16 start of {:?}", b.kind);
        assert_eq!(u.end, input[..b.end].encode_utf16().count(), "UTF-16 end of {:?}", b.kind);
    }
}

fn word_edge(h: &[u8], at: usize, end: usize) -> bool {
    (at == 0 || !h[at - 1].is_ascii_alphanumeric()) && (end == h.len() || !h[end].is_ascii_alphanumeric())
}

/// Byte ranges of our redaction tokens (`[DATE]`, `[NAME:7f3a9c]`) in `s`:
/// a value that happens to spell a type name ("DATE") is not "still in the
/// output" because a tag contains it.
fn token_ranges(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (i, _) in s.match_indices('[') {
        let tag = b[i + 1..].iter().take_while(|c| c.is_ascii_uppercase() || **c == b'_').count();
        let mut e = i + 1 + tag;
        if tag >= 2 && b.get(e) == Some(&b':') {
            e += 1 + b[e + 1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        }
        if tag >= 2 && b.get(e) == Some(&b']') {
            out.push((i, e + 1));
        }
    }
    out
}

/// The redacted output keeps no detected value (see the crate docs for the
/// exact rule).
pub fn check_values_gone(input: &str, scan: &Scan) {
    let tokens = token_ranges(&scan.redacted);
    for f in &scan.findings {
        let v = &input[f.start..f.end];
        if v.chars().count() >= 4 {
            let outside_tokens = |&(at, _): &(usize, &str)| !tokens.iter().any(|&(s, e)| at < e && s < at + v.len());
            let (before, after) = (input.matches(v).count(), scan.redacted.match_indices(v).filter(outside_tokens).count());
            assert!(after < before, "a {:?} value of {} bytes is still in the output ({after} of {before} occurrences)", f.kind, v.len());
        }
        // Propagation: every other occurrence of a value of 6+ bytes that
        // stands alone in the input (a word edge on both sides) is found too
        // (never URLs).
        if v.len() >= 6 && f.kind != phi_guard::PhiType::Url {
            let b = input.as_bytes();
            for (at, _) in input.match_indices(v) {
                let end = at + v.len();
                let covered = scan.findings.iter().any(|g| g.start < end && g.end > at);
                assert!(!word_edge(b, at, end) || covered, "a {:?} value of {} bytes is left at another place in the input", f.kind, v.len());
            }
        }
    }
}

/// `PHI_GUARD_FUZZ_STRICT=1` (the default of `make fuzz`) asks for exact
/// idempotence: redacting the output again changes nothing. Without it (the
/// short run inside `make test`) the second pass may still find something the
/// first one missed, because a replacement changes the context around it
/// (`Kenji J. Hu2a02:…` hides the IPv6 address until the name is a tag); such
/// inputs are recall gaps of the detectors, kept in `fuzz/known/`. What must
/// hold either way is `check_tags_stable`.
fn strict() -> bool {
    static S: OnceLock<bool> = OnceLock::new();
    *S.get_or_init(|| std::env::var("PHI_GUARD_FUZZ_STRICT").is_ok_and(|v| v == "1"))
}

/// The replacements of the first pass are inert: no finding of the second
/// pass cuts into a tag (`[SSN]`, `[NAME]`, ...), so no tag is rewritten or
/// split.
pub fn check_tags_stable(first: &str, again: &Scan) {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = first[from..].find('[') {
        let at = from + i;
        if let Some(len) = first[at + 1..].find(']') {
            if first[at + 1..at + 1 + len].parse::<phi_guard::PhiType>().is_ok() {
                tags.push((at, at + len + 2));
            }
        }
        from = at + 1;
    }
    for f in &again.findings {
        // Swallowing a whole tag into a larger finding (a URL around it) only
        // redacts more; cutting into one would rewrite it.
        let split = tags.iter().any(|&(s, e)| f.start < e && f.end > s && !(f.start <= s && f.end >= e));
        assert!(!split, "the second pass found a {:?} that cuts into a replacement of the first", f.kind);
    }
}

/// Scans `input` and checks findings, values and idempotence. Returns the scan.
pub fn check_scan(guard: &Guard, input: &str, format: Format) -> Scan {
    let scan = guard.scan(input, format);
    check_findings(input, &scan);
    check_values_gone(input, &scan);
    let again = guard.scan(&scan.redacted, format);
    if strict() {
        assert!(again.redacted == scan.redacted, "redacting the redacted output changed it again ({} findings the second time)", again.findings.len());
    } else {
        check_tags_stable(&scan.redacted, &again);
    }
    if scan.fallback.is_some() {
        assert_eq!(scan.format, Format::Text, "a fallback is a text scan");
    }
    scan
}

/// The shape of a JSON document: containers and the order of their values.
/// Keys are left out (a key can be PHI and be redacted) and all scalars are
/// equal (a bare number that is PHI becomes a string tag). Duplicate keys are
/// kept, unlike `serde_json::Value`.
#[derive(Debug, PartialEq)]
enum Shape {
    Object(Vec<Shape>),
    Array(Vec<Shape>),
    Scalar,
}

struct ShapeVisitor;

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
}

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element::<Shape>()? {
            v.push(x);
        }
        Ok(Shape::Array(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
        let mut v = Vec::new();
        while let Some((_, x)) = a.next_entry::<serde::de::IgnoredAny, Shape>()? {
            v.push(x);
        }
        Ok(Shape::Object(v))
    }
}

/// JSON that serde_json accepts is scanned as JSON (no fallback), and its
/// redacted form parses with the same shape. serde_json stops at 128 levels,
/// so deeper documents are only checked for "no panic" here (the native
/// bad-input tests cover 100,000 levels).
pub fn check_json_shape(input: &str, scan: &Scan) {
    let Ok(before) = serde_json::from_str::<Shape>(input) else { return };
    assert!(scan.fallback.is_none(), "valid JSON fell back to a text scan");
    assert_eq!(scan.format, Format::Json);
    let after = serde_json::from_str::<Shape>(&scan.redacted).unwrap_or_else(|e| panic!("redacted JSON does not parse: {e}"));
    assert!(before == after, "redaction changed the JSON shape");
}

/// A text with one value of most types, scanned by every guard a fuzzed
/// config compiles to.
pub const SAMPLE: &str = "Patient: Maria Garcia, DOB 03/14/1962, SSN 219-09-9999, MRN 00482913, \
    maria.garcia@example.com, (312) 555-0142, 1600 Main St, Springfield, IL 62704, card 4111 1111 1111 1111, \
    https://portal.example.com/p?ssn=219-09-9999 {\"dob\":\"1962-03-14\",\"zip\":62704}";

/// JSON pointers to every string in `v` (not keys) at a path where the
/// config never has a reason to quote it back (keys, allow-list values,
/// labels, patterns). Identifiers the user chose (custom pattern ids, type
/// names, detector ids, json key rules) may be named in errors, so they are
/// skipped.
fn unquotable(v: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    match v {
        Value::String(_) => {
            let p = path.join("/");
            let named = p.starts_with("customPatterns/") && (p.ends_with("/id") || p.ends_with("/type"))
                || p.starts_with("jsonKeys/")
                || p.starts_with("disableTypes")
                || p.starts_with("disableDetectors");
            if !named {
                out.push(path.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect());
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                unquotable(x, path, out);
                path.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                path.push(k.clone());
                unquotable(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Config parsing: a guard, or a `config`/`pattern` error whose message does
/// not depend on any value the user wrote (checked by swapping each value for
/// a canary of the same length and looking for the canary in the message).
pub fn check_config(text: &str) {
    match Guard::from_json(text) {
        Ok(g) => {
            let scan = g.scan(SAMPLE, Format::Auto);
            check_findings(SAMPLE, &scan);
        }
        Err(e) => {
            assert!(matches!(e.code(), "config" | "pattern"), "unexpected error code {}", e.code());
            let Ok(mut v) = serde_json::from_str::<Value>(text) else { return };
            let mut pointers = Vec::new();
            unquotable(&v, &mut Vec::new(), &mut pointers);
            for p in pointers {
                let Some(Value::String(s)) = v.pointer_mut(&p) else { continue };
                if s.len() < 4 {
                    continue;
                }
                // Compare with the same document re-serialised, so a canary
                // that also appears in a key or elsewhere is not a false alarm.
                let canary = "Q".repeat(s.len());
                let original = std::mem::replace(s, canary.clone());
                let probe = serde_json::to_string(&v).expect("serialisable");
                if let Some(Value::String(s)) = v.pointer_mut(&p) {
                    *s = original;
                }
                let plain = serde_json::to_string(&v).expect("serialisable");
                let count = |doc: &str| Guard::from_json(doc).err().map_or(0, |e| e.message().matches(canary.as_str()).count());
                assert!(count(&probe) <= count(&plain), "a config error repeats a value the user wrote");
            }
        }
    }
}

const SIGNAL_KEYS: &[&str] = &[
    "schema", "id", "seq", "emitterId", "prevHash", "hash", "occurredAt", "discoveredAt", "drill", "channel", "route", "runtime", "deployment", "region", "kind", "severity",
    "notification", "mitigation", "reasons", "identifierTypes", "counts", "fingerprints", "obligations",
];
const CHANNELS: &[&str] = &["response_body", "request_url", "request_body", "server_log", "server_error", "client_error", "edge_middleware", "guard_failure"];
const POLICIES: &[&str] = &["no_phi", "owner_only", "authenticated", "allow"];

/// The strings of a classification output. With `oracle`, only those that
/// could carry text from the event. Left out: object keys (a fixed schema and
/// type names); values from a closed vocabulary (kinds, severities, channels,
/// enums) and fixed English templates (`reasons`, `basis`, `disclaimer`, the
/// four-factor texts), where a value such as "nauthorized_disclosu" or
/// "dueBy" after a label can match by chance (`classify.rs` fills them from
/// enums, types and counts only, and `check_signal` pins the signal's key
/// set); fingerprints and chain hashes (hex: a digit-only value turns up by
/// chance); deadlines and times (from the harness's fixed `discoveredAt`).
fn strings<'a>(v: &'a Value, oracle: bool, out: &mut Vec<&'a str>) {
    const FIXED: &[&str] = &[
        "fingerprints", "hash", "prevHash", "dueBy", "occurredAt", "discoveredAt", "reasons", "basis", "disclaimer", "fourFactor",
        "kind", "exposureKind", "notification", "severity", "channel", "runtime", "schema", "mitigation", "natureAndExtent",
    ];
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, oracle, out)),
        Value::Object(o) => {
            for (k, x) in o {
                if !oracle {
                    out.push(k);
                }
                if !(oracle && FIXED.contains(&k.as_str())) {
                    strings(x, oracle, out);
                }
            }
        }
        _ => {}
    }
}

fn check_signal(out: &Value) {
    let signal = &out["signal"];
    let keys: Vec<&str> = signal.as_object().expect("signal is an object").keys().map(String::as_str).collect();
    let mut want = SIGNAL_KEYS.to_vec();
    want.sort();
    assert_eq!(keys, want, "signal fields");
    assert_eq!(signal["hash"].as_str(), Some(phi_guard::signal_hash(signal).as_str()), "signal hash");
    assert!(out["classification"].is_object());
}

/// Classification; see `fuzz_targets/classify.rs` for the two modes.
pub fn check_classify(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let g = keyed_guard();
    if mode & 1 == 0 {
        if let Ok(s) = std::str::from_utf8(rest) {
            match g.classify_json(s) {
                Ok(out) => check_signal(&serde_json::from_str(&out).expect("classify returns JSON")),
                Err(e) => assert_eq!(e.code(), "event"),
            }
        }
        return;
    }
    let text = String::from_utf8_lossy(rest);
    let channel = CHANNELS[(mode >> 1) as usize % CHANNELS.len()];
    let event = |text: &str| {
        json!({
            "text": text, "channel": channel, "route": "/api/patients/[id]", "runtime": "nodejs",
            "authenticated": mode & 0x40 != 0, "policy": POLICIES[(mode >> 4) as usize % 4],
            "mitigation": if mode & 0x80 != 0 { "redacted" } else { "none" },
            "discoveredAt": "2031-07-19T05:06:07Z", "signalId": "fuzz-signal",
            "chain": { "emitterId": "fuzz", "seq": 7, "prevHash": null },
        })
        .to_string()
    };
    let out: Value = serde_json::from_str(&g.classify_json(&event(&text)).expect("a well-formed event classifies")).expect("JSON");
    check_signal(&out);
    let baseline: Value = serde_json::from_str(&g.classify_json(&event("")).expect("empty text classifies")).expect("JSON");
    let mut fixed = Vec::new();
    strings(&baseline, true, &mut fixed);
    let mut emitted = Vec::new();
    strings(&out, true, &mut emitted);
    let format = if matches!(channel, "request_url" | "edge_middleware") { Format::Url } else { Format::Auto };
    let scan = g.scan(&text, format);
    for f in &scan.findings {
        let v = &text[f.start..f.end];
        if v.chars().count() < 4 || fixed.iter().any(|s| s.contains(v)) {
            continue;
        }
        assert!(!emitted.iter().any(|s| s.contains(v)), "a {:?} value from the text is in the classification or signal", f.kind);
    }
}
