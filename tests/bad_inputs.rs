//! The bad-input battery, natively: every case gets a clear result or a typed
//! error, never a panic, a stack overflow or an endless loop. The same cases
//! run through the built wasm package in `js/test/bad-inputs.test.mjs`.
//!
//! No timing asserts here: linear time is shown by the benchmarks. Inputs are
//! sized so that a debug build still runs the whole file in seconds.
//! Synthetic PHI only.

use phi_guard::{Format, Guard, PhiType};

const SSN: &str = "219-09-9999";

/// Full sizes in release builds (`cargo test --release --test bad_inputs`);
/// a tenth in debug builds, where the unoptimised matchers are many times
/// slower, so `cargo test` stays quick. The wasm battery
/// (`js/test/bad-inputs.test.mjs`, optimised build) always uses full sizes.
const SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

fn guard() -> Guard {
    Guard::default()
}

/// Findings are in bounds, on char boundaries, and none of their values of
/// 4+ characters is left in the redacted output more often than it was in
/// the input minus one.
fn assert_sane(input: &str, scan: &phi_guard::Scan) {
    for f in &scan.findings {
        assert!(f.start < f.end && f.end <= input.len(), "{:?} {}..{}", f.kind, f.start, f.end);
        assert!(input.is_char_boundary(f.start) && input.is_char_boundary(f.end));
    }
}

