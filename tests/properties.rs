//! Property tests for the engine: idempotence, offsets on character
//! boundaries, JSON that stays valid with the same shape, and redacted output
//! that never contains a value we detected.
//!
//! Inputs mix synthetic PHI (valid SSNs, Luhn-valid cards, phones, e-mails,
//! dates, names from the built-in lists, with and without labels) with random
//! filler: ASCII words, accents, CJK, emoji (surrogate pairs in UTF-16),
//! arbitrary Unicode scalars, and JSON structures with `\uXXXX` escapes.
//!
//! The default case count is small so `cargo test` stays fast; raise it with
//! `PROPTEST_CASES=2000 cargo test --release --test properties`.

use phi_guard::{to_utf16_offsets, utf16_to_byte, Format, Guard};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config as PtConfig;
use serde_json::{Map, Value};

fn config() -> PtConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48);
    PtConfig { cases, failure_persistence: None, ..PtConfig::default() }
}

const OPERATORS: &[&str] = &["tag", "mask", "partialMask", "remove", "pseudonym", "generalize"];

fn guard(op: &str) -> Guard {
    Guard::from_json(&format!(r#"{{"operators":{{"*":"{op}"}},"pseudonymKey":"property-test-key-0123456789"}}"#)).unwrap()
}

fn guards() -> Vec<(&'static str, Guard)> {
    OPERATORS.iter().map(|op| (*op, guard(op))).collect()
}

// ---------------------------------------------------------------------------
// Synthetic PHI values (all made up; they only pass format and checksum rules)
// ---------------------------------------------------------------------------

/// Given/surname pairs that are in the built-in name lists.
const NAMES: &[(&str, &str)] = &[
    ("Maria", "Garcia"), ("John", "Smith"), ("Priya", "Patel"), ("Wei", "Zhang"), ("Linh", "Nguyen"), ("José", "García"),
    ("Aoife", "Brennan"), ("Fatima", "Khan"), ("Hiroshi", "Tanaka"), ("DeShawn", "Washington"), ("Sofia", "Lopez"),
];

fn ssn() -> impl Strategy<Value = String> {
    (1u32..900, 1u32..100, 1u32..10000).prop_filter("area 666 is invalid", |(a, _, _)| *a != 666).prop_map(|(a, g, s)| format!("{a:03}-{g:02}-{s:04}"))
}

fn luhn_digit(partial: &str) -> char {
    let sum: u32 = partial
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn card() -> impl Strategy<Value = String> {
    (proptest::collection::vec(0u8..10, 14), any::<bool>()).prop_map(|(d, spaced)| {
        let mut s: String = std::iter::once('4').chain(d.into_iter().map(|x| char::from(b'0' + x))).collect();
        s.push(luhn_digit(&s));
        if spaced {
            s.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ")
        } else {
            s
        }
    })
}

fn phone() -> impl Strategy<Value = String> {
    (200u32..1000, 0u32..100, 0usize..3).prop_map(|(area, n, style)| match style {
        0 => format!("({area}) 555-01{n:02}"),
        1 => format!("{area}-555-01{n:02}"),
        _ => format!("+1 {area} 555 01{n:02}"),
    })
}

fn date() -> impl Strategy<Value = String> {
    (1930u32..2010, 1u32..13, 1u32..29, 0usize..3).prop_map(|(y, m, d, style)| match style {
        0 => format!("{m:02}/{d:02}/{y}"),
        1 => format!("{y}-{m:02}-{d:02}"),
        _ => format!("{} {d}, {y}", ["January", "March", "June", "October"][(m % 4) as usize]),
    })
}

fn name() -> impl Strategy<Value = (String, String)> {
    proptest::sample::select(NAMES).prop_map(|(g, s)| (g.to_string(), s.to_string()))
}

fn email() -> impl Strategy<Value = String> {
    (name(), 1u32..100).prop_map(|((g, s), n)| format!("{}.{}{n}@example.com", g.to_lowercase(), s.to_lowercase()))
}

/// One PHI value in a labelled or self-evident form, as it would be written in a log line or note.
fn phi_phrase() -> impl Strategy<Value = String> {
    prop_oneof![
        ssn().prop_map(|v| format!("SSN {v}")),
        card().prop_map(|v| format!("card {v}")),
        phone().prop_map(|v| format!("call {v}")),
        phone().prop_map(|v| format!("Fax: {v}")),
        email(),
        date().prop_map(|v| format!("DOB: {v}")),
        name().prop_map(|(g, s)| format!("Patient: {g} {s}")),
        name().prop_map(|(g, s)| format!("{s}, {g}")),
        name().prop_map(|(g, _)| format!("daughter {g}")),
        (10_000_000u32..99_999_999).prop_map(|n| format!("MRN: {n}")),
        (90u32..110).prop_map(|n| format!("age: {n}")),
        (1_000_000_000u64..9_999_999_999).prop_map(|n| format!("Member ID: W{n}")),
    ]
}

/// Filler around the PHI. Capital ASCII letters and digits are left out so that
/// filler cannot itself spell a value we later look for in the output
/// (property 4); the arbitrary-scalar arm is only used where that does not matter.
fn filler(arbitrary: bool) -> BoxedStrategy<String> {
    let fixed = prop_oneof![
        "[a-z]{1,8}",
        Just("患者の記録".to_string()),
        Just("😀".to_string()),
        Just("🏥 ok 👍🏽".to_string()),
        Just("naïve café".to_string()),
        Just("환자 데이터".to_string()),
        Just("—".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("[redacted]".to_string()),
    ];
    if arbitrary {
        prop_oneof![4 => fixed, 1 => proptest::collection::vec(any::<char>(), 1..4).prop_map(|c| c.into_iter().collect::<String>())].boxed()
    } else {
        fixed.boxed()
    }
}

fn text(arbitrary: bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![2 => phi_phrase(), 3 => filler(arbitrary)];
    (proptest::collection::vec(piece, 1..10), proptest::sample::select(vec![" ", ", ", "\n", " | ", "; "]))
        .prop_map(|(parts, sep)| parts.join(sep))
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/// Keys: some name their value's type, some are generic, some are not ASCII.
/// None of them is PHI itself (PHI inside keys is redacted too, which would
/// change the key set by design).
const KEYS: &[&str] = &[
    "ssn", "dob", "birthDate", "patientName", "firstName", "memberId", "mrn", "phone", "email", "note", "message", "id", "value",
    "count", "age", "zip", "items", "data", "system", "名前", "😀", "status", "createdAt",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        phi_phrase().prop_map(Value::String),
        ssn().prop_map(Value::String),
        date().prop_map(Value::String),
        email().prop_map(Value::String),
        phone().prop_map(Value::String),
        name().prop_map(|(g, s)| Value::String(format!("{g} {s}"))),
        text(true).prop_map(Value::String),
        // Bare numbers: SSN-, age-, ZIP-shaped and plain counts.
        (100_000_000u64..899_999_999).prop_map(Value::from),
        (0u64..120).prop_map(Value::from),
        (10_000u64..99_999).prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())),
        ]
    })
}

