//! CSV and TSV through `Guard::scan`: a header row of field names labels
//! its columns (src/formats/csv.rs), `auto` reads a table only where one
//! starts the text, and anything else is scanned as text. All values are
//! synthetic.

use phi_guard::{Format, Guard, PhiType};

fn kinds(g: &Guard, text: &str, f: Format) -> Vec<(PhiType, String)> {
    g.scan(text, f).findings.iter().map(|x| (x.kind, text[x.start..x.end].to_string())).collect()
}

#[test]
fn the_export_leaks_nothing() {
    let g = Guard::default();
    let text = "first_name,last_name,dob,mrn\nZoltan,Quibble,1961-03-14,88421337\n";
    for f in [Format::Auto, Format::Csv] {
        let scan = g.scan(text, f);
        assert_eq!(scan.format, Format::Csv);
        assert_eq!(scan.redacted, "first_name,last_name,dob,mrn\n[NAME],[NAME],[DATE],[MRN]\n");
    }
    // As text too: a table inside text is read by its columns (the text
    // scan alone leaked the names and the MRN).
    assert_eq!(g.scan(text, Format::Text).redacted, "first_name,last_name,dob,mrn\n[NAME],[NAME],[DATE],[MRN]\n");
}

#[test]
fn tsv_semicolons_crlf_and_quotes() {
    let g = Guard::default();
    let tsv = "patient_name\temail\tssn\tstatus\r\nYsolde Pembrook\typ@example.com\t219099999\tactive\r\n";
    assert_eq!(g.scan(tsv, Format::Auto).redacted, "patient_name\temail\tssn\tstatus\r\n[NAME]\t[EMAIL]\t[SSN]\tactive\r\n");
    let semi = "mrn;notes\n88421337;\"seen; call 312-555-0142\"\n";
    assert_eq!(g.scan(semi, Format::Auto).redacted, "mrn;notes\n[MRN];\"seen; call [PHONE]\"\n");
    // A quoted cell holding the delimiter, a line break and `""`.
    let quoted = "name,mrn,comment\n\"Quibble, Zoltan\",88421337,\"line one\nsaid \"\"ok\"\"\"\n";
    assert_eq!(g.scan(quoted, Format::Csv).redacted, "name,mrn,comment\n\"[NAME]\",[MRN],\"line one\nsaid \"\"ok\"\"\"\n");
}

#[test]
fn unknown_headers_are_text_and_user_key_rules_apply() {
    let g = Guard::default();
    // `memberRef` names nothing: its cell is scanned as text (the SSN is found by shape).
    let text = "mrn,memberRef,comment\n88421337,QZ48213,ssn 219-09-9999\n";
    assert_eq!(g.scan(text, Format::Csv).redacted, "mrn,memberRef,comment\n[MRN],QZ48213,ssn [SSN]\n");
    // A jsonKeys rule names it, as it would a JSON key.
    let ruled = Guard::from_json(r#"{"jsonKeys":{"memberRef":"MRN"}}"#).unwrap();
    assert_eq!(ruled.scan(text, Format::Csv).redacted, "mrn,memberRef,comment\n[MRN],[MRN],ssn [SSN]\n");
    assert_eq!(ruled.scan("memberRef,visit\nQZ48213,x\n", Format::Auto).format, Format::Csv);
}

#[test]
fn offsets_with_non_ascii_text() {
    let g = Guard::default();
    let text = "nombre,apellido,email,nota\n\"Jos\u{e9}\",N\u{fa}\u{f1}ez,jn@example.com,\"\u{1f600} ssn 219-09-9999\"\n";
    let scan = g.scan(text, Format::Auto);
    assert_eq!(scan.format, Format::Csv);
    let got = kinds(&g, text, Format::Auto);
    assert!(got.contains(&(PhiType::Email, "jn@example.com".into())), "{got:?}");
    assert!(got.contains(&(PhiType::Ssn, "219-09-9999".into())), "{got:?}");
    for f in &scan.findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
}

#[test]
fn malformed_tables_are_text_and_never_panic() {
    let g = Guard::default();
    let doc = "first_name,mrn,note\r\n\"Zoltan\",88421337,\"a \"\"b\"\" c\"\r\nYsolde,77,x\r\n";
    // Every prefix and every byte replaced: a clear result, findings on char boundaries.
    for cut in 0..=doc.len() {
        let t = &doc[..cut];
        for f in [Format::Auto, Format::Csv] {
            let scan = g.scan(t, f);
            assert!(scan.findings.iter().all(|x| x.start < x.end && x.end <= t.len()));
            assert!(matches!(scan.format, Format::Csv | Format::Text));
        }
    }
    for at in 0..doc.len() {
        for bad in [b'"', b',', b'\n', b'\0', b'\r'] {
            let mut bytes = doc.as_bytes().to_vec();
            bytes[at] = bad;
            let t = String::from_utf8(bytes).unwrap();
            let scan = g.scan(&t, Format::Csv);
            assert!(scan.format == Format::Csv || scan.fallback == Some("malformed_csv"), "{t:?}");
        }
    }
    // Binary: a text read from bytes that are not one.
    let bin: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let t = format!("mrn,note\n{}", String::from_utf8_lossy(&bin));
    let scan = g.scan(&t, Format::Csv);
    assert_eq!((scan.format, scan.fallback), (Format::Text, Some("malformed_csv")));
}

#[test]
fn a_large_table() {
    // 4 MB of rows: read once (the bytes each cell reads are counted in
    // `formats::csv::tests`), every row's MRN and name found.
    let g = Guard::default();
    let mut text = String::from("patient_id,first_name,mrn,visit_status,comment\n");
    let mut n = 0;
    while text.len() < 4 * 1024 * 1024 {
        text.push_str(&format!("P-{n:07},Zoltan,{:08},checked in,\"follow up, \"\"routine\"\"\"\n", 10_000_000 + n));
        n += 1;
    }
    let scan = g.scan(&text, Format::Auto);
    assert_eq!(scan.format, Format::Csv);
    let mrns = scan.findings.iter().filter(|f| f.kind == PhiType::Mrn).count();
    assert_eq!(mrns, n);
    assert!(!scan.redacted.contains("Zoltan"));
}
