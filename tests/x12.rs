//! X12 EDI interchanges through `Guard::scan`: the elements of the
//! segments about people are found by position (`src/detect/x12.rs`)
//! alongside the text scan, and redaction keeps every separator, so the
//! interchange still parses. All values are synthetic.

use phi_guard::{Format, Guard, PhiType};
use proptest::prelude::*;

const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*:~";

/// An 837P claim: billing provider, subscriber (the patient), payer,
/// claim, rendering provider, one service line.
const CLAIM: &[&str] = &[
    "GS*HC*SUBMITTERID*RECEIVERID*20261123*1200*1*X*005010X222A1",
    "ST*837*0001*005010X222A1",
    "BHT*0019*00*244579*20261123*1200*CH",
    "NM1*41*2*ACME BILLING SERVICE*****46*TGJ23",
    "HL*1**20*1",
    "NM1*85*2*DECATUR MEDICAL GROUP*****XX*1234567893",
    "N3*200 CLINIC DR",
    "N4*DECATUR*IL*62521",
    "HL*2*1*22*0",
    "SBR*P*18*GRP12345******CI",
    "NM1*IL*1*QUIBBLE*ZOLTAN*F***MI*W123456789",
    "N3*4417 WEXFORD LN",
    "N4*SPRINGFIELD*IL*62704",
    "DMG*D8*19610314*M",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
    "CLM*PCN88421337*125***11:B:1*Y*A*Y*Y",
    "REF*EA*88421337",
    "NM1*82*1*KILDARE*JAMES****XX*1234567893",
    "LX*1",
    "SV1*HC:99213*125*UN*1***1",
    "DTP*472*D8*20261115",
    "SE*21*0001",
    "GE*1*1",
    "IEA*1*000000001",
];

/// [`CLAIM`] redacted with the default operator (`tag`).
const CLAIM_REDACTED: &[&str] = &[
    "GS*HC*SUBMITTERID*RECEIVERID*20261123*1200*1*X*005010X222A1",
    "ST*837*0001*005010X222A1",
    "BHT*0019*00*244579*20261123*1200*CH",
    "NM1*41*2*ACME BILLING SERVICE*****46*TGJ23",
    "HL*1**20*1",
    "NM1*85*2*DECATUR MEDICAL GROUP*****XX*1234567893",
    "N3*200 CLINIC DR",
    "N4*DECATUR*IL*62521",
    "HL*2*1*22*0",
    "SBR*P*18*GRP12345******CI",
    "NM1*IL*1*[NAME]*[NAME]*[NAME]***MI*[HEALTH_PLAN_ID]",
    "N3*[ADDRESS]",
    "N4*[ADDRESS]*IL*[ZIP_CODE]",
    "DMG*D8*[DATE]*M",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
    "CLM*[ACCOUNT_NUMBER]*125***11:B:1*Y*A*Y*Y",
    "REF*EA*[MRN]",
    "NM1*82*1*KILDARE*JAMES****XX*1234567893",
    "LX*1",
    "SV1*HC:99213*125*UN*1***1",
    "DTP*472*D8*[DATE]",
    "SE*21*0001",
    "GE*1*1",
    "IEA*1*000000001",
];

fn interchange(segments: &[&str], eol: &str) -> String {
    let mut s = String::from(ISA);
    for seg in segments {
        s += eol;
        s += seg;
        s.push('~');
    }
    s
}

/// The bytes that structure an interchange with the default separators.
fn structure(s: &str) -> Vec<u8> {
    s.bytes().filter(|c| b"*:^~\r\n".contains(c)).collect()
}

#[test]
fn an_837p_claim_is_redacted_element_by_element() {
    let g = Guard::default();
    for eol in ["", "\n", "\r\n"] {
        let text = interchange(CLAIM, eol);
        for format in [Format::Auto, Format::Text, Format::Log, Format::Error] {
            let scan = g.scan(&text, format);
            assert_eq!(
                scan.redacted,
                interchange(CLAIM_REDACTED, eol),
                "{eol:?} {format:?}"
            );
            assert_eq!(structure(&scan.redacted), structure(&text));
        }
        let kinds: Vec<_> = g
            .scan(&text, Format::Text)
            .findings
            .iter()
            .map(|f| (f.kind, f.detector.to_string()))
            .collect();
        assert!(
            kinds.contains(&(PhiType::HealthPlanId, "x12".into()))
                && kinds.contains(&(PhiType::Date, "x12".into())),
            "{kinds:?}"
        );
    }
}