/// Rewrites every non-ASCII character of serialized JSON as `\uXXXX`
/// (surrogate pairs for astral characters), as `ensure_ascii` serializers do.
/// Non-ASCII only occurs inside strings, so the result is the same document.
fn ascii_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

fn json_text() -> impl Strategy<Value = (Value, String)> {
    (json_value(), 0usize..3).prop_map(|(v, style)| {
        let s = match style {
            0 => serde_json::to_string(&v).unwrap(),
            1 => serde_json::to_string_pretty(&v).unwrap(),
            _ => ascii_escaped(&serde_json::to_string(&v).unwrap()),
        };
        (v, s)
    })
}

/// Same keys, same array lengths, same kinds. The one allowed change: a bare
/// number that was detected (`"ssn": 219099999`) becomes a string, because
/// its replacement (`"[SSN]"`, `"90+"`, `""`) is not a number.
fn same_shape(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            if kx != ky {
                return Err(format!("{path}: keys changed"));
            }
            x.iter().try_for_each(|(k, v)| same_shape(v, &y[k], &format!("{path}.{k}")))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: array length {} became {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().try_for_each(|(i, (v, w))| same_shape(v, w, &format!("{path}[{i}]")))
        }
        (Value::String(_), Value::String(_)) | (Value::Number(_), Value::Number(_)) | (Value::Number(_), Value::String(_)) => Ok(()),
        (Value::Bool(x), Value::Bool(y)) if x == y => Ok(()),
        (Value::Null, Value::Null) => Ok(()),
        _ => Err(format!("{path}: kind changed ({a} became {b})")),
    }
}

// ---------------------------------------------------------------------------
// HTML and URL inputs built from the same pieces
// ---------------------------------------------------------------------------

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

fn html() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        text(true).prop_map(|t| format!("<p class=\"x\">{}</p>", html_escape(&t))),
        phi_phrase().prop_map(|t| format!("<td>{}</td>", html_escape(&t))),
        email().prop_map(|e| format!("<input type=\"email\" name=\"email\" value=\"{e}\"/>")),
        json_value().prop_map(|v| format!("<script id=\"__NEXT_DATA__\" type=\"application/json\">{}</script>", serde_json::to_string(&v).unwrap().replace("</", "<\\/"))),
    ];
    proptest::collection::vec(block, 1..5).prop_map(|b| format!("<div>{}</div>", b.join("")))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn url() -> impl Strategy<Value = String> {
    let param = (proptest::sample::select(KEYS), prop_oneof![phi_phrase(), ssn(), email(), date(), text(true)]);
    proptest::collection::vec(param, 1..5).prop_map(|ps| {
        let q: Vec<String> = ps.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
        format!("https://portal.example.com/search?{}", q.join("&"))
    })
}

