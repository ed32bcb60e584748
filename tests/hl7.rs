//! HL7 v2 messages through `Guard::scan`: the person segments' fields are
//! found by position (`src/detect/hl7.rs`) alongside the text scan, and
//! redaction keeps every separator, so the message still parses. All
//! values are synthetic.

use phi_guard::{Format, Guard, PhiType};
use proptest::prelude::*;

const MSH: &str = r"MSH|^~\&|EPIC|HOSP|LAB|HOSP|202611231200||ADT^A01|MSG00001|P|2.5";
const PID: &str = "PID|1||88421337^^^HOSP^MR||Quibble^Zoltan^F||19610314|M|||4417 Wexford Ln^^Springfield^IL^62704||(312)555-0142|||||219-09-9999";
const NK1: &str = "NK1|1|Quibble^Ilona|SPO|||(312)555-0188";

const PID_REDACTED: &str = "PID|1||[MRN]^^^HOSP^MR||[NAME]^[NAME]^[NAME]||[DATE]|M|||[ADDRESS]^^[ADDRESS]^IL^[ZIP_CODE]||[PHONE]|||||[SSN]";
const NK1_REDACTED: &str = "NK1|1|[NAME]^[NAME]|SPO|||[PHONE]";

fn message(eol: &str) -> String {
    [MSH, PID, NK1].join(eol)
}

/// The bytes that structure a message with the standard separators.
fn structure(s: &str) -> Vec<u8> {
    s.bytes().filter(|c| b"|^~&\\\r\n".contains(c)).collect()
}

#[test]
fn the_example_is_redacted_field_by_field() {
    let g = Guard::default();
    for eol in ["\r", "\n", "\r\n"] {
        let text = message(eol);
        for format in [Format::Auto, Format::Text, Format::Log, Format::Error] {
            let scan = g.scan(&text, format);
            assert_eq!(scan.redacted, [MSH, PID_REDACTED, NK1_REDACTED].join(eol), "{eol:?} {format:?}");
            assert_eq!(structure(&scan.redacted), structure(&text));
        }
        let scan = g.scan(&text, Format::Text);
        // PID-18 holds an SSN-shaped value: the SSN detector's finding is
        // more specific than the field's account number, and wins.
        let kinds: Vec<_> = scan.findings.iter().map(|f| (f.kind, f.detector.as_ref())).collect();
        assert!(kinds.contains(&(PhiType::Ssn, "ssn")), "{kinds:?}");
        assert!(kinds.contains(&(PhiType::Mrn, "hl7")) && kinds.contains(&(PhiType::Date, "hl7")), "{kinds:?}");
        assert!(!kinds.iter().any(|k| k.0 == PhiType::AccountNumber), "{kinds:?}");
    }
}