#[test]
fn a_271_response_in_a_json_string_value() {
    let g = Guard::default();
    let segs = [
        "ST*271*0002*005010X279A1",
        "HL*1**20*1",
        "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
        "HL*3*2*22*0",
        "NM1*IL*1*QUIBBLE*ILONA****MI*W987654321",
        "REF*6P*GRP12345",
        "N3*4417 WEXFORD LN*APT 2",
        "N4*SPRINGFIELD*IL*627041234",
        "DMG*D8*19630521*F",
        "DTP*291*D8*20260101",
        "EB*1**30**GOLD PLAN",
        "SE*10*0002",
    ];
    for eol in ["", "\n"] {
        let x12 = interchange(&segs, eol);
        let body = serde_json::json!({ "status": "ok", "x12": x12 }).to_string();
        let scan = g.scan(&body, Format::Json);
        let out: serde_json::Value = serde_json::from_str(&scan.redacted).expect("still JSON");
        let want = x12
            .replace("QUIBBLE*ILONA", "[NAME]*[NAME]")
            .replace("W987654321", "[HEALTH_PLAN_ID]")
            .replace("4417 WEXFORD LN*APT 2", "[ADDRESS]*[ADDRESS]")
            .replace("SPRINGFIELD*IL*627041234", "[ADDRESS]*IL*[ZIP_CODE]")
            .replace("19630521", "[DATE]");
        assert_eq!(out["x12"], want, "{eol:?}");
    }
}

#[test]
fn a_fragment_in_a_log_line_and_an_error_message() {
    let g = Guard::default();
    let frag = "NM1*IL*1*GARCIA*MARIA*L***MI*W123456789~N3*123 MAIN ST~N4*SPRINGFIELD*IL*62701~DMG*D8*19610314*F~";
    let want = "NM1*IL*1*[NAME]*[NAME]*[NAME]***MI*[HEALTH_PLAN_ID]~N3*[ADDRESS]~N4*[ADDRESS]*IL*[ZIP_CODE]~DMG*D8*[DATE]*F~";
    assert_eq!(g.scan(frag, Format::Text).redacted, want);
    let log = format!("2026-11-23T12:00:00Z INFO clearinghouse response: {frag} took=12ms\n2026-11-23T12:00:01Z INFO done");
    assert_eq!(g.scan(&log, Format::Log).redacted, log.replace(frag, want));
    let err = format!("Error: 271 rejected (AAA*N**72) for {frag}");
    assert_eq!(
        g.scan(&err, Format::Error).redacted,
        err.replace(frag, want)
    );
}

/// Payers' and providers' loops: their names, NPIs and addresses are left.
#[test]
fn payer_and_provider_loops_are_left() {
    let g = Guard::default();
    let text = interchange(
        &[
            "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
            "N3*PO BOX 1000",
            "N4*CHICAGO*IL*60601",
            "NM1*85*2*SPRINGFIELD MEDICAL GROUP*****XX*1234567893",
            "N3*200 CLINIC DR",
            "N4*SPRINGFIELD*IL*62701",
            "NM1*77*2*SPRINGFIELD CLINIC*****XX*1234567893",
            "IEA*1*000000001",
        ],
        "",
    );
    let scan = g.scan(&text, Format::Text);
    assert!(
        scan.findings.iter().all(|f| f.detector != "x12"),
        "{:?}",
        scan.findings
    );
}

/// The values of the findings of `text` (as a text), with their types.
fn found(g: &Guard, text: &str) -> Vec<(PhiType, String)> {
    g.scan(text, Format::Text)
        .findings
        .iter()
        .map(|f| (f.kind, text[f.start..f.end].to_string()))
        .collect()
}

/// An 837's submitter contact (PER in the organisation's `NM1*41` loop)
/// is a person: the name and the phone and e-mail after it. A department
/// there, or a payer's contact, is not, nor its phone: "ACCOUNTS" after
/// "PATIENT" is no name.
#[test]
fn a_submitter_contact_is_a_person_and_a_department_is_not() {
    let g = Guard::default();
    for (sep, eol) in [("*", ""), ("*", "\n"), ("|", "\n")] {
        let seg = |s: &str| s.replace('*', sep);
        let text = interchange(
            &[
                &seg("NM1*41*2*LAKESIDE BILLING CO*****46*TGJ23"),
                &seg("PER*IC*ZOLTAN QUIBBLE*TE*3125550188*EM*ZQ@EXAMPLE.COM"),
                &seg("NM1*40*2*CLEARINGHOUSE INC*****46*CH001"),
                &seg("NM1*85*2*LAKESIDE DIALYSIS*****XX*1234567893"),
                &seg("PER*IC*PATIENT ACCOUNTS*TE*8005550141"),
                &seg("NM1*PR*2*ACME HEALTH PLAN*****PI*00435"),
                &seg("PER*IC*PROVIDER SERVICES*TE*8005550100"),
            ],
            eol,
        );
        let text = if sep == "|" { text.replace("ISA*", "ISA|").replace('*', "|") } else { text };
        let f = found(&g, &text);
        for (ty, v) in [
            (PhiType::Name, "ZOLTAN QUIBBLE"),
            (PhiType::Phone, "3125550188"),
            (PhiType::Email, "ZQ@EXAMPLE.COM"),
        ] {
            assert!(f.contains(&(ty, v.to_string())), "{sep} {eol:?} {v}: {f:?}");
        }
        assert!(
            f.iter().all(|(_, v)| !["8005550141", "8005550100", "ACCOUNTS", "PATIENT ACCOUNTS"].contains(&v.as_str())),
            "{sep} {eol:?}: {f:?}"
        );
    }
}