fn kinds(scan: &phi_guard::Scan) -> Vec<PhiType> {
    scan.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn invalid_utf8_replaced_by_the_caller_keeps_offsets_right() {
    // `&str` cannot hold lone surrogates or invalid bytes: the caller decodes
    // lossily (what the JS binding does with lone surrogates) and offsets stay
    // byte offsets into that string.
    let bytes = [b"a\xED\xA0\x80b\xff\xfe ssn ".as_slice(), SSN.as_bytes(), b" \xc3"].concat();
    let text = String::from_utf8_lossy(&bytes);
    let scan = guard().scan(&text, Format::Auto);
    assert_sane(&text, &scan);
    let f = scan.findings.iter().find(|f| f.kind == PhiType::Ssn).expect("ssn found");
    assert_eq!(&text[f.start..f.end], SSN);
    assert!(!scan.redacted.contains(SSN));
    let mut utf16 = scan.findings.clone();
    phi_guard::to_utf16_offsets(&text, &mut utf16);
    let u: Vec<u16> = text.encode_utf16().collect();
    let f16 = utf16.iter().find(|f| f.kind == PhiType::Ssn).unwrap();
    assert_eq!(String::from_utf16(&u[f16.start..f16.end]).unwrap(), SSN);
}

#[test]
fn nul_bytes_and_control_characters() {
    let text = format!("\0\0ssn\0{SSN}\0\u{1}\u{7f}\r\n\u{2028}mail maria.garcia@example.com\0");
    let scan = guard().scan(&text, Format::Text);
    assert_sane(&text, &scan);
    assert_eq!(kinds(&scan), [PhiType::Ssn, PhiType::Email]);
    assert!(scan.redacted.starts_with("\0\0ssn\0[SSN]\0"), "NULs are kept, only PHI is replaced");
}

#[test]
fn ten_megabyte_single_line() {
    // 10 MB (1 MB in debug builds) without a newline, PHI at the start, the
    // middle and the end.
    let filler = "status=ok latency=12ms build=4.2.1 region=us-east-1 ";
    let mut line = format!("ssn {SSN} ");
    while line.len() < 5 * 1024 * 1024 / SCALE {
        line.push_str(filler);
    }
    line.push_str("mail maria.garcia@example.com ");
    while line.len() < 10 * 1024 * 1024 / SCALE {
        line.push_str(filler);
    }
    line.push_str("call (312) 555-0142");
    let scan = guard().scan(&line, Format::Auto);
    assert_sane(&line, &scan);
    assert_eq!(kinds(&scan), [PhiType::Ssn, PhiType::Email, PhiType::Phone]);
    assert!(scan.redacted.ends_with("call [PHONE]"));
}

#[test]
fn json_nested_100k_deep_arrays_and_objects() {
    let depth = 100_000; // full depth in every build: the walker must iterate
    let arrays = format!("{}{{\"ssn\":\"{SSN}\"}}{}", "[".repeat(depth), "]".repeat(depth));
    let scan = guard().scan(&arrays, Format::Json);
    assert_eq!((scan.format, scan.fallback), (Format::Json, None));
    assert_eq!(kinds(&scan), [PhiType::Ssn]);
    assert!(scan.redacted.contains("{\"ssn\":\"[SSN]\"}"));

    let objects = format!("{}\"{SSN}\"{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let scan = guard().scan(&objects, Format::Auto);
    assert_eq!((scan.format, scan.fallback), (Format::Json, None));
    assert_eq!(kinds(&scan), [PhiType::Ssn]);

    // Unbalanced: 100,000 opens and no close is malformed, not a crash.
    let open = "[".repeat(depth) + "\"" + SSN + "\"";
    let scan = guard().scan(&open, Format::Json);
    assert_eq!((scan.format, scan.fallback), (Format::Text, Some("malformed_json")));
    assert_eq!(kinds(&scan), [PhiType::Ssn], "the text scan still finds the value");
}

#[test]
fn malformed_and_truncated_json_falls_back_to_text_and_says_so() {
    let doc = r#"{"patient":{"name":"Maria Garcia","ssn":"219-09-9999","phones":["(312) 555-0142"],"dob":"1962-03-14"}}"#;
    let g = guard();
    let full = g.scan(doc, Format::Json);
    assert_eq!((full.format, full.fallback), (Format::Json, None));
    // Every prefix (a body cut off mid-stream) and every single-byte corruption.
    for cut in 0..doc.len() {
        let part = &doc[..cut];
        let scan = g.scan(part, Format::Json);
        assert_sane(part, &scan);
        if cut > 0 {
            assert_eq!((scan.format, scan.fallback), (Format::Text, Some("malformed_json")), "prefix of {cut} bytes");
        }
        if part.contains(&format!("{SSN}\"")) {
            assert!(!scan.redacted.contains(SSN), "prefix of {cut} bytes leaks the SSN");
        }
    }
    for (i, bad) in [b'{', b'}', b'"', b',', b':', b'[', b'\\', 0u8].iter().enumerate() {
        for at in (i..doc.len()).step_by(7) {
            let mut bytes = doc.as_bytes().to_vec();
            bytes[at] = *bad;
            let text = String::from_utf8(bytes).unwrap();
            let scan = g.scan(&text, Format::Json);
            assert_sane(&text, &scan);
            assert!(scan.fallback.is_none() || scan.format == Format::Text);
        }
    }
    // `&` then non-ASCII within 12 bytes (a panic in the entity decoder once).
    for html in ["<p>&aaaaaaaaaé;</p>", "<p>&é</p>", "<p title=\"&#1234567890é\">x</p>", "<p>&\u{1F600}\u{1F600}\u{1F600};</p>"] {
        let scan = g.scan(html, Format::Html);
        assert_sane(html, &scan);
    }
    for junk in ["{", "}", "[]]", "{\"a\"}", "{\"a\":}", "\"\\u12\"", "{\"a\":1,}", "nul", "[1 2]", "{\"a\":\"\\ud800\"}", "\u{feff}{}"] {
        let scan = g.scan(junk, Format::Json);
        assert_sane(junk, &scan);
    }
}

#[test]
fn binary_and_compressed_bodies() {
    // A gzip member of "ssn 219-09-9999" (stored block, so the SSN bytes are
    // literally inside) and pseudo-random bytes, decoded lossily. The core
    // scans text only: compressed content is opaque to it, which is why the
    // route wrapper decompresses or marks bodies unscanned (see
    // js/test/bad-inputs.test.mjs).
    let payload = format!("ssn {SSN}");
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1];
    gz.extend_from_slice(&(payload.len() as u16).to_le_bytes());
    gz.extend_from_slice(&(!(payload.len() as u16)).to_le_bytes());
    gz.extend_from_slice(payload.as_bytes());
    gz.extend_from_slice(&[0; 8]);
    let text = String::from_utf8_lossy(&gz);
    let scan = guard().scan(&text, Format::Auto);
    assert_sane(&text, &scan);
    assert!(!scan.redacted.contains(SSN), "a stored gzip block still shows the digits, and they are found");

    let mut x: u64 = 0x9e3779b97f4a7c15;
    let noise: Vec<u8> = (0..(1 << 20) / SCALE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&noise);
    for fmt in [Format::Auto, Format::Text, Format::Json, Format::Html, Format::Url] {
        let scan = guard().scan(&text, fmt);
        assert_sane(&text, &scan);
    }
}

#[test]
fn two_hundred_thousand_findings() {
    let n = 200_000 / SCALE;
    let mut text = String::with_capacity(5 << 20);
    for i in 0..n {
        text.push_str(&format!("u{i}@example.com "));
    }
    let scan = guard().scan(&text, Format::Text);
    assert_eq!(scan.findings.len(), n);
    assert!(scan.findings.iter().all(|f| f.kind == PhiType::Email));
    assert_eq!(scan.redacted.matches("[EMAIL]").count(), n);
    assert!(!scan.redacted.contains('@'));
}

#[test]
fn inputs_built_to_make_a_pattern_engine_backtrack() {
    // Classic catastrophic inputs for backtracking engines: long runs that
    // almost match (digits for SSN/phone/card, dotted words for e-mail and
    // domains, capitalised words for names, open tags, percent signs, nested
    // brackets). The hand-written matchers never backtrack (their look-ahead
    // is bounded); this shows each one finishes with a sane result. Their
    // time is measured by the benchmarks.
    let n = 200_000 / SCALE;
    let cases: Vec<(String, Format)> = vec![
        ("1".repeat(n), Format::Text),
        ("1-".repeat(n / 2), Format::Text),
        ("1 ".repeat(n / 2), Format::Text),
        ("a.".repeat(n / 2) + "@", Format::Text),
        ("a@".repeat(n / 2), Format::Text),
        ("a".repeat(n) + "@example", Format::Text),
        ("Maria ".repeat(n / 6), Format::Text),
        ("Garcia, ".repeat(n / 8), Format::Text),
        ("MRN: ".repeat(n / 5), Format::Text),
        ("DOB ".repeat(n / 4) + "3/14/62", Format::Text),
        ("https://x.test/".to_string() + &"a/".repeat(n / 2), Format::Url),
        ("https://x.test/?".to_string() + &"ssn=%".repeat(n / 5), Format::Url),
        ("/p?".to_string() + &"%25".repeat(n / 3), Format::Url),
        (" /p".to_string() + &"%".repeat(n), Format::Text),
        (" /p?a=%".repeat(n / 7), Format::Text),
        ("a=%&".repeat(n / 4), Format::Url),
        ("<a ".repeat(n / 3), Format::Html),
        ("<!--".to_string() + &"-".repeat(n), Format::Html),
        ("<script type=\"application/json\">".to_string() + &"{".repeat(n / 2), Format::Html),
        ("{\"a\":\"".to_string() + &"\\\\".repeat(n / 2), Format::Json),
        ("{\"ssn\":".to_string() + &"1".repeat(n), Format::Json),
        ("\"".repeat(n), Format::Json),
        ("-----BEGIN PRIVATE KEY-----".to_string() + &"A".repeat(n), Format::Text),
        ("eyJ".to_string() + &"a".repeat(n) + ".", Format::Text),
        ("0000:".repeat(n / 5), Format::Text),
        ("1.1.".repeat(n / 4), Format::Text),
        ("4111 ".repeat(n / 5), Format::Text),
        ("GB82 WEST ".repeat(n / 10), Format::Text),
        ("1 Main St ".repeat(n / 10), Format::Text),
    ];
    for (input, fmt) in cases {
        let scan = guard().scan(&input, fmt);
        assert_sane(&input, &scan);
    }
}

#[test]
fn misuse_is_a_typed_error_without_the_input() {
    let e = "jsonn".parse::<Format>().unwrap_err();
    assert_eq!(e.code(), "input");
    let e = Guard::from_json(&format!("{{\"allow\": {SSN}}}")).unwrap_err();
    assert_eq!(e.code(), "config");
    assert!(!e.to_string().contains("219"), "{e}");
    let e = Guard::from_json("{\"operators\": ").unwrap_err();
    assert_eq!(e.code(), "config");
    let e = guard().classify_json(&format!("{{\"text\": \"{SSN}\", \"channel\": \"response_body\"}}")).unwrap_err();
    assert_eq!(e.code(), "event");
    assert!(!e.to_string().contains("219"), "{e}");
    let e = guard().classify_json("\0\u{1}").unwrap_err();
    assert_eq!(e.code(), "event");
    // A failure code is a short code: free text with PHI in it is refused.
    let e = guard()
        .classify_json(&format!("{{\"channel\": \"guard_failure\", \"failure\": \"trap at {SSN}\", \"discoveredAt\": \"2026-03-01T12:00:00Z\"}}"))
        .unwrap_err();
    assert_eq!(e.code(), "event");
    assert!(!e.to_string().contains("219"), "{e}");
}

#[test]
fn escapes_in_json_keys_stay_whole_when_a_value_inside_is_redacted() {
    // fuzz/scan_json found this shape: a label inside a key ("PRIVATE KEY")
    // followed by an escape; the value used to start after the backslash, and
    // "\[SECRET]" is not valid JSON.
    let input = r#"{"tls":{"certN RSA PRIVATE KEY-----\nMIIxenI3ADu4NW3Bb3ruvtCwSIH/iupSa2yLj":"/etc/ssl/portal.crt","key":"-----BEGIN RSA PRIVATE KEY-----\nMIIxenI3ADu4NW3Bb3ruvtCwSIH/iupSa2yLj\n-----END RSA PRIVATE KEY-----"},"ssn\u0020":"219-09-9999"}"#;
    let scan = guard().scan(input, Format::Json);
    assert!(scan.fallback.is_none());
    let out: serde_json::Value = serde_json::from_str(&scan.redacted).expect("redacted JSON parses");
    assert!(!scan.redacted.contains("MIIxen"), "the key material is gone from key and value");
    assert_eq!(out["tls"]["key"], "[SECRET]");
}

#[test]
fn many_hl7_headers_on_one_line() {
    // Headers that are not (` MSH||`) and JSON-escaped messages on one log
    // line (MSH-2 `^~\\&` is no header): each header used to send the HL7
    // reader to the line's end (1 MB took 25.7 s and 2.6 s). The work bound
    // is asserted in `detect::hl7::tests` (bytes read, not time).
    let escaped = r#""MSH|^~\\&|A|B\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan","#;
    for unit in [" MSH||", escaped] {
        let text = unit.repeat(256 * 1024 / SCALE / unit.len());
        let scan = guard().scan(&text, Format::Text);
        assert_sane(&text, &scan);
    }
}

#[test]
fn a_large_x12_interchange_and_x12_shapes_on_one_line() {
    // 100k segments of a person's loop (10 MB unscaled), one interchange;
    // then ids that start fragments that are not, and unterminated
    // segments, on one line. Each is read in linear work (bytes read are
    // counted in `detect::x12::tests`).
    let isa = "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*:~";
    let seg = "NM1*IL*1*QUIBBLE*ZOLTAN****MI*W123456789~N3*4417 WEXFORD LN~N4*SPRINGFIELD*IL*62704~DMG*D8*19610314*M~";
    let text = format!("{isa}{}", seg.repeat(10 * 1024 * 1024 / SCALE / seg.len()));
    let scan = guard().scan(&text, Format::Text);
    assert_sane(&text, &scan);
    assert!(!scan.redacted.contains("W123456789"));
    for unit in [" NM1*", " ISA*", "~N3*x", "ISA*~", "NM1*IL*1*é"] {
        let text = unit.repeat(1024 * 1024 / SCALE / unit.len());
        let scan = guard().scan(&text, Format::Text);
        assert_sane(&text, &scan);
    }
}