#[test]
fn custom_separators_repetitions_escapes_and_empty_components() {
    let g = Guard::default();
    // Field `#`, component `$`, repetition `!`, escape `\`, subcomponent `%`.
    let text = "MSH#$!\\%#EPIC#HOSP\rPID#1##88421337$$$HOSP$MR!219099999$$$SSA$SS##O\\T\\Quibble%Zed$Zoltan##19610314";
    assert_eq!(g.scan(text, Format::Text).redacted, "MSH#$!\\%#EPIC#HOSP\rPID#1##[MRN]$$$HOSP$MR![SSN]$$$SSA$SS##[NAME]%[NAME]$[NAME]##[DATE]");
    // Repetitions, an escape inside a name, empty components, HL7's null.
    let pid = r#"PID|1||88421337^^^HOSP^MR~W123456789^^^ACME^MB||Quibble\T\Sons^Zoltan^^^""~Quibble^Zed||""|M|||^^Springfield^^62704"#;
    let scan = g.scan(&format!("{MSH}\r{pid}"), Format::Text);
    assert_eq!(
        scan.redacted,
        format!(r#"{MSH}{}PID|1||[MRN]^^^HOSP^MR~[HEALTH_PLAN_ID]^^^ACME^MB||[NAME]^[NAME]^^^""~[NAME]^[NAME]||""|M|||^^[ADDRESS]^^[ZIP_CODE]"#, '\r')
    );
}

#[test]
fn a_message_in_a_json_string_value() {
    let g = Guard::default();
    // `\r` written as the JSON escape, HL7's `\T\` as `\\T\\`.
    let msg = [MSH, r"PID|1||88421337^^^HOSP^MR||O\T\Quibble^Zoltan||19610314", NK1].join("\r");
    let body = serde_json::json!({ "source": "lab", "hl7": msg }).to_string();
    assert!(body.contains(r"\r") && body.contains(r"O\\T\\Quibble"));
    let scan = g.scan(&body, Format::Json);
    let out: serde_json::Value = serde_json::from_str(&scan.redacted).expect("still JSON");
    assert_eq!(out["hl7"], [MSH, "PID|1||[MRN]^^^HOSP^MR||[NAME]^[NAME]||[DATE]", NK1_REDACTED].join("\r"));
    // One segment alone in a string with no escape is read as well.
    let body = serde_json::json!({ "segment": PID }).to_string();
    let out: serde_json::Value = serde_json::from_str(&g.scan(&body, Format::Auto).redacted).expect("still JSON");
    assert_eq!(out["segment"], PID_REDACTED);
}

#[test]
fn a_message_in_a_log_line_and_segments_without_a_header() {
    let g = Guard::default();
    let log = format!("2026-11-23T12:00:00Z INFO inbound {}\n2026-11-23T12:00:01Z INFO ack sent", message("\r"));
    let want = format!("2026-11-23T12:00:00Z INFO inbound {}\n2026-11-23T12:00:01Z INFO ack sent", [MSH, PID_REDACTED, NK1_REDACTED].join("\r"));
    assert_eq!(g.scan(&log, Format::Log).redacted, want);
    assert_eq!(g.scan(&format!("{PID}\n{NK1}"), Format::Text).redacted, format!("{PID_REDACTED}\n{NK1_REDACTED}"));
}

/// A message further on in a text changes nothing of what the text scan
/// finds before it: its names used to come first among the findings, out
/// of order, and the date pass, which looks for the name just before a
/// date among them, missed it ("John Smith 03/14/1961" kept its date).
#[test]
fn a_message_later_in_the_text_leaves_the_prose_before_it_alone() {
    let g = Guard::default();
    let prose = "Called John Smith 03/14/1961 about results.";
    let text = format!("{prose}\nMSH|^~\\&|A|B\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan\rNK1|1|Quibble^Ilona");
    let scan = g.scan(&text, Format::Text);
    assert!(!scan.redacted.contains("03/14/1961"), "{}", scan.redacted);
    assert!(scan.redacted.starts_with(&g.scan(prose, Format::Text).redacted), "{}", scan.redacted);
}

/// The last field of a segment runs to its line's end; the page's markup
/// or the log line's fields after it are kept (they were redacted with
/// the value: `Zoltan</pre>...</html>` as one name, `19610314 took=12ms
/// status=200 route=/api/adt` as one date).
#[test]
fn markup_and_log_fields_after_a_segment_are_kept() {
    let g = Guard::default();
    let page = r#"<pre>MSH|^~\&amp;|A|B
PID|1||88421337^^^HOSP^MR||Quibble^Zoltan</pre><p><a href="/help">Help</a></p></body></html>"#;
    for format in [Format::Text, Format::Html, Format::Auto] {
        let out = g.scan(page, format).redacted;
        assert!(out.ends_with(r#"</pre><p><a href="/help">Help</a></p></body></html>"#), "{format:?}: {out}");
        assert!(!out.contains("Zoltan") && !out.contains("88421337"), "{format:?}: {out}");
    }
    let log = format!("{MSH}\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan||19610314 took=12ms status=200 route=/api/adt");
    let out = g.scan(&log, Format::Log).redacted;
    assert!(out.ends_with("||[DATE] took=12ms status=200 route=/api/adt"), "{out}");
}

/// Prose about a person (a name, then a date), then a message: the
/// findings in the prose are those of the prose alone (its names none
/// of the message's: a name found in one place is found in another).
fn prose() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["John Smith", "Maria Garcia", "Dr. Helen Park", "Ana Lopez"]);
    let date = prop::sample::select(vec!["03/14/1961", "1961-03-14", "March 14, 1961", "14 Mar 1961"]);
    let before = prop::sample::select(vec!["Called", "Saw", "Spoke with", "Note: met"]);
    let after = prop::sample::select(vec!["about results.", "re: labs", "at the clinic, call 312-555-0142.", ""]);
    let filler = prop::sample::select(vec!["", "The weather was fine. ", "Order 4412 shipped. "]);
    (filler.clone(), before, name, date, after, filler).prop_map(|(f1, b, n, d, a, f2)| format!("{f1}{b} {n} {d} {a} {f2}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn a_message_after_prose_changes_none_of_its_findings(prose in prose(), msg in hl7_message(), eol in prop::sample::select(vec!["\n", "\n\n", "\r\n"])) {
        let g = Guard::default();
        let text = format!("{prose}{eol}{msg}");
        let spans = |s: &phi_guard::Scan| s.findings.iter().filter(|f| f.end <= prose.len()).map(|f| (f.kind, f.start, f.end)).collect::<Vec<_>>();
        prop_assert_eq!(spans(&g.scan(&text, Format::Text)), spans(&g.scan(&prose, Format::Text)), "{:?}", text);
    }
}

/// Text with `|` that is no HL7 segment is scanned as before: nothing is
/// found by position.
#[test]
fn pipe_separated_text_is_not_a_message() {
    let g = Guard::default();
    for text in [
        "ABC|def|ghi\nXYZ|123|Quibble^Zoltan",
        "PID|PPID|CMD|USER\n4242|1|bash|root",
        "| PID | NK1 | GT1 |\n|---|---|---|\n| 1 | 2 | 3 |",
        "level=info|pid=42|svc=lab|took=12ms",
        "MSH|header|x\rMRG|88421337^^^HOSP^MR",
    ] {
        let scan = g.scan(text, Format::Text);
        assert!(scan.findings.iter().all(|f| f.detector != "hl7"), "{text:?}: {:?}", scan.findings);
    }
}

#[test]
fn the_detector_can_be_turned_off() {
    let g = Guard::from_json(r#"{"disableDetectors":["hl7"]}"#).unwrap();
    let scan = g.scan(&message("\r"), Format::Text);
    assert!(scan.findings.iter().all(|f| f.detector != "hl7"));
    assert!(scan.redacted.contains("88421337"));
}

#[test]
fn every_operator_keeps_the_separators_and_is_idempotent() {
    let text = [MSH, PID, NK1, "GT1|1|G-4412|Quibble^Ilona||4417 Wexford Ln^^Springfield^IL^62704|(312)555-0188||19630521"].join("\r");
    for op in ["tag", "mask", "partialMask", "remove", "pseudonym", "generalize"] {
        let g = Guard::from_json(&format!(r#"{{"operators":{{"*":"{op}"}},"pseudonymKey":"hl7-test-key-0123456789abcdef"}}"#)).unwrap();
        let once = g.scan(&text, Format::Text).redacted;
        assert_eq!(structure(&once), structure(&text), "{op}: {once}");
        for value in ["88421337", "Zoltan", "Ilona", "19610314", "Springfield", "62704", "G-4412"] {
            assert!(!once.contains(value), "{op}: {value} in {once}");
        }
        assert_eq!(g.scan(&once, Format::Text).redacted, once, "{op}");
    }
}

/// Field values of every kind the segments hold, some with characters
/// beyond ASCII, escapes, nulls and white space.
fn value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Quibble", "Zoltan", "Ilona", "F", "Zoë", "名前", r"O\T\Brien", r"Zed\F\Jr", "88421337", "219-09-9999", "19610314", "(312)555-0142", "312", "5550142",
        "zq@example.com", "4417 Wexford Ln", "Springfield", "IL", "62704", "MR", "SS", "FX", "NET", "Dr", "MD", " ", "", "\"\"", "😀",
    ])
    .prop_map(String::from)
}

/// A message with the standard separators: a header (or none) and person
/// and other segments, their fields of components, repetitions and
/// subcomponents of [`value`]s, between `\r`, `\n` or `\r\n`.
fn hl7_message() -> impl Strategy<Value = String> {
    let id = prop::sample::select(vec!["PID", "NK1", "GT1", "IN1", "MRG", "PV1", "OBX"]);
    let field = proptest::collection::vec((prop::sample::select(vec!["", "^", "~", "&"]), value()), 0..6);
    let segment = (id, proptest::collection::vec(field, 0..24));
    (any::<bool>(), prop::sample::select(vec!["\r", "\n", "\r\n"]), proptest::collection::vec(segment, 1..4)).prop_map(|(header, eol, segments)| {
        let mut lines = if header { vec![MSH.to_string()] } else { Vec::new() };
        for (id, fields) in segments {
            let mut line = format!("{id}|1");
            for f in fields {
                line.push('|');
                for (sep, v) in f {
                    line += sep;
                    line += &v;
                }
            }
            lines.push(line);
        }
        lines.join(eol)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]
    /// In a scan of a message (alone, in a log line, in a JSON string), no
    /// finding in a person segment covers a separator or a line's end,
    /// and every offset is a character boundary.
    #[test]
    fn findings_in_segments_cover_no_separator(msg in hl7_message(), wrap in 0u8..3) {
        let g = Guard::default();
        let (text, format) = match wrap {
            0 => (msg.clone(), Format::Text),
            1 => (format!("2026-11-23T12:00:00Z INFO inbound {msg}\nnext line"), Format::Log),
            _ => (serde_json::json!({ "hl7": msg }).to_string(), Format::Json),
        };
        let scan = g.scan(&text, format);
        // The raw JSON string holds `\r` as two bytes, and `\\` for `\`:
        // there the backslash and the letters of an escape are no separator.
        let separators: &[u8] = if wrap == 2 { b"|^~&" } else { b"|^~&\r\n" };
        for f in &scan.findings {
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            if f.detector == "hl7" {
                prop_assert!(!text.as_bytes()[f.start..f.end].iter().any(|c| separators.contains(c)), "{:?} in {:?}", &text[f.start..f.end], text);
            }
        }
        // What the scan kept of each segment: the same separators.
        prop_assert_eq!(structure(&scan.redacted).iter().filter(|c| **c != b'\\').count(), structure(&text).iter().filter(|c| **c != b'\\').count());
    }
}

/// The values of the findings of `text` (as a text), with their types.
fn found(text: &str) -> Vec<(PhiType, String)> {
    Guard::default().scan(text, Format::Text).findings.iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
}

/// IN2-1 (the insured's employee id) holds an SSN in many feeds: a valid
/// one is an SSN, anything else another id.
#[test]
fn in2_1_is_an_ssn_when_it_is_a_valid_one() {
    let f = found(&[MSH, "IN2|219099999|||||1EG4TE5MK73"].join("\r"));
    assert!(f.contains(&(PhiType::Ssn, "219099999".into())), "{f:?}");
    assert!(!f.iter().any(|(ty, _)| *ty == PhiType::OtherId), "{f:?}");
    for id in ["E-4412", "666099999", "2190999"] {
        let f = found(&[MSH, &format!("IN2|{id}|||||1EG4TE5MK73")].join("\r"));
        assert!(f.contains(&(PhiType::OtherId, id.into())), "{id}: {f:?}");
        assert!(!f.iter().any(|(ty, _)| *ty == PhiType::Ssn), "{id}: {f:?}");
    }
}

/// A result's unit and reference range (`g/dL|12.0-16.0`): "dL" is no
/// driver's licence label, the range no licence number. A licence after
/// "DL" is still one.
#[test]
fn a_reference_range_after_a_unit_is_no_licence() {
    for unit in ["g/dL", "mg/dL", "mg/dl"] {
        let text = [MSH, &format!("OBX|1|NM|718-7^Hemoglobin^LN||15.7|{unit}|12.0-16.0|N|||F")].join("\r");
        let f = found(&text);
        assert!(f.iter().all(|(ty, _)| *ty != PhiType::LicenseNumber), "{unit}: {f:?}");
    }
    let f = found("Patient DL: D1234-56789-01234");
    assert!(f.iter().any(|(ty, _)| *ty == PhiType::LicenseNumber), "{f:?}");
}

/// A person label's name value in a `|` delimited field ends at a `^`:
/// the id type code `MR` before `Quibble^Zed` (a case the property above
/// found) gave one name over the separator.
#[test]
fn a_labelled_name_in_a_field_ends_at_a_component() {
    let text = r"PID|1||||||||||MR|Quibble^Zed\F\Jr";
    let out = Guard::default().scan(text, Format::Text).redacted;
    assert_eq!(structure(&out), structure(text), "{out}");
}