fn any_input() -> impl Strategy<Value = (Format, String)> {
    prop_oneof![
        text(true).prop_map(|t| (Format::Text, t)),
        json_text().prop_map(|(_, j)| (Format::Json, j)),
        html().prop_map(|h| (Format::Html, h)),
        url().prop_map(|u| (Format::Url, u)),
    ]
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// (1) Redacting redacted text changes nothing, for every operator and format.
    ///
    /// `remove` is the exception, by nature: deleting a value joins the text
    /// around it, which can create new context ("daughter Maria Garcia, Maria"
    /// becomes "daughter , Maria", and now "Maria" follows a relative label).
    /// For `remove` the property is that removal only ever deletes: the output
    /// is the input with the findings cut out, in order.
    #[test]
    fn redaction_is_idempotent((format, input) in any_input()) {
        for (op, g) in guards() {
            if op == "remove" {
                // (JSON and HTML islands: a bare number becomes `""`; property 3 checks validity and shape.)
                if matches!(format, Format::Json | Format::Html) {
                    continue;
                }
                let scan = g.scan(&input, format);
                let mut kept = String::new();
                let mut pos = 0;
                for f in &scan.findings {
                    if f.start >= pos {
                        kept.push_str(&input[pos..f.start]);
                        pos = f.end;
                    }
                }
                kept.push_str(&input[pos..]);
                prop_assert_eq!(&scan.redacted, &kept, "remove deletes exactly the findings");
                continue;
            }
            let once = g.scan(&input, format).redacted;
            let twice = g.scan(&once, format).redacted;
            prop_assert_eq!(&twice, &once, "operator {} format {:?}", op, format);
        }
    }

    /// (2) Offsets fall on char boundaries (bytes) and, converted, on UTF-16
    /// boundaries: never inside a surrogate pair, and they map back exactly.
    #[test]
    fn offsets_fall_on_boundaries((format, input) in any_input()) {
        let scan = Guard::default().scan(&input, format);
        let units: Vec<u16> = input.encode_utf16().collect();
        let mut utf16 = scan.findings.clone();
        to_utf16_offsets(&input, &mut utf16);
        for (f, u) in scan.findings.iter().zip(&utf16) {
            prop_assert!(f.start < f.end && f.end <= input.len());
            prop_assert!(input.is_char_boundary(f.start) && input.is_char_boundary(f.end));
            prop_assert!(u.start < u.end && u.end <= units.len());
            for at in [u.start, u.end] {
                prop_assert!(at == units.len() || !(0xDC00..=0xDFFF).contains(&units[at]), "offset {} splits a surrogate pair", at);
            }
            prop_assert_eq!(utf16_to_byte(&input, u.start), Some(f.start));
            prop_assert_eq!(utf16_to_byte(&input, u.end), Some(f.end));
            // JS `text.slice(start, end)` is the value.
            prop_assert_eq!(String::from_utf16(&units[u.start..u.end]).unwrap(), &input[f.start..f.end]);
        }
    }

    /// (3) Valid JSON stays valid, with the same keys, array lengths and kinds.
    #[test]
    fn json_stays_valid_with_the_same_shape((value, json) in json_text()) {
        for (op, g) in guards() {
            let scan = g.scan(&json, Format::Json);
            prop_assert_eq!(scan.format, Format::Json, "fell back to text");
            let out: Value = match serde_json::from_str(&scan.redacted) {
                Ok(v) => v,
                Err(e) => return Err(TestCaseError::fail(format!("operator {op}: redacted JSON does not parse: {e}"))),
            };
            if let Err(e) = same_shape(&value, &out, "$") {
                return Err(TestCaseError::fail(format!("operator {op}: {e}")));
            }
        }
    }

    /// (4) With the tag operator, no detected value of 4+ characters is left
    /// anywhere in the output.
    #[test]
    fn no_detected_value_survives(input in prop_oneof![text(false), json_text().prop_map(|(_, j)| j)]) {
        let scan = Guard::default().scan(&input, Format::Auto);
        for f in &scan.findings {
            let v = &input[f.start..f.end];
            if v.chars().count() >= 4 {
                prop_assert!(!scan.redacted.contains(v), "{} value of {} chars survives", f.kind, v.chars().count());
            }
        }
    }
}

/// The generators really do produce PHI the engine finds, so the properties
/// above are not vacuous.
#[test]
fn generators_produce_detectable_phi() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let g = Guard::default();
    let mut found = 0;
    for _ in 0..50 {
        let phrase = phi_phrase().new_tree(&mut runner).unwrap().current();
        if !g.scan(&phrase, Format::Text).findings.is_empty() {
            found += 1;
        }
    }
    assert!(found >= 45, "only {found}/50 generated phrases were detected");
}
