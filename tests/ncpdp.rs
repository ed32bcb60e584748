//! NCPDP D.0 pharmacy transactions through `Guard::scan`: a claim as a
//! switch logs it, read by field (`src/detect/ncpdp.rs`), its separators
//! raw, written as a bytes literal writes them, or inside a JSON log
//! line. The patient's and cardholder's fields are found; the BIN, PCN,
//! pharmacy, group, Rx number, NDC and quantities are not. All values
//! are synthetic.

use phi_guard::{Format, Guard, PhiType};
use PhiType::{Address, Date, HealthPlanId, Name, Phone, ZipCode};

/// The findings of `text` with their values.
fn found(g: &Guard, text: &str, format: Format) -> Vec<(PhiType, String)> {
    g.scan(text, format).findings.iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
}

/// A B1 claim request with its separators given (FS, RS, GS).
fn claim(fs: &str, rs: &str, gs: &str) -> String {
    [
        "610020D0B1MEDDADV   1011112704444     202310260006211311",
        &format!("{rs}{fs}AM04{fs}C2W7517765481{fs}C1GRP3536{fs}CCAKIKO{fs}CDSATO{fs}C301"),
        &format!("{rs}{fs}AM01{fs}C419790313{fs}C52{fs}CAAKIKO{fs}CBSATO{fs}CM88 WILLOW BEND DR{fs}CNSPOKANE{fs}COWA{fs}CP99208{fs}CQ5095550143"),
        &format!("{gs}{rs}{fs}AM07{fs}EM1{fs}D2000011335374{fs}E103{fs}D740090014434{fs}E757000{fs}D530{fs}DE20231020"),
        &format!("{rs}{fs}AM11{fs}D9120{fs}DC150{fs}DU1270"),
    ]
    .concat()
}

fn want() -> Vec<(PhiType, String)> {
    [
        (Date, "20231026"),
        (HealthPlanId, "W7517765481"),
        (Name, "AKIKO"),
        (Name, "SATO"),
        (Date, "19790313"),
        (Name, "AKIKO"),
        (Name, "SATO"),
        (Address, "88 WILLOW BEND DR"),
        (Address, "SPOKANE"),
        (ZipCode, "99208"),
        (Phone, "5095550143"),
        (Date, "20231020"),
    ]
    .map(|(t, v)| (t, v.to_string()))
    .to_vec()
}

#[test]
fn a_claim_in_a_log_line_by_field() {
    let g = Guard::default();
    for (fs, rs, gs) in [("\x1c", "\x1e", "\x1d"), ("\\x1c", "\\x1e", "\\x1d"), ("\\u001C", "\\u001E", "\\u001D")] {
        let line = format!("2024-03-21T14:08:23.472Z switch B1 req bin=610020: {}", claim(fs, rs, gs));
        assert_eq!(found(&g, &line, Format::Text), want(), "{fs:?}");
    }
}

#[test]
fn a_claim_in_a_long_log() {
    // Past 1 KB the claim is sought in the chunks marked as holding a
    // separator's byte: other lines' backslashes before it, and after it.
    let g = Guard::default();
    let filler = "2024-03-21T14:08:22Z GET /api/health 200 path=C:\\srv\\app 3ms\n".repeat(40);
    let log = format!("{filler}2024-03-21T14:08:23Z switch B1 req: {}\n{filler}", claim("\\x1c", "\\x1e", "\\x1d"));
    assert!(log.len() > 4096);
    assert_eq!(found(&g, &log, Format::Text), want());
}

#[test]
fn a_claim_in_a_json_string() {
    let g = Guard::default();
    let doc = format!(r#"{{"level":30,"msg":"B1 request","payload":"{}","latencyMs":212}}"#, claim("\\u001c", "\\u001e", "\\u001d"));
    assert_eq!(found(&g, &doc, Format::Json), want());
    // Redacted, the transaction keeps its fields and separators.
    let out = g.scan(&doc, Format::Json).redacted;
    assert!(out.contains(r"\u001cCC[NAME]\u001cCD[NAME]\u001cC301"), "{out}");
    assert!(out.contains(r"\u001cD2000011335374\u001c"), "{out}");
}

#[test]
fn redacted_twice_is_redacted_once() {
    let g = Guard::default();
    let once = g.scan(&claim("\x1c", "\x1e", "\x1d"), Format::Text).redacted;
    assert_eq!(found(&g, &once, Format::Text), []);
}

#[test]
fn disabled_by_name() {
    let g = Guard::from_json(r#"{"disableDetectors":["ncpdp"]}"#).unwrap();
    let f = found(&g, &claim("\x1c", "\x1e", "\x1d"), Format::Text);
    assert!(!f.iter().any(|(t, _)| *t == HealthPlanId || *t == Name), "{f:?}");
}