/// An organisation's name (NM102 `2`, an `N1`) holds no one's name, even
/// where a word of it labels a name to the text scan ("FAMILY").
#[test]
fn an_organisations_name_holds_no_name() {
    let g = Guard::default();
    for text in [
        interchange(&["NM1*41*2*LAKESIDE FAMILY MEDICINE*****46*TGJ23", "HL*1**20*1"], ""),
        interchange(&["N1*PE*LAKESIDE FAMILY MEDICINE*XX*1234567893", "LX*1"], "\n"),
        interchange(&["NM1*85*2*LAKESIDE FAMILY MEDICINE*****XX*1234567893", "N3*200 CLINIC DR"], "\n")
            .replace("ISA*", "ISA|")
            .replace('*', "|"),
    ] {
        let f = found(&g, &text);
        assert!(f.is_empty(), "{text:?}: {f:?}");
    }
    // A person's name in the same words is still one.
    let text = interchange(&["NM1*IL*1*FAMILY*MEDICINE****MI*W123456789"], "");
    assert!(found(&g, &text).contains(&(PhiType::Name, "MEDICINE".to_string())));
}

/// An `HI` occurrence's date (`BH:11:D8:20231008`) is the care's; the
/// diagnosis codes of `HI` are no identifiers.
#[test]
fn an_occurrence_date_in_hi_is_a_date_and_its_codes_are_none() {
    let g = Guard::default();
    for eol in ["", "\n"] {
        let text = interchange(
            &[
                "CLM*PCN88421337*125***11:B:1*Y*A*Y*Y",
                "HI*ABK:F329*ABF:Z0000",
                "HI*BH:11:D8:20261008*BI:72:RD8:20261001-20261003",
            ],
            eol,
        );
        for text in [text.clone(), text.replace("ISA*", "ISA|").replace('*', "|")] {
            let f = found(&g, &text);
            let dates: Vec<_> = f.iter().filter(|(ty, _)| *ty == PhiType::Date).map(|(_, v)| v.as_str()).collect();
            assert_eq!(dates, ["20261008", "20261001", "20261003"], "{text:?}: {f:?}");
            assert!(f.iter().all(|(_, v)| !v.contains("F329") && !v.contains("Z0000") && !v.contains("BH")), "{f:?}");
        }
    }
}

/// An implementation guide's example segment names no one.
#[test]
fn placeholders_in_an_example_segment_are_no_names() {
    let g = Guard::default();
    let text = r#"{"segment":"NM1","example":"NM1*IL*1*LAST*FIRST****MI*MEMBERID~"}"#;
    let scan = g.scan(text, Format::Json);
    assert!(scan.findings.iter().all(|f| f.kind != PhiType::Name), "{:?}", scan.findings);
    // A name there is still found.
    let text = r#"{"segment":"NM1","example":"NM1*IL*1*QUIBBLE*ZOLTAN****MI*W123456789~"}"#;
    assert_eq!(g.scan(text, Format::Json).findings.iter().filter(|f| f.kind == PhiType::Name).count(), 2);
}

/// Text with asterisks that is no X12: nothing is found by position.
#[test]
fn asterisks_in_prose_are_not_an_interchange() {
    let g = Guard::default();
    for text in [
        "Some *bold* text and **Maria Garcia** in bold",
        "a*b*c = 2*3*4",
        "ls src/**/*.rs",
        "SELECT * FROM patients WHERE dob > '1961-03-14'",
        "**REF** see the docs, *NM1* for names",
        "{\"glob\":\"**/*.tsx\",\"note\":\"ST*ABC\"}",
    ] {
        let scan = g.scan(text, Format::Auto);
        assert!(
            scan.findings.iter().all(|f| f.detector != "x12"),
            "{text:?}: {:?}",
            scan.findings
        );
    }
}

#[test]
fn the_detector_can_be_turned_off() {
    let g = Guard::from_json(r#"{"disableDetectors":["x12"]}"#).unwrap();
    let scan = g.scan(&interchange(CLAIM, ""), Format::Text);
    assert!(scan.findings.iter().all(|f| f.detector != "x12"));
    assert!(scan.redacted.contains("W123456789"));
}

#[test]
fn every_operator_but_mask_keeps_the_separators_and_is_idempotent() {
    // (The mask operator writes `*`, the element separator: a masked
    // interchange has more elements.)
    let text = interchange(CLAIM, "\n");
    // (A pseudonym, `[NAME:7f3a9c]`, holds a `:`, the component separator.)
    let elements = |s: &str| {
        structure(s)
            .into_iter()
            .filter(|&c| c != b':')
            .collect::<Vec<_>>()
    };
    for op in ["tag", "remove", "pseudonym", "generalize"] {
        let g = Guard::from_json(&format!(
            r#"{{"operators":{{"*":"{op}"}},"pseudonymKey":"x12-test-key-0123456789abcdef"}}"#
        ))
        .unwrap();
        let once = g.scan(&text, Format::Text).redacted;
        assert_eq!(elements(&once), elements(&text), "{op}: {once}");
        for value in [
            "W123456789",
            "ZOLTAN",
            "QUIBBLE",
            "19610314",
            "4417 WEXFORD",
            "62704",
            "88421337",
            "20261115",
        ] {
            assert!(!once.contains(value), "{op}: {value} in {once}");
        }
        assert_eq!(g.scan(&once, Format::Text).redacted, once, "{op}");
    }
}

/// Element values of every kind the segments hold.
fn value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "QUIBBLE",
        "ZOLTAN",
        "Zoë",
        "名前",
        "😀",
        "W123456789",
        "219099999",
        "19610314",
        "20261101-20261105",
        "3125550188",
        "iq@example.com",
        "4417 WEXFORD LN",
        "62704",
        "IL",
        "QC",
        "PR",
        "1",
        "2",
        "MI",
        "34",
        "SY",
        "EA",
        "D8",
        "RD8",
        "472",
        "TE",
        "EM",
        " ",
        "",
    ])
    .prop_map(String::from)
}

/// An interchange with the default separators: a header (or none) and
/// segments of [`value`]s, ended by `~`, `~\n` or `\n`.
fn x12_interchange() -> impl Strategy<Value = String> {
    let id = prop::sample::select(vec![
        "NM1", "N3", "N4", "DMG", "DTP", "REF", "PER", "CLM", "HL", "N1", "SV1",
    ]);
    let element =
        proptest::collection::vec((prop::sample::select(vec!["", ":", "^"]), value()), 0..3);
    let segment = (id, proptest::collection::vec(element, 0..12));
    (
        any::<bool>(),
        prop::sample::select(vec!["~", "~\n", "\n"]),
        proptest::collection::vec(segment, 2..5),
    )
        .prop_map(|(header, end, segments)| {
            let mut out = if header {
                ISA.replace('~', end)
            } else {
                String::new()
            };
            for (id, elements) in segments {
                out += id;
                for el in elements {
                    out.push('*');
                    for (sep, v) in el {
                        out += sep;
                        out += &v;
                    }
                }
                out += end;
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]
    /// In a scan of an interchange (alone, in a log line, in a JSON
    /// string), no X12 finding covers a separator, every offset is a
    /// character boundary, and the redaction keeps every separator.
    #[test]
    fn findings_in_segments_cover_no_separator(x12 in x12_interchange(), wrap in 0u8..3) {
        let g = Guard::default();
        let (text, format) = match wrap {
            0 => (x12.clone(), Format::Text),
            1 => (format!("2026-11-23T12:00:00Z INFO clearinghouse response: {x12}\nnext line"), Format::Log),
            _ => (serde_json::json!({ "x12": x12 }).to_string(), Format::Json),
        };
        let scan = g.scan(&text, format);
        let separators: &[u8] = if wrap == 2 { b"*:^~" } else { b"*:^~\r\n" };
        for f in &scan.findings {
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            if f.detector == "x12" {
                prop_assert!(!text.as_bytes()[f.start..f.end].iter().any(|c| separators.contains(c)), "{:?} in {:?}", &text[f.start..f.end], text);
            }
        }
        // Element separators and terminators (the text scan may take a
        // `:` into what it finds: an IPv6 address in `::EA`).
        let elements = |s: &str| structure(s).into_iter().filter(|&c| c != b':').collect::<Vec<_>>();
        prop_assert_eq!(elements(&scan.redacted), elements(&text));
    }
}
